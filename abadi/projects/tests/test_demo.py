"""The demo scenario gives the article's figures exactly — states as of 1401/02/18, the
week's solar plants, the year's plan — on a tree of Ardabil's counties (and villages of
Lorestan and Kermanshah), and a second run creates nothing."""

import json

import pytest
from django.core.management import call_command

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.core.models import AuditEvent
from abadi.core.persian import search_key
from abadi.geography.models import Area, AreaLevel
from abadi.projects.demo import REF, WEEK
from abadi.projects.models import ProgressReport, Project, StageChange

pytestmark = pytest.mark.django_db

COUNTIES = [f"24{n:02d}" for n in range(1, 13)]


def _tree(parent: Area, code: str, villages: int) -> list[Area]:
    """A county (or the stem of one) with a district, a rural district and villages."""
    county = Area.objects.get_or_create(
        code=code,
        defaults={
            "name": f"شهرستان {code}",
            "level": AreaLevel.COUNTY,
            "parent": parent,
            "path": f"{parent.path}{code}/",
            "depth": parent.depth + 1,
        },
    )[0]
    district = Area.objects.create(
        code=code + "01",
        name="مرکزی",
        level=AreaLevel.DISTRICT,
        parent=county,
        path=f"{county.path}{code}01/",
        depth=county.depth + 1,
    )
    rural = Area.objects.create(
        code=code + "010001",
        name=f"دهستان {code}",
        level=AreaLevel.RURAL_DISTRICT,
        parent=district,
        path=f"{district.path}{code}010001/",
        depth=district.depth + 1,
    )
    return _villages(rural, range(1, villages + 1))


def _villages(rural: Area, numbers) -> list[Area]:
    rows = []
    for n in numbers:
        code = f"{rural.code}{n:03d}"
        name = f"روستای {code}"
        rows.append(
            Area(
                code=code,
                name=name,
                level=AreaLevel.VILLAGE,
                parent=rural,
                path=f"{rural.path}{code}/",
                depth=rural.depth + 1,
                search_key=search_key(name),
            )
        )
    return Area.objects.bulk_create(rows)


@pytest.fixture
def scenario(areas):
    """Ardabil's twelve counties with 45 villages or so each, and villages of Lorestan and
    Kermanshah; the demo users, agencies and population."""
    for code in COUNTIES:
        if code in ("2401", "2403"):
            _villages(Area.objects.get(code=f"{code}010001"), range(2, 47))
        else:
            _tree(areas["24"], code, 45)
    kermanshah = Area.objects.create(
        code="05",
        name="کرمانشاه",
        level=AreaLevel.PROVINCE,
        parent=areas["IR"],
        path="/IR/05/",
        depth=1,
    )
    _tree(kermanshah, "0501", 10)
    _tree(areas["15"], "1502", 20)
    from abadi.accounts import demo as accounts_demo
    from abadi.organisations import demo as organisations_demo
    from abadi.people import demo as people_demo

    for module in (accounts_demo, organisations_demo, people_demo):
        module.build(log=lambda line: None)
    return areas


def value(key, area, **period):
    return get_indicator(key).compute(IndicatorQuery.build(actor=SYSTEM, area=area, **period))


def test_the_demo_gives_the_articles_figures_and_runs_once(scenario, settings, tmp_path, capsys):
    from abadi.projects import demo

    settings.MEDIA_ROOT = tmp_path
    lines: list[str] = []
    demo.build(log=lines.append)
    assert "projects:" in lines[-1]
    province = scenario["24"]
    assert value("projects.in_progress", province, as_of=REF) == 336
    assert value("projects.water_villages_in_progress", province, as_of=REF) == 454
    assert value("projects.housing_units_in_progress", province, as_of=REF) == 900
    assert value("projects.housing_units_repaired", province, as_of=REF) == 300
    built = get_indicator("projects.housing_units_completed")
    by_province = built.breakdown(
        "province", IndicatorQuery.build(actor=SYSTEM, area=province, as_of=REF)
    )
    assert (by_province["15"], by_province["05"]) == (200, 21)
    projects = built.breakdown(
        "projects_by_province", IndicatorQuery.build(actor=SYSTEM, area=province, as_of=REF)
    )
    assert (projects["15"], projects["05"]) == (15, 5)
    assert value("projects.solar_inaugurated", province, start=WEEK[0], end=WEEK[1]) == 203

    # The same figures through the command the press office would run.
    call_command("indicators", "--area", "24", "--as-of", "1401/02/18", "--json")
    rows = {row["key"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["projects.in_progress"]["value"] == 336
    assert rows["projects.water_villages_in_progress"]["value"] == 454
    assert rows["projects.housing_units_in_progress"]["value"] == 900
    call_command(
        "indicators", "--area", "24", "--start", "1401/02/15", "--end", "1401/02/23", "--json"
    )
    rows = {row["key"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["projects.solar_inaugurated"]["value"] == 203
    call_command("indicators", "--area", "24", "--year", "1401", "--json")
    rows = {row["key"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["projects.solar_inaugurated"]["target"] == 2_000

    # A history after the article's day, none of it in the future.
    from abadi.core import clock

    assert StageChange.objects.filter(on__gt=REF).exists()
    assert not StageChange.objects.filter(on__gt=clock.today()).exists()
    assert not ProgressReport.objects.filter(date__gt=clock.today()).exists()
    # Every project's steps chain: one current step, each ending where the next begins.
    assert StageChange.objects.filter(until__isnull=True).count() == Project.objects.count()
    assert AuditEvent.objects.filter(action="project.bulk_load").count() == 1

    count = Project.objects.count()
    demo.build(log=lines.append)
    assert Project.objects.count() == count
    assert "nothing created" in lines[-1]

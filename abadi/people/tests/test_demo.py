import datetime
import itertools

import pytest

from abadi.core import clock
from abadi.core.jalali import jalali_year_of
from abadi.core.validators import is_valid_national_code
from abadi.people import demo
from abadi.people.models import Benefit, Household, Person

pytestmark = pytest.mark.django_db


def counts():
    return Person.objects.count(), Household.objects.count(), Benefit.objects.count()


def test_demo_population_is_valid_and_idempotent(areas, monkeypatch):
    monkeypatch.setattr(demo, "HOUSEHOLDS", 40)
    monkeypatch.setattr(demo, "DUPLICATES", 3)
    campaigns = demo.medical_campaigns
    monkeypatch.setattr(
        demo,
        "medical_campaigns",
        lambda today: {key: (a, b, 10) for key, (a, b, _n) in campaigns(today).items()},
    )
    lines = []
    demo.build(log=lines.append)
    first = counts()
    years = jalali_year_of(clock.today()) - 1399 + 1
    assert first[1] == 40 and first[0] >= 40 + 3 and first[2] == 10 * (years + 1)
    assert not Benefit.objects.filter(date__gt=clock.today()).exists()
    # Only Ardabil's villages of the small tree: none in Lorestan, none above village level.
    assert set(Person.objects.values_list("area__code", flat=True)) <= {
        "2403010001001",
        "2401010001001",
    }
    codes = [c for c in Person.objects.values_list("national_code", flat=True) if c]
    assert codes and all(is_valid_national_code(code) for code in codes)
    assert len(codes) == len(set(codes))
    assert not Household.objects.filter(head__isnull=True).exists()
    for household in Household.objects.select_related("head"):
        assert household.head.household_id == household.pk
    assert all(p.search_key for p in Person.objects.all())

    demo.build(log=lines.append)
    assert counts() == first
    assert "0 households, 0 persons, 0 duplicate records, 0 ledger rows" in lines[-1]

    households = demo.demo_households(5)
    assert len(households) == 5 and all(h.head is not None for h in households)
    assert households == demo.demo_households(5)
    in_2403 = demo.demo_households(100, area=areas["2403"])
    assert in_2403 and all(h.area.path.startswith(areas["2403"].path) for h in in_2403)
    adults = demo.demo_persons(10)
    assert adults and all(p.birth_date <= demo.REFERENCE_DATE for p in adults)


def test_demo_plan_is_deterministic(areas):
    villages = [areas["2403010001001"], areas["2401010001001"]]
    first = demo.plan_population(villages, 20)
    second = demo.plan_population(villages, 20)
    assert [m.national_code for h in first for m in h.members] == [
        m.national_code for h in second for m in h.members
    ]


def test_demo_without_geography_skips(db):
    lines = []
    demo.build(log=lines.append)
    assert "skipped" in lines[0]
    assert counts() == (0, 0, 0)


def test_medical_campaigns_run_from_1399_to_today():
    today = clock.today()
    campaigns = demo.medical_campaigns(today)
    assert next(iter(campaigns)) == "medical:1399"
    assert campaigns["medical:1400"][2] == 700
    # 1401 as the article saw it: 350 households by its day, the rest of the year after.
    assert campaigns["medical:1401"] == (datetime.date(2022, 3, 21), demo.REFERENCE_DATE, 350)
    assert campaigns["medical:1401-2"][0] == demo.REFERENCE_DATE + datetime.timedelta(days=1)
    assert max(last for _first, last, _n in campaigns.values()) == today
    days = sorted((first, last) for first, last, _n in campaigns.values())
    for (_a, end), (start, _b) in itertools.pairwise(days):
        assert start == end + datetime.timedelta(days=1)  # no gap, no overlap

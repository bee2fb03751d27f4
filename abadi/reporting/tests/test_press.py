"""The press summary: written for any province and year from its records (a small
Lorestan scenario here; Ardabil's 1401 is in test_figures.py), every sentence backed by
the keys it states, no sentence without records, small counts suppressed on request,
the funds' and relief's sentences written once their indicators exist, and bad input
answered in Persian."""

from __future__ import annotations

import datetime
import io
import re
from importlib import import_module
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from abadi.core import clock, indicators
from abadi.core.actors import SYSTEM
from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    Kind,
    Unit,
    indicator_keys,
)
from abadi.core.jalali import jalali_year_of
from abadi.core.models import AuditEvent
from abadi.core.permissions import Role
from abadi.core.persian import search_key
from abadi.geography.models import Area, AreaLevel
from abadi.reporting.numbers import press_count, press_rials
from abadi.reporting.press import join_fa, press_summary
from abadi.reporting.selectors import indicator_values
from abadi.testing import user_with_role

pytestmark = pytest.mark.django_db

MARKER = "QXLORESTAN"


def _child(parent: Area, code: str, name: str, level: str) -> Area:
    return Area.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        path=f"{parent.path}{code}/",
        depth=parent.depth + 1,
        search_key=search_key(name),
    )


@pytest.fixture
def lorestan(areas, settings, tmp_path):
    """Khorramabad county of Lorestan with a village, filled by every module's samples."""
    settings.MEDIA_ROOT = str(tmp_path)
    county = areas["1501"]
    district = _child(county, "150101", "مرکزی", AreaLevel.DISTRICT)
    rural = _child(district, "1501010001", "کرگاه", AreaLevel.RURAL_DISTRICT)
    _child(rural, "1501010001001", "ده‌نو", AreaLevel.VILLAGE)
    modules = []
    for app in settings.ABADI_APPS:
        try:
            modules.append(import_module(f"{app}.samples"))
        except ModuleNotFoundError as missing:
            if missing.name != f"{app}.samples":
                raise
    for module in modules:
        if hasattr(module, "build_shared"):
            module.build_shared(province=areas["15"])
    for module in modules:
        module.build(county=county, marker=MARKER, count=1)
    return areas


def _values(area, **period):
    return {row["key"]: row for row in indicator_values(actor=SYSTEM, area=area, **period)}


def test_a_small_province_of_another_name_gets_its_own_summary(lorestan):
    province = lorestan["15"]
    year = jalali_year_of(clock.today())
    summary = press_summary(actor=SYSTEM, area=province, year=year)
    text = summary.as_text()
    assert "استان لرستان" in summary.title
    assert "اردبیل" not in text
    assert summary.sentences, text
    this_year = _values(province, year=year, as_of=summary.as_of)
    to_date = _values(province, as_of=summary.as_of)
    for sentence in summary.sentences:
        assert sentence.keys and set(sentence.keys) <= set(indicator_keys())
        # No "0 projects": every count in the prose is a count of something.
        assert not re.search(r"(^|\s)۰\s", sentence.text), sentence.text
    stated = {key for sentence in summary.sentences for key in sentence.keys}
    # What the records hold is said, with the number the catalogue gives ...
    built = to_date["projects.housing_units_completed"]["value"]
    assert built > 0
    housing = next(s for s in summary.sentences if "projects.housing_units_completed" in s.keys)
    assert press_count(built) in housing.text
    # ... and what they do not hold is not.
    for key in ("projects.in_progress", "volunteers.active_groups", "projects.solar_inaugurated"):
        if not this_year[key]["value"] and not this_year[key]["target"]:
            assert key not in stated, key
    if this_year["volunteers.active_groups"]["value"]:
        groups = next(
            s
            for s in summary.sentences
            if s.keys == ("volunteers.active_groups",) and "در کشور" not in s.text
        )
        assert press_count(this_year["volunteers.active_groups"]["value"]) in groups.text
        assert "استان لرستان" in groups.text


def test_the_year_before_is_last_year(lorestan):
    """The samples' loans were paid about a year ago: written as last year's for the year
    after them, and not at all for a year with nothing before it."""
    province = lorestan["15"]
    paid_year = jalali_year_of(clock.today()) - 1
    paid = _values(province, year=paid_year)["loans.disbursed_amount"]["value"]
    after = press_summary(actor=SYSTEM, area=province, year=paid_year + 1)
    loans = [s for s in after.sentences if s.keys[0] == "loans.disbursed_amount"]
    if paid:
        assert press_rials(paid) in loans[0].text
        assert "سال گذشته" in loans[0].text
    early = press_summary(actor=SYSTEM, area=province, year=1390)
    assert not any("سال گذشته" in s.text for s in early.sentences)


def test_a_year_without_records_says_nothing(areas):
    summary = press_summary(actor=SYSTEM, area=areas["15"], year=1395)
    assert summary.sentences == []
    assert "منبع" in summary.as_text()


# Funds' and relief's sentences, before those modules are installed ----------------------

FAKE = {
    "cases.prisoners_released": (Unit.PERSON, 175),
    "cases.prisoners_scheduled": (Unit.PERSON, 3),
    "relief.shipments": (Unit.TRUCK, 24),
    "relief.shipped_value": (Unit.RIAL, 90_000_000_000),
    "relief.packages": (Unit.COUNT, 2_200),
    "relief.packages_value": (Unit.RIAL, 1_610_000_000_000),
}


def _constant(number: int):
    return lambda records: number


@pytest.fixture
def fake_funds_and_relief():
    """Funds' and relief's keys answer constants for the length of a test (the installed
    modules' indicators stand aside and come back in their place)."""
    stand_ins = {
        key: Indicator(
            key=key,
            name_fa=f"آزمون {key}",
            name_en=key,
            unit=unit,
            kind=Kind.FLOW,
            permission=VIEW_INDICATORS,
            records=lambda q: AuditEvent.objects.none(),
            value=_constant(number),
        )
        for key, (unit, number) in FAKE.items()
    }
    with mock.patch.dict(indicators._CATALOGUE, stand_ins):
        yield


def _week(areas, days=("1401/02/15", "1401/02/23")):
    """An occasion of the events module, when it is installed (else None)."""
    if "abadi.events" not in settings.ABADI_APPS:
        return None
    from abadi.core.jalali import parse_jalali
    from abadi.events.models import Occasion

    name = "هفته بسیج سازندگی ۱۴۰۱"
    return Occasion.objects.create(
        name=name,
        search_key=search_key(name),
        area=areas["15"],
        starts_on=parse_jalali(days[0]),
        ends_on=parse_jalali(days[1]),
    )


def test_funds_and_relief_sentences(areas, fake_funds_and_relief):
    occasion = _week(areas)
    summary = press_summary(
        actor=SYSTEM,
        area=areas["15"],
        year=1401,
        as_of=datetime.date(2022, 5, 8),
    )
    by_key = {key: s for s in summary.sentences for key in s.keys}
    assert "۲۴ کامیون" in by_key["relief.shipments"].text
    assert press_rials(90_000_000_000) in by_key["relief.shipped_value"].text
    assert by_key["relief.shipments"] is by_key["relief.shipped_value"]  # one sentence
    assert "یک هزار و ۶۱۰ میلیارد ریال" in by_key["relief.packages_value"].text
    assert "۲ هزار و ۲۰۰ بستهٔ" in by_key["relief.packages"].text
    released = by_key["cases.prisoners_released"].text
    assert "۱۷۵ نفر" in released and "۱۳۹۹" in released and "۱۴۰۰" in released
    if occasion is not None:
        scheduled = by_key["cases.prisoners_scheduled"].text
        assert "۳ نفر" in scheduled and "آزاد خواهند شد" in scheduled
        assert "هفته بسیج سازندگی ۱۴۰۱" in scheduled


def test_small_counts_are_suppressed_on_request(areas, fake_funds_and_relief):
    _week(areas)
    kept = press_summary(actor=SYSTEM, area=areas["15"], year=1401)
    hidden = press_summary(actor=SYSTEM, area=areas["15"], year=1401, suppress=5)
    at_edge = press_summary(actor=SYSTEM, area=areas["15"], year=1401, suppress=3)
    kept_text, hidden_text = kept.as_text(), hidden.as_text()
    if "abadi.events" in settings.ABADI_APPS:
        assert "۳ نفر از زندانیان" in kept_text
        assert "کمتر از ۵ نفر از زندانیان" in hidden_text
        assert "۳ نفر از زندانیان" in at_edge.as_text()  # exactly N is shown
    assert "۲۴ کامیون" in hidden_text  # not small
    assert press_rials(90_000_000_000) in hidden_text  # amounts are never suppressed
    with pytest.raises(ValidationError):
        press_summary(actor=SYSTEM, area=areas["15"], year=1401, suppress=-1)


def test_join_reads_as_persian():
    assert join_fa(["الف"]) == "الف"
    assert join_fa(["الف", "ب", "ج"]) == "الف، ب و ج"


# Bad input --------------------------------------------------------------------------------


def test_bad_years_areas_and_scopes_are_refused_in_persian(areas):
    press = user_with_role("press24", Role.PRESS, areas["24"])
    with pytest.raises(ValidationError, match="سال باید"):
        press_summary(actor=SYSTEM, area=areas["24"], year=1600)
    with pytest.raises(ValidationError, match="سال باید"):
        press_summary(actor=SYSTEM, area=areas["24"], year=1299)
    with pytest.raises(PermissionDenied):
        press_summary(actor=press, area=areas["15"], year=1401)
    with pytest.raises(ValidationError):
        press_summary(actor=SYSTEM, area=areas["24"], year=1401, occasion="مناسبتی که نیست")


def test_the_command_writes_text_and_pdf(lorestan, tmp_path):
    out = io.StringIO()
    year = str(jalali_year_of(clock.today()))
    call_command("report", "press", "--area", "15", "--year", year, stdout=out)
    assert "استان لرستان" in out.getvalue()
    target = tmp_path / "press.pdf"
    call_command(
        "report", "press", "--area", "لرستان", "--year", year, "--format", "pdf",
        "--output", str(target), stdout=io.StringIO(),
    )  # fmt: skip
    assert target.read_bytes().startswith(b"%PDF")
    sheet = tmp_path / "table.xlsx"
    call_command(
        "report", "indicators", "--area", "15", "--year", year, "--format", "xlsx",
        "--output", str(sheet), stdout=io.StringIO(),
    )  # fmt: skip
    from openpyxl import load_workbook

    rows = list(load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[0][0] == "کلید"
    assert any(row[0] == "projects.housing_units_completed" for row in rows[1:])
    for bad, message in (
        (["--year", "1600"], "سال باید"),
        (["--year", "۱۴۰۱", "--area", "ناکجاآباد"], "ناکجاآباد"),
        (["--year", "abc"], "عدد"),
        (["--year", "1401", "--format", "xlsx"], "قالب"),
    ):
        args = ["report", "press", "--area", "15", *bad]
        with pytest.raises(CommandError, match=message):
            call_command(*args, stdout=io.StringIO())

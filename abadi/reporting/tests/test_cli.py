import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from abadi.core.indicators import indicator_keys
from abadi.organisations.models import DeprivationCredit, Organisation, OrganisationKind
from abadi.reporting.management.commands.indicators import Command
from abadi.reporting.services import target_set

from .conftest import TEST_KEY, jdate

ORGS = "orgs.agencies_with_deprivation_credit"


def run(*args):
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def run_from_shell(*args, capsys, monkeypatch):
    """As the shell runs it: a refusal is a Persian message on stderr and exit status 1."""
    # The shell path closes every connection when it ends; the test's transaction stays.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["abadi", "indicators", *args])
    return exit_.value.code, capsys.readouterr().err


@pytest.fixture
def credits(areas):
    for name, area in [
        ("بهداشت", areas["2401"]),
        ("راه", areas["2403"]),
        ("لرستان", areas["1501"]),
    ]:
        organisation = Organisation.objects.create(
            name=name, kind=OrganisationKind.EXECUTIVE_AGENCY, area=area, search_key=name
        )
        DeprivationCredit.objects.create(organisation=organisation, year=1401, amount=10**9)


def test_json_has_the_figure_keys(credits, value_indicator, make_benefit, admin_user, areas):
    make_benefit("2403010001001", jdate(1401, 2, 1), 580 * 10**9)
    target_set(actor=admin_user, key=TEST_KEY, area=areas["24"], year=1401, value=700 * 10**9)
    rows = json.loads(run("--area", "24", "--year", "1401", "--json"))
    assert [row["key"] for row in rows] == indicator_keys()
    for row in rows:
        assert set(row) == {
            "key", "name", "value", "reason", "target", "percent", "unit", "kind", "breakdown",
            "as_of",
        }  # fmt: skip
    by_key = {row["key"]: row for row in rows}
    assert by_key[ORGS]["value"] == 2 and by_key[ORGS]["unit"] == "count"
    assert by_key[TEST_KEY]["value"] == 580 * 10**9
    assert by_key[TEST_KEY]["target"] == 700 * 10**9
    assert by_key[TEST_KEY]["breakdown"] == {"package": 580 * 10**9}


def test_area_by_name_country_and_persian_digits(credits):
    by_name = json.loads(run("--area", "اردبیل", "--year", "1401", "--json"))
    assert (
        next(r for r in by_name if r["key"] == ORGS)["value"] == 2
    )  # the province, not the county
    county = json.loads(run("--area", "شهرستان اردبیل", "--year", "1401", "--json"))
    assert next(r for r in county if r["key"] == ORGS)["value"] == 1
    country = json.loads(run("--area", "IR", "--year", "۱۴۰۱", "--json"))
    assert next(r for r in country if r["key"] == ORGS)["value"] == 3
    assert json.loads(run("--area", "۲۴۰۳", "--json"))[0]["key"] == indicator_keys()[0]


def test_unknown_area_is_a_persian_error_and_exit_1(areas, capsys, monkeypatch):
    code, err = run_from_shell("--area", "9999", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert "منطقه‌ای با کد «۹۹۹۹» در حوزه شما پیدا نشد" in err


def test_ambiguous_name_lists_the_areas_and_exits_1(areas, capsys, monkeypatch):
    code, err = run_from_shell("--area", "مرکزی", capsys=capsys, monkeypatch=monkeypatch)
    assert code == 1
    assert "240101" in err.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    assert "240301" in err.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))


def test_bad_year_and_month_without_year(areas, capsys, monkeypatch):
    code, err = run_from_shell(
        "--area", "24", "--year", "abc", capsys=capsys, monkeypatch=monkeypatch
    )
    assert code == 1 and "سال باید عدد باشد" in err
    code, err = run_from_shell(
        "--area", "24", "--month", "2", capsys=capsys, monkeypatch=monkeypatch
    )
    assert code == 1 and "ماه" in err


def test_plain_text_is_a_persian_table(credits, value_indicator, make_benefit, admin_user, areas):
    make_benefit("2403010001001", jdate(1401, 2, 1), 350 * 10**9)
    target_set(actor=admin_user, key=TEST_KEY, area=areas["24"], year=1401, value=700 * 10**9)
    text = run("--area", "24", "--year", "1401")
    assert "استان اردبیل (۲۴)" in text and "سال ۱۴۰۱" in text
    assert "دستگاه‌های اجرایی دارای اعتبار محرومیت‌زدایی" in text
    assert "۳۵۰ میلیارد ریال" in text and "۷۰۰ میلیارد ریال" in text and "۵۰٪" in text
    assert "دستگاه اجرایی: ۲" in text  # the breakdown, labelled
    assert not any(ch in text for ch in "0123456789")  # Persian digits only


def test_as_a_user_computes_within_their_scope(credits, county_officer, partner_user):
    rows = json.loads(
        run("--area", "24", "--year", "1401", "--json", "--as", county_officer.username)
    )
    assert next(r for r in rows if r["key"] == ORGS)["value"] == 1
    with pytest.raises(CommandError, match="اجازهٔ دیدن شاخص‌ها"):
        run("--area", "24", "--as", partner_user.username)
    with pytest.raises(CommandError, match="وجود ندارد"):
        run("--area", "24", "--as", "nobody")
    with pytest.raises(CommandError, match="در حوزه شما پیدا نشد"):
        run("--area", "15", "--as", county_officer.username)

"""The shell's own parts: template filters people read, the home page's headlines, the
records of an indicator as a list, the history panel's query bound."""

import datetime

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from abadi.core.audit import audit_record
from abadi.core.indicators import Cell, Column, record_cells, record_columns
from abadi.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_codes_read_as_one_left_to_right_run():
    assert _render("{{ n|ltr }}", n="1401-000610") == '<bdi dir="ltr">۱۴۰۱-۰۰۰۶۱۰</bdi>'
    assert _render("{{ n|ltr }}", n="") == ""
    # A message built with a run keeps it when its digits turn Persian.
    html = _render("{{ m|fa_digits }}", m=mark_safe('طرح <bdi dir="ltr">1401-7</bdi> ثبت شد'))
    assert html == 'طرح <bdi dir="ltr">۱۴۰۱-۷</bdi> ثبت شد'
    assert _render("{{ m|fa_digits }}", m="<b>2</b>") == "&lt;b&gt;۲&lt;/b&gt;"


def test_user_names_and_permissions(manager, county_officer):
    assert _render("{{ u|user_name }}", u=manager) == '<bdi dir="ltr">manager24</bdi>'
    manager.first_name = "مریم"
    manager.last_name = "احمدی"
    assert _render("{{ u|user_name }}", u=manager) == "<bdi>مریم احمدی</bdi>"
    assert _render('{% if u|may:"audit.view" %}y{% endif %}', u=manager) == "y"
    assert _render('{% if u|may:"audit.view" %}y{% endif %}', u=county_officer) == ""


@pytest.fixture
def bank(areas):
    return Organisation.objects.create(
        name="بانک ملی", kind="agent_bank", area=areas["2401"], search_key="x"
    )


def test_records_of_an_indicator_as_a_list(bank):
    from abadi.core.indicators import Indicator, Kind, Unit
    from abadi.organisations.models import DeprivationCredit

    credit = DeprivationCredit.objects.create(organisation=bank, year=1401, amount=2_500_000)
    plain = Indicator(
        key="t.x",
        name_fa="آزمون",
        name_en="t",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission="indicators.view",
        records=lambda q: None,
        value=lambda qs: 0,
    )
    # Without columns: the record, its first date (none here), its first amount of rials.
    columns = record_columns(plain, DeprivationCredit)
    assert [c.path for c in columns] == ["__str__", "amount"]
    cells = record_cells(credit, columns)
    assert cells[1] == {"text": "۲٬۵۰۰٬۰۰۰ ریال", "url": "", "number": True}
    declared = (
        Column("دستگاه", "organisation.name", url="organisations:detail", url_id="organisation_id"),
        Column("سال", "year", Cell.CODE),
        Column("منطقه", "organisation.area.name"),
    )
    cells = record_cells(credit, declared)
    assert cells[0]["text"] == "بانک ملی" and cells[0]["url"] == f"/organisations/{bank.pk}/"
    assert cells[1]["text"] == '<bdi dir="ltr">۱۴۰۱</bdi>'
    assert cells[2]["text"] == "اردبیل"
    with pytest.raises(AttributeError):
        record_cells(credit, (Column("غلط", "organisation.nmae"),))


def test_dates_in_records_read_jalali(bank):
    from abadi.core.models import AuditEvent

    event = audit_record(
        actor=None, action="organisation.create", obj=bank, on=datetime.date(2022, 5, 8)
    )
    row = AuditEvent.objects.get(pk=event.pk)
    assert (
        record_cells(row, (Column("تاریخ", "effective_on", Cell.DATE),))[0]["text"] == "۱۴۰۱/۰۲/۱۸"
    )


def test_the_history_panel_costs_the_same_queries_for_more_events(
    client, bank, manager, django_assert_max_num_queries
):
    from django.urls import reverse

    url = reverse("core:history", args=["organisations.organisation", bank.pk])
    client.force_login(manager)
    audit_record(
        actor=manager, action="organisation.update", obj=bank, new={"area_id": bank.area_id}
    )
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(10):
        audit_record(
            actor=manager,
            action="organisation.update",
            obj=bank,
            old={"kind": "agency"},
            new={"kind": "agent_bank", "area_id": bank.area_id},
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(url).content.decode()
    assert html.count('data-testid="audit-event"') == 11


def test_headlines_this_year_and_last_year_to_the_same_day(manager, county_officer, areas):
    from abadi.core import home
    from abadi.core.indicators import (
        Indicator,
        Kind,
        Unit,
        register_indicator,
        unregister_indicator,
    )
    from abadi.core.jalali import jalali_date

    seen = []

    def value(records, query):
        seen.append((query.area.code, query.start, query.flow_end))
        return 7 if query.year == 1405 else 3

    register_indicator(
        Indicator(
            key="test.headline",
            name_fa="شاخص آزمون",
            name_en="t",
            unit=Unit.COUNT,
            kind=Kind.FLOW,
            permission="indicators.view",
            records=lambda q: Organisation.objects.none(),
            value=value,
        )
    )
    home.register_headline("test.headline", order=1)
    try:
        import time_machine

        with time_machine.travel(
            datetime.datetime(2026, 12, 1, 8, 0, tzinfo=datetime.UTC), tick=False
        ):
            rows = {row["key"]: row for row in home.headlines_for(county_officer)["rows"]}
        row = rows["test.headline"]
        assert row["area"].code == "2403" and row["value"] == "۷" and row["last_year"] == "۳"
        # 1405/09/10: this year from 1 Farvardin 1405 to today, last year to 1404/09/10.
        assert seen[-2:] == [
            ("2403", jalali_date(1405, 1, 1), jalali_date(1405, 9, 10)),
            ("2403", jalali_date(1404, 1, 1), jalali_date(1404, 9, 10)),
        ]
        assert row["url"] and "area=2403" in row["url"]
    finally:
        home._HEADLINES.pop("test.headline", None)
        unregister_indicator("test.headline")

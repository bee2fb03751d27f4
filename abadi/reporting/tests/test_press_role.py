"""The press office reads published figures, the summary and the dashboard, never a
person; and the press pages and downloads answer bad input with a Persian reason."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from abadi.core.access import PUBLIC, declared_access
from abadi.core.indicators import (
    VIEW_INDICATOR_RECORDS,
    Indicator,
    Kind,
    Unit,
    register_indicator,
    unregister_indicator,
)
from abadi.core.models import AuditEvent
from abadi.core.permissions import Role, registered_permissions

from .conftest import TEST_KEY, jdate

pytestmark = pytest.mark.django_db

STAFF_ONLY_KEY = "test.staff_only"
# What the press role may hold: the application itself and the published indicators.
PRESS_PERMISSIONS = {"core.use", "indicators.view"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_only_indicator():
    indicator = register_indicator(
        Indicator(
            key=STAFF_ONLY_KEY,
            name_fa="شاخص درون‌سازمانی (آزمون)",
            name_en="Internal (test)",
            unit=Unit.COUNT,
            kind=Kind.FLOW,
            permission=VIEW_INDICATOR_RECORDS,
            records=lambda q: AuditEvent.objects.none(),
            value=lambda qs: 7,
        )
    )
    yield indicator
    unregister_indicator(STAFF_ONLY_KEY)


def test_the_press_role_holds_only_the_published_figures():
    held = {perm for perm, roles in registered_permissions().items() if Role.PRESS in roles}
    assert held == PRESS_PERMISSIONS


def _routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _routes(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or ""), pattern.callback


def test_no_page_the_press_reaches_lists_people():
    """Every page the press role may open is the shell's own or the reporting module's."""
    reachable = [
        name
        for name, view in _routes()
        if declared_access(view) in PRESS_PERMISSIONS and declared_access(view) != PUBLIC
    ]
    assert "reporting:press" in reachable
    for name in reachable:
        namespace = name.split(":", 1)[0] if ":" in name else ""
        # geography: the area picker's hints (places, not people).
        assert namespace in {"", "core", "reporting", "accounts", "imports", "geography"}, name


def test_press_reads_the_summary_the_table_and_the_dashboard(
    value_indicator, make_benefit, press_user, staff_only_indicator
):
    make_benefit("2403010001001", jdate(1401, 2, 1), 5 * 10**9)
    client = client_for(press_user)
    for name in ("reporting:press", "reporting:indicators", "reporting:dashboard"):
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # the dashboard lives on another page until it is merged
        response = client.get(url, {"area": "24", "year": "1401"})
        assert response.status_code == 200, name
        html = response.content.decode()
        assert STAFF_ONLY_KEY not in html  # unpublished indicators are not shown
    # No record behind a figure: neither the page nor the API.
    records = reverse("reporting:indicator_records", args=[TEST_KEY])
    assert client.get(records, {"area": "24"}).status_code == 403
    api = client.get(f"/api/v1/indicators/{TEST_KEY}/records", {"area": "24"})
    assert api.status_code == 403
    published = client.get("/api/v1/indicators", {"area": "24", "year": "1401"}).json()
    keys = {row["key"] for row in published}
    assert TEST_KEY in keys and STAFF_ONLY_KEY not in keys
    # Nor a person.
    assert client.get(reverse("people:person_list")).status_code == 403
    assert client.get("/api/v1/persons").status_code == 403


def test_the_page_shows_each_sentences_keys_on_hover(value_indicator, press_user, areas):
    from abadi.core.jalali import jalali_year_of
    from abadi.projects import samples as projects_samples  # a completed house

    projects_samples.build(county=areas["2403"], marker="QXPRESS", count=1)
    from abadi.core import clock

    year = jalali_year_of(clock.today())
    response = client_for(press_user).get(reverse("reporting:press"), {"year": year})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="press-sentence"' in html
    assert 'data-keys="projects.housing_units_completed' in html
    assert 'title="منبع: واحدهای مسکونی ساخته‌شده (projects.housing_units_completed)' in html
    assert "QXPRESS" not in html  # no project's (or person's) own text reaches the press


def test_downloads(value_indicator, make_benefit, press_user):
    make_benefit("2403010001001", jdate(1401, 2, 1), 5 * 10**9)
    client = client_for(press_user)
    pdf = client.get(reverse("reporting:press"), {"area": "24", "year": "1401", "format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = client.get(reverse("reporting:press"), {"area": "24", "year": "1401", "format": "text"})
    assert "استان اردبیل" in text.content.decode()
    export = reverse("reporting:indicators_export")
    sheet = client.get(export, {"area": "24", "year": "1401", "format": "xlsx"})
    assert sheet.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(sheet.content))
    assert book.active.sheet_view.rightToLeft
    rows = list(book.active.iter_rows(values_only=True))
    mine = next(row for row in rows if row[0] == TEST_KEY)
    assert mine[4] == 5 * 10**9  # a number cell, not text
    table = client.get(export, {"area": "24", "year": "1401", "format": "pdf"})
    assert table.content.startswith(b"%PDF")
    county = client.get(reverse("reporting:county_report"), {"area": "2403", "year": "1401"})
    assert county.status_code == 200 and county.content.startswith(b"%PDF")


def test_bad_input_is_answered_in_persian_never_a_500(value_indicator, press_user):
    client = client_for(press_user)
    press = reverse("reporting:press")
    refused = client.get(press, {"area": "24", "year": "1600"})
    assert refused.status_code == 422 and "سال باید" in refused.content.decode()
    unknown = client.get(press, {"area": "ناکجاآباد", "year": "1401"})
    assert unknown.status_code == 200 and "ناکجاآباد" in unknown.content.decode()
    outside = client.get(press, {"area": "15", "year": "1401"})
    assert outside.status_code == 200 and outside.context["area"].code == "24"
    occasion = client.get(press, {"area": "24", "year": "1401", "occasion": "نیست‌آباد"})
    assert occasion.status_code == 200 and "نیست‌آباد" in occasion.content.decode()
    for bad in ({"as_of": "1401/13/40"}, {"suppress": "-3"}, {"suppress": "x"}):
        assert client.get(press, {"area": "24", "year": "1401", **bad}).status_code == 200
    export = reverse("reporting:indicators_export")
    assert client.get(export, {"format": "doc"}).status_code == 400
    assert client.get(export, {"format": "pdf", "year": "1600"}).status_code == 422
    county = reverse("reporting:county_report")
    assert client.get(county, {"year": "99999"}).status_code == 422


def test_the_api_writes_the_summary_and_refuses_bad_input(value_indicator, areas, press_user):
    from abadi.core import clock
    from abadi.core.jalali import jalali_year_of
    from abadi.projects import samples as projects_samples

    projects_samples.build(county=areas["2403"], marker="QXAPI", count=1)
    year = jalali_year_of(clock.today())
    client = client_for(press_user)
    found = client.get("/api/v1/press", {"area": "24", "year": year})
    assert found.status_code == 200, found.content
    body = found.json()
    assert body["area"] == "24" and "استان اردبیل" in body["title"]
    sentences = [s for section in body["sections"] for s in section["sentences"]]
    assert any("projects.housing_units_completed" in s["keys"] for s in sentences)
    assert {source["key"] for source in body["sources"]} == {
        key for s in sentences for key in s["keys"]
    }
    assert "QXAPI" not in found.content.decode()
    assert client.get("/api/v1/press", {"area": "24", "year": 1600}).status_code == 422
    assert client.get("/api/v1/press", {"area": "24"}).status_code == 422  # a year is needed
    outside = client.get("/api/v1/press", {"area": "15", "year": year})
    assert (outside.status_code in (403, 422) and "error" in outside.json()) or outside.json()
    unknown = client.get("/api/v1/press", {"area": "24", "year": year, "occasion": "نیست"})
    assert unknown.status_code == 422

import datetime

import pytest
from django.urls import reverse

from abadi.loans import services
from abadi.loans.models import Application, Status

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_list_is_scoped_to_the_officers_county(
    client, register, areas, staff, officer_2401, county_officer
):
    mine = register()
    theirs = register(place=areas["2401010001001"])
    page = login(client, county_officer).get(reverse("loans:application_list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert reverse("loans:application_detail", args=[mine.pk]) in body
    assert reverse("loans:application_detail", args=[theirs.pk]) not in body


def test_list_query_count_does_not_grow_with_rows(
    client, register, staff, django_assert_max_num_queries
):
    login(client, staff.manager)
    register()
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("loans:application_list"))
    for _ in range(8):
        register()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("loans:application_list"))


def test_detail_of_another_county_is_404(client, register, areas, officer_2401):
    application = register()
    response = login(client, officer_2401).get(
        reverse("loans:application_detail", args=[application.pk])
    )
    assert response.status_code == 404
    response = client.post(
        reverse("loans:application_action", args=[application.pk, "review"]), {"review-note": ""}
    )
    assert response.status_code == 404


def test_detail_shows_timeline_and_next_actions(client, register, advance, staff):
    application = advance(register(), Status.REVIEWED)
    body = (
        login(client, staff.manager)
        .get(reverse("loans:application_detail", args=[application.pk]))
        .content.decode()
    )
    assert 'data-testid="timeline-register"' in body
    assert 'data-testid="timeline-review"' in body
    assert 'data-testid="action-approve"' in body
    assert 'data-testid="action-review"' not in body


def test_approve_through_the_page(client, register, advance, staff):
    application = advance(register(amount=800_000_000), Status.REVIEWED)
    url = reverse("loans:application_action", args=[application.pk, "approve"])
    # Approved below what was requested, at the committee's meeting of 1401/02/05.
    response = login(client, staff.manager).post(
        url,
        {
            "approve-on": "۱۴۰۱/۰۲/۰۵",
            "approve-minutes_no": "۱۲/ک",
            "approve-amount": "۷۰۰٬۰۰۰٬۰۰۰",
            "approve-note": "مصوب",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.approved_amount == 700_000_000
    assert application.approved_on == datetime.date(2022, 4, 25)
    assert application.minutes_no == "۱۲/ک"


def test_refused_action_shows_the_persian_error(client, register, advance, staff):
    application = advance(register(amount=800_000_000), Status.REVIEWED)
    url = reverse("loans:application_action", args=[application.pk, "approve"])
    response = login(client, staff.manager).post(
        url,
        {"approve-on": "1401/02/05", "approve-minutes_no": "12", "approve-amount": "900000000"},
    )
    assert response.status_code == 422
    assert "مبلغ مصوب از مبلغ درخواستی بیشتر است" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.REVIEWED


def test_action_not_allowed_to_the_user_is_403(client, register, advance, staff):
    application = advance(register(), Status.REVIEWED)
    url = reverse("loans:application_action", args=[application.pk, "approve"])
    response = login(client, staff.county).post(url, {"approve-amount": "1000"})
    assert response.status_code == 403


def test_register_through_the_form(client, staff, line, banks, applicant):
    response = login(client, staff.clerk).post(
        reverse("loans:application_create"),
        {
            "national_code": applicant.national_code,
            "credit_line": line.pk,
            "bank": banks["melli"].pk,
            "title": "زنبورداری",
            "sector": "poultry",
            "activity": "نگهداری ۴۰ کندو",
            "requested_amount": "۵۰۰٬۰۰۰٬۰۰۰",
            "planned_jobs": "2",
            "fixed_cost": "400000000",
            "working_cost": "100000000",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "loans:application_detail", args=[application.pk]
    )
    assert application.cost_lines.count() == 2 and application.requested_amount == 500_000_000


def test_register_refuses_a_person_outside_the_county(client, staff, line, banks, areas):
    from .conftest import make_person

    stranger = make_person(areas["2401010001001"])
    response = login(client, staff.clerk).post(
        reverse("loans:application_create"),
        {
            "national_code": stranger.national_code,
            "credit_line": line.pk,
            "bank": banks["melli"].pk,
            "title": "x",
            "sector": "poultry",
            "activity": "x",
            "requested_amount": "1000",
            "planned_jobs": "1",
        },
    )
    assert response.status_code == 422
    assert "در حوزه شما ثبت نشده" in response.content.decode()
    assert not Application.objects.exists()


def test_introduction_letter_pdf(client, register, advance, staff):
    application = advance(register(), Status.INTRODUCED)
    response = login(client, staff.county).get(
        reverse("loans:introduction_letter", args=[application.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    before = advance(register(), Status.APPROVED)
    assert client.get(reverse("loans:introduction_letter", args=[before.pk])).status_code == 404


def test_letter_html_carries_the_facts(register, advance):
    from abadi.loans.letters import introduction_letter_html

    application = advance(register(amount=1_200_000_000), Status.INTRODUCED)
    html = introduction_letter_html(application)
    assert "یک میلیارد و دویست میلیون" in html
    assert application.applicant.full_name in html
    assert "Vazirmatn-Regular.ttf" in html and 'dir="rtl"' in html


def test_credit_line_page_shows_quota_bars(client, register, advance, line, staff, areas, banks):
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=4_000_000_000
    )
    services.quota_set(
        actor=staff.manager, credit_line=line, bank=banks["melli"], amount=5_000_000_000
    )
    advance(register(amount=1_000_000_000), Status.DISBURSED)
    body = (
        login(client, staff.county)
        .get(reverse("loans:credit_line_detail", args=[line.pk]))
        .content.decode()
    )
    assert 'data-testid="quota-bar-2403"' in body
    assert "bar-w-25" in body  # 1e9 disbursed of the 4e9 county quota
    assert 'data-testid="quota-form"' not in body  # a county officer does not set quotas
    # The banks' quotas sum the whole province's plans: the province's page shows them.
    bank_bar = f'data-testid="quota-bar-{banks["melli"].pk}"'

    def bank_table(page: str) -> str:
        start = page.find('data-testid="bank-quotas"')
        return page[start : page.find("</table>", start)] if start >= 0 else ""

    assert bank_bar not in bank_table(body)
    manager = (
        login(client, staff.manager)
        .get(reverse("loans:credit_line_detail", args=[line.pk]))
        .content.decode()
    )
    assert bank_bar in bank_table(manager)


def test_quota_form_for_the_manager(client, line, staff, areas):
    url = reverse("loans:credit_line_detail", args=[line.pk])
    response = login(client, staff.manager).post(
        url, {"target": f"county:{areas['2403'].pk}", "amount": "2000000000"}
    )
    assert response.status_code == 302
    assert line.quotas.get().amount == 2_000_000_000
    response = client.post(url, {"target": f"county:{areas['2403'].pk}", "amount": "20000000000"})
    assert response.status_code == 422


def test_par_and_visit_pages(client, register, advance, staff):
    advance(register(), Status.DISBURSED)
    login(client, staff.county)
    par = client.get(reverse("loans:par"), {"as_of": "1401/09/01", "by": "bank"})
    assert par.status_code == 200 and 'data-testid="par-row"' in par.content.decode()
    due = client.get(reverse("loans:visits_due"), {"days": "30"})
    assert due.status_code == 200 and 'data-testid="due-row"' in due.content.decode()
    assert client.get(reverse("loans:visit_list")).status_code == 200
    assert client.get(reverse("loans:credit_line_list")).status_code == 200
    bad = client.get(reverse("loans:par"), {"as_of": "1401/13/40"})
    assert bad.status_code == 200 and "ماه" in bad.content.decode()


def test_visit_through_the_page(client, register, advance, staff):
    application = advance(register(), Status.DISBURSED)
    url = reverse("loans:application_action", args=[application.pk, "visit"])
    response = login(client, staff.county).post(
        url,
        {
            "visit-date": "1401/04/10",
            "visit-direct_jobs": "3",
            "visit-status": "active",
            "visit-notes": "",
        },
    )
    assert response.status_code == 302
    visit = application.visits.get()
    assert visit.date == datetime.date(2022, 7, 1) and visit.direct_jobs == 3


def test_list_exports_what_it_shows(client, register, areas, county_officer):
    mine = register()
    register(place=areas["2401010001001"])
    response = login(client, county_officer).get(
        reverse("loans:application_list"), {"format": "csv"}
    )
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert mine.number in body and body.count("\n") == 2  # the header and the one plan in scope


def test_a_county_sees_its_own_share_of_the_provinces_line(
    client, register, advance, staff, line, areas
):
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2403"], amount=3_000_000_000
    )
    services.quota_set(
        actor=staff.manager, credit_line=line, county=areas["2401"], amount=2_000_000_000
    )
    advance(register(place=areas["2401010001001"], actor=staff.officer), Status.DISBURSED)
    county = login(client, staff.county).get(reverse("loans:credit_line_detail", args=[line.pk]))
    html = county.content.decode()
    assert 'data-testid="own-share-only"' in html and 'data-testid="bank-quotas"' not in html
    assert "خلخال" in html and areas["2401"].name not in html.split("county-quotas")[1]
    listing = client.get(reverse("loans:credit_line_list")).content.decode()
    assert "سهم شهرستان شما در صفحهٔ خط" in listing
    manager = login(client, staff.manager).get(reverse("loans:credit_line_detail", args=[line.pk]))
    assert 'data-testid="bank-quotas"' in manager.content.decode()

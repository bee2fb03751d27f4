"""The loans pages in the shared shell: the branches of the chosen bank, the area filter,
the home page's waiting work, a plan's history read by people."""

import pytest
from django.urls import reverse

from abadi.loans.forms import ApplicationForm
from abadi.loans.models import Status
from abadi.organisations.models import Branch

pytestmark = pytest.mark.django_db


@pytest.fixture
def branches(banks, areas):
    return {
        "melli": Branch.objects.create(
            organisation=banks["melli"], name="شعبهٔ خلخال", area=areas["2403"]
        ),
        "keshavarzi": Branch.objects.create(
            organisation=banks["keshavarzi"], name="شعبهٔ مرکزی", area=areas["2401"]
        ),
    }


def test_branch_options_are_the_chosen_banks(client, staff, banks, branches):
    client.force_login(staff.clerk)
    url = reverse("loans:branch_options")
    html = client.get(url, {"bank": banks["melli"].pk}).content.decode()
    assert "شعبهٔ خلخال" in html and "شعبهٔ مرکزی" not in html
    assert "— بدون شعبه —" in html
    # No bank, a bank that is not one, an id that is not a number: only the empty choice.
    for bank in ("", "999999", "abc"):
        html = client.get(url, {"bank": bank}).content.decode()
        assert "شعبه" in html and "خلخال" not in html and "مرکزی" not in html


def test_branch_options_need_the_register_permission(client, areas, banks):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    client.force_login(user_with_role("press24", Role.PRESS, areas["24"]))
    assert (
        client.get(reverse("loans:branch_options"), {"bank": banks["melli"].pk}).status_code == 403
    )


def test_the_form_offers_and_accepts_only_the_chosen_banks_branches(staff, banks, branches, line):
    blank = ApplicationForm(actor=staff.clerk, lines=line.__class__.objects.all())
    assert list(blank.fields["branch"].queryset) == []  # no bank yet: no branch
    data = {"bank": str(banks["melli"].pk), "branch": str(branches["keshavarzi"].pk)}
    form = ApplicationForm(data, actor=staff.clerk, lines=line.__class__.objects.all())
    assert list(form.fields["branch"].queryset) == [branches["melli"]]
    assert not form.is_valid() and "branch" in form.errors
    # The bank select reloads the branches with htmx.
    assert "hx-get" in str(blank["bank"]) and reverse("loans:branch_options") in str(blank["bank"])


def test_the_list_filters_by_a_place_typed_by_name(client, register, areas, staff):
    in_2403 = register()
    in_2401 = register(place=areas["2401010001001"])
    client.force_login(staff.manager)
    url = reverse("loans:application_list")
    body = client.get(url, {"area": "اسبو"}).content.decode()
    assert reverse("loans:application_detail", args=[in_2403.pk]) in body
    assert reverse("loans:application_detail", args=[in_2401.pk]) not in body
    body = client.get(url, {"area": "۲۴۰۱"}).content.decode()  # a county, Persian digits
    assert reverse("loans:application_detail", args=[in_2401.pk]) in body
    assert reverse("loans:application_detail", args=[in_2403.pk]) not in body
    response = client.get(url, {"area": "جایی که نیست"})
    assert "پیدا نشد" in response.content.decode()


def test_waiting_work_on_the_home_page(client, register, advance, staff):
    from abadi.core.home import waiting_for

    register()
    advance(register(), Status.REVIEWED)
    advance(register(), Status.APPROVED)
    county = {row["key"]: row for row in waiting_for(staff.county)}
    assert county["loans.to_review"]["count"] == 1
    assert (
        county["loans.to_review"]["url"] == reverse("loans:application_list") + "?status=registered"
    )
    assert "loans.to_approve" not in county
    manager = {row["key"]: row for row in waiting_for(staff.manager)}
    assert manager["loans.to_approve"]["count"] == 1
    assert manager["loans.to_introduce"]["count"] == 1
    assert "loans.to_review" not in manager
    client.force_login(staff.manager)
    page = client.get("/")
    assert "منتظر تصویب کمیته" in page.content.decode()


def test_a_plans_history_reads_persian(client, register, advance, staff):
    application = advance(register(amount=1_200_000_000), Status.APPROVED)
    client.force_login(staff.manager)
    html = client.get(
        reverse("core:history", args=["loans.application", application.pk])
    ).content.decode()
    assert "تصویب طرح در کمیته" in html and "loan.approve" not in html
    assert "مبلغ مصوب (ریال)" in html and "۱٬۲۰۰٬۰۰۰٬۰۰۰ ریال" in html
    assert "مصوب کمیته" in html  # the status by its label
    assert "تاریخ اثر" in html
    assert "approved" not in html and "_id" not in html


def test_the_registrant_is_told_who_reviews(client, register, staff):
    """Maker-checker on the page: the county officer who registered a plan is not offered
    its review, and is told why."""
    application = register(actor=staff.county)
    client.force_login(staff.county)
    html = client.get(reverse("loans:application_detail", args=[application.pk])).content.decode()
    assert 'data-testid="action-review"' not in html
    assert "«تأیید بررسی شهرستان» با کس دیگری است" in html
    other = register()  # registered by the clerk: the county officer reviews it
    html = client.get(reverse("loans:application_detail", args=[other.pk])).content.decode()
    assert 'data-testid="action-review"' in html and 'data-testid="withheld"' not in html

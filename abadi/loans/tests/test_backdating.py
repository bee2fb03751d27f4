"""Steps entered days or years after they happened: on the page, through the API and from
a file, each takes its effective date, refused in the future or before the step it follows
— at the edge: the day of the previous step passes, the day before it fails."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from abadi.accounts.services import token_create
from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.core.models import AuditEvent
from abadi.loans.models import Status

from .test_imports import run

pytestmark = pytest.mark.django_db

REGISTERED = datetime.date(2021, 3, 1)  # 1399/12/11, the register fixture's day


def latin(day: datetime.date) -> str:
    return format_jalali(day, persian_digits=False)


def test_the_page_takes_the_day_of_the_step(client, register, staff):
    application = register()
    client.force_login(staff.county)
    url = reverse("loans:application_action", args=[application.pk, "review"])
    day_before = REGISTERED - datetime.timedelta(days=1)
    refused = client.post(url, {"review-on": format_jalali(day_before)})
    assert refused.status_code == 422
    assert "پیش از «ثبت طرح»" in refused.content.decode()
    tomorrow = clock.today() + datetime.timedelta(days=1)
    refused = client.post(url, {"review-on": format_jalali(tomorrow)})
    assert refused.status_code == 422 and "آینده" in refused.content.decode()
    # The very day of registration is allowed.
    assert client.post(url, {"review-on": format_jalali(REGISTERED)}).status_code == 302
    change = application.status_changes.get(action="review")
    assert change.on == REGISTERED and change.at.date() >= clock.today() - datetime.timedelta(1)
    event = AuditEvent.objects.get(action="loan.review")
    assert event.effective_on == REGISTERED


def test_the_api_takes_the_day_of_the_step(register, staff):
    application = register()
    api = Client()
    headers = {"Authorization": f"Bearer {token_create(user=staff.county)}"}
    url = f"/api/v1/loans/applications/{application.pk}/review"

    def review(on):
        return api.post(url, {"on": on}, content_type="application/json", headers=headers)

    refused = review(latin(REGISTERED - datetime.timedelta(days=1)))
    assert refused.status_code == 422 and "پیش از «ثبت طرح»" in refused.json()["errors"]["on"][0]
    # A Gregorian date is never read as a Jalali one (2021-03-01 is not the year 2642).
    refused = review("2021-03-01")
    assert refused.status_code == 422 and "میلادی" in refused.json()["errors"]["on"][0]
    refused = review("1399/13/01")
    assert refused.status_code == 422 and "on" in refused.json()["errors"]
    done = review("۱۳۹۹/۱۲/۱۱")
    assert done.status_code == 200, done.content
    assert done.json()["timeline"][-1]["on"] == "1399/12/11"
    application.refresh_from_db()
    assert application.status == Status.REVIEWED


def test_a_file_of_earlier_steps(register, staff):
    application = register()
    header = ["loan", "step", "date", "amount", "number", "note"]
    broken = run(
        "loan_steps",
        [
            header,
            [application.number, "تأیید بررسی شهرستان", "1399/12/20", "", "", ""],
            [application.number, "تصویب در کمیته", "1399/12/25", "", "۱۲", ""],  # no amount
        ],
        staff.admin,
    )
    assert not broken.committed
    assert "مبلغ مصوب" in " ".join(error.message for error in broken.errors)
    assert application.status_changes.count() == 1  # nothing was written
    # Rows apply in date order; each step by someone who may take it (the county reviews,
    # the committee approves: maker-checker holds for a file as on the page).
    reviewed = run(
        "loan_steps",
        [header, [application.number, "review", "1399/12/20", "", "", "میدانی دیده شد"]],
        staff.county,
    )
    assert reviewed.committed, [error.message for error in reviewed.errors]
    done = run(
        "loan_steps",
        [header, [application.number, "تصویب در کمیته", "1399/12/25", "900000000", "۱۲", ""]],
        staff.manager,
    )
    assert done.committed, [error.message for error in done.errors]
    steps = list(application.status_changes.order_by("on", "id").values_list("action", "on"))
    assert steps == [
        ("register", REGISTERED),
        ("review", datetime.date(2021, 3, 10)),
        ("approve", datetime.date(2021, 3, 15)),
    ]


def test_a_file_step_before_the_one_it_follows_writes_nothing(register, staff):
    application = register()
    report = run(
        "loan_steps",
        [
            ["loan", "step", "date"],
            [application.number, "review", "1399/12/10"],  # a day before registration
        ],
        staff.admin,
    )
    assert not report.committed
    assert [(error.row, error.message) for error in report.errors] == [
        (2, "تاریخ «تأیید بررسی شهرستان» (۱۳۹۹/۱۲/۱۰) پیش از «ثبت طرح» (۱۳۹۹/۱۲/۱۱) است.")
    ]
    application.refresh_from_db()
    assert application.status == Status.REGISTERED

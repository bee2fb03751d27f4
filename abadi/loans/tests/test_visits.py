import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.core import clock
from abadi.loans import selectors, services
from abadi.loans.models import Application, MonitoringVisit, Status, VisitPhoto

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def verified(application):
    return (
        Application.objects.filter(pk=application.pk)
        .annotate(jobs=selectors.verified_jobs_expression())
        .get()
        .jobs
    )


def test_verified_jobs_are_the_latest_active_visit(register, advance, staff):
    loan = advance(register(jobs=4), Status.DISBURSED)
    assert verified(loan) == 0
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 7, 1),
        direct_jobs=3,
        status="active",
    )
    loan.refresh_from_db()
    assert loan.status == Status.IN_OPERATION  # an active business is in operation
    assert verified(loan) == 3
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 12, 1),
        direct_jobs=5,
        status="active",
    )
    assert verified(loan) == 5
    # A visit entered later but dated earlier does not replace the latest one.
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 9, 1),
        direct_jobs=1,
        status="active",
    )
    assert verified(loan) == 5
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2023, 3, 1),
        direct_jobs=2,
        status="closed",
    )
    assert verified(loan) == 0  # a closed business keeps no jobs


def test_diverted_business_counts_no_jobs(register, advance, staff):
    loan = advance(register(), Status.DISBURSED)
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 7, 1),
        direct_jobs=3,
        status="diverted",
    )
    assert verified(loan) == 0
    loan.refresh_from_db()
    assert loan.status == Status.DISBURSED


def test_visit_input_is_checked(register, advance, staff, officer_2401):
    loan = advance(register(), Status.DISBURSED)
    with pytest.raises(ValidationError, match="آینده"):
        services.visit_add(
            actor=staff.county,
            application=loan,
            date=clock.today() + datetime.timedelta(days=1),
            direct_jobs=1,
            status="active",
        )
    with pytest.raises(ValidationError, match="پیش از «ثبت پرداخت»"):
        services.visit_add(
            actor=staff.county,
            application=loan,
            date=datetime.date(2022, 5, 1),
            direct_jobs=1,
            status="active",
        )
    with pytest.raises(ValidationError, match="کمتر از ۰"):
        services.visit_add(
            actor=staff.county,
            application=loan,
            date=datetime.date(2022, 7, 1),
            direct_jobs=-1,
            status="active",
        )
    # One business employs at most a thousand: a visit "seeing" 10¹² jobs is a typo, and
    # would otherwise feed the published figure. Exactly the cap passes.
    with pytest.raises(ValidationError, match="بیشتر از ۱٬۰۰۰"):
        services.visit_add(
            actor=staff.county,
            application=loan,
            date=datetime.date(2022, 7, 1),
            direct_jobs=1_001,
            status="active",
        )
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 7, 1),
        direct_jobs=1_000,
        status="diverted",
    )
    with pytest.raises(PermissionDenied):
        services.visit_add(
            actor=officer_2401,
            application=loan,
            date=datetime.date(2022, 7, 1),
            direct_jobs=1,
            status="active",
        )
    with pytest.raises(PermissionDenied):
        services.visit_add(
            actor=staff.clerk,
            application=loan,
            date=datetime.date(2022, 7, 1),
            direct_jobs=1,
            status="active",
        )
    approved = advance(register(), Status.APPROVED)
    with pytest.raises(ValidationError, match="از وضعیت «مصوب کمیته» ممکن نیست"):
        services.visit_add(
            actor=staff.county,
            application=approved,
            date=datetime.date(2022, 7, 1),
            direct_jobs=1,
            status="active",
        )
    assert list(MonitoringVisit.objects.values_list("direct_jobs", flat=True)) == [1_000]


def test_visit_photos_are_type_checked(register, advance, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    loan = advance(register(), Status.DISBURSED)
    services.visit_add(
        actor=staff.county,
        application=loan,
        date=datetime.date(2022, 7, 1),
        direct_jobs=2,
        status="active",
        photos=[SimpleUploadedFile("workshop.png", PNG, content_type="image/png")],
    )
    assert VisitPhoto.objects.count() == 1
    with pytest.raises(ValidationError, match="JPG"):
        services.visit_add(
            actor=staff.county,
            application=loan,
            date=datetime.date(2022, 8, 1),
            direct_jobs=2,
            status="active",
            photos=[SimpleUploadedFile("notes.pdf", b"%PDF-1.4", content_type="application/pdf")],
        )
    assert MonitoringVisit.objects.count() == 1


def test_loans_due_a_visit(register, advance, staff, county_officer, officer_2401):
    never = advance(register(), Status.DISBURSED)  # paid 2022-05-04, never visited
    visited = advance(register(), Status.DISBURSED)
    services.visit_add(
        actor=staff.county,
        application=visited,
        date=datetime.date(2022, 10, 1),
        direct_jobs=1,
        status="active",
    )
    fresh = advance(register(), Status.DISBURSED, contract_date=datetime.date(2022, 9, 1))
    as_of = datetime.date(2022, 12, 1)
    due = list(selectors.loans_due_visit(actor=county_officer, days=90, as_of=as_of))
    assert due == [never]
    assert selectors.loans_due_visit(actor=county_officer, days=30, as_of=as_of).count() == 3
    assert [
        loan.pk for loan in selectors.loans_due_visit(actor=county_officer, days=30, as_of=as_of)
    ][:1] == [never.pk]
    assert fresh not in selectors.loans_due_visit(actor=county_officer, days=120, as_of=as_of)
    assert not selectors.loans_due_visit(actor=officer_2401, days=30, as_of=as_of).exists()

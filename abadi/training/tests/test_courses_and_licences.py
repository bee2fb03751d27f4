"""Courses and licences: their rules at the edges, scope, and the loan plan named through
the loans module's selector."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.permissions import Role
from abadi.loans import services as loan_services
from abadi.organisations.models import OrganisationKind
from abadi.testing import user_with_role
from abadi.training import selectors, services
from abadi.training.models import Course, Licence
from abadi.training.tests.conftest import VILLAGE_2401, VILLAGE_2403, make_agency, make_person

pytestmark = pytest.mark.django_db

ISSUED = datetime.date(2021, 8, 1)


def test_a_course_belongs_to_the_county_of_its_place(course, areas):
    assert course.area == areas["2403"]
    assert course.place == areas[VILLAGE_2403]


def test_a_course_ending_the_day_it_starts_passes_one_day_earlier_fails(make_course):
    day = datetime.date(2021, 6, 1)
    assert make_course(starts_on=day, ends_on=day).ends_on == day
    with pytest.raises(ValidationError) as refused:
        make_course(starts_on=day, ends_on=day - datetime.timedelta(days=1))
    assert "پیش از" in refused.value.message_dict["ends_on"][0]
    assert Course.objects.count() == 1


def test_capacity_bounds(make_course):
    assert make_course(capacity=500).capacity == 500
    with pytest.raises(ValidationError):
        make_course(capacity=501)
    with pytest.raises(ValidationError):
        make_course(capacity=0)


def test_a_county_officer_cannot_plan_a_course_in_another_county(areas, tvto, officer_2401):
    with pytest.raises(PermissionDenied):
        services.course_create(
            actor=officer_2401,
            title="خیاطی",
            field="tailoring",
            agency=tvto,
            place=areas[VILLAGE_2403],
            starts_on=datetime.date(2021, 5, 1),
            ends_on=datetime.date(2021, 5, 2),
            hours=10,
            capacity=10,
        )


def test_a_bank_is_not_a_partner_agency(areas, officer):
    bank = make_agency(areas["24"], "بانک کشاورزی", OrganisationKind.AGENT_BANK)
    with pytest.raises(ValidationError):
        services.course_create(
            actor=officer,
            title="خیاطی",
            field="tailoring",
            agency=bank,
            place=areas[VILLAGE_2403],
            starts_on=datetime.date(2021, 5, 1),
            ends_on=datetime.date(2021, 5, 2),
            hours=10,
            capacity=10,
        )


def test_capacity_cannot_drop_below_the_enrolled(course, clerk, officer, areas):
    for _ in range(2):
        services.enrolment_create(
            actor=clerk,
            course=course,
            person=make_person(areas[VILLAGE_2403]),
            on=datetime.date(2021, 4, 20),
        )
    services.course_update(actor=officer, course=course, capacity=2)
    with pytest.raises(ValidationError) as refused:
        services.course_update(actor=officer, course=course, capacity=1)
    assert "capacity" in refused.value.message_dict


def test_course_selectors_are_scoped(course, officer_2401, county_officer):
    assert list(selectors.course_list(actor=county_officer)) == [course]
    assert list(selectors.course_list(actor=officer_2401)) == []
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.course_get(actor=officer_2401, pk=course.pk)


# Licences ---------------------------------------------------------------------------------


def record(actor, person, agency, number="۱۲۳-الف", **extra):
    values = {
        "kind": "home_business",
        "issued_on": ISSUED,
        "expires_on": ISSUED + datetime.timedelta(days=365),
        **extra,
    }
    return services.licence_record(
        actor=actor, person=person, agency=agency, number=number, **values
    )


def test_a_licence_number_reused_by_the_same_agency_is_refused(clerk, samt, jihad, areas):
    first = record(clerk, make_person(areas[VILLAGE_2403]), samt)
    assert first.number == "123-الف"
    count = Licence.objects.count()
    with pytest.raises(ValidationError) as refused:
        record(clerk, make_person(areas[VILLAGE_2403]), samt, number=" 123-الف ")
    assert "پیش‌تر برای" in refused.value.message_dict["number"][0]
    assert Licence.objects.count() == count
    # Another agency may use the same number.
    assert record(clerk, make_person(areas[VILLAGE_2403]), jihad).agency == jihad


def test_expiry_must_be_after_the_issue(clerk, samt, trainee):
    with pytest.raises(ValidationError) as refused:
        record(clerk, trainee, samt, expires_on=ISSUED)
    assert "پس از تاریخ صدور" in refused.value.message_dict["expires_on"][0]
    licence = record(clerk, trainee, samt, expires_on=ISSUED + datetime.timedelta(days=1))
    assert licence.expires_on == ISSUED + datetime.timedelta(days=1)


def test_a_licence_issued_in_the_future_is_refused(clerk, samt, trainee):
    from abadi.core import clock

    with pytest.raises(ValidationError):
        record(
            clerk,
            trainee,
            samt,
            issued_on=clock.today() + datetime.timedelta(days=1),
            expires_on=None,
        )
    assert (
        record(clerk, trainee, samt, issued_on=clock.today(), expires_on=None).issued_on
        == clock.today()
    )


def test_a_licence_belongs_to_the_county_of_its_holder(clerk, samt, trainee, areas):
    assert record(clerk, trainee, samt).area == areas["2403"]


def test_the_course_named_must_be_one_the_holder_enrolled_in(clerk, samt, course, trainee, areas):
    with pytest.raises(ValidationError) as refused:
        record(clerk, trainee, samt, course=course)
    assert "ثبت‌نام نکرده" in refused.value.message_dict["course"][0]
    services.enrolment_create(
        actor=clerk, course=course, person=trainee, on=datetime.date(2021, 4, 20)
    )
    assert record(clerk, trainee, samt, course=course).course == course


@pytest.fixture
def loan_plan(areas, manager, trainee):
    from abadi.loans.tests.conftest import make_bank

    bank = make_bank(areas["24"], "بانک ملی")
    line = loan_services.credit_line_create(
        actor=manager,
        area=areas["24"],
        year=1400,
        title="اقتصاد مقاومتی ۱۴۰۰",
        total=10_000_000_000,
        annual_rate_bp=400,
        term_months=36,
        banks=[bank],
    )
    clerk = user_with_role("loanclerk", Role.DATA_CLERK, areas["2403"])
    return loan_services.application_register(
        actor=clerk,
        applicant=trainee,
        credit_line=line,
        bank=bank,
        place=trainee.area,
        title="زنبورداری",
        sector="poultry",
        activity="۴۰ کندو",
        requested_amount=500_000_000,
        planned_jobs=2,
        on=datetime.date(2021, 7, 1),
    )


def test_the_loan_plan_is_found_through_the_loans_selector_and_must_be_the_holders(
    clerk, samt, trainee, loan_plan, areas
):
    licence = record(clerk, trainee, samt, loan_number=loan_plan.number)
    assert licence.loan_number == loan_plan.number
    with pytest.raises(ValidationError) as refused:
        record(
            clerk, make_person(areas[VILLAGE_2403]), samt, number="9", loan_number=loan_plan.number
        )
    assert "به نام" in refused.value.message_dict["loan_number"][0]
    with pytest.raises(ValidationError) as missing:
        record(clerk, trainee, samt, number="10", loan_number="1400-999999")
    assert "پیدا نشد" in missing.value.message_dict["loan_number"][0]


def test_a_loan_plan_of_another_county_is_not_found(samt, loan_plan, areas):
    other = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    person = make_person(areas[VILLAGE_2401])
    with pytest.raises(ValidationError) as refused:
        record(other, person, samt, loan_number=loan_plan.number)
    assert "پیدا نشد" in refused.value.message_dict["loan_number"][0]


def test_licence_update_keeps_the_number_unique(clerk, samt, areas):
    first = record(clerk, make_person(areas[VILLAGE_2403]), samt, number="1")
    second = record(clerk, make_person(areas[VILLAGE_2403]), samt, number="2")
    with pytest.raises(ValidationError):
        services.licence_update(actor=clerk, licence=second, number="1")
    services.licence_update(actor=clerk, licence=second, number="3")
    second.refresh_from_db()
    assert second.number == "3" and first.number == "1"


def test_licences_expiring_within_a_month(clerk, samt, trainee):
    from abadi.core import clock

    today = clock.today()
    soon = record(
        clerk,
        trainee,
        samt,
        number="A",
        issued_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=30),
    )
    record(
        clerk,
        trainee,
        samt,
        number="B",
        issued_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=31),
    )
    assert list(selectors.licences_expiring(actor=clerk, days=30)) == [soon]

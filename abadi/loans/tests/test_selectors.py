"""Every selector limits rows to the actor's areas."""

import datetime

import pytest

from abadi.loans import selectors, services
from abadi.loans.models import Status

pytestmark = pytest.mark.django_db


def test_credit_lines_of_the_area_and_above(line, areas, staff, county_officer, banks):
    lorestan = services.credit_line_create(
        actor=staff.admin,
        area=areas["15"],
        year=1401,
        title="اقتصاد مقاومتی لرستان",
        total=1_000_000_000,
        annual_rate_bp=400,
        term_months=12,
    )
    assert list(selectors.credit_line_list(actor=county_officer)) == [line]  # the province's line
    assert set(selectors.credit_line_list(actor=staff.admin)) == {line, lorestan}
    assert list(selectors.credit_line_list(actor=staff.admin, year=1400)) == []


def test_visits_and_applications_are_scoped(
    register, advance, staff, areas, county_officer, officer_2401
):
    mine = advance(register(), Status.DISBURSED)
    theirs = advance(register(place=areas["2401010001001"]), Status.DISBURSED)
    services.visit_add(
        actor=staff.county,
        application=mine,
        date=datetime.date(2022, 7, 1),
        direct_jobs=1,
        status="active",
    )
    services.visit_add(
        actor=staff.officer,
        application=theirs,
        date=datetime.date(2022, 7, 1),
        direct_jobs=2,
        status="active",
    )
    assert [visit.application for visit in selectors.visit_list(actor=county_officer)] == [mine]
    assert [visit.application for visit in selectors.visit_list(actor=officer_2401)] == [theirs]
    assert list(selectors.application_list(actor=county_officer)) == [mine]
    assert selectors.application_list(actor=staff.manager).count() == 2


def test_application_search(register, staff, applicant):
    application = register(person=applicant)
    assert list(selectors.application_list(actor=staff.manager, query=applicant.national_code)) == [
        application
    ]
    assert list(selectors.application_list(actor=staff.manager, query=application.number)) == [
        application
    ]
    assert list(selectors.application_list(actor=staff.manager, query=applicant.last_name)) == [
        application
    ]
    assert not selectors.application_list(actor=staff.manager, query="ناموجود").exists()


def test_eligibility_warnings(register, advance, staff, areas):
    from .conftest import make_person

    young = make_person(areas["2403010001001"], birth_date=datetime.date(2015, 1, 1))
    application = register(person=young)
    warnings = selectors.application_checks(applicant=young, exclude_pk=application.pk)
    assert any("سن متقاضی" in warning for warning in warnings)
    earlier = advance(register(), Status.DISBURSED)
    again = register(person=earlier.applicant)
    warnings = selectors.application_checks(applicant=earlier.applicant, exclude_pk=again.pk)
    assert any("تسهیلات اشتغال گرفته است" in warning for warning in warnings)
    assert any("طرح جاری دیگری" in warning for warning in warnings)
    # The loan's own tranche is not a "previous" loan.
    own = selectors.application_checks(applicant=earlier.applicant, exclude_pk=earlier.pk)
    assert not any("تسهیلات اشتغال گرفته" in warning for warning in own)

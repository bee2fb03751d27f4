"""Training indicators: enrolled, completed (by agency), licences issued (by agency)."""

import datetime

import pytest

from abadi.core.actors import SYSTEM
from abadi.core.indicators import IndicatorQuery, get_indicator
from abadi.training import services
from abadi.training.tests.conftest import VILLAGE_2401, VILLAGE_2403, make_person

pytestmark = pytest.mark.django_db

LAST_DAY_1399 = datetime.date(2021, 3, 20)
FIRST_DAY_1400 = datetime.date(2021, 3, 21)


def compute(key, area, year, breakdown=None):
    query = IndicatorQuery.build(actor=SYSTEM, area=area, year=year)
    indicator = get_indicator(key)
    return indicator.breakdown(breakdown, query) if breakdown else indicator.compute(query)


def test_completed_counts_by_the_completion_day_and_its_year(make_course, clerk, areas):
    old = make_course(starts_on=datetime.date(2021, 3, 10), ends_on=LAST_DAY_1399)
    new = make_course(starts_on=datetime.date(2021, 3, 15), ends_on=FIRST_DAY_1400)
    for course, day in ((old, LAST_DAY_1399), (new, FIRST_DAY_1400), (new, FIRST_DAY_1400)):
        enrolment = services.enrolment_create(
            actor=clerk,
            course=course,
            person=make_person(areas[VILLAGE_2403]),
            on=datetime.date(2021, 3, 1),
        )
        services.enrolment_complete(actor=clerk, enrolment=enrolment, on=day)
    assert compute("training.completed", areas["24"], 1399) == 1
    assert compute("training.completed", areas["24"], 1400) == 2
    assert compute("training.completed", areas["24"], 1400, "agency") == {str(new.agency_id): 2}
    assert compute("training.enrolled", areas["24"], 1399) == 3
    assert compute("training.courses", areas["24"], 1399) == 2


def test_a_withdrawal_takes_the_enrolment_out_of_enrolled(course, clerk, trainee, areas):
    enrolment = services.enrolment_create(
        actor=clerk, course=course, person=trainee, on=datetime.date(2021, 4, 25)
    )
    assert compute("training.enrolled", areas["24"], 1400) == 1
    services.enrolment_withdraw(actor=clerk, enrolment=enrolment, reason="x", on=course.starts_on)
    assert compute("training.enrolled", areas["24"], 1400) == 0


def test_licences_issued_by_agency_and_county(clerk, samt, jihad, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    other = user_with_role("clerk2401", Role.DATA_CLERK, areas["2401"])
    for number, (actor, agency, village) in enumerate(
        [(clerk, samt, VILLAGE_2403), (clerk, jihad, VILLAGE_2403), (other, samt, VILLAGE_2401)]
    ):
        services.licence_record(
            actor=actor,
            person=make_person(areas[village]),
            kind="business",
            agency=agency,
            number=str(number),
            issued_on=datetime.date(2021, 9, 1),
        )
    assert compute("training.licences_issued", areas["24"], 1400) == 3
    assert compute("training.licences_issued", areas["24"], 1400, "agency") == {
        str(samt.pk): 2,
        str(jihad.pk): 1,
    }
    assert compute("training.licences_issued", areas["2403"], 1400) == 2
    assert compute("training.licences_issued", areas["24"], 1401) == 0

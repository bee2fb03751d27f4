"""Records of every kind of the training module in one county, for the checks that run
over every app (the access matrix, the API schema sweep, the query-count sweep).

``build(county=…, marker=…, count=n)`` creates, in ``county`` and through the module's
own services, ``n`` courses (with a partner agency of the county), ``n`` people enrolled
in each, the first of whom completes the course (a certificate), and ``n`` licences; every
title or name carries ``marker``.
"""

from __future__ import annotations

import datetime
import hashlib

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.persian import to_persian_digits
from abadi.core.validators import national_code_check_digit
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level
from abadi.organisations.models import OrganisationKind
from abadi.organisations.services import organisation_create
from abadi.people.selectors import person_by_national_code
from abadi.people.services import person_create
from abadi.training import services
from abadi.training.models import CourseField, LicenceKind


def national_code(seed: str) -> str:
    """A valid national code derived from ``seed`` (the same seed, the same code)."""
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    first_nine = f"{digest % 10**9:09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def sample_person(*, county, marker: str, index: int):
    """A person of a village of ``county``, named with ``marker``."""
    village = areas_of_level(
        actor=SYSTEM, perm="people.view", level=AreaLevel.VILLAGE, under=county
    ).first()
    seed = f"{county.code}|{marker}|{index}"
    while True:
        code = national_code(seed)
        if len(set(code)) > 1 and person_by_national_code(actor=SYSTEM, national_code=code) is None:
            break
        seed += "+"
    return person_create(
        actor=SYSTEM,
        national_code=code,
        first_name=to_persian_digits(f"فراگیر {index}"),
        last_name=to_persian_digits(f"نمونه {marker}"),
        sex="female" if index % 2 else "male",
        birth_date=datetime.date(1990, 1, 1),
        area=village or county,
    )


def build(*, county, marker: str, count: int = 1) -> None:
    today = clock.today()
    agency = organisation_create(
        actor=SYSTEM,
        name=to_persian_digits(f"آموزش فنی و حرفه‌ای {marker} {county.code}"),
        kind=OrganisationKind.TVTO,
        area=county,
    )
    started = today - datetime.timedelta(days=30)
    for number in range(1, count + 1):
        course = services.course_create(
            actor=SYSTEM,
            title=to_persian_digits(f"دوره زنبورداری {marker} {number}"),
            field=CourseField.BEEKEEPING,
            agency=agency,
            place=county,
            starts_on=started,
            ends_on=started + datetime.timedelta(days=10),
            hours=40,
            capacity=count + 2,
            venue=to_persian_digits(f"کارگاه {marker}"),
        )
        people = [
            sample_person(county=county, marker=marker, index=number * 1000 + seat)
            # One more than count: the first completes, the others are still enrolled,
            # so every kind of enrolment page (with its next steps) exists.
            for seat in range(count + 1)
        ]
        enrolments = [
            services.enrolment_create(
                actor=SYSTEM, course=course, person=person, on=started - datetime.timedelta(days=5)
            )
            for person in people
        ]
        services.enrolment_complete(
            actor=SYSTEM, enrolment=enrolments[0], on=course.ends_on, hours_attended=40
        )
        services.licence_record(
            actor=SYSTEM,
            person=people[0],
            kind=LicenceKind.HOME_BUSINESS,
            agency=agency,
            number=f"{marker}-{county.code}-{number}",
            issued_on=course.ends_on,
            expires_on=course.ends_on + datetime.timedelta(days=365 * 3),
            course=course,
            activity=to_persian_digits(f"زنبورداری {marker}"),
        )

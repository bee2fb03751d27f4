"""Sample records of every kind this module has, for the guard rails (the access matrix,
the API's fuzzing, the query-count sweep): ``build(county=…, marker=…, count=…)`` makes
``count`` groups of ``county`` — each with its domains, permit, status history (a
suspension and its end), an adopted village, a leader and a member (persons of the
registry), a leader account, and a deployment with a photo — through this module's own
services. ``marker`` is in every name people see (groups, persons, work done, photos)."""

from __future__ import annotations

import datetime
import hashlib
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.permissions import VIEW_AREAS, Role
from abadi.core.persian import to_persian_digits
from abadi.core.validators import national_code_check_digit
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import areas_of_level
from abadi.people.services import person_create
from abadi.testing import user_with_role
from abadi.volunteers import services
from abadi.volunteers.models import Domain, GroupType, MemberRole

if TYPE_CHECKING:
    from abadi.geography.models import Area

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _digits(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:15], 16)


def _national_code(*parts: object) -> str:
    number = _digits("person", *parts) % 900_000_000 + 100_000_000
    first_nine = f"{number:09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def _village(county: Area) -> Area:
    village = areas_of_level(
        actor=SYSTEM, perm=VIEW_AREAS, level=AreaLevel.VILLAGE, under=county
    ).first()
    if village is None:
        raise ValueError(f"no village under {county.code} for the volunteers samples")
    return village


def build(*, county: Area, marker: str, count: int = 1) -> None:
    village = _village(county)
    today = clock.today()
    for n in range(count):
        key = (marker, county.code, n)
        leader, member = (
            person_create(
                actor=SYSTEM,
                national_code=_national_code(role, *key),
                first_name=to_persian_digits(f"{marker} {role}"),
                last_name=to_persian_digits(f"نمونه {n}"),
                sex="male",
                area=village,
            )
            for role in ("سرگروه", "عضو")
        )
        group = services.group_register(
            actor=SYSTEM,
            atlas_id=f"S{_digits('atlas', *key) % 10**12:012d}",
            name=to_persian_digits(f"گروه جهادی {marker} {n}"),
            group_type=GroupType.NEIGHBOURHOOD,
            main_domain=Domain.HEALTH,
            domains=[Domain.CIVIL_WORKS],
            home=village,
            leader=leader,
            permit_number=f"{marker}-{n}",
            permit_issued_on=today - datetime.timedelta(days=300),
            permit_expires_on=today + datetime.timedelta(days=30),
            villages=[village],
            note=marker,
        )
        services.group_suspend(
            actor=SYSTEM,
            group=group,
            reason=to_persian_digits(f"{marker}: بازرسی"),
            on=today - datetime.timedelta(days=20),
        )
        services.group_reinstate(
            actor=SYSTEM, group=group, note=marker, on=today - datetime.timedelta(days=10)
        )
        services.member_add(
            actor=SYSTEM, group=group, person=member, role=MemberRole.SPECIALIST, skills=marker
        )
        user = user_with_role(f"leader-{_digits('user', *key) % 10**10}", Role.GROUP_LEADER, county)
        services.leadership_grant(actor=SYSTEM, group=group, user=user)
        services.deployment_report(
            actor=SYSTEM,
            group=group,
            place=village,
            started_on=today - datetime.timedelta(days=3),
            ended_on=today - datetime.timedelta(days=2),
            domain=Domain.HEALTH,
            work_done=to_persian_digits(f"{marker}: ویزیت رایگان"),
            people_served=25,
            volunteers=4,
            photos=[SimpleUploadedFile(f"{marker}-{n}.png", PNG, content_type="image/png")],
        )

"""Builders the tests of every app share: a small area tree, users holding roles, and what
the apps' sample builders (``samples.py``) need."""

import contextlib
import datetime
import itertools
import os
import zoneinfo
from collections.abc import Iterator

from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.accounts.models import RoleAssignment, User
from abadi.core import clock
from abadi.core.persian import search_key
from abadi.core.validators import national_code_check_digit
from abadi.geography.models import Area, AreaLevel


@contextlib.contextmanager
def edge_of_day() -> Iterator[None]:
    """Run at the minute ``ABADI_TEST_CLOCK=HH:MM`` of today in Tehran, if it is set.

    ``make test`` runs the suite once at 23:59 and once at 00:01, either side of the
    office's midnight (00:01 in Tehran is still the day before in UTC), so a test or a
    service that takes the date from another clock than ``abadi.core.clock`` fails whatever
    hour the suite runs at. The process's own time zone is set to UTC meanwhile, as on the
    servers, so ``datetime.date.today()`` gives the other day.
    """
    minute = os.environ.get("ABADI_TEST_CLOCK", "")
    if not minute:
        yield
        return
    import time_machine

    tehran = zoneinfo.ZoneInfo("Asia/Tehran")
    hours, minutes = (int(part) for part in minute.split(":"))
    day = clock.now().astimezone(tehran).date()
    moment = datetime.datetime.combine(day, datetime.time(hours, minutes), tzinfo=tehran)
    # A destination in a ZoneInfo zone makes time-machine set the process's zone to it.
    with time_machine.travel(moment.astimezone(zoneinfo.ZoneInfo("UTC")), tick=False):
        yield


# code, name, level, parent code — enough of Ardabil (and one other province) to test scoping.
SMALL_TREE = [
    ("IR", "ایران", AreaLevel.COUNTRY, None),
    ("24", "اردبیل", AreaLevel.PROVINCE, "IR"),
    ("2401", "اردبیل", AreaLevel.COUNTY, "24"),
    ("2403", "خلخال", AreaLevel.COUNTY, "24"),
    ("240101", "مرکزی", AreaLevel.DISTRICT, "2401"),
    ("240301", "مرکزی", AreaLevel.DISTRICT, "2403"),
    ("2403010001", "خانندبیل غربی", AreaLevel.RURAL_DISTRICT, "240301"),
    ("2403010001001", "اسبو", AreaLevel.VILLAGE, "2403010001"),
    ("2401010001", "بالغلو", AreaLevel.RURAL_DISTRICT, "240101"),
    ("2401010001001", "سقزچی", AreaLevel.VILLAGE, "2401010001"),
    ("15", "لرستان", AreaLevel.PROVINCE, "IR"),
    ("1501", "خرم‌آباد", AreaLevel.COUNTY, "15"),
]


def area_tree() -> dict[str, Area]:
    """Create (or fetch) the small tree; returns areas by code."""
    areas: dict[str, Area] = {}
    for code, name, level, parent_code in SMALL_TREE:
        if parent_code:
            areas[code] = child_area(areas[parent_code], code, level, name)
        else:
            areas[code], _ = Area.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "level": level,
                    "path": f"/{code}/",
                    "depth": 0,
                    "search_key": search_key(name),
                },
            )
    return areas


ARDABIL_COUNTIES = [f"24{n:02d}" for n in range(1, 13)]


def ardabil_tree(areas: dict[str, Area], *, villages: int = 1) -> dict[str, Area]:
    """The small tree plus Ardabil's twelve counties as the demo knows them (2401 to 2412),
    each with a district, a rural district and ``villages`` villages: enough for a
    module's demo to run its history in a test."""
    for code in ARDABIL_COUNTIES:
        parent = areas["24"]
        chain = [
            (AreaLevel.COUNTY, code),
            (AreaLevel.DISTRICT, code + "01"),
            (AreaLevel.RURAL_DISTRICT, code + "010001"),
        ]
        for level, area_code in chain:
            parent = child_area(parent, area_code, level, f"{level.label} {area_code}")
        for number in range(1, villages + 1):
            village = f"{code}010001{number:03d}"
            child_area(parent, village, AreaLevel.VILLAGE, f"روستای {village}")
    return areas


def child_area(parent: Area, code: str, level: str, name: str) -> Area:
    """Create (or fetch) the area ``code`` under ``parent``, its path, depth and search key
    as the loader would write them."""
    path = f"{parent.path}{code}/"
    return Area.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "level": level,
            "parent": parent,
            "path": path,
            "depth": path.count("/") - 2,
            "search_key": search_key(name),
        },
    )[0]


def user_with_role(username: str, role: str, area: Area | None, module: str = "") -> User:
    user = User.objects.create_user(username=username, password="pw-for-tests-1234")
    RoleAssignment.objects.create(user=user, role=role, area=area, module=module)
    return user


# ---------------------------------------------------------------------------- samples
# What every app's ``samples.py`` (``build(*, county, marker, count=1)``) shares: unique
# national codes, the first village of a county, and small files that pass the upload checks.

_sample_codes = itertools.count(1)

SAMPLE_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SAMPLE_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sample_national_code() -> str:
    """A valid national code no other sample (nor the tests' own builders) uses."""
    first_nine = f"{700_000_000 + next(_sample_codes):09d}"
    return first_nine + str(national_code_check_digit(first_nine))


def sample_village(county: Area) -> Area:
    """The first village of ``county`` (of :func:`area_tree` or of the reference data)."""
    village = (
        Area.objects.filter(path__startswith=county.path, level=AreaLevel.VILLAGE)
        .order_by("code")
        .first()
    )
    if village is None:
        raise ValueError(f"county {county.code} has no village")
    return village


def sample_file(name: str, content: bytes) -> SimpleUploadedFile:
    content_type = "image/png" if name.endswith(".png") else "application/pdf"
    return SimpleUploadedFile(name, content, content_type=content_type)

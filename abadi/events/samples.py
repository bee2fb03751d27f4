"""Records of every kind of the events module in one county, for the checks that run over
every app (the access matrix, the API schema sweep, the query-count sweep).

``build(county=…, marker=…, count=n)`` creates, in ``county`` and through the module's own
services, ``n`` occasions, and for each a planned event, a held inauguration with a
project link and a photo, a cancelled event and a held exhibition with an exhibitor;
every title or name carries ``marker``.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from abadi.core import clock
from abadi.core.actors import SYSTEM
from abadi.core.persian import to_persian_digits
from abadi.events import services
from abadi.events.models import EventKind, FileKind, LinkKind, Occasion, OrganiserKind
from abadi.projects.models import Stage
from abadi.projects.selectors import project_list

# The smallest PNG a browser shows: one transparent pixel.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _plan(*, county, occasion: Occasion, kind: str, title: str, day: datetime.date, **extra):
    return services.event_plan(
        actor=SYSTEM,
        title=title,
        kind=kind,
        place=county,
        occasion=occasion,
        starts_at=services.event_moment(day, datetime.time(9, 0)),
        ends_at=services.event_moment(day, datetime.time(12, 0)),
        organiser_kind=OrganiserKind.COUNTY_OFFICE,
        venue=to_persian_digits(f"مصلای {title}"),
        **extra,
    )


def build(*, county, marker: str, count: int = 1) -> None:
    today = clock.today()
    for number in range(1, count + 1):
        first = today - datetime.timedelta(days=20 + number)
        occasion = services.occasion_create(
            actor=SYSTEM,
            name=to_persian_digits(f"هفته {marker} {county.code} {number}"),
            area=county,
            starts_on=first,
            ends_on=first + datetime.timedelta(days=40),
        )
        same = {"county": county, "occasion": occasion}
        _plan(
            **same,
            kind=EventKind.MANOEUVRE,
            title=to_persian_digits(f"رزمایش {marker} {number}"),
            day=today + datetime.timedelta(days=3),
        )
        # The county's own completed project (the projects samples come first), opened today.
        completed = project_list(actor=SYSTEM, stage=Stage.COMPLETED).filter(
            area__path__startswith=county.path
        )
        project = completed.order_by("pk").first()
        opening = _plan(
            **same,
            kind=EventKind.INAUGURATION,
            title=to_persian_digits(f"افتتاح نیروگاه خورشیدی {marker} {number}"),
            day=today,
            links=[services.LinkItem(kind=LinkKind.PROJECT, target_id=project.pk, label=marker)]
            if project is not None
            else [],
        )
        services.event_mark_held(actor=SYSTEM, event=opening, on=today, people_served=12)
        services.event_file_add(
            actor=SYSTEM,
            event=opening,
            kind=FileKind.PHOTO,
            file=SimpleUploadedFile(f"{marker}.png", PIXEL, content_type="image/png"),
            title=to_persian_digits(f"عکس {marker}"),
        )
        cancelled = _plan(
            **same,
            kind=EventKind.SERVICE_DESK,
            title=to_persian_digits(f"میز خدمت {marker} {number}"),
            day=first,
        )
        services.event_cancel(
            actor=SYSTEM, event=cancelled, reason=to_persian_digits(f"باران {marker}"), on=first
        )
        fair = _plan(
            **same,
            kind=EventKind.EXHIBITION,
            title=to_persian_digits(f"نمایشگاه اقتصاد مقاومتی {marker} {number}"),
            day=first,
        )
        services.exhibitor_add(
            actor=SYSTEM,
            event=fair,
            name=to_persian_digits(f"کارگاه فرش {marker} {number}"),
            products="فرش دستباف",
            sales_amount=50_000_000,
            visitors=40,
        )
        services.event_mark_held(actor=SYSTEM, event=fair, on=first, people_served=300)

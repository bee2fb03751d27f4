"""Import kinds of the events module ("events_occasions", "events_events",
"events_exhibitors"): a week's programme planned in a spreadsheet, what was held reported
in the same file, exhibitors and their sales.

Every row is checked before anything is written; rows are written through the same
services as the pages (the workflow's checks included: a future event is never marked
held). A row already imported (same source id; the same occasion name; the same
exhibitor at the same exhibition) is left unchanged, so a file can be imported twice.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.imports import (
    Column,
    ImportKind,
    ImportOutcome,
    parsers,
    refused_as_row_error,
    register_import,
)
from abadi.core.persian import search_key, to_latin_digits
from abadi.events import services
from abadi.events.forms import EVENT_PLACE_LEVELS
from abadi.events.models import Event, EventKind, Exhibitor, Occasion, OrganiserKind
from abadi.events.permissions import MANAGE_OCCASIONS, PLAN_EVENTS, REPORT_EVENTS
from abadi.events.selectors import occasion_list
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import AreaInputs

_TIME = re.compile(r"^(\d{1,2})[:٫.](\d{2})(?::\d{2})?$")


def time_of_day(value: str) -> datetime.time:
    """ "۹:۳۰", "09:30", "17.00" → a time of day."""
    match = _TIME.match(to_latin_digits(value).strip())
    if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValidationError(_("ساعت را به شکل ۰۹:۳۰ بنویسید."))
    return datetime.time(int(match.group(1)), int(match.group(2)))


def _words(choices) -> dict[str, str]:
    return {
        **{str(label): value for value, label in choices.choices},
        **{v: v for v in choices.values},
    }


def _errors(error: ValidationError) -> dict[str, str]:
    return {key: " ".join(value) for key, value in error.message_dict.items()}


# Occasions -------------------------------------------------------------------------------


@dataclass
class OccasionContext:
    areas: AreaInputs
    known: set[tuple[int, str]]


class OccasionImport(ImportKind):
    name = "events_occasions"
    label = gettext_lazy("مناسبت‌ها")
    perm = MANAGE_OCCASIONS
    columns = [
        Column("name", gettext_lazy("نام مناسبت"), aliases=("name", "مناسبت"), parse=parsers.text(200), example="هفته بسیج سازندگی ۱۴۰۲"),
        Column("area", gettext_lazy("دفتر مسئول"), aliases=("area", "منطقه"), parse=parsers.text(200), example="24", help=gettext_lazy("کد یا نام استان یا شهرستان")),
        Column("starts_on", gettext_lazy("روز نخست"), aliases=("starts on", "از"), parse=parsers.jalali_date(), example="1402/02/15"),
        Column("ends_on", gettext_lazy("روز پایان"), aliases=("ends on", "تا"), parse=parsers.jalali_date(), example="1402/02/23"),
        Column("description", gettext_lazy("توضیح"), aliases=("description",), required=False, parse=parsers.text(2000), example=""),
    ]  # fmt: skip
    ignored_headers = ("شناسه", "شمار رویدادها")

    def prepare(self, *, actor, rows):
        areas = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["area"] for row in rows if row.get("area")},
            levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
        )
        keys = {search_key(row["name"]) for row in rows if row.get("name")}
        known = set(
            Occasion.objects.filter(search_key__in=keys).values_list("area_id", "search_key")
        )
        return OccasionContext(areas=areas, known=known)

    def validate_row(self, row, *, context: OccasionContext):
        area = context.areas.resolve(row["area"])
        if isinstance(area, str):
            raise ValidationError({"area": area})
        if row["ends_on"] < row["starts_on"]:
            raise ValidationError({"ends_on": _("روز پایان مناسبت پیش از روز نخست آن است.")})
        return {**row, "_area": area, "_known": (area.pk, search_key(row["name"])) in context.known}

    def external_key(self, row):
        return f"{to_latin_digits(row['area']).strip()}|{search_key(row['name'])}"

    def commit(self, rows, *, actor, context: OccasionContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row["_known"]:
                unchanged += 1
                continue
            with refused_as_row_error(row):
                services.occasion_create(
                    actor=actor,
                    name=row["name"],
                    area=row["_area"],
                    starts_on=row["starts_on"],
                    ends_on=row["ends_on"],
                    description=row.get("description") or "",
                )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


# Events ----------------------------------------------------------------------------------


@dataclass
class EventContext:
    places: AreaInputs
    occasions: dict[str, Occasion]
    known: set[str] = field(default_factory=set)


class EventImport(ImportKind):
    name = "events_events"
    label = gettext_lazy("رویدادها (برنامه و گزارش برگزاری)")
    perm = PLAN_EVENTS
    columns = [
        Column("source_id", gettext_lazy("شناسه منبع"), aliases=("source id", "کد برنامه"), parse=parsers.code(64), example="HB1401-2403-07", help=gettext_lazy("شناسه برنامه در جدول هفته؛ با آن ورود دوباره همان پرونده چیزی را دو بار ثبت نمی‌کند")),
        Column("title", gettext_lazy("عنوان"), aliases=("title",), parse=parsers.text(200), example="رزمایش کمک مؤمنانه خلخال"),
        Column("kind", gettext_lazy("نوع برنامه"), aliases=("kind", "نوع"), parse=parsers.choice(_words(EventKind)), example=str(EventKind.MANOEUVRE.label), choices=tuple(str(label) for label in EventKind.labels)),
        Column("occasion", gettext_lazy("مناسبت"), aliases=("occasion",), required=False, parse=parsers.text(200), example="هفته بسیج سازندگی ۱۴۰۱"),
        Column("place", gettext_lazy("محل برگزاری"), aliases=("place", "محل"), parse=parsers.text(200), example="2403", help=gettext_lazy("کد یا نام شهرستان، شهر یا روستا")),
        Column("day", gettext_lazy("روز برگزاری"), aliases=("day", "تاریخ"), parse=parsers.jalali_date(), example="1401/02/17"),
        Column("start_time", gettext_lazy("ساعت آغاز"), aliases=("start time", "ساعت"), parse=time_of_day, example="09:00"),
        Column("end_time", gettext_lazy("ساعت پایان"), aliases=("end time",), required=False, parse=time_of_day, example="12:00"),
        Column("organiser_kind", gettext_lazy("برگزارکننده"), aliases=("organiser",), parse=parsers.choice(_words(OrganiserKind)), example=str(OrganiserKind.COUNTY_OFFICE.label), choices=tuple(str(label) for label in OrganiserKind.labels)),
        Column("organiser_name", gettext_lazy("نام برگزارکننده"), aliases=("organiser name", "گروه جهادی"), required=False, parse=parsers.text(200), example=""),
        Column("venue", gettext_lazy("مکان"), aliases=("venue", "نشانی"), required=False, parse=parsers.text(200), example="مصلای شهر"),
        Column("held_on", gettext_lazy("تاریخ برگزاری (ثبت‌شده)"), aliases=("held on", "برگزار شد"), required=False, parse=parsers.jalali_date(not_future=True), example="1401/02/17", help=gettext_lazy("برای رویدادی که برگزار شده است")),
        Column("people_served", gettext_lazy("شمار بهره‌مندان"), aliases=("people served", "بهره‌مندان"), required=False, parse=parsers.integer(0, 1_000_000), example="250"),
    ]  # fmt: skip
    ignored_headers = ("شناسه", "شهرستان", "نام محل", "وضعیت", "تاریخ لغو")

    def prepare(self, *, actor, rows):
        places = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["place"] for row in rows if row.get("place")},
            levels=EVENT_PLACE_LEVELS,
        )
        occasions: dict[str, Occasion] = {}
        for occasion in occasion_list(actor=actor):
            occasions[occasion.search_key] = occasion
            occasions[str(occasion.pk)] = occasion
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        known = set(Event.objects.filter(source_id__in=sources).values_list("source_id", flat=True))
        return EventContext(places=places, occasions=occasions, known=known)

    def validate_row(self, row, *, context: EventContext):
        if row["source_id"] in context.known:
            return row
        errors: dict[str, str] = {}
        place = context.places.resolve(row["place"])
        if isinstance(place, str):
            errors["place"] = place
        occasion = None
        if row.get("occasion"):
            occasion = context.occasions.get(search_key(row["occasion"])) or context.occasions.get(
                to_latin_digits(row["occasion"]).strip()
            )
            if occasion is None:
                errors["occasion"] = _("مناسبتی به نام «%(name)s» پیدا نشد.") % {
                    "name": row["occasion"]
                }
            elif not occasion.starts_on <= row["day"] <= occasion.ends_on:
                errors["day"] = _("روز رویداد در روزهای مناسبت نیست.")
        end = row.get("end_time")
        if end is not None and end < row["start_time"]:
            errors["end_time"] = _("پایان رویداد پیش از آغاز آن است.")
        held = row.get("held_on")
        if held is not None and row["day"] > clock.today():
            errors["held_on"] = _("رویدادی را که روزش نرسیده نمی‌توان برگزارشده ثبت کرد.")
        elif held is not None and held < row["day"]:
            errors["held_on"] = _("تاریخ برگزاری پیش از روز رویداد است.")
        if errors:
            raise ValidationError(errors)
        return {**row, "_place": place, "_occasion": occasion}

    def external_key(self, row):
        return row.get("source_id")

    def commit(self, rows, *, actor, context: EventContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row["source_id"] in context.known:
                unchanged += 1
                continue
            with refused_as_row_error(row):
                event = services.event_plan(
                    actor=actor,
                    title=row["title"],
                    kind=row["kind"],
                    place=row["_place"],
                    occasion=row["_occasion"],
                    starts_at=services.event_moment(row["day"], row["start_time"]),
                    ends_at=services.event_moment(row["day"], row["end_time"])
                    if row.get("end_time")
                    else None,
                    organiser_kind=row["organiser_kind"],
                    organiser_name=row.get("organiser_name") or "",
                    venue=row.get("venue") or "",
                    source_id=row["source_id"],
                )
                if row.get("held_on") is not None:
                    services.event_mark_held(
                        actor=actor,
                        event=event,
                        on=row["held_on"],
                        people_served=row.get("people_served") or 0,
                    )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


# Exhibitors ------------------------------------------------------------------------------


@dataclass
class ExhibitorContext:
    events: dict[str, Event]
    known: set[tuple[int, str]]


class ExhibitorImport(ImportKind):
    name = "events_exhibitors"
    label = gettext_lazy("غرفه‌داران نمایشگاه‌ها و فروش آن‌ها")
    perm = REPORT_EVENTS
    columns = [
        Column("event", gettext_lazy("نمایشگاه"), aliases=("event", "exhibition", "شناسه نمایشگاه"), parse=parsers.code(64), example="HB1401-2401-90", help=gettext_lazy("شناسه رویداد نمایشگاه یا شناسه منبع آن")),
        Column("loan_number", gettext_lazy("شماره طرح اشتغال"), aliases=("loan number", "شماره طرح"), required=False, parse=parsers.code(20), example="1400-000042"),
        Column("name", gettext_lazy("نام کارگاه"), aliases=("name", "کارگاه", "غرفه"), required=False, parse=parsers.text(200), example="کارگاه فرش دستباف"),
        Column("products", gettext_lazy("محصولات"), aliases=("products",), required=False, parse=parsers.text(300), example="فرش، گلیم"),
        Column("sales_amount", gettext_lazy("فروش (ریال)"), aliases=("sales", "فروش"), required=False, parse=parsers.amount(min_value=0), example="120000000"),
        Column("visitors", gettext_lazy("بازدیدکنندگان"), aliases=("visitors", "بازدید"), required=False, parse=parsers.integer(0, 1_000_000), example="300"),
    ]  # fmt: skip
    ignored_headers = ("عنوان نمایشگاه", "شهرستان", "روز نمایشگاه")

    def prepare(self, *, actor, rows):
        from abadi.core.scoping import scope

        keys = {to_latin_digits(row["event"]).strip() for row in rows if row.get("event")}
        exhibitions = scope(
            Event.objects.filter(kind=EventKind.EXHIBITION).select_related("area"),
            actor=actor,
            perm=self.perm,
        )
        events: dict[str, Event] = {}
        for event in exhibitions.filter(source_id__in=keys):
            events[event.source_id or ""] = event
        for event in exhibitions.filter(pk__in=[int(key) for key in keys if key.isdigit()]):
            events.setdefault(str(event.pk), event)
        known = set(
            Exhibitor.objects.filter(event__in=list(events.values())).values_list(
                "event_id", "name_key"
            )
        )
        return ExhibitorContext(events=events, known=known)

    def validate_row(self, row, *, context: ExhibitorContext):
        event = context.events.get(to_latin_digits(row["event"]).strip())
        if event is None:
            raise ValidationError(
                {
                    "event": _("نمایشگاهی با شناسه «%(key)s» در حوزه شما پیدا نشد.")
                    % {"key": row["event"]}
                }
            )
        if not row.get("loan_number") and not row.get("name"):
            raise ValidationError({"name": _("نام کارگاه یا شماره طرح اشتغال آن را بنویسید.")})
        known = bool(row.get("name")) and (event.pk, search_key(row["name"])) in context.known
        return {**row, "_event": event, "_known": known}

    def external_key(self, row):
        return f"{to_latin_digits(row['event']).strip()}|{search_key(row.get('name') or row.get('loan_number') or '')}"

    def key_column(self, row):
        return "name"

    def commit(self, rows, *, actor, context: ExhibitorContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row["_known"]:
                unchanged += 1
                continue
            with refused_as_row_error(row):
                services.exhibitor_add(
                    actor=actor,
                    event=row["_event"],
                    loan_number=row.get("loan_number") or "",
                    name=row.get("name") or "",
                    products=row.get("products") or "",
                    sales_amount=row.get("sales_amount") or 0,
                    visitors=row.get("visitors") or 0,
                )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(OccasionImport())
register_import(EventImport())
register_import(ExhibitorImport())

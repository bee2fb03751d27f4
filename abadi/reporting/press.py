"""The press summary: Persian prose in the manner of a provincial office's press release,
written from the indicators of one area and Jalali year.

What it says, and from which figures:

- last year's actuals (flows of the year before): loans paid and the jobs they created,
  people trained and licences issued, prisoners freed over the last two years;
- this year's plans (targets of the year) beside what is done so far (up to the as-of day);
- what stands on the as-of day (states): active volunteer groups (and the country's, when
  the viewer sees the whole country), projects in progress, and what the office has
  built, repaired, shipped and handed out up to that day;
- the week's programme: the occasion of that year (named, or the one of the year that
  the as-of day falls in or last came before it).

Every sentence carries the keys of the indicators it states (the page shows them on
hover, the PDF as footnotes). A sentence whose figures are all zero, absent or not
registered is left out: the office never says "0 projects". Counts under ``suppress``
are written «کمتر از N» (published figures about a handful of people can point at them);
amounts of rials are not counts and are written as they are.

Nothing here names a province or a figure: the same code writes Ardabil's 1401 and any
other area's year with records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.indicators import (
    VIEW_INDICATORS,
    OccasionPeriod,
    Undefined,
    get_indicator,
    indicator_keys,
    occasion_period,
)
from abadi.core.jalali import REPORT_YEARS, format_jalali, jalali_year_bounds
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.reporting import selectors
from abadi.reporting.models import Target
from abadi.reporting.numbers import press_count, press_rials
from abadi.reporting.presentation import breakdown_rows
from abadi.reporting.selectors import visible_indicators

if TYPE_CHECKING:
    from abadi.geography.models import Area

# The keys each period is asked for (only those registered and visible are computed).
LAST_YEAR_KEYS = (
    "loans.disbursed_amount",
    "loans.jobs_verified",
    "training.completed",
    "training.licences_issued",
)
TWO_YEAR_KEYS = ("cases.prisoners_released",)
TO_DATE_KEYS = (
    "relief.shipments",
    "relief.shipped_value",
    "projects.housing_units_completed",
    "projects.housing_units_repaired",
    "relief.packages",
    "relief.packages_value",
)
THIS_YEAR_KEYS = (
    "loans.disbursed_amount",
    "projects.solar_inaugurated",
    "orgs.agencies_with_deprivation_credit",
    "volunteers.active_groups",
    "projects.in_progress",
    "projects.water_villages_in_progress",
    "projects.housing_units_in_progress",
)
NATIONAL_KEYS = ("volunteers.active_groups",)
WEEK_KEYS = ("events.planned", "projects.solar_inaugurated", "cases.prisoners_scheduled")
# The breakdowns the sentences name (the others are not computed).
BREAKDOWN_KEYS = {
    "volunteers.active_groups",  # by domain
    "training.licences_issued",  # by issuing agency
    "projects.housing_units_completed",  # by the province of the place
    "events.planned",  # by kind
}
# Plans stated in their own sentences; the other plans of the year are listed together.
OWN_PLAN_KEYS = {"loans.disbursed_amount", "projects.solar_inaugurated"}
# How many parts of a breakdown a sentence names ("از جمله عمرانی، بهداشت و درمان، …").
NAMED_PARTS = 4

RIAL_UNITS = {"rial"}
UNCOUNTED_UNITS = {"rial", "percent"}


@dataclass(frozen=True)
class Sentence:
    text: str
    keys: tuple[str, ...]


@dataclass
class Section:
    title: str
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class PressSummary:
    area: Area
    year: int
    as_of: datetime.date
    occasion: OccasionPeriod | None
    title: str
    dateline: str
    sections: list[Section]
    suppress: int | None
    names: dict[str, str]

    @property
    def sentences(self) -> list[Sentence]:
        return [sentence for section in self.sections for sentence in section.sentences]

    @property
    def keys(self) -> list[str]:
        """Every key the summary states, in the order it first states them."""
        seen: dict[str, None] = {}
        for sentence in self.sentences:
            seen.update(dict.fromkeys(sentence.keys))
        return list(seen)

    def footnote_numbers(self, sentence: Sentence) -> list[int]:
        order = self.keys
        return [order.index(key) + 1 for key in sentence.keys]

    def footnotes(self) -> list[dict[str, Any]]:
        return [
            {"number": number, "key": key, "name": self.names.get(key, key)}
            for number, key in enumerate(self.keys, start=1)
        ]

    def as_text(self) -> str:
        """Plain text: title, dateline, paragraphs with [n] markers, then the sources."""
        lines = [self.title, self.dateline, ""]
        for section in self.sections:
            if not section.sentences:
                continue
            lines.append(section.title)
            lines.append(
                " ".join(
                    sentence.text
                    + "".join(f"[{to_persian_digits(n)}]" for n in self.footnote_numbers(sentence))
                    for sentence in section.sentences
                )
            )
            lines.append("")
        lines.append(_("منبع هر عدد (شاخص‌های سامانه):"))
        for note in self.footnotes():
            lines.append(f"[{to_persian_digits(note['number'])}] {note['name']} ({note['key']})")
        return "\n".join(lines) + "\n"


# Reading the figures -------------------------------------------------------------------


class _Figures:
    """The rows of one period, by key; a missing, undefined or zero figure reads 0."""

    def __init__(self, rows: Iterable[dict[str, Any]] = ()) -> None:
        self.rows = {row["key"]: row for row in rows}

    def value(self, key: str) -> int:
        row = self.rows.get(key)
        return int(row["value"] or 0) if row and row["value"] is not None else 0

    def target(self, key: str) -> int:
        row = self.rows.get(key)
        return int(row["target"] or 0) if row and row.get("target") is not None else 0

    def parts(self, key: str) -> list[dict[str, Any]]:
        """The default breakdown as labelled rows, largest first, zeros left out."""
        row = self.rows.get(key)
        if not row or not row.get("breakdown"):
            return []
        rows = breakdown_rows(get_indicator(key), row["breakdown_name"], row["breakdown"])
        return [part for part in rows if part["value"]]

    def whole(self, key: str) -> bool:
        row = self.rows.get(key)
        return row is not None and not row["partial"]


def _ask(
    *,
    actor,
    area: Area,
    keys: Iterable[str],
    plans: bool = False,
    breakdowns: bool = True,
    **period: Any,
) -> _Figures:
    """The figures of ``keys`` the catalogue has and the viewer may see, for one period,
    as :func:`~abadi.reporting.selectors.indicator_values` gives them, but with only the
    breakdowns a sentence names, and the plans only when asked (``plans``, for a year)."""
    known = set(indicator_keys())
    wanted = [key for key in dict.fromkeys(keys) if key in known]
    if not wanted:
        return _Figures()
    query = selectors._query(
        actor=actor,
        area=area,
        year=period.get("year"),
        month=None,
        start=period.get("start"),
        end=period.get("end"),
        as_of=period.get("as_of"),
        occasion=period.get("occasion"),
    )
    indicators = visible_indicators(actor=actor, keys=wanted)
    year = period.get("year")
    manual = (
        selectors._manual_targets(area=area, year=year, keys=[i.key for i in indicators])
        if plans and year
        else {}
    )
    indicators = [
        indicator
        for indicator in indicators
        if selectors.area_viewable(actor=actor, area=area, perm=indicator.permission)
    ]
    computed_of = selectors.computed(
        indicators,
        query,
        breakdown_of=lambda i: (
            i.default_breakdown if breakdowns and i.key in BREAKDOWN_KEYS else None
        ),
    )
    rows = []
    for indicator in indicators:
        whole = area_in_scope(actor=actor, perm=indicator.permission, area=area)
        computed, breakdown = computed_of[indicator.key]
        target = None
        if manual and whole and year is not None:
            own = manual[indicator.key]
            target = selectors._plan(
                indicator,
                area=area,
                year=year,
                manual=own["own"],
                children=own["children"],
                child_count=own["child_count"],
            )["target"]
        rows.append(
            {
                "key": indicator.key,
                "name": indicator.name,
                "unit": indicator.unit.value,
                "value": None if isinstance(computed, Undefined) else computed,
                "target": target,
                "breakdown": breakdown,
                "breakdown_name": indicator.default_breakdown,
                "partial": not whole,
            }
        )
    return _Figures(rows)


def _planned_keys(*, area: Area, year: int) -> list[str]:
    """Keys that may have a plan for the area's year: a manual target set for it, or a plan
    the indicator derives from its records."""
    manual = set(Target.objects.filter(area=area, year=year).values_list("key", flat=True))
    return [
        key
        for key in indicator_keys()
        if key in manual or get_indicator(key).derived_target is not None
    ]


# Writing -------------------------------------------------------------------------------


class _Writer:
    def __init__(self, suppress: int | None) -> None:
        self.suppress = suppress if suppress and suppress > 1 else None

    def count(self, n: int) -> str:
        if self.suppress and 0 < n < self.suppress:
            return _("کمتر از %(n)s") % {"n": press_count(self.suppress)}
        return press_count(n)

    def figure(self, n: int, unit: str) -> str:
        if unit in RIAL_UNITS:
            return press_rials(n)
        if unit == "percent":
            return to_persian_digits(n) + "٪"
        return self.count(n)


def join_fa(parts: list[str]) -> str:
    """«الف، ب و ج»."""
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return "".join(parts)
    return "، ".join(parts[:-1]) + _(" و ") + parts[-1]


def _labels(parts: list[dict[str, Any]], limit: int = NAMED_PARTS) -> str:
    return join_fa([to_persian_digits(str(part["label"])) for part in parts[:limit]])


def area_phrase(area: Area) -> str:
    """«استان اردبیل», «شهرستان خلخال», «کشور»."""
    if area.level == "country":
        return _("کشور")
    return f"{area.get_level_display()} {area.name}"


def _province_code(area: Area) -> str | None:
    parts = [part for part in area.path.split("/") if part]
    return parts[1] if len(parts) > 1 else None


def _occasion_of_year(
    *, actor, area: Area, year: int, as_of: datetime.date
) -> OccasionPeriod | None:
    """The occasion of ``year`` the area keeps (or one above it): the one the as-of day
    falls in, else the last to begin before it, else the year's first."""
    if not apps.is_installed("abadi.events"):
        return None
    from abadi.events.selectors import occasion_list

    first, last = jalali_year_bounds(year)
    found = [
        occasion
        for occasion in occasion_list(actor=actor, perm=VIEW_INDICATORS)
        if occasion.starts_on <= last
        and occasion.ends_on >= first
        and (area.path.startswith(occasion.area.path) or occasion.area.path.startswith(area.path))
    ]
    if not found:
        return None
    found.sort(key=lambda occasion: (occasion.starts_on, occasion.pk))
    during = [o for o in found if o.starts_on <= as_of <= o.ends_on]
    before = [o for o in found if o.starts_on <= as_of]
    chosen = during[0] if during else (before[-1] if before else found[0])
    return OccasionPeriod(
        pk=chosen.pk, name=chosen.name, start=chosen.starts_on, end=chosen.ends_on
    )


def press_summary(
    *,
    actor,
    area: Area,
    year: int,
    as_of: datetime.date | None = None,
    occasion: str | None = None,
    suppress: int | None = None,
) -> PressSummary:
    """The press summary of ``area`` for Jalali ``year``, states read on ``as_of``
    (default: the year's last day, or today while the year lasts)."""
    if not REPORT_YEARS[0] <= year <= REPORT_YEARS[1]:
        raise ValidationError(
            {
                "year": _("سال باید از %(first)s تا %(last)s باشد.")
                % {
                    "first": to_persian_digits(REPORT_YEARS[0]),
                    "last": to_persian_digits(REPORT_YEARS[1]),
                }
            }
        )
    if suppress is not None and suppress < 0:
        raise ValidationError({"suppress": _("آستانهٔ پنهان‌کردن عددهای کوچک منفی نمی‌شود.")})
    if not selectors.area_viewable(actor=actor, area=area):
        raise PermissionDenied(_("این منطقه در حوزهٔ دسترسی شما نیست."))
    last = jalali_year_bounds(year)[1]
    day = as_of or min(last, clock.today())
    # The year's rows: its plans beside what is done up to the day, and the states on the
    # day. Of the indicators without a sentence of their own, only those with a plan.
    this = _ask(
        actor=actor,
        area=area,
        keys=[*THIS_YEAR_KEYS, *_planned_keys(area=area, year=year)],
        plans=True,
        year=year,
        as_of=day,
    )
    plans = this
    last_year = (
        _ask(actor=actor, area=area, keys=LAST_YEAR_KEYS, year=year - 1)
        if year - 1 >= REPORT_YEARS[0]
        else _Figures()
    )
    two_years = (
        _ask(
            actor=actor,
            area=area,
            keys=TWO_YEAR_KEYS,
            start=jalali_year_bounds(year - 2)[0],
            end=jalali_year_bounds(year - 1)[1],
        )
        if year - 2 >= REPORT_YEARS[0]
        else _Figures()
    )
    to_date = _ask(actor=actor, area=area, keys=TO_DATE_KEYS, as_of=day)
    national = _Figures()
    if area.level != "country" and apps.is_installed("abadi.volunteers"):
        from abadi.geography.selectors import area_from_input

        try:
            country = area_from_input(actor=actor, perm=VIEW_INDICATORS, text="IR", above=True)
        except ValidationError:
            country = None
        if country is not None and area_in_scope(actor=actor, perm=VIEW_INDICATORS, area=country):
            national = _ask(
                actor=actor,
                area=country,
                keys=NATIONAL_KEYS,
                breakdowns=False,
                year=year,
                as_of=day,
            )
    found = (
        occasion_period(actor=actor, text=occasion)
        if occasion
        else _occasion_of_year(actor=actor, area=area, year=year, as_of=day)
    )
    week = (
        _ask(actor=actor, area=area, keys=WEEK_KEYS, occasion=str(found.pk))
        if found is not None
        else _Figures()
    )
    writer = _Writer(suppress)
    context = _Context(
        area=area,
        year=year,
        day=day,
        year_ended=day >= last,
        occasion=found,
        writer=writer,
    )
    sections = [
        Section(
            _("اشتغال و اقتصاد مقاومتی"),
            _drop_empty(
                [
                    _loans_last_year(context, last_year),
                    _loans_plan(context, plans),
                    _training_last_year(context, last_year),
                ]
            ),
        ),
        Section(
            _("گروه‌های جهادی"),
            _drop_empty([_groups_national(context, national), _groups(context, this)]),
        ),
        Section(
            _("محرومیت‌زدایی و کمک‌رسانی"),
            _drop_empty(
                [
                    _shipments(context, to_date),
                    _housing(context, to_date),
                    _agencies(context, this),
                    _in_progress(context, this),
                    _solar_plan(context, plans),
                    _other_plans(context, plans),
                ]
            ),
        ),
        Section(
            _("کمک‌های مؤمنانه"),
            _drop_empty([_packages(context, to_date), _prisoners(context, two_years)]),
        ),
    ]
    if found is not None:
        sections.append(
            Section(
                _("برنامه‌های %(occasion)s") % {"occasion": to_persian_digits(found.name)},
                _drop_empty(
                    [
                        _week_events(context, week),
                        _week_solar(context, week),
                        _week_prisoners(context, week),
                    ]
                ),
            )
        )
    names = {key: get_indicator(key).name for key in indicator_keys()}
    return PressSummary(
        area=area,
        year=year,
        as_of=day,
        occasion=found,
        title=_("گزارش عملکرد و برنامه‌های بسیج سازندگی %(area)s") % {"area": area_phrase(area)},
        dateline=_("سال %(year)s، بنا بر داده‌های ثبت‌شده تا %(day)s")
        % {"year": to_persian_digits(year), "day": format_jalali(day)},
        sections=[section for section in sections if section.sentences],
        suppress=writer.suppress,
        names=names,
    )


@dataclass
class _Context:
    area: Area
    year: int
    day: datetime.date
    year_ended: bool
    occasion: OccasionPeriod | None
    writer: _Writer

    @property
    def where(self) -> str:
        return area_phrase(self.area)

    @property
    def office(self) -> str:
        return _("بسیج سازندگی %(area)s") % {"area": self.where}

    def count(self, n: int) -> str:
        return self.writer.count(n)


def _drop_empty(sentences: list[Sentence | None]) -> list[Sentence]:
    return [sentence for sentence in sentences if sentence is not None]


def _loans_last_year(c: _Context, last: _Figures) -> Sentence | None:
    amount = last.value("loans.disbursed_amount")
    if not amount:
        return None
    jobs = last.value("loans.jobs_verified")
    text = _(
        "%(office)s سال گذشته (%(year)s) %(amount)s تسهیلات اشتغال‌زایی در قالب اقتصاد "
        "مقاومتی پرداخت کرد"
    ) % {
        "office": c.office,
        "year": to_persian_digits(c.year - 1),
        "amount": press_rials(amount),
    }
    keys = ["loans.disbursed_amount"]
    if jobs:
        text += _(" و زمینهٔ اشتغال مستقیم برای %(jobs)s نفر فراهم شد") % {"jobs": c.count(jobs)}
        keys.append("loans.jobs_verified")
    return Sentence(text + ".", tuple(keys))


def _loans_plan(c: _Context, plans: _Figures) -> Sentence | None:
    target = plans.target("loans.disbursed_amount")
    if not target:
        return None
    text = _(
        "امسال هم طبق برنامه‌ریزی صورت‌گرفته %(amount)s تسهیلات اشتغال‌زایی در قالب اقتصاد "
        "مقاومتی در نقاط مختلف %(where)s پرداخت خواهد شد"
    ) % {"amount": press_rials(target), "where": c.where}
    if c.year_ended:
        text = _(
            "برنامهٔ سال %(year)s پرداخت %(amount)s تسهیلات اشتغال‌زایی در قالب اقتصاد مقاومتی "
            "در نقاط مختلف %(where)s بود"
        ) % {"year": to_persian_digits(c.year), "amount": press_rials(target), "where": c.where}
    done = plans.value("loans.disbursed_amount")
    if done:
        text += _("؛ تا %(day)s، %(done)s از آن پرداخت شده است") % {
            "day": format_jalali(c.day),
            "done": press_rials(done),
        }
    return Sentence(text + ".", ("loans.disbursed_amount",))


def _training_last_year(c: _Context, last: _Figures) -> Sentence | None:
    trained = last.value("training.completed")
    licences = last.value("training.licences_issued")
    parts, keys = [], []
    if trained:
        parts.append(
            _("پارسال %(n)s نفر در %(where)s از آموزش‌های بسیج سازندگی بهره‌مند شدند")
            % {"n": c.count(trained), "where": c.where}
        )
        keys.append("training.completed")
    if licences:
        agencies = _labels(last.parts("training.licences_issued"))
        if agencies:
            parts.append(
                _("با همکاری %(agencies)s برای %(n)s نفر مجوز راه‌اندازی کسب‌وکار صادر شد")
                % {"agencies": agencies, "n": c.count(licences)}
            )
        else:
            parts.append(
                _("برای %(n)s نفر مجوز راه‌اندازی کسب‌وکار صادر شد") % {"n": c.count(licences)}
            )
        keys.append("training.licences_issued")
    if not parts:
        return None
    if not trained:
        parts[0] = _("پارسال در %(where)s ") % {"where": c.where} + parts[0]
    return Sentence(_(" و ").join(parts) + ".", tuple(keys))


def _groups_national(c: _Context, national: _Figures) -> Sentence | None:
    n = national.value("volunteers.active_groups")
    if not n or not national.whole("volunteers.active_groups"):
        return None
    return Sentence(
        _("هم‌اکنون %(n)s گروه جهادی در عرصه‌های مختلف عمومی و تخصصی در کشور فعالیت می‌کنند.")
        % {"n": c.count(n)},
        ("volunteers.active_groups",),
    )


def _groups(c: _Context, this: _Figures) -> Sentence | None:
    n = this.value("volunteers.active_groups")
    if not n:
        return None
    domains = _labels(this.parts("volunteers.active_groups"))
    text = _("%(n)s گروه جهادی در %(where)s") % {"n": c.count(n), "where": c.where}
    if domains:
        text += _(" در حوزه‌های مختلف از جمله %(domains)s") % {"domains": domains}
    return Sentence(text + _(" به مردم خدمات ارائه می‌دهند."), ("volunteers.active_groups",))


def _shipments(c: _Context, to_date: _Figures) -> Sentence | None:
    trucks = to_date.value("relief.shipments")
    value = to_date.value("relief.shipped_value")
    if not trucks and not value:
        return None
    keys = []
    if trucks:
        what = _("%(n)s کامیون کمک‌های نقدی و غیرنقدی مردم") % {"n": c.count(trucks)}
        keys.append("relief.shipments")
    else:
        what = _("کمک‌های نقدی و غیرنقدی مردم")
    if value:
        what += _(" به ارزش %(value)s") % {"value": press_rials(value)}
        keys.append("relief.shipped_value")
    return Sentence(
        _("%(office)s تا %(day)s %(what)s را برای آسیب‌دیدگان حوادث ارسال کرده است.")
        % {"office": c.office, "day": format_jalali(c.day), "what": what},
        tuple(keys),
    )


def _housing(c: _Context, to_date: _Figures) -> Sentence | None:
    built = to_date.value("projects.housing_units_completed")
    repaired = to_date.value("projects.housing_units_repaired")
    parts, keys = [], []
    if built:
        by_place = to_date.parts("projects.housing_units_completed")
        home = _province_code(c.area)
        places = []
        shown = 0
        for part in by_place[:NAMED_PARTS]:
            label = to_persian_digits(str(part["label"]))
            if part["key"] == home:
                label = _("خود استان")
            places.append(
                _("%(n)s واحد مسکونی در %(place)s") % {"n": c.count(part["value"]), "place": label}
            )
            shown += part["value"]
        if built - shown > 0 and places:
            places.append(_("%(n)s واحد مسکونی در نقاط دیگر") % {"n": c.count(built - shown)})
        parts.append(
            (join_fa(places) if places else _("%(n)s واحد مسکونی") % {"n": c.count(built)})
            + _(" احداث")
        )
        keys.append("projects.housing_units_completed")
    if repaired:
        parts.append(
            _("%(n)s واحد مسکونی آسیب‌دیده را تعمیر و تحویل حادثه‌دیدگان") % {"n": c.count(repaired)}
        )
        keys.append("projects.housing_units_repaired")
    if not parts:
        return None
    return Sentence(
        _("%(office)s تا %(day)s %(what)s کرده است.")
        % {"office": c.office, "day": format_jalali(c.day), "what": _(" و ").join(parts)},
        tuple(keys),
    )


def _agencies(c: _Context, this: _Figures) -> Sentence | None:
    n = this.value("orgs.agencies_with_deprivation_credit")
    if not n:
        return None
    return Sentence(
        _(
            "در سال %(year)s، %(n)s دستگاه اجرایی در %(where)s برای محرومیت‌زدایی اعتبار در اختیار دارند."
        )
        % {"year": to_persian_digits(c.year), "n": c.count(n), "where": c.where},
        ("orgs.agencies_with_deprivation_credit",),
    )


def _in_progress(c: _Context, this: _Figures) -> Sentence | None:
    water = this.value("projects.water_villages_in_progress")
    housing = this.value("projects.housing_units_in_progress")
    projects = this.value("projects.in_progress")
    parts, keys = [], []
    if water:
        parts.append(_("آب‌رسانی به %(n)s روستا") % {"n": c.count(water)})
        keys.append("projects.water_villages_in_progress")
    if housing:
        parts.append(_("احداث %(n)s واحد مسکونی برای محرومین") % {"n": c.count(housing)})
        keys.append("projects.housing_units_in_progress")
    if projects:
        parts.append(_("اجرای %(n)s طرح محرومیت‌زدایی") % {"n": c.count(projects)})
        keys.append("projects.in_progress")
    if not parts:
        return None
    return Sentence(
        _("%(what)s از جمله پروژه‌های در دست اجرای %(office)s در %(day)s است.")
        % {"what": join_fa(parts), "office": c.office, "day": format_jalali(c.day)},
        tuple(keys),
    )


def _solar_plan(c: _Context, plans: _Figures) -> Sentence | None:
    target = plans.target("projects.solar_inaugurated")
    if not target:
        return None
    text = _(
        "امسال نیز راه‌اندازی %(n)s نیروگاه خورشیدی خانگی در نقاط مختلف %(where)s برنامه‌ریزی شده است"
    ) % {"n": c.count(target), "where": c.where}
    done = plans.value("projects.solar_inaugurated")
    if done:
        text += _("؛ تا %(day)s، %(n)s نیروگاه به بهره‌برداری رسیده است") % {
            "day": format_jalali(c.day),
            "n": c.count(done),
        }
    return Sentence(text + ".", ("projects.solar_inaugurated",))


def _other_plans(c: _Context, plans: _Figures) -> Sentence | None:
    """The year's other plans, each with what is done so far."""
    parts, keys = [], []
    for key, row in plans.rows.items():
        if key in OWN_PLAN_KEYS:
            continue
        target = plans.target(key)
        if not target:
            continue
        unit = row["unit"]
        part = _("%(name)s %(target)s") % {
            "name": to_persian_digits(row["name"]),
            "target": c.writer.figure(target, unit),
        }
        done = plans.value(key)
        if done:
            part += _(" (تاکنون %(done)s)") % {"done": c.writer.figure(done, unit)}
        parts.append(part)
        keys.append(key)
    if not parts:
        return None
    return Sentence(
        _("برنامهٔ سال %(year)s همچنین این است: %(plans)s.")
        % {"year": to_persian_digits(c.year), "plans": "؛ ".join(parts)},
        tuple(keys),
    )


def _packages(c: _Context, to_date: _Figures) -> Sentence | None:
    packages = to_date.value("relief.packages")
    value = to_date.value("relief.packages_value")
    if not packages and not value:
        return None
    keys = []
    what = _("بسته‌های معیشتی و بهداشتی")
    if packages:
        what = _("%(n)s بستهٔ معیشتی و بهداشتی") % {"n": c.count(packages)}
        keys.append("relief.packages")
    if value:
        what += _(" به ارزش %(value)s") % {"value": press_rials(value)}
        keys.append("relief.packages_value")
    return Sentence(
        _("%(office)s تا %(day)s %(what)s تهیه و بین نیازمندان توزیع کرده است.")
        % {"office": c.office, "day": format_jalali(c.day), "what": what},
        tuple(keys),
    )


def _prisoners(c: _Context, two_years: _Figures) -> Sentence | None:
    n = two_years.value("cases.prisoners_released")
    if not n:
        return None
    return Sentence(
        _(
            "%(office)s در ۲ سال اخیر (%(first)s و %(last)s) با مشارکت و همکاری خیرین %(n)s نفر "
            "از زندانیان جرایم غیرعمد و مالی را آزاد کرده است."
        )
        % {
            "office": c.office,
            "first": to_persian_digits(c.year - 2),
            "last": to_persian_digits(c.year - 1),
            "n": c.count(n),
        },
        ("cases.prisoners_released",),
    )


def _week_name(c: _Context) -> str:
    return to_persian_digits(c.occasion.name) if c.occasion else ""


def _week_ahead(c: _Context) -> bool:
    return c.occasion is not None and c.day <= c.occasion.end


def _week_events(c: _Context, week: _Figures) -> Sentence | None:
    n = week.value("events.planned")
    if not n:
        return None
    kinds = _labels(week.parts("events.planned"), limit=6)
    verb = _("برگزار خواهد شد") if _week_ahead(c) else _("برگزار شد")
    text = _("همزمان با %(week)s %(n)s برنامهٔ متنوع در نقاط مختلف %(where)s %(verb)s") % {
        "week": _week_name(c),
        "n": c.count(n),
        "where": c.where,
        "verb": verb,
    }
    if kinds:
        text += _("؛ از جمله %(kinds)s") % {"kinds": kinds}
    return Sentence(text + ".", ("events.planned",))


def _week_solar(c: _Context, week: _Figures) -> Sentence | None:
    n = week.value("projects.solar_inaugurated")
    if not n:
        return None
    return Sentence(
        _(
            "بهره‌برداری از %(n)s نیروگاه خورشیدی خانگی در نقاط محروم و روستاها از دیگر "
            "برنامه‌های %(week)s است."
        )
        % {"n": c.count(n), "week": _week_name(c)},
        ("projects.solar_inaugurated",),
    )


def _week_prisoners(c: _Context, week: _Figures) -> Sentence | None:
    n = week.value("cases.prisoners_scheduled")
    if not n:
        return None
    verb = _("آزاد خواهند شد") if _week_ahead(c) else _("آزاد شدند")
    return Sentence(
        _(
            "همزمان با %(week)s، %(n)s نفر از زندانیان جرایم غیرعمد و مالی از زندان‌های %(where)s %(verb)s."
        )
        % {"week": _week_name(c), "n": c.count(n), "where": c.where, "verb": verb},
        ("cases.prisoners_scheduled",),
    )

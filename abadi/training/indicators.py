"""Indicators of training and licences (F10 and F11 of the source article).

Enrolments and completions count by the county office responsible for the course;
licences by the county their holder lives in. "Trained in 1400" are the enrolments
completed (certificate issued) on a day of 1400; "licences issued in 1400" those whose
issue date falls in 1400.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    IndicatorQuery,
    Kind,
    Unit,
    choice_labels,
    register_indicator,
)
from abadi.geography.selectors import area_names
from abadi.organisations.selectors import organisation_names
from abadi.training.models import Course, CourseField, Enrolment, Licence, LicenceKind


def _count(qs: QuerySet) -> int:
    return qs.count()


def _grouped(qs: QuerySet, field: str) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {str(key): int(n) for key, n in rows}


def _agency_labels(keys: Iterable[str]) -> dict[str, str]:
    return organisation_names([int(key) for key in keys if str(key).isdigit()])


def enrolled_records(query: IndicatorQuery) -> QuerySet[Enrolment]:
    """Enrolments made in the period and not withdrawn by its end."""
    enrolments = query.in_period(
        query.in_area(Enrolment.objects.all(), "course__area"), "enrolled_on"
    )
    end = query.flow_end
    if end is not None:
        enrolments = enrolments.exclude(withdrawn_on__lte=end)
    return enrolments


def completed_records(query: IndicatorQuery) -> QuerySet[Enrolment]:
    return query.in_period(query.in_area(Enrolment.objects.all(), "course__area"), "completed_on")


def licence_records(query: IndicatorQuery) -> QuerySet[Licence]:
    return query.in_period(query.in_area(Licence.objects.all()), "issued_on")


def course_records(query: IndicatorQuery) -> QuerySet[Course]:
    return query.in_period(query.in_area(Course.objects.all()), "starts_on")


ENROLMENT_BREAKDOWNS = {
    "county": lambda qs: _grouped(qs, "course__area__code"),
    "agency": lambda qs: _grouped(qs, "course__agency_id"),
    "field": lambda qs: _grouped(qs, "course__field"),
}
ENROLMENT_LABELS = {
    "county": area_names,
    "agency": _agency_labels,
    "field": choice_labels(CourseField),
}

register_indicator(
    Indicator(
        key="training.enrolled",
        name_fa=_("ثبت‌نام در دوره‌های آموزشی"),
        name_en="Enrolled in training courses",
        unit=Unit.PERSON,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=enrolled_records,
        value=_count,
        breakdowns=ENROLMENT_BREAKDOWNS,
        default_breakdown="county",
        breakdown_labels=ENROLMENT_LABELS,
        description=_(
            "ثبت‌نام‌هایی که تاریخشان در دوره است و تا پایان دوره به انصراف نینجامیده‌اند، "
            "به شهرستان مسئول دوره آموزشی."
        ),
    )
)
register_indicator(
    Indicator(
        key="training.completed",
        name_fa=_("آموزش‌دیدگان (پایان دوره با گواهی)"),
        name_en="People trained (course completed)",
        unit=Unit.PERSON,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=completed_records,
        value=_count,
        breakdowns=ENROLMENT_BREAKDOWNS,
        default_breakdown="agency",
        breakdown_labels=ENROLMENT_LABELS,
        description=_(
            "ثبت‌نام‌هایی که تاریخ پایان دوره (صدور گواهی) آن‌ها در دوره است، به شهرستان "
            "مسئول دوره؛ ریز به دستگاه همکار، شهرستان یا رشته."
        ),
    )
)
register_indicator(
    Indicator(
        key="training.licences_issued",
        name_fa=_("مجوزهای کسب‌وکار صادرشده"),
        name_en="Business licences issued",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=licence_records,
        value=_count,
        breakdowns={
            "agency": lambda qs: _grouped(qs, "agency_id"),
            "kind": lambda qs: _grouped(qs, "kind"),
            "county": lambda qs: _grouped(qs, "area__code"),
        },
        default_breakdown="agency",
        breakdown_labels={
            "agency": _agency_labels,
            "kind": choice_labels(LicenceKind),
            "county": area_names,
        },
        description=_(
            "مجوزهایی که تاریخ صدورشان در دوره است، به شهرستان محل سکونت دارنده؛ ریز به "
            "دستگاه صادرکننده (جهاد کشاورزی، صمت، اتحادیه‌های صنفی و…)."
        ),
    )
)
register_indicator(
    Indicator(
        key="training.courses",
        name_fa=_("دوره‌های آموزشی آغازشده"),
        name_en="Training courses begun",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=course_records,
        value=_count,
        breakdowns={
            "field": lambda qs: _grouped(qs, "field"),
            "agency": lambda qs: _grouped(qs, "agency_id"),
        },
        default_breakdown="field",
        breakdown_labels={"field": choice_labels(CourseField), "agency": _agency_labels},
        description=_("دوره‌هایی که روز شروعشان در دوره است، به شهرستان مسئول دوره."),
    )
)

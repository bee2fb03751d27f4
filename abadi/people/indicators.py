"""Indicators over the shared benefit ledger of the people registry: every programme
writes its benefits there, so "households reached" is counted once across programmes."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from abadi.core.indicators import (
    VIEW_INDICATORS,
    Cell,
    Column,
    Indicator,
    IndicatorQuery,
    Kind,
    Unit,
    choice_labels,
    register_indicator,
)
from abadi.people.models import Benefit, Programme

# A row counts for its own household, else the household its person belongs to now; a
# person in no household counts as a household of one (so nobody served is dropped).
_HOUSEHOLD = Coalesce("household_id", "person__household_id")
_ALONE = Q(household__isnull=True, person__household__isnull=True)


def benefit_records(query: IndicatorQuery) -> QuerySet[Benefit]:
    benefits = Benefit.objects.select_related("person", "household")
    return query.in_period(query.in_area(benefits), "date")


def _households(households: int | None, alone: int | None) -> int:
    return (households or 0) + (alone or 0)


def households_reached(benefits: QuerySet[Benefit]) -> int:
    counts = benefits.order_by().aggregate(
        households=Count(_HOUSEHOLD, distinct=True),
        alone=Count("person_id", distinct=True, filter=_ALONE),
    )
    return _households(counts["households"], counts["alone"])


def households_by_programme(benefits: QuerySet[Benefit]) -> dict[str, int]:
    rows = (
        benefits.order_by()
        .values("programme")
        .annotate(
            households=Count(_HOUSEHOLD, distinct=True),
            alone=Count("person_id", distinct=True, filter=_ALONE),
        )
    )
    return {row["programme"]: _households(row["households"], row["alone"]) for row in rows}


register_indicator(
    Indicator(
        key="people.households_reached",
        name_fa=_("خانوارهای بهره‌مند"),
        name_en="Households reached",
        unit=Unit.HOUSEHOLD,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=benefit_records,
        columns=(
            Column(_("تاریخ"), "date", Cell.DATE),
            Column(_("برنامه"), "get_programme_display"),
            Column(_("بهره‌مند"), "__str__"),
            Column(_("ارزش"), "value", Cell.RIALS),
            Column(_("منطقه"), "area.name"),
        ),
        value=households_reached,
        breakdowns={"programme": households_by_programme},
        default_breakdown="programme",
        breakdown_labels={"programme": choice_labels(Programme)},
        description=_(
            "شمار خانوارهای متمایزی که در دوره از هر برنامه‌ای بهره‌ای در دفتر بهره‌مندی "
            "گرفته‌اند؛ خانواری که از چند برنامه بهره برده یک بار شمرده می‌شود."
        ),
    )
)

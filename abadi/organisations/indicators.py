"""Indicators over partner agencies (F12 of the source article)."""

from django.db.models import Count, QuerySet
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
from abadi.organisations.models import DeprivationCredit, OrganisationKind


def credit_records(query: IndicatorQuery) -> QuerySet[DeprivationCredit]:
    """Credit lines of the agencies the area's office registered. A credit line belongs to
    a Jalali year (its ``year`` is a year number, not a date), so a period counts the
    credit lines of every Jalali year it touches."""
    credits = DeprivationCredit.objects.select_related("organisation")
    credits = query.in_area(credits, "organisation__area")
    return query.in_years(credits, "year")


def distinct_agencies(credits: QuerySet[DeprivationCredit]) -> int:
    return credits.order_by().values("organisation_id").distinct().count()


def agencies_by_kind(credits: QuerySet[DeprivationCredit]) -> dict[str, int]:
    rows = (
        credits.order_by()
        .values("organisation__kind")
        .annotate(n=Count("organisation_id", distinct=True))
        .values_list("organisation__kind", "n")
    )
    return dict(rows)


register_indicator(
    Indicator(
        key="orgs.agencies_with_deprivation_credit",
        name_fa=_("دستگاه‌های اجرایی دارای اعتبار محرومیت‌زدایی"),
        name_en="Agencies holding deprivation-elimination credit",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=credit_records,
        columns=(
            Column(
                _("دستگاه"),
                "organisation.name",
                url="organisations:detail",
                url_id="organisation_id",
            ),
            Column(_("سال"), "year", Cell.CODE),
            Column(_("مبلغ"), "amount", Cell.RIALS),
            Column(_("منطقه"), "organisation.area.name"),
        ),
        value=distinct_agencies,
        breakdowns={"kind": agencies_by_kind},
        default_breakdown="kind",
        breakdown_labels={"kind": choice_labels(OrganisationKind)},
        description=_(
            "شمار دستگاه‌هایی (به ناحیهٔ مسئول دستگاه) که در سال شمسی موردنظر ردیف اعتبار "
            "محرومیت‌زدایی دارند؛ هر دستگاه یک بار شمرده می‌شود."
        ),
    )
)

"""Indicators of the volunteer groups (F4 and F5 of the source article) and of what they do.

A group counts for the county it belongs to (its home's county); a deployment for the
county it was reported in, in the period it started. "Active groups" is a state read as
of a day from the groups' dated history (:func:`abadi.volunteers.selectors.active_on`),
never from their current status.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet, Sum
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
from abadi.volunteers.models import Deployment, Domain, Group, GroupDomain, GroupType, Membership
from abadi.volunteers.selectors import active_on

COUNTY = "area__code"
PROVINCE = "area__parent__code"


def _grouped(qs: QuerySet, field: str, expression) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(total=expression).values_list(field, "total")
    return {str(key): int(total or 0) for key, total in rows}


def _names(keys: Iterable[str]) -> dict[str, str]:
    return area_names(keys)


# Active groups (F4, F5) --------------------------------------------------------------------


def active_groups(query: IndicatorQuery) -> QuerySet[Group]:
    return query.in_area(Group.objects.filter(active_on(query.as_of)))


def _any_domain(groups: QuerySet[Group]) -> dict[str, int]:
    """Groups working in each domain: a group of several domains counts in each."""
    rows = GroupDomain.objects.filter(group__in=groups.order_by().values("pk"))
    return _grouped(rows, "domain", Count("id"))


register_indicator(
    Indicator(
        key="volunteers.active_groups",
        name_fa=_("گروه‌های جهادی فعال"),
        name_en="Active volunteer groups",
        unit=Unit.COUNT,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=active_groups,
        value=lambda groups: groups.count(),
        breakdowns={
            "domain": lambda qs: _grouped(qs, "main_domain", Count("id")),
            "any_domain": _any_domain,
            "county": lambda qs: _grouped(qs, COUNTY, Count("id")),
            "province": lambda qs: _grouped(qs, PROVINCE, Count("id")),
            "type": lambda qs: _grouped(qs, "group_type", Count("id")),
        },
        default_breakdown="domain",
        breakdown_labels={
            "domain": choice_labels(Domain),
            "any_domain": choice_labels(Domain),
            "county": _names,
            "province": _names,
            "type": choice_labels(GroupType),
        },
        description=_(
            "گروه‌هایی که در تاریخ گزارش، بنا بر سابقهٔ وضعیتشان، فعال بوده‌اند (نه معلق، "
            "نه منحل، و با مجوز معتبر اگر مجوزی از آنها ثبت است)؛ به شهرستان محل استقرار. "
            "تفکیک «حوزه» به حوزهٔ اصلی هر گروه است (جمع آن برابر کل)؛ «هر حوزه» هر گروه را "
            "در همهٔ حوزه‌هایش می‌شمارد."
        ),
    )
)


# Members ------------------------------------------------------------------------------------


def members(query: IndicatorQuery) -> QuerySet[Membership]:
    """Memberships open on the as-of day (joined by then, not yet left)."""
    day = query.as_of
    open_then = Membership.objects.filter(joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )
    return query.in_area(open_then, "group__area").select_related("person")


def _distinct_persons(field: str):
    def breakdown(memberships: QuerySet[Membership]) -> dict[str, int]:
        return _grouped(memberships, field, Count("person_id", distinct=True))

    return breakdown


register_indicator(
    Indicator(
        key="volunteers.members",
        name_fa=_("اعضای گروه‌های جهادی"),
        name_en="Members of volunteer groups",
        unit=Unit.PERSON,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=members,
        value=lambda rows: rows.order_by().aggregate(n=Count("person_id", distinct=True))["n"],
        breakdowns={
            "county": _distinct_persons("group__area__code"),
            "domain": _distinct_persons("group__main_domain"),
        },
        default_breakdown="county",
        breakdown_labels={"county": _names, "domain": choice_labels(Domain)},
        description=_(
            "افراد متمایزی که در تاریخ گزارش عضو گروهی جهادی بوده‌اند (فردی که عضو دو گروه "
            "است یک بار شمرده می‌شود)؛ به شهرستان گروه."
        ),
    )
)


# Deployments and what they gave -------------------------------------------------------------


def deployments(query: IndicatorQuery) -> QuerySet[Deployment]:
    return query.in_period(query.in_area(Deployment.objects.all()), "started_on")


def _deployment_breakdowns(expression) -> dict:
    return {
        "county": lambda qs: _grouped(qs, COUNTY, expression),
        "domain": lambda qs: _grouped(qs, "domain", expression),
    }


DEPLOYMENT_LABELS = {"county": _names, "domain": choice_labels(Domain)}

register_indicator(
    Indicator(
        key="volunteers.deployments",
        name_fa=_("اردوها و خدمات گروه‌های جهادی"),
        name_en="Deployments of volunteer groups",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=deployments,
        value=lambda rows: rows.count(),
        breakdowns=_deployment_breakdowns(Count("id")),
        default_breakdown="domain",
        breakdown_labels=DEPLOYMENT_LABELS,
        description=_("اردوها و خدماتی که در دوره آغاز شده‌اند؛ به شهرستان گروه در زمان گزارش."),
    )
)
register_indicator(
    Indicator(
        key="volunteers.volunteer_days",
        name_fa=_("نفر-روز خدمت جهادی"),
        name_en="Volunteer-days of service",
        unit=Unit.PERSON_DAY,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=deployments,
        value=lambda rows: rows.aggregate(total=Sum("volunteer_days"))["total"] or 0,
        breakdowns=_deployment_breakdowns(Sum("volunteer_days")),
        default_breakdown="domain",
        breakdown_labels=DEPLOYMENT_LABELS,
        description=_("جمع نفر-روز خدمت اردوهایی که در دوره آغاز شده‌اند."),
    )
)
register_indicator(
    Indicator(
        key="volunteers.people_served",
        name_fa=_("خدمت‌گیرندگان اردوهای جهادی"),
        name_en="People served by volunteer deployments",
        unit=Unit.PERSON,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=deployments,
        value=lambda rows: rows.aggregate(total=Sum("people_served"))["total"] or 0,
        breakdowns=_deployment_breakdowns(Sum("people_served")),
        default_breakdown="domain",
        breakdown_labels=DEPLOYMENT_LABELS,
        description=_(
            "جمع شمار خدمت‌گیرندگانی که گروه‌ها برای اردوهای آغازشده در دوره گزارش کرده‌اند."
        ),
    )
)

"""Indicators of the deprivation-elimination projects (F7, F8, F14, F15, F19–F21 of the
source article and more).

Rows count by the office responsible for the project (``area``), wherever it was built;
breakdowns may be by the place (the province a house was built in). States ("in progress
as of 1401/02/18") are read from the dated stage history: a project is counted in the stage
its last step taken by that day left it in. Flows count the steps dated in the period:
completions for what was built or repaired, inaugurations for what was put into service.
Targets come from the year's plan (``ProjectPlan``) of the offices in the area.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet, Sum
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
from abadi.projects.models import (
    UNDER_WAY,
    FunderKind,
    Funding,
    Project,
    ProjectPlace,
    ProjectType,
    StageChange,
)
from abadi.projects.selectors import in_stage_on, planned

if TYPE_CHECKING:
    from abadi.geography.models import Area

TYPE = "project_type"
PLACE_COUNTY = "place_county__code"
PLACE_PROVINCE = "place_province__code"
OFFICE = "area__code"


def _grouped(qs: QuerySet, field: str, expression) -> dict[str, int]:
    rows = qs.order_by().values(field).annotate(total=expression).values_list(field, "total")
    return {str(key): int(total or 0) for key, total in rows if key is not None}


def _counted(field: str):
    return lambda qs: _grouped(qs, field, Count("pk"))


def _summed(field: str, value: str):
    return lambda qs: _grouped(qs, field, Sum(value))


def _total(value: str):
    return lambda qs: qs.aggregate(total=Sum(value))["total"] or 0


def _org_labels(keys: Iterable[str]) -> dict[str, str]:
    return organisation_names([int(key) for key in keys if str(key).isdigit()])


def under_way(query: IndicatorQuery, *types: str) -> QuerySet[Project]:
    """Projects of the area in progress (ground broken, not completed nor stopped) on the
    as-of day, of ``types`` (every type if none)."""
    projects = query.in_area(Project.objects.all())
    if types:
        projects = projects.filter(project_type__in=types)
    return in_stage_on(projects, query.as_of, UNDER_WAY)


def stepped(query: IndicatorQuery, action: str, *types: str) -> QuerySet[Project]:
    """Projects of the area that took ``action`` (completion, inauguration…) on a day of
    the period (all time up to the as-of day without one)."""
    steps = query.in_period(StageChange.objects.filter(action=action), "on")
    projects = query.in_area(Project.objects.all()).filter(pk__in=steps.values("project_id"))
    if types:
        projects = projects.filter(project_type__in=types)
    return projects


def _plan(project_type: str | None, *, units: bool = False):
    def target(area: Area, year: int) -> int | None:
        return planned(area, year, project_type, units=units)

    return target


TYPE_LABELS = choice_labels(ProjectType)

# F21: every project in progress --------------------------------------------------------------

register_indicator(
    Indicator(
        key="projects.in_progress",
        name_fa=_("پروژه‌های محرومیت‌زدایی در دست اجرا"),
        name_en="Deprivation-elimination projects in progress",
        unit=Unit.COUNT,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=lambda q: under_way(q),
        value=lambda qs: qs.count(),
        breakdowns={
            "type": _counted(TYPE),
            "county": _counted(PLACE_COUNTY),
            "province": _counted(PLACE_PROVINCE),
            "office": _counted(OFFICE),
        },
        default_breakdown="type",
        breakdown_labels={
            "type": TYPE_LABELS,
            "county": area_names,
            "province": area_names,
            "office": area_names,
        },
        description=_(
            "شمار پروژه‌هایی که در تاریخ گزارش کلنگ‌زنی یا آغاز شده و هنوز تکمیل، متوقف یا لغو "
            "نشده بودند (از سابقه تاریخ‌دار مراحل)، به دفتر مسئول."
        ),
    )
)


# F19: villages reached by water supply in progress -------------------------------------------


def _water_villages(query: IndicatorQuery) -> QuerySet[ProjectPlace]:
    return ProjectPlace.objects.filter(project__in=under_way(query, ProjectType.WATER))


def _distinct_villages(places: QuerySet[ProjectPlace]) -> int:
    return places.aggregate(n=Count("area", distinct=True))["n"] or 0


register_indicator(
    Indicator(
        key="projects.water_villages_in_progress",
        name_fa=_("روستاهای زیر پوشش آبرسانی در دست اجرا"),
        name_en="Villages reached by water supply in progress",
        unit=Unit.VILLAGE,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=_water_villages,
        value=_distinct_villages,
        breakdowns={
            "county": lambda qs: _grouped(
                qs, "project__place_county__code", Count("area", distinct=True)
            )
        },
        default_breakdown="county",
        breakdown_labels={"county": area_names},
        description=_(
            "شمار روستاهای جداگانه‌ای که طرح‌های آبرسانی در دست اجرا در تاریخ گزارش به آن‌ها آب "
            "می‌رسانند."
        ),
    )
)


# F20: housing units under construction -------------------------------------------------------

register_indicator(
    Indicator(
        key="projects.housing_units_in_progress",
        name_fa=_("واحدهای مسکن محرومان در دست ساخت"),
        name_en="Housing units under construction",
        unit=Unit.UNIT,
        kind=Kind.STATE,
        permission=VIEW_INDICATORS,
        records=lambda q: under_way(q, ProjectType.HOUSING_BUILD),
        value=_total("housing_units"),
        breakdowns={
            "province": _summed(PLACE_PROVINCE, "housing_units"),
            "county": _summed(PLACE_COUNTY, "housing_units"),
        },
        default_breakdown="province",
        breakdown_labels={"province": area_names, "county": area_names},
        description=_("جمع واحدهای مسکونی پروژه‌های ساخت مسکن در دست اجرا در تاریخ گزارش."),
    )
)


# F7: housing units built ----------------------------------------------------------------------

register_indicator(
    Indicator(
        key="projects.housing_units_completed",
        name_fa=_("واحدهای مسکونی ساخته‌شده"),
        name_en="Housing units built",
        unit=Unit.UNIT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=lambda q: stepped(q, "complete", ProjectType.HOUSING_BUILD),
        value=_total("housing_units"),
        breakdowns={
            "province": _summed(PLACE_PROVINCE, "housing_units"),
            "county": _summed(PLACE_COUNTY, "housing_units"),
            "projects_by_province": _counted(PLACE_PROVINCE),
        },
        default_breakdown="province",
        breakdown_labels={
            "province": area_names,
            "county": area_names,
            "projects_by_province": area_names,
        },
        derived_target=_plan(ProjectType.HOUSING_BUILD, units=True),
        description=_(
            "جمع واحدهای مسکونی پروژه‌های ساخت مسکن که در دوره تکمیل شدند، به دفتر مسئول و به "
            "استان محل ساخت. برنامه: واحدهای برنامه سال."
        ),
    )
)


# F8: housing units repaired --------------------------------------------------------------------

register_indicator(
    Indicator(
        key="projects.housing_units_repaired",
        name_fa=_("واحدهای مسکونی آسیب‌دیده تعمیر و تحویل‌شده"),
        name_en="Damaged housing units repaired",
        unit=Unit.UNIT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=lambda q: stepped(q, "complete", ProjectType.HOUSING_REPAIR),
        value=_total("housing_units"),
        breakdowns={
            "province": _summed(PLACE_PROVINCE, "housing_units"),
            "county": _summed(PLACE_COUNTY, "housing_units"),
        },
        default_breakdown="county",
        breakdown_labels={"province": area_names, "county": area_names},
        derived_target=_plan(ProjectType.HOUSING_REPAIR, units=True),
        description=_("جمع واحدهای مسکونی پروژه‌های تعمیر مسکن که در دوره تکمیل شدند."),
    )
)


# F14, F15: home solar plants put into service, against the year's plan ------------------------

register_indicator(
    Indicator(
        key="projects.solar_inaugurated",
        name_fa=_("نیروگاه‌های خورشیدی خانگی به بهره‌برداری رسیده"),
        name_en="Home solar plants put into service",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=lambda q: stepped(q, "inaugurate", ProjectType.SOLAR),
        value=lambda qs: qs.count(),
        breakdowns={"county": _counted(PLACE_COUNTY), "office": _counted(OFFICE)},
        default_breakdown="county",
        breakdown_labels={"county": area_names, "office": area_names},
        derived_target=_plan(ProjectType.SOLAR),
        description=_(
            "شمار نیروگاه‌های خورشیدی خانگی که در دوره افتتاح شدند. برنامه: شمار نیروگاه‌های "
            "برنامه سال دفترها."
        ),
    )
)

register_indicator(
    Indicator(
        key="projects.solar_kw_installed",
        name_fa=_("ظرفیت نیروگاه‌های خورشیدی نصب‌شده"),
        name_en="Home solar capacity installed",
        unit=Unit.KW,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=lambda q: stepped(q, "complete", ProjectType.SOLAR),
        # Watts are stored; a kilowatt is reported, rounded half up.
        value=lambda qs: ((qs.aggregate(total=Sum("power_watts"))["total"] or 0) + 500) // 1000,
        breakdowns={
            "county": lambda qs: {
                key: (watts + 500) // 1000
                for key, watts in _grouped(qs, PLACE_COUNTY, Sum("power_watts")).items()
            }
        },
        default_breakdown="county",
        breakdown_labels={"county": area_names},
        description=_("جمع توان (کیلووات) نیروگاه‌های خورشیدی خانگی که نصبشان در دوره تکمیل شد."),
    )
)


# Projects finished and begun ----------------------------------------------------------------------

register_indicator(
    Indicator(
        key="projects.completed",
        name_fa=_("پروژه‌های محرومیت‌زدایی تکمیل‌شده"),
        name_en="Deprivation-elimination projects completed",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=lambda q: stepped(q, "complete"),
        value=lambda qs: qs.count(),
        breakdowns={"type": _counted(TYPE), "province": _counted(PLACE_PROVINCE)},
        default_breakdown="type",
        breakdown_labels={"type": TYPE_LABELS, "province": area_names},
        derived_target=_plan(None),
        description=_("شمار پروژه‌هایی که در دوره تکمیل شدند. برنامه: جمع برنامه همه انواع."),
    )
)

register_indicator(
    Indicator(
        key="projects.groundbroken",
        name_fa=_("کلنگ‌زنی پروژه‌های محرومیت‌زدایی"),
        name_en="Deprivation-elimination projects begun (groundbreakings)",
        unit=Unit.COUNT,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=lambda q: stepped(q, "groundbreak"),
        value=lambda qs: qs.count(),
        breakdowns={"type": _counted(TYPE), "county": _counted(PLACE_COUNTY)},
        default_breakdown="type",
        breakdown_labels={"type": TYPE_LABELS, "county": area_names},
        description=_("شمار پروژه‌هایی که کلنگ‌زنی آن‌ها در دوره بود."),
    )
)


# Budget by funder -------------------------------------------------------------------------------


def _fundings(query: IndicatorQuery) -> QuerySet[Funding]:
    """The shares of the projects of the area that entered the plan in the period (and
    were not cancelled by the as-of day)."""
    projects = query.in_period(query.in_area(Project.objects.all()), "planned_on")
    cancelled = StageChange.objects.filter(action="cancel", on__lte=query.as_of)
    projects = projects.exclude(pk__in=cancelled.values("project_id"))
    return Funding.objects.filter(project__in=projects).select_related("organisation")


register_indicator(
    Indicator(
        key="projects.budget",
        name_fa=_("اعتبار پروژه‌های محرومیت‌زدایی"),
        name_en="Budget of deprivation-elimination projects",
        unit=Unit.RIAL,
        kind=Kind.FLOW,
        permission=VIEW_INDICATORS,
        records=_fundings,
        value=_total("amount"),
        breakdowns={
            "funder": _summed("kind", "amount"),
            "agency": lambda qs: _grouped(
                qs.filter(kind=FunderKind.AGENCY), "organisation_id", Sum("amount")
            ),
            "type": _summed("project__project_type", "amount"),
        },
        default_breakdown="funder",
        breakdown_labels={
            "funder": choice_labels(FunderKind),
            "agency": _org_labels,
            "type": TYPE_LABELS,
        },
        description=_(
            "جمع اعتبار پروژه‌هایی که در دوره در برنامه ثبت شدند (بی پروژه‌های لغوشده)، به "
            "تأمین‌کننده: دستگاه‌های دارای اعتبار محرومیت‌زدایی، خیّران، بسیج سازندگی و آورده "
            "بهره‌بردار."
        ),
    )
)

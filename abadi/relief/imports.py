"""Import kinds of relief: an eligibility list (IKRF's or Welfare's households, by their
head's national code) into a campaign's list; and the catalogue's items."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core.imports import Column, ImportKind, ImportOutcome, parsers, register_import
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import AreaInputs
from abadi.people.selectors import households_by_head_code
from abadi.relief import selectors, services
from abadi.relief.models import ListSource, Unit
from abadi.relief.permissions import DISTRIBUTE, MANAGE_RELIEF

SOURCES = {
    "کمیته امداد": ListSource.IKRF,
    "ikrf": ListSource.IKRF,
    "بهزیستی": ListSource.WELFARE,
    "welfare": ListSource.WELFARE,
    "دستی": ListSource.MANUAL,
    "manual": ListSource.MANUAL,
}
UNITS = {str(label): value for value, label in Unit.choices} | {v: v for v in Unit.values}


@dataclass
class ListContext:
    campaigns: dict[int, Any]
    areas: AreaInputs
    households: dict[str, Any]


class EligibilityImport(ImportKind):
    name = "relief_eligibility"
    label = gettext_lazy("فهرست واجدان بسته (کمیته امداد، بهزیستی)")
    perm = DISTRIBUTE
    columns = [
        Column(
            "campaign",
            gettext_lazy("شناسه پویش"),
            aliases=("campaign", "پویش"),
            parse=parsers.integer(1, 10**12),
            example="1",
            help=gettext_lazy("شناسه پویش در صفحه پویش‌ها"),
        ),
        Column(
            "list_name",
            gettext_lazy("نام فهرست"),
            aliases=("list", "فهرست"),
            parse=parsers.text(200),
            example="فهرست کمیته امداد خلخال",
        ),
        Column(
            "source",
            gettext_lazy("منبع فهرست"),
            aliases=("source", "منبع"),
            parse=parsers.choice(SOURCES),
            example="کمیته امداد",
            choices=("کمیته امداد", "بهزیستی", "دستی"),
        ),
        Column(
            "area",
            gettext_lazy("منطقه فهرست"),
            aliases=("area", "کد منطقه", "شهرستان"),
            parse=parsers.text(150),
            example="2403",
        ),
        Column(
            "national_code",
            gettext_lazy("کد ملی سرپرست خانوار"),
            aliases=("national code", "کد ملی"),
            parse=parsers.national_code,
            example="0012345679",
        ),
    ]

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> ListContext:
        ids = {row["campaign"] for row in rows if row.get("campaign")}
        campaigns = {
            c.pk: c
            for c in selectors.campaign_list(actor=actor, perm=DISTRIBUTE).filter(pk__in=ids)
        }
        return ListContext(
            campaigns=campaigns,
            areas=AreaInputs(
                actor=actor,
                perm=DISTRIBUTE,
                texts={row["area"] for row in rows if row.get("area")},
                levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY, AreaLevel.DISTRICT),
            ),
            households=households_by_head_code(
                actor=actor,
                codes={row["national_code"] for row in rows if row.get("national_code")},
                perm=DISTRIBUTE,
            ),
        )

    def validate_row(self, row: dict[str, Any], *, context: ListContext) -> dict[str, Any]:
        campaign = context.campaigns.get(row["campaign"])
        if campaign is None:
            raise ValidationError({"campaign": _("پویشی با این شناسه در دسترس شما نیست.")})
        area = context.areas.resolve(row["area"])
        if isinstance(area, str):
            raise ValidationError({"area": area})
        household = context.households.get(row["national_code"])
        if household is None:
            raise ValidationError(
                {"national_code": _("خانواری با این سرپرست در مناطق شما ثبت نشده است.")}
            )
        if not household.area.path.startswith(area.path):
            raise ValidationError({"national_code": _("این خانوار در منطقه فهرست ساکن نیست.")})
        return {**row, "_campaign": campaign, "_area": area, "_household": household}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return f"{row.get('campaign')}|{row.get('list_name')}|{row.get('national_code')}"

    def key_column(self, row: dict[str, Any]) -> str:
        return "national_code"

    def commit(self, rows: list[dict[str, Any]], *, actor, context: ListContext) -> ImportOutcome:
        groups: dict[tuple, list] = {}
        for row in rows:
            key = (row["_campaign"].pk, row["list_name"], row["_area"].pk, row["source"])
            groups.setdefault(key, []).append(row)
        created = 0
        for (_c, name, _a, source), members in groups.items():
            campaign, area = members[0]["_campaign"], members[0]["_area"]
            eligibility = (
                selectors.list_list(actor=actor, campaign=campaign)
                .filter(name=name, area=area)
                .first()
            )
            households = [row["_household"] for row in members]
            if eligibility is None:
                services.list_create(
                    actor=actor,
                    campaign=campaign,
                    name=name,
                    source=source,
                    area=area,
                    households=households,
                )
            else:
                services.list_add(actor=actor, eligibility=eligibility, households=households)
            created += len(members)
        return ImportOutcome(created=created)


class ItemImport(ImportKind):
    name = "relief_items"
    label = gettext_lazy("اقلام کالای امداد")
    perm = MANAGE_RELIEF
    columns = [
        Column(
            "name",
            gettext_lazy("نام کالا"),
            aliases=("name", "کالا"),
            parse=parsers.text(150),
            example="برنج ایرانی",
        ),
        Column(
            "unit",
            gettext_lazy("واحد"),
            aliases=("unit",),
            parse=parsers.choice(UNITS),
            example="کیلوگرم",
            choices=tuple(str(label) for _v, label in Unit.choices),
        ),
        Column(
            "unit_value",
            gettext_lazy("ارزش واحد (ریال)"),
            aliases=("unit value", "ارزش"),
            parse=parsers.integer(1, 10**13),
            example="450000",
        ),
        Column(
            "area",
            gettext_lazy("دفتر"),
            aliases=("area", "کد دفتر"),
            parse=parsers.text(150),
            example="24",
        ),
    ]

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> AreaInputs:
        return AreaInputs(
            actor=actor,
            perm=MANAGE_RELIEF,
            texts={row["area"] for row in rows if row.get("area")},
            levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
        )

    def validate_row(self, row: dict[str, Any], *, context: AreaInputs) -> dict[str, Any]:
        area = context.resolve(row["area"])
        if isinstance(area, str):
            raise ValidationError({"area": area})
        return {**row, "area": area}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return f"{row.get('name')}|{row.get('area')}"

    def commit(self, rows: list[dict[str, Any]], *, actor, context: Any) -> ImportOutcome:
        for row in rows:
            services.item_create(
                actor=actor,
                name=row["name"],
                unit=row["unit"],
                unit_value=row["unit_value"],
                area=row["area"],
            )
        return ImportOutcome(created=len(rows))


register_import(EligibilityImport())
register_import(ItemImport())

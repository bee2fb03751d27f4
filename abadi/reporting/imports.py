"""Import kind "targets": the year's plans per indicator and area from a spreadsheet.

A row is one manual target: indicator (its key, e.g. ``loans.disbursed_amount``, or its
Persian name), area (SCI code, ``IR``, or a name in the importer's scope), Jalali year and
value. Importing the same file again changes nothing; a row for a target already set
replaces its value. The framework audits the import as one event with the old values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.imports import Column, ImportKind, ImportOutcome, parsers, register_import
from abadi.core.indicators import all_indicators
from abadi.core.permissions import has_perm
from abadi.core.persian import search_key
from abadi.geography.selectors import AreaInputs
from abadi.reporting.models import Target
from abadi.reporting.permissions import SET_TARGETS
from abadi.reporting.services import MAX_YEAR, MIN_YEAR

if TYPE_CHECKING:
    from abadi.geography.models import Area

COUNTRY_CODE = "IR"

# Labels are lazy so an English session reads English headers; the framework types
# them as text.
COLUMNS = [
    Column(
        "key",
        cast(str, gettext_lazy("شاخص")),
        aliases=("کلید شاخص", "نام شاخص", "indicator", "indicator key", "key"),
        parse=parsers.text(200),
        example="تسهیلات اشتغال پرداخت‌شده",
        help=cast(str, gettext_lazy("نام فارسی شاخص، چنان‌که در صفحهٔ شاخص‌ها آمده است")),
    ),
    Column(
        "area",
        cast(str, gettext_lazy("منطقه")),
        aliases=("کد منطقه", "استان", "شهرستان", "area", "area code"),
        parse=parsers.text(150),
        example="24",
        help=cast(str, gettext_lazy("کد منطقه (۲۴ استان اردبیل، ۲۴۰۱ شهرستان اردبیل) یا نام آن")),
    ),
    Column(
        "year",
        cast(str, gettext_lazy("سال")),
        aliases=("سال شمسی", "year"),
        parse=parsers.integer(MIN_YEAR, MAX_YEAR - 1),
        example="1401",
    ),
    Column(
        "value",
        cast(str, gettext_lazy("مقدار برنامه")),
        aliases=("برنامه", "هدف", "مقدار", "target", "value", "plan"),
        parse=parsers.integer(0),
        example="700000000000",
        help=cast(str, gettext_lazy("عدد صحیح نامنفی؛ مبالغ به ریال")),
    ),
    Column(
        "note",
        cast(str, gettext_lazy("یادداشت")),
        aliases=("توضیحات", "note"),
        required=False,
        parse=parsers.text(300),
    ),
]


@dataclass
class TargetContext:
    actor: Any
    indicators: dict[str, str]  # key and search key of the Persian name -> indicator key
    areas: AreaInputs
    existing: dict[tuple[str, int, int], Target]  # (key, area id, year) -> target


class TargetImport(ImportKind):
    name = "targets"
    label = cast(str, gettext_lazy("برنامه‌های شاخص‌ها"))
    perm = SET_TARGETS
    columns = COLUMNS

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> TargetContext:
        visible = [i for i in all_indicators() if has_perm(actor, i.permission)]
        indicators = {i.key: i.key for i in visible}
        indicators.update({search_key(i.name): i.key for i in visible})
        areas = AreaInputs(
            actor=actor, perm=SET_TARGETS, texts={row["area"] for row in rows if row.get("area")}
        )
        years = {row["year"] for row in rows if row.get("year")}
        existing = {
            (t.key, t.area_id, t.year): t
            for t in Target.objects.filter(year__in=years, key__in=set(indicators.values()))
        }
        return TargetContext(
            actor=actor,
            indicators=indicators,
            areas=areas,
            existing=existing,
        )

    def _area(self, text: str, context: TargetContext) -> Area | str:
        return context.areas.resolve(text)

    def validate_row(self, row: dict[str, Any], *, context: TargetContext) -> dict[str, Any]:
        errors: dict[str, str] = {}
        key = context.indicators.get(row["key"].strip()) or context.indicators.get(
            search_key(row["key"])
        )
        if key is None:
            errors["key"] = _("شاخص «%(key)s» تعریف نشده است.") % {"key": row["key"]}
        area = self._area(row["area"], context)
        if isinstance(area, str):
            errors["area"] = area
        if errors:
            raise ValidationError(errors)
        assert not isinstance(area, str) and key is not None
        return {**row, "key": key, "area": area, "note": row.get("note") or ""}

    def external_key(self, row: dict[str, Any]) -> str | None:
        area = row["area"]
        code = str(area) if isinstance(area, str) else area.code
        return f"{row['key']}|{code}|{row['year']}"

    def commit(self, rows: list[dict[str, Any]], *, actor, context: TargetContext) -> ImportOutcome:
        set_by = actor if getattr(actor, "pk", None) else None
        now = clock.now()
        created: list[Target] = []
        updated: list[Target] = []
        changes: dict[str, dict[str, Any]] = {}
        unchanged = 0
        for row in rows:
            target = context.existing.get((row["key"], row["area"].pk, row["year"]))
            if target is None:
                created.append(
                    Target(
                        key=row["key"],
                        area=row["area"],
                        year=row["year"],
                        value=row["value"],
                        note=row["note"],
                        set_by=set_by,
                    )
                )
                continue
            if target.value == row["value"] and target.note == row["note"]:
                unchanged += 1
                continue
            changes[self.external_key(row) or ""] = {"value": target.value, "note": target.note}
            target.value, target.note, target.set_by = row["value"], row["note"], set_by
            target.updated_at = now
            updated.append(target)
        Target.objects.bulk_create(created)
        Target.objects.bulk_update(updated, ["value", "note", "set_by", "updated_at"])
        return ImportOutcome(
            created=len(created), updated=len(updated), unchanged=unchanged, changes=changes
        )


register_import(TargetImport())

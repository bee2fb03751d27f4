"""Export kind "persons": what the person list shows, filters and scope applied.

The list view exports with ``?format=xlsx`` (or ``csv``) through :func:`person_export_columns`
and :func:`abadi.core.exports.export_response`; ``abadi export persons`` uses the kind
registered here. The columns are the import template's columns (so an edited export
imports back) and a few the import ignores: the record id, the place's name, the county,
the household and when the person was registered.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from abadi.core.exports import ExportColumn, ExportKind, register_export
from abadi.people.permissions import VIEW_PEOPLE


class _CountyNames:
    """County names by code, read once per export (a person's county is in its area path)."""

    def __init__(self) -> None:
        self.names: dict[str, str] | None = None

    def __call__(self, person: Any) -> str:
        if self.names is None:
            from abadi.geography.models import AreaLevel
            from abadi.geography.selectors import names_of_level

            self.names = names_of_level(AreaLevel.COUNTY)
        parts = person.area.path.strip("/").split("/")
        return self.names.get(parts[2], "") if len(parts) > 2 else ""


def person_export_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("شناسه"), lambda p: p.pk, width=10),
        ExportColumn(_("کد ملی"), lambda p: p.national_code, width=14),
        ExportColumn(_("نام"), lambda p: p.first_name, width=16),
        ExportColumn(_("نام خانوادگی"), lambda p: p.last_name, width=20),
        ExportColumn(_("نام پدر"), lambda p: p.father_name, width=16),
        ExportColumn(_("تاریخ تولد"), lambda p: p.birth_date, width=14),
        ExportColumn(_("جنسیت"), lambda p: p.get_sex_display(), width=10),
        ExportColumn(_("تلفن همراه"), lambda p: p.mobile, width=14),
        ExportColumn(_("محل سکونت"), lambda p: p.area.code, width=16),
        ExportColumn(_("نام محل سکونت"), lambda p: p.area.name, width=20),
        ExportColumn(_("شهرستان"), _CountyNames(), width=16),
        ExportColumn(_("تحت پوشش کمیته امداد"), lambda p: p.ikrf_covered),
        ExportColumn(_("تحت پوشش بهزیستی"), lambda p: p.welfare_covered),
        ExportColumn(_("دارای معلولیت"), lambda p: p.disabled),
        ExportColumn(_("سرپرست خانوار زن"), lambda p: p.female_headed),
        ExportColumn(_("دهک درآمدی"), lambda p: p.income_decile, width=10),
        ExportColumn(_("شناسه منبع"), lambda p: p.source_id, width=16),
        ExportColumn(_("خانوار"), lambda p: p.household_id, width=10),
        ExportColumn(_("زمان ثبت"), lambda p: p.created_at, width=18),
    ]


def _persons(actor):
    from abadi.people.selectors import person_list

    return person_list(actor=actor)


register_export(
    ExportKind(
        name="persons",
        label=_("افراد"),
        perm=VIEW_PEOPLE,
        columns=person_export_columns,
        queryset=_persons,
        filename="persons",
    )
)

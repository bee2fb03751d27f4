"""Writes of the reporting module: manual targets (plans) per indicator, area and year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abadi.core.audit import audit_record, snapshot
from abadi.core.indicators import get_indicator
from abadi.core.permissions import has_perm
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.reporting.models import Target
from abadi.reporting.permissions import SET_TARGETS

if TYPE_CHECKING:
    from abadi.geography.models import Area

MIN_YEAR, MAX_YEAR = 1300, 1500


def _check(*, actor, key: str, area: Area | None, year: int, value: int | None) -> None:
    errors: dict[str, str] = {}
    try:
        indicator = get_indicator(key)
    except KeyError:
        indicator = None
        errors["key"] = _("شاخص «%(key)s» تعریف نشده است.") % {"key": key}
    if area is None:
        errors["area"] = _("منطقه را مشخص کنید.")
    if not isinstance(year, int) or not MIN_YEAR <= year < MAX_YEAR:
        errors["year"] = _("سال باید یک سال شمسی بین %(min)s و %(max)s باشد.") % {
            "min": to_persian_digits(MIN_YEAR),
            "max": to_persian_digits(MAX_YEAR - 1),
        }
    if value is not None and (not isinstance(value, int) or value < 0):
        errors["value"] = _("مقدار برنامه باید عددی صحیح و نامنفی باشد.")
    if errors:
        raise ValidationError(errors)
    if not area_in_scope(actor=actor, perm=SET_TARGETS, area=area):
        raise PermissionDenied(_("تعیین برنامه برای این منطقه در حوزهٔ دسترسی شما نیست."))
    if indicator is not None and not has_perm(actor, indicator.permission):
        raise PermissionDenied(_("این شاخص برای شما قابل مشاهده نیست."))


@transaction.atomic
def target_set(*, actor, key: str, area: Area, year: int, value: int, note: str = "") -> Target:
    """Set (create or replace) the manual target of ``key`` for ``area`` in Jalali ``year``."""
    _check(actor=actor, key=key, area=area, year=year, value=value)
    target = Target.objects.select_for_update().filter(key=key, area=area, year=year).first()
    old = snapshot(target, ["value", "note"]) if target is not None else None
    if target is None:
        target = Target(key=key, area=area, year=year)
    target.value = value
    target.note = note
    target.set_by = actor if getattr(actor, "pk", None) else None
    target.full_clean()
    target.save()
    new = snapshot(target, ["key", "area", "year", "value", "note"])
    audit_record(
        actor=actor,
        action="target.update" if old is not None else "target.create",
        obj=target,
        old=old,
        new=new,
    )
    return target


@transaction.atomic
def target_delete(*, actor, key: str, area: Area, year: int) -> bool:
    """Remove a manual target (so a derived one, if any, applies again). False if none was set."""
    _check(actor=actor, key=key, area=area, year=year, value=None)
    target = Target.objects.select_for_update().filter(key=key, area=area, year=year).first()
    if target is None:
        return False
    old = snapshot(target, ["key", "area", "year", "value", "note"])
    audit_record(actor=actor, action="target.delete", obj=target, old=old)
    target.delete()
    return True

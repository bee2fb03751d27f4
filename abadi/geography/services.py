"""Changes to the area tree: a new area (e.g. a county created by law) and a move of an
area with its whole subtree to another parent from an effective date."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from abadi.core.actors import user_of
from abadi.core.audit import audit_record, snapshot
from abadi.core.permissions import MANAGE_AREAS
from abadi.core.persian import search_key, to_latin_digits
from abadi.core.services import require, service
from abadi.geography.models import PARENT_LEVEL, Area, AreaChange, AreaLevel

CREATED_FIELDS = ["code", "name", "level", "parent", "path"]


def _check_may_manage(actor, area: Area) -> None:
    require(actor, MANAGE_AREAS, area)


@service
def area_create(*, code: str, name: str, level: str, parent: Area, actor) -> Area:
    """Add an area under ``parent`` (a new county under its province, for example)."""
    _check_may_manage(actor, parent)
    code = to_latin_digits(code or "").strip()
    name = " ".join((name or "").split())
    if level not in AreaLevel.values:
        raise ValidationError({"level": _("سطح «%(level)s» شناخته نیست.") % {"level": level}})
    if Area.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("کد «%(code)s» پیش‌تر به منطقهٔ دیگری داده شده است.") % {"code": code}}
        )
    area = Area(
        code=code,
        name=name,
        level=level,
        parent=parent,
        path=f"{parent.path}{code}/",
        depth=parent.depth + 1,
        search_key=search_key(name),
    )
    area.full_clean()
    area.save()
    audit_record(
        actor=actor, action="area.create", obj=area, new=snapshot(area, CREATED_FIELDS), area=area
    )
    return area


@service
def area_reparent(*, area: Area, new_parent: Area, effective_date: datetime.date, actor) -> Area:
    """Move ``area`` and everything under it below ``new_parent``, from ``effective_date``.

    The paths of the whole subtree are rewritten by one UPDATE (prefix replaced), the move is
    kept in :class:`AreaChange` and in the audit log.
    """
    area = Area.objects.select_for_update().get(pk=area.pk)
    new_parent = Area.objects.get(pk=new_parent.pk)
    _check_may_manage(actor, area)
    _check_may_manage(actor, new_parent)
    if not isinstance(effective_date, datetime.date):
        raise ValidationError({"effective_date": _("تاریخ اجرای جابه‌جایی را وارد کنید.")})
    if new_parent.pk == area.parent_id:
        raise ValidationError(
            {
                "new_parent": _("«%(area)s» همین حالا زیر «%(parent)s» است.")
                % {"area": area.name, "parent": new_parent.name}
            }
        )
    if new_parent.path.startswith(area.path):
        raise ValidationError({"new_parent": _("یک منطقه را نمی‌توان زیر خودش یا زیرمجموعه‌اش برد.")})
    wanted = PARENT_LEVEL.get(area.level)
    if wanted is None or new_parent.level != wanted:
        raise ValidationError(
            {
                "new_parent": _("«%(level)s» باید زیر یک «%(parent)s» باشد، نه «%(given)s».")
                % {
                    "level": AreaLevel(area.level).label,
                    "parent": AreaLevel(wanted).label if wanted else "—",
                    "given": AreaLevel(new_parent.level).label,
                }
            }
        )
    old_parent, old_path = area.parent, area.path
    new_path = f"{new_parent.path}{area.code}/"
    depth_change = new_parent.depth + 1 - area.depth
    Area.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    Area.objects.filter(pk=area.pk).update(parent=new_parent)
    AreaChange.objects.create(
        area=area,
        old_parent=old_parent,
        new_parent=new_parent,
        old_path=old_path,
        new_path=new_path,
        effective_date=effective_date,
        actor=user_of(actor),
    )
    area.refresh_from_db()
    audit_record(
        actor=actor,
        action="area.reparent",
        obj=area,
        old={"parent": old_parent.code if old_parent else None, "path": old_path},
        new={"parent": new_parent.code, "path": new_path},
        area=area,
        on=effective_date,
    )
    return area

from django.core.exceptions import PermissionDenied
from django.db import transaction

from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.permissions import MANAGE_ORGANISATIONS
from abadi.core.persian import search_key
from abadi.core.scoping import area_in_scope
from abadi.organisations.models import Branch, DeprivationCredit, Organisation

ORGANISATION_FIELDS = ("name", "kind", "area", "phone", "active")


def _check_area(actor, area) -> None:
    if not area_in_scope(actor=actor, perm=MANAGE_ORGANISATIONS, area=area):
        raise PermissionDenied("area outside the actor's scope")


@transaction.atomic
def organisation_create(*, actor, name: str, kind: str, area, phone: str = "") -> Organisation:
    _check_area(actor, area)
    organisation = Organisation(name=name.strip(), kind=kind, area=area, phone=phone)
    organisation.search_key = search_key(organisation.name)
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor, action="organisation.create", obj=organisation, new=snapshot(organisation)
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _check_area(actor, organisation.area)
    before = snapshot(organisation)
    for name, value in fields.items():
        if name not in ORGANISATION_FIELDS:
            raise ValueError(f"not an editable field: {name}")
        setattr(organisation, name, value)
    _check_area(actor, organisation.area)
    organisation.name = organisation.name.strip()
    organisation.search_key = search_key(organisation.name)
    organisation.full_clean()
    organisation.save()
    old, new = changed(before, snapshot(organisation))
    if new:
        audit_record(actor=actor, action="organisation.update", obj=organisation, old=old, new=new)
    return organisation


@transaction.atomic
def branch_create(
    *, actor, organisation: Organisation, name: str, area, code: str = "", address: str = ""
) -> Branch:
    _check_area(actor, area)
    branch = Branch(
        organisation=organisation, name=name.strip(), area=area, code=code, address=address
    )
    branch.full_clean()
    branch.save()
    audit_record(actor=actor, action="branch.create", obj=branch, new=snapshot(branch))
    return branch


@transaction.atomic
def deprivation_credit_set(
    *, actor, organisation: Organisation, year: int, amount: int
) -> DeprivationCredit:
    _check_area(actor, organisation.area)
    credit = DeprivationCredit.objects.filter(organisation=organisation, year=year).first()
    before = snapshot(credit) if credit else None
    credit = credit or DeprivationCredit(organisation=organisation, year=year)
    credit.amount = amount
    credit.full_clean()
    credit.save()
    audit_record(
        actor=actor,
        action="credit.set",
        obj=credit,
        area=organisation.area,
        old=before,
        new=snapshot(credit),
    )
    return credit

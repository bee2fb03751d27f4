"""Writes of partner agencies, agent banks, their branches and deprivation credit lines."""

from typing import Any

from django.utils.translation import gettext as _

from abadi.core.permissions import MANAGE_ORGANISATIONS
from abadi.core.persian import search_key
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import positive_amount
from abadi.organisations.audit import Action
from abadi.organisations.models import Branch, DeprivationCredit, Organisation

ORGANISATION_FIELDS = ("name", "kind", "area", "phone", "active")
BRANCH_FIELDS = ("name", "code", "area", "address")


def _named(organisation: Organisation) -> None:
    organisation.name = organisation.name.strip()
    organisation.search_key = search_key(organisation.name)


@service
def organisation_create(*, actor, name: str, kind: str, area, phone: str = "") -> Organisation:
    require(actor, MANAGE_ORGANISATIONS, area)
    organisation = Organisation(name=name, kind=kind, area=area, phone=phone)
    _named(organisation)
    return audited_create(organisation, actor=actor, action=Action.ORGANISATION_CREATE)


@service
def organisation_update(*, actor, organisation: Organisation, **fields: Any) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    require(actor, MANAGE_ORGANISATIONS, organisation.area)

    def prepare(changed: Organisation) -> None:
        require(actor, MANAGE_ORGANISATIONS, changed.area)
        _named(changed)

    organisation, _changed = model_update(
        organisation,
        actor=actor,
        action=Action.ORGANISATION_UPDATE,
        fields=fields,
        allowed=ORGANISATION_FIELDS,
        prepare=prepare,
    )
    return organisation


@service
def branch_create(
    *, actor, organisation: Organisation, name: str, area, code: str = "", address: str = ""
) -> Branch:
    require(actor, MANAGE_ORGANISATIONS, organisation.area)
    require(actor, MANAGE_ORGANISATIONS, area)
    branch = Branch(
        organisation=organisation,
        name=name.strip(),
        area=area,
        code=code.strip(),
        address=address.strip(),
    )
    return audited_create(branch, actor=actor, action=Action.BRANCH_CREATE)


@service
def branch_update(*, actor, branch: Branch, **fields: Any) -> Branch:
    branch = Branch.objects.select_for_update().select_related("organisation").get(pk=branch.pk)
    require(actor, MANAGE_ORGANISATIONS, branch.organisation.area)

    def prepare(changed: Branch) -> None:
        require(actor, MANAGE_ORGANISATIONS, changed.area)
        changed.name = changed.name.strip()

    branch, _changed = model_update(
        branch,
        actor=actor,
        action=Action.BRANCH_UPDATE,
        fields=fields,
        allowed=BRANCH_FIELDS,
        prepare=prepare,
    )
    return branch


@service
def deprivation_credit_set(
    *, actor, organisation: Organisation, year: int, amount: int
) -> DeprivationCredit:
    """Set an agency's deprivation-elimination credit for a Jalali year (creates or
    replaces the year's row)."""
    require(actor, MANAGE_ORGANISATIONS, organisation.area)
    positive_amount(amount, field="amount", label=_("مبلغ اعتبار"))
    credit = DeprivationCredit.objects.filter(organisation=organisation, year=year).first()
    if credit is None:
        return audited_create(
            DeprivationCredit(organisation=organisation, year=year, amount=amount),
            actor=actor,
            action=Action.CREDIT_SET,
            area=organisation.area,
        )
    credit, _changed = model_update(
        credit,
        actor=actor,
        action=Action.CREDIT_SET,
        fields={"amount": amount},
        allowed=("amount",),
        area=organisation.area,
    )
    return credit

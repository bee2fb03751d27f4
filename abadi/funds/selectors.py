"""Reads of the funds module. Every selector takes the actor and limits rows to the areas
the actor may see: a donor, a donation, a pledge, an allocation and a case belong to the
office that recorded them (``area``).

Other modules read what they were given through :func:`allocated_to` and
:func:`allocations_to` (the money a project, a relief purchase or campaign received from
donors) and find a donation by its receipt number (:func:`donation_by_receipt`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from abadi.core.persian import search_key, to_latin_digits, to_persian_digits
from abadi.core.records import openable
from abadi.core.scoping import access_object, area_in_scope, scope
from abadi.funds.models import (
    AidCase,
    Allocation,
    CaseChange,
    CaseStatus,
    CaseType,
    Donation,
    DonationStatus,
    Donor,
    Entry,
    Pledge,
    PledgeStatus,
)
from abadi.funds.permissions import SEE_ANONYMOUS_DONORS, VIEW_FUNDS

if TYPE_CHECKING:
    from abadi.geography.models import Area


# Donors --------------------------------------------------------------------------------------


def may_see_donor_names(*, actor, area: Area | None) -> bool:
    """Whether ``actor`` reads anonymous donors' names in ``area``."""
    return area_in_scope(actor=actor, perm=SEE_ANONYMOUS_DONORS, area=area)


def anonymous_label(donor: Donor) -> str:
    return _("خیّر بی‌نام شماره %(number)s") % {"number": to_persian_digits(donor.pk)}


def donor_label(*, actor, donor: Donor) -> str:
    """The donor's name as ``actor`` may read it: an anonymous donor's name only for those
    who answer for the money; everybody else reads "anonymous donor N"."""
    if donor.anonymous and not may_see_donor_names(actor=actor, area=donor.area):
        return anonymous_label(donor)
    return donor.name


def published_donor_label(donor: Donor) -> str:
    """The name in published figures and statements handed out: never an anonymous one."""
    return anonymous_label(donor) if donor.anonymous else donor.name


def donor_list(
    *, actor, query: str = "", kind: str = "", anonymous: bool | None = None, perm: str = VIEW_FUNDS
) -> QuerySet[Donor]:
    donors = scope(Donor.objects.all(), actor=actor, perm=perm)
    if kind:
        donors = donors.filter(kind=kind)
    if anonymous is not None:
        donors = donors.filter(anonymous=anonymous)
    text = (query or "").strip()
    if text:
        latin = to_latin_digits(text)
        if latin.isdigit():
            donors = donors.filter(Q(pk=int(latin)) | Q(mobile__startswith=latin))
        else:
            condition = Q(search_key__contains=search_key(text))
            if not area_in_scope(actor=actor, perm=SEE_ANONYMOUS_DONORS, area=None):
                # An anonymous donor is never found by the name others may not read.
                condition &= Q(anonymous=False)
            donors = donors.filter(condition)
    return donors.select_related("area")


@openable(Donor)
def donor_get(*, actor, pk: int, perm: str = VIEW_FUNDS) -> Donor:
    return access_object(
        Donor.objects.select_related("area", "person", "organisation", "created_by"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def donor_giving(*, donor: Donor) -> dict[str, int]:
    """What a donor gave (net of reversals), allocated and left, in rials."""
    totals = Donation.objects.filter(donor=donor).exclude(status=DonationStatus.RECORDED)
    received = totals.aggregate(total=Sum("amount"))["total"] or 0
    allocated = (
        Allocation.objects.filter(donation__donor=donor).aggregate(total=Sum("rials"))["total"] or 0
    )
    return {"received": received, "allocated": allocated, "balance": received - allocated}


# Donations -----------------------------------------------------------------------------------


def donation_list(
    *,
    actor,
    query: str = "",
    kind: str = "",
    status: str = "",
    donor: int | None = None,
    designation_kind: str = "",
    with_balance: bool = False,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    perm: str = VIEW_FUNDS,
) -> QuerySet[Donation]:
    donations = scope(Donation.objects.all(), actor=actor, perm=perm)
    if kind:
        donations = donations.filter(kind=kind)
    if status:
        donations = donations.filter(status=status)
    if donor:
        donations = donations.filter(donor_id=donor)
    if designation_kind:
        donations = donations.filter(designation_kind=designation_kind)
    if with_balance:
        donations = donations.filter(
            entry=Entry.GIFT, status=DonationStatus.RECEIPTED, allocated__lt=F("amount")
        )
    if start:
        donations = donations.filter(received_on__gte=start)
    if end:
        donations = donations.filter(received_on__lte=end)
    text = to_latin_digits((query or "").strip())
    if text:
        donations = donations.filter(Q(number__startswith=text) | Q(bank_reference=text))
    return donations.select_related("donor", "area", "donor__area")


@openable(Donation)
def donation_get(*, actor, pk: int, perm: str = VIEW_FUNDS) -> Donation:
    """One donation the actor may see (under ``perm``), or 404."""
    return access_object(
        Donation.objects.select_related("donor", "donor__area", "area", "pledge", "created_by"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def donation_by_receipt(*, actor, number: str, perm: str = VIEW_FUNDS) -> Donation:
    """The donation of receipt ``number`` (such as ۱۴۰۱-۰۰۰۱۲۳), or 404 outside the
    actor's areas or when there is none."""
    return access_object(
        Donation.objects.select_related("donor", "donor__area", "area"),
        actor=actor,
        perm=perm,
        number=to_latin_digits(number or "").strip(),
    )


def donation_balance(*, donation: Donation) -> int:
    """What the donation has left to allocate: received minus allocated (nothing before
    its receipt nor after its reversal), as the database holds it now."""
    fresh = Donation.objects.only("entry", "status", "amount", "allocated").get(pk=donation.pk)
    return fresh.balance


def donation_items(*, donation: Donation):
    return donation.items.order_by("id")


def donation_allocations(*, donation: Donation) -> QuerySet[Allocation]:
    return donation.allocations.select_related("created_by").order_by("on", "id")


# Allocations ----------------------------------------------------------------------------------


def allocated_to(*, use_kind: str, use_id: int) -> int:
    """Every rial of donors' money allocated to one use (net of reversed allocations)."""
    return (
        Allocation.objects.filter(use_kind=use_kind, use_id=use_id).aggregate(total=Sum("rials"))[
            "total"
        ]
        or 0
    )


def allocations_to(*, actor, use_kind: str, use_id: int, perm: str = VIEW_FUNDS):
    """The allocations to one use the actor may see, oldest first, each with its donation
    and donor (use :func:`donor_label` for the donor's name)."""
    return (
        scope(Allocation.objects.all(), actor=actor, perm=perm)
        .filter(use_kind=use_kind, use_id=use_id)
        .select_related("donation", "donation__donor", "donation__donor__area", "area")
        .order_by("on", "id")
    )


def allocation_list(
    *, actor, use_kind: str = "", donation: int | None = None, perm: str = VIEW_FUNDS
) -> QuerySet[Allocation]:
    allocations = scope(Allocation.objects.all(), actor=actor, perm=perm)
    if use_kind:
        allocations = allocations.filter(use_kind=use_kind)
    if donation:
        allocations = allocations.filter(donation_id=donation)
    return allocations.select_related(
        "donation", "donation__donor", "donation__donor__area", "area"
    )


@openable(Allocation)
def allocation_get(*, actor, pk: int, perm: str = VIEW_FUNDS) -> Allocation:
    return access_object(
        Allocation.objects.select_related("donation", "donation__donor", "area"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


# Pledges ------------------------------------------------------------------------------------


def pledge_list(
    *, actor, status: str = "", overdue_on: datetime.date | None = None, perm: str = VIEW_FUNDS
) -> QuerySet[Pledge]:
    pledges = scope(Pledge.objects.all(), actor=actor, perm=perm)
    if status:
        pledges = pledges.filter(status=status)
    if overdue_on is not None:
        pledges = pledges.filter(status=PledgeStatus.OPEN, due_on__lt=overdue_on)
    return pledges.select_related("donor", "donor__area", "area")


@openable(Pledge)
def pledge_get(*, actor, pk: int, perm: str = VIEW_FUNDS) -> Pledge:
    return access_object(
        Pledge.objects.select_related("donor", "donor__area", "area"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


# Aid cases ------------------------------------------------------------------------------------


def case_list(
    *,
    actor,
    case_type: str = "",
    status: str = "",
    query: str = "",
    perm: str = VIEW_FUNDS,
) -> QuerySet[AidCase]:
    cases = scope(AidCase.objects.all(), actor=actor, perm=perm)
    if case_type:
        cases = cases.filter(case_type=case_type)
    if status:
        cases = cases.filter(status=status)
    text = to_latin_digits((query or "").strip())
    if text:
        cases = cases.filter(Q(number__startswith=text) | Q(prison__icontains=text))
    return cases.select_related("area", "person")


@openable(AidCase)
def case_get(*, actor, pk: int, perm: str = VIEW_FUNDS) -> AidCase:
    """One aid case the actor may see (under ``perm``), or 404."""
    return access_object(
        AidCase.objects.select_related("area", "person", "created_by"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def case_timeline(*, case: AidCase) -> QuerySet[CaseChange]:
    return case.changes.select_related("actor").order_by("on", "at", "id")


def cases_released(
    *, start: datetime.date, end: datetime.date, under: str = "", case_type: str = ""
) -> QuerySet[AidCase]:
    """Cases released between ``start`` and ``end`` (inclusive), of offices under the area
    path ``under``: the indicators' count."""
    cases = AidCase.objects.filter(status=CaseStatus.RELEASED, released_on__range=(start, end))
    if under:
        cases = cases.filter(area__path__startswith=under)
    return cases.filter(case_type=case_type or CaseType.PRISONER_RELEASE)

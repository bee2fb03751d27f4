"""Reads of the registry and the ledger. Every function takes the actor and scopes by area.

Search is designed for two million persons: text is matched by prefix on indexed keys
(``search_key`` = normalised "first last", ``last_name_key`` = normalised family name),
a national code or mobile by equality (or digit prefix) on their own indexes. Nothing
in a list query scans the whole table or counts it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from abadi.core.jalali import jalali_year_bounds
from abadi.core.persian import search_key, to_latin_digits
from abadi.core.records import openable
from abadi.core.scoping import access_object, area_in_scope, scope
from abadi.people.models import Benefit, Household, Person
from abadi.people.permissions import EDIT_PEOPLE, MERGE_PEOPLE, VIEW_BENEFITS, VIEW_PEOPLE

if TYPE_CHECKING:
    from collections.abc import Iterable

    from abadi.geography.models import Area

# The highest code point: key + this bounds every string that starts with key.
_ABOVE_ANY = "\U0010ffff"
_DIGIT_NOISE = re.compile(r"[\s\-‐–—_.\u200c\u200e\u200f+()]+")


def prefix_filter(field: str, prefix: str) -> Q:
    """Rows whose ``field`` starts with ``prefix``, in a form the index can serve.

    PostgreSQL serves ``LIKE 'prefix%'`` from a ``varchar_pattern_ops`` index; SQLite's
    LIKE is case-folding and cannot use a plain index, but a range on the binary-collated
    column can.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__startswith": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + _ABOVE_ANY})


def digits_prefix_filter(field: str, digits: str) -> Q:
    """Rows whose all-digit ``field`` starts with ``digits``: a range any b-tree index serves.

    For strings of digits every collation agrees with plain lexicographic order, so the
    upper bound is the prefix "plus one" (``129`` → ``13``), no pattern index needed.
    """
    stripped = digits.rstrip("9")
    condition = Q(**{f"{field}__gte": digits})
    if stripped:
        upper = stripped[:-1] + str(int(stripped[-1]) + 1)
        condition &= Q(**{f"{field}__lt": upper})
    return condition


def _only_digits(text: str) -> str | None:
    candidate = _DIGIT_NOISE.sub("", to_latin_digits(text))
    return candidate if candidate and candidate.isascii() and candidate.isdigit() else None


def search_condition(query: str) -> Q | None:
    """The filter for what someone typed in the search box (``None``: no search).

    - all digits (any script): 11 digits starting 09 → mobile; 10 digits → national code
      (or a mobile typed without its leading zero); fewer → national code or mobile prefix;
    - text: prefix of the normalised full name or of the family name ("علي" finds "علی").
    """
    text = (query or "").strip()
    if not text:
        return None
    digits = _only_digits(text)
    if digits is not None:
        if len(digits) == 11 and digits.startswith("09"):
            return Q(mobile=digits)
        if len(digits) == 10:
            condition = Q(national_code=digits)
            if digits.startswith("9"):
                condition |= Q(mobile="0" + digits)
            return condition
        if len(digits) > 11:
            return Q(pk__in=[])
        condition = digits_prefix_filter("national_code", digits)
        if len(digits) in (8, 9):
            # Spreadsheets drop the leading zeros of some codes.
            condition |= Q(national_code=digits.zfill(10))
        if digits.startswith("0"):
            condition |= digits_prefix_filter("mobile", digits)
        return condition
    key = search_key(text)
    if not key:
        return None
    return prefix_filter("search_key", key) | prefix_filter("last_name_key", key)


FLAG_FIELDS = ("ikrf_covered", "welfare_covered", "disabled", "female_headed")


# A person of another area, as the registry's records of the viewer's area name them.
MOVED_AWAY = gettext_lazy("فردی ساکن منطقه‌ای دیگر")

# What a ledger row's page needs: its recipient and where they live (to name them or not).
BENEFIT_RELATED = ("person__area", "household__head__area", "area", "source_type")


def person_visible(*, actor, person: Person | None, perm: str = VIEW_PEOPLE) -> bool:
    """Whether ``actor`` may see who ``person`` is (name, national code, page): only a
    person living in the viewer's areas. A household or a ledger row of the viewer's area
    naming someone who has since moved away names them as :data:`MOVED_AWAY`
    (docs/adr/0011-people-who-moved.md). No query: the person's area comes with it."""
    return person is not None and area_in_scope(actor=actor, perm=perm, area=person.area)


def person_list(
    *,
    actor,
    query: str = "",
    area: Area | None = None,
    sex: str = "",
    ikrf_covered: bool | None = None,
    welfare_covered: bool | None = None,
    disabled: bool | None = None,
    female_headed: bool | None = None,
    has_household: bool | None = None,
    has_national_code: bool | None = None,
    perm: str = VIEW_PEOPLE,
) -> QuerySet[Person]:
    """Persons the actor may see, newest first, filtered and searched.

    ``perm`` lets another module look people up under its own permission (a loans
    officer choosing an applicant holds ``loans.*``, not ``people.view``).
    """
    persons = scope(Person.objects.all(), actor=actor, perm=perm)
    condition = search_condition(query)
    if condition is not None:
        persons = persons.filter(condition)
    if area is not None:
        persons = persons.filter(area__path__startswith=area.path)
    if sex:
        persons = persons.filter(sex=sex)
    flags = {
        "ikrf_covered": ikrf_covered,
        "welfare_covered": welfare_covered,
        "disabled": disabled,
        "female_headed": female_headed,
    }
    persons = persons.filter(**{name: value for name, value in flags.items() if value is not None})
    if has_household is not None:
        persons = persons.filter(household__isnull=not has_household)
    if has_national_code is not None:
        persons = persons.filter(national_code__isnull=not has_national_code)
    return persons.select_related("area", "household").order_by("-id")


@openable(Person)
def person_get(*, actor, pk: int, perm: str = VIEW_PEOPLE) -> Person:
    """One person the actor may see, or 404."""
    return access_object(
        Person.objects.select_related("area", "household__area", "household__head"),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def person_by_national_code(*, actor, national_code: str, perm: str = VIEW_PEOPLE) -> Person | None:
    """The person with this national code among those ``actor`` holds ``perm`` for (other
    modules pass their own permission: a loans clerk looks applicants up under
    ``loans.register``); None when there is none, or none the actor may see."""
    persons = scope(Person.objects.select_related("area", "household"), actor=actor, perm=perm)
    return persons.filter(national_code=national_code).first()


def persons_by_national_code(*, actor, codes: Iterable[str], perm: str) -> dict[str, Person]:
    """:func:`person_by_national_code` for many codes at once (an import's whole file)."""
    found: dict[str, Person] = {}
    codes = sorted(set(codes))
    persons = scope(Person.objects.select_related("area", "household"), actor=actor, perm=perm)
    for start in range(0, len(codes), 500):
        for person in persons.filter(national_code__in=codes[start : start + 500]):
            found[person.national_code or ""] = person
    return found


def household_list(
    *, actor, query: str = "", area: Area | None = None, perm: str = VIEW_PEOPLE
) -> QuerySet[Household]:
    households = scope(Household.objects.all(), actor=actor, perm=perm)
    condition = search_condition(query)
    if condition is not None:
        # The same search as persons, applied to the head.
        households = households.filter(head__in=Person.objects.filter(condition).values("pk"))
    if area is not None:
        households = households.filter(area__path__startswith=area.path)
    # A correlated count, evaluated for the page's rows only (a GROUP BY would aggregate
    # every household in scope before the page is cut).
    size = (
        Person.objects.filter(household=OuterRef("pk"))
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        households.select_related("area", "head__area")
        .annotate(size=Coalesce(Subquery(size), 0))
        .order_by("-id")
    )


@openable(Household)
def household_get(*, actor, pk: int, perm: str = VIEW_PEOPLE) -> Household:
    return access_object(
        Household.objects.select_related("area", "head__area"), actor=actor, perm=perm, pk=pk
    )


def household_members(*, actor, household: Household, perm: str = VIEW_PEOPLE) -> QuerySet[Person]:
    members = scope(household.members.all(), actor=actor, perm=perm)
    return members.select_related("area").order_by("birth_date", "id")


def benefits_for(
    *,
    actor,
    person: Person | None = None,
    household: Household | None = None,
    programme: str | None = None,
    perm: str = VIEW_BENEFITS,
) -> QuerySet[Benefit]:
    """The benefit history of a person (their own rows and their household's) or of a
    household (its rows and its members'), newest first."""
    benefits = scope(Benefit.objects.all(), actor=actor, perm=perm)
    if person is not None:
        condition = Q(person=person)
        if person.household_id is not None:
            condition |= Q(household_id=person.household_id, person__isnull=True)
        benefits = benefits.filter(condition)
    if household is not None:
        benefits = benefits.filter(Q(household=household) | Q(person__household=household))
    if programme:
        benefits = benefits.filter(programme=programme)
    return benefits.select_related(*BENEFIT_RELATED).order_by("-date", "-id")


def latest_benefit(
    *,
    person: Person,
    household: Household | None,
    programme: str,
    since: datetime.date,
    excluding: QuerySet | None = None,
) -> Benefit | None:
    """The latest benefit of ``programme`` since ``since`` to the person or their household
    (a member's included), or None; ``excluding``: source records whose benefits do not
    count (the tranches of the very loan being checked).

    Read across every area on purpose: a family that moved county is the same family.
    Callers show only the fact and the date, nothing else of the other record."""
    recipient = Q(person=person)
    if household is not None:
        recipient |= Q(household=household) | Q(person__household=household)
    earlier = Benefit.objects.filter(recipient, programme=programme, date__gte=since)
    if excluding is not None:
        earlier = earlier.exclude(
            source_type=ContentType.objects.get_for_model(excluding.model),
            source_id__in=excluding.values("pk"),
        )
    return earlier.order_by("-date").first()


def benefit_list(
    *,
    actor,
    programme: str = "",
    year: int | None = None,
    area: Area | None = None,
    campaign: str = "",
    perm: str = VIEW_BENEFITS,
) -> QuerySet[Benefit]:
    """The ledger, filtered by programme, Jalali year and area subtree."""
    benefits = scope(Benefit.objects.all(), actor=actor, perm=perm)
    if programme:
        benefits = benefits.filter(programme=programme)
    if year:
        benefits = benefits.filter(date__range=jalali_year_bounds(year))
    if area is not None:
        benefits = benefits.filter(area__path__startswith=area.path)
    if campaign:
        benefits = benefits.filter(campaign=campaign)
    return benefits.select_related(*BENEFIT_RELATED).order_by("-date", "-id")


@openable(Benefit)
def benefit_get(*, actor, pk: int, perm: str = VIEW_BENEFITS) -> Benefit:
    return access_object(
        Benefit.objects.select_related(*BENEFIT_RELATED),
        actor=actor,
        perm=perm,
        pk=pk,
    )


def households_reached(
    *, actor, area: Area, year: int | None = None, perm: str = VIEW_BENEFITS
) -> int:
    """How many distinct households received any benefit in ``area``'s subtree (in the
    Jalali ``year``, or ever) — one aggregate query.

    A row counts for its household: the row's own household, else the household the
    person belongs to now. A person who belongs to no household counts as a household
    of one, so "households reached" never drops people the office served.
    """
    benefits = scope(Benefit.objects.all(), actor=actor, perm=perm).filter(
        area__path__startswith=area.path
    )
    if year:
        benefits = benefits.filter(date__range=jalali_year_bounds(year))
    counts = benefits.aggregate(
        households=Count(Coalesce("household_id", "person__household_id"), distinct=True),
        alone=Count(
            "person_id",
            distinct=True,
            filter=Q(household__isnull=True, person__household__isnull=True),
        ),
    )
    return counts["households"] + counts["alone"]


@dataclass(frozen=True)
class DuplicateGroup:
    key: str
    area_id: int
    persons: list[Person]


def duplicate_candidates(*, actor, perm: str = EDIT_PEOPLE) -> QuerySet[Any]:
    """Groups of persons that look like one person, at least one of them without a code:
    same normalised first+last name, father's name, Jalali birth year and village.

    One GROUP BY over the indexed ``duplicate_key``; each row is
    ``{duplicate_key, area_id, size, first_id}``, biggest groups first.
    """
    persons = scope(Person.objects.all(), actor=actor, perm=perm)
    return (
        persons.values("duplicate_key", "area_id")
        .annotate(size=Count("id"), coded=Count("national_code"), first_id=Min("id"))
        .filter(size__gt=1, coded__lt=F("size"))
        .order_by("-size", "first_id")
    )


def duplicate_groups(
    *, actor, candidates: Iterable[dict], perm: str = EDIT_PEOPLE
) -> list[DuplicateGroup]:
    """The persons of some candidate groups (a page of them), in one query."""
    wanted = [(row["duplicate_key"], row["area_id"]) for row in candidates]
    if not wanted:
        return []
    condition = Q()
    for key, area_id in wanted:
        condition |= Q(duplicate_key=key, area_id=area_id)
    persons = (
        scope(Person.objects.filter(condition), actor=actor, perm=perm)
        .select_related("area", "household")
        .order_by("id")
    )
    grouped: dict[tuple[str, int], list[Person]] = {pair: [] for pair in wanted}
    for person in persons:
        grouped[(person.duplicate_key, person.area_id)].append(person)
    return [
        DuplicateGroup(key=key, area_id=area_id, persons=members)
        for (key, area_id), members in grouped.items()
        if len(members) > 1
    ]


def merge_pair(*, actor, keep_id: int, drop_id: int) -> tuple[Person, Person]:
    """The two persons of a merge, both inside the actor's merge scope (else 404)."""
    keep = person_get(actor=actor, pk=keep_id, perm=MERGE_PEOPLE)
    drop = person_get(actor=actor, pk=drop_id, perm=MERGE_PEOPLE)
    return keep, drop


# ------------------------------------------------------------------- set-based reads
# For programmes that hand something to many households at once (a relief campaign's
# packages): every function answers with one query, or a subquery to put in one.


def households_matching(
    *,
    actor,
    under: Area,
    perm: str = VIEW_PEOPLE,
    ikrf: bool | None = None,
    welfare: bool | None = None,
    female_headed: bool | None = None,
    disabled: bool | None = None,
    max_decile: int | None = None,
) -> QuerySet[Household]:
    """The households in ``under``'s subtree the actor may see whose head matches the
    filters (None: either way)."""
    households = scope(Household.objects.all(), actor=actor, perm=perm).filter(
        area__path__startswith=under.path
    )
    flags = {
        "head__ikrf_covered": ikrf,
        "head__welfare_covered": welfare,
        "head__female_headed": female_headed,
        "head__disabled": disabled,
    }
    for lookup, wanted in flags.items():
        if wanted is not None:
            households = households.filter(**{lookup: wanted})
    if max_decile is not None:
        households = households.filter(head__income_decile__lte=max_decile)
    return households.order_by("pk")


def households_holding_campaign(*, campaign: str) -> QuerySet:
    """The ids of the households (a member's benefit counts for their household) that hold
    a benefit of ``campaign``, as a subquery. Read across every area: a family that moved
    is the same family."""
    return (
        Benefit.objects.filter(campaign=campaign)
        .annotate(holder=Coalesce("household_id", "person__household_id"))
        .filter(holder__isnull=False)
        .values("holder")
    )


def household_holds_campaign(*, household: Household, campaign: str) -> bool:
    return Benefit.objects.filter(
        Q(household=household) | Q(person__household=household), campaign=campaign
    ).exists()


def household_places(*, ids) -> QuerySet:
    """``(id, area_id, area path)`` of the households ``ids`` (a list or a subquery)."""
    return (
        Household.objects.filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", "area_id", "area__path")
    )


def households_by_head_code(*, actor, codes: Iterable[str], perm: str) -> dict[str, Household]:
    """Households the actor may see, by their head's national code (one query)."""
    households = scope(Household.objects.all(), actor=actor, perm=perm).filter(
        head__national_code__in=list(codes)
    )
    return {
        h.head.national_code: h
        for h in households.select_related("head", "area")
        if h.head is not None and h.head.national_code
    }


def household_holds_campaign_q(*, campaign: str, household_ref: str = "household_id") -> Q:
    """A condition on rows whose ``household_ref`` names a household: true when that
    household (or one of its members) holds a benefit of ``campaign``. Two correlated
    EXISTS, each answered by an index, so a batch's check does not grow with the ledger."""
    own = Benefit.objects.filter(campaign=campaign, household_id=OuterRef(household_ref))
    members = Benefit.objects.filter(
        campaign=campaign, person__household_id=OuterRef(household_ref)
    )
    return Q(Exists(own)) | Q(Exists(members))

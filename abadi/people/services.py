"""Writes of the registry and the ledger: each one atomic, validated and audited once.

Other modules record what they give people through :func:`benefit_record`; they call it
inside their own service (and transaction), after checking their own permission, so the
ledger never asks for a people permission the programme officer does not hold.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.audit import audit_record, snapshot
from abadi.core.imports.bulk import insert_rows
from abadi.core.jalali import format_jalali
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import not_future
from abadi.people.audit import Action
from abadi.people.models import Benefit, Household, Person, Programme
from abadi.people.permissions import EDIT_PEOPLE, MERGE_PEOPLE, VIEW_PEOPLE

if TYPE_CHECKING:
    from abadi.geography.models import Area

PERSON_FIELDS = (
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "mobile",
    "area",
    "household",
    "ikrf_covered",
    "welfare_covered",
    "disabled",
    "female_headed",
    "income_decile",
    "source_id",
)
# What a merge copies from the dropped record into blanks of the kept one.
MERGE_FILLS = (
    "national_code",
    "father_name",
    "birth_date",
    "mobile",
    "income_decile",
    "source_id",
)
MERGE_FLAGS = ("ikrf_covered", "welfare_covered", "disabled", "female_headed")


class DuplicateNationalCode(ValidationError):
    """The national code belongs to a person already registered (``existing``).

    ``existing_url`` is the link to that person when the actor may open it, else ``None``.
    """

    def __init__(self, existing: Person, *, visible: bool) -> None:
        self.existing = existing
        self.existing_url = reverse("people:person_detail", args=[existing.pk]) if visible else None
        if visible:
            message = _("این کد ملی قبلاً برای «%(name)s» ثبت شده است.") % {
                "name": existing.full_name
            }
        else:
            message = _("این کد ملی قبلاً در منطقه‌ای خارج از حوزه شما ثبت شده است.")
        super().__init__({"national_code": ValidationError(message, code="duplicate")})


def _require_area(*, actor, area: Area | None, perm: str = EDIT_PEOPLE) -> None:
    if area is None:
        raise ValidationError({"area": _("محل سکونت را مشخص کنید.")})
    require(actor, perm, area)


def _refuse_duplicate_code(*, actor, person: Person) -> None:
    if not person.national_code:
        return
    existing = (
        Person.objects.filter(national_code=person.national_code)
        .exclude(pk=person.pk)
        .select_related("area")
        .first()
    )
    if existing is not None:
        visible = area_in_scope(actor=actor, perm=VIEW_PEOPLE, area=existing.area)
        raise DuplicateNationalCode(existing, visible=visible)


def _check_household(*, actor, person: Person) -> None:
    household = person.household
    if household is not None and not area_in_scope(
        actor=actor, perm=EDIT_PEOPLE, area=household.area
    ):
        raise ValidationError({"household": _("این خانوار در حوزه شما نیست.")})


def _check_person(person: Person) -> None:
    """What a person record must satisfy, whichever edge it came from."""
    person.normalize()
    if person.birth_date is not None:
        not_future(person.birth_date, field="birth_date", label=_("تاریخ تولد"))


@service
def person_create(*, actor, **fields: Any) -> Person:
    """Register a person. A national code already registered is refused
    (:class:`DuplicateNationalCode`, with a link to the existing person)."""
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(**fields)
    _require_area(actor=actor, area=person.area if person.area_id else None)
    _check_person(person)
    _refuse_duplicate_code(actor=actor, person=person)
    _check_household(actor=actor, person=person)
    return audited_create(person, actor=actor, action=Action.PERSON_CREATE)


@service
def person_update(*, actor, person: Person, **fields: Any) -> Person:
    """Change a person the caller fetched in scope; the new area must be in scope too."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    require(actor, EDIT_PEOPLE, person.area)

    def prepare(changed_person: Person) -> None:
        if "area" in fields:
            _require_area(actor=actor, area=changed_person.area if changed_person.area_id else None)
        _check_person(changed_person)
        _refuse_duplicate_code(actor=actor, person=changed_person)
        if "household" in fields:
            _check_household(actor=actor, person=changed_person)

    person, _changed = model_update(
        person,
        actor=actor,
        action=Action.PERSON_UPDATE,
        fields=fields,
        allowed=PERSON_FIELDS,
        prepare=prepare,
    )
    return person


@service
def household_create(*, actor, head: Person | None, area: Area, address: str = "") -> Household:
    """A household in ``area``; its head (if any) becomes its first member."""
    _require_area(actor=actor, area=area)
    if head is not None:
        require(actor, EDIT_PEOPLE, head.area)
    household = audited_create(
        Household(head=head, area=area, address=(address or "").strip()),
        actor=actor,
        action=Action.HOUSEHOLD_CREATE,
    )
    if head is not None:
        Person.objects.filter(pk=head.pk).update(household=household)
        head.household = household
    return household


@service
def household_update(
    *,
    actor,
    household: Household,
    head: Person | None = None,
    address: str | None = None,
    area: Area | None = None,
) -> Household:
    """Change a household's head (who must be a member), address or area."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    require(actor, EDIT_PEOPLE, household.area)
    fields: dict[str, Any] = {}
    if area is not None:
        _require_area(actor=actor, area=area)
        fields["area"] = area
    if address is not None:
        fields["address"] = address.strip()
    if head is not None:
        if not Person.objects.filter(pk=head.pk, household=household).exists():
            raise ValidationError({"head": _("سرپرست باید عضو همین خانوار باشد.")})
        fields["head"] = head
    household, _changed = model_update(
        household,
        actor=actor,
        action=Action.HOUSEHOLD_UPDATE,
        fields=fields,
        allowed=("area", "address", "head"),
    )
    return household


@service
def household_add_member(*, actor, household: Household, person: Person) -> Person:
    """Move ``person`` into ``household`` (out of any household they were in)."""
    for area in (household.area, person.area):
        require(actor, EDIT_PEOPLE, area)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.household_id == household.pk:
        raise ValidationError({"person": _("این فرد هم‌اکنون عضو همین خانوار است.")})
    previous = person.household_id
    person.household = household
    person.save(update_fields=["household", "updated_at"])
    if previous is not None:
        Household.objects.filter(pk=previous, head=person).update(head=None)
    audit_record(
        actor=actor,
        action=Action.HOUSEHOLD_ADD_MEMBER,
        obj=household,
        old={"person": person.pk, "household": previous},
        new={"person": person.pk, "household": household.pk},
    )
    return person


@service
def household_remove_member(*, actor, household: Household, person: Person) -> Person:
    require(actor, EDIT_PEOPLE, household.area)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.household_id != household.pk:
        raise ValidationError({"person": _("این فرد عضو این خانوار نیست.")})
    person.household = None
    person.save(update_fields=["household", "updated_at"])
    Household.objects.filter(pk=household.pk, head=person).update(head=None)
    audit_record(
        actor=actor,
        action=Action.HOUSEHOLD_REMOVE_MEMBER,
        obj=household,
        old={"person": person.pk, "household": household.pk},
        new={"person": person.pk, "household": None},
    )
    return person


# ---------------------------------------------------------------------------- benefits


@dataclass
class BenefitResult:
    benefit: Benefit
    warnings: list[str] = field(default_factory=list)


def repeat_window_days() -> int:
    return int(settings.ABADI_BENEFIT_REPEAT_DAYS)


def benefit_warnings(
    *,
    programme: str,
    date: datetime.date,
    person: Person | None = None,
    household: Household | None = None,
    campaign: str = "",
    exclude_pk: int | None = None,
) -> list[str]:
    """Why recording this benefit may be giving twice (empty: nothing found).

    The recipient is the household — the one given, else the person's — or the person
    alone when they belong to no household. Looks across every area: a family that moved
    county is still the same family. Used by :func:`benefit_record` and by screens that
    want to warn before recording.
    """
    household = household or (person.household if person is not None else None)
    if household is not None:
        recipient = Q(household=household) | Q(person__household=household)
        whom = _("این خانوار")
    elif person is not None:
        recipient = Q(person=person)
        whom = _("این فرد")
    else:
        return []
    earlier = Benefit.objects.filter(recipient)
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    warnings = []
    days = repeat_window_days()
    window = datetime.timedelta(days=days)
    repeat = (
        earlier.filter(programme=programme, date__range=(date - window, date + window))
        .order_by("-date")
        .first()
    )
    if repeat is not None:
        warnings.append(
            _(
                "%(whom)s در %(date)s هم از برنامه «%(programme)s» بهره‌مند شده است "
                "(کمتر از %(days)s روز فاصله)."
            )
            % {
                "whom": whom,
                "date": format_jalali(repeat.date),
                "programme": Programme(programme).label,
                "days": to_persian_digits(days),
            }
        )
    if campaign and earlier.filter(campaign=campaign).exists():
        warnings.append(
            _("%(whom)s پیش‌تر در همین پویش (%(campaign)s) بهره‌مند شده است.")
            % {"whom": whom, "campaign": campaign}
        )
    return warnings


def _validate_recipient(person: Person | None, household: Household | None) -> None:
    if person is None and household is None:
        raise ValidationError(_("بهره‌مندی باید به یک فرد یا یک خانوار تعلق داشته باشد."))
    if person is not None and household is not None and person.household_id != household.pk:
        raise ValidationError({"household": _("این فرد عضو خانوار داده‌شده نیست.")})


@service
def benefit_record(
    *,
    actor,
    programme: str,
    date: datetime.date,
    value: int,
    area: Area,
    source: models.Model | None,
    person: Person | None = None,
    household: Household | None = None,
    campaign: str = "",
    note: str = "",
) -> BenefitResult:
    """Write one ledger row. A repeat within ``settings.ABADI_BENEFIT_REPEAT_DAYS``
    (default 365) of the same programme to the same household comes back as a warning —
    never a refusal: the programme decides. The caller has checked its own permission."""
    _validate_recipient(person, household)
    warnings = benefit_warnings(
        programme=programme, date=date, person=person, household=household, campaign=campaign
    )
    benefit = Benefit(
        person=person,
        household=household,
        programme=programme,
        date=date,
        value=value,
        area=area,
        campaign=campaign or "",
        note=note or "",
    )
    if source is not None:
        benefit.source_type = ContentType.objects.get_for_model(source)
        benefit.source_id = source.pk
    audited_create(
        benefit,
        actor=actor,
        action=Action.BENEFIT_RECORD,
        extra={"warnings": warnings} if warnings else None,
    )
    return BenefitResult(benefit=benefit, warnings=warnings)


@dataclass(frozen=True)
class BenefitRow:
    """One benefit of a batch: who received what, when, where, from which record."""

    programme: str
    date: datetime.date
    value: int
    area: Area
    source: models.Model
    person: Person | None = None
    household: Household | None = None
    campaign: str = ""
    note: str = ""


@service
def benefits_record_bulk(*, actor, rows: list[BenefitRow], action_note: str = "") -> int:
    """Write many ledger rows at once (a demo's history, a bulk distribution, an import that
    writes in bulk): one INSERT per thousand rows and ONE audit event for the batch, which
    names the programmes and the count. The caller has checked its permission and, where
    its rule says so, that no recipient receives twice (the ledger itself only warns)."""
    if not rows:
        return 0
    types = {}
    benefits = []
    for row in rows:
        _validate_recipient(row.person, row.household)
        model = type(row.source)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        benefits.append(
            Benefit(
                person=row.person,
                household=row.household,
                programme=row.programme,
                date=row.date,
                value=row.value,
                area=row.area,
                campaign=row.campaign,
                note=row.note,
                source_type=types[model],
                source_id=row.source.pk,
            )
        )
    Benefit.objects.bulk_create(benefits, batch_size=1000)
    programmes = sorted({row.programme for row in rows})
    audit_record(
        actor=actor,
        action=Action.BENEFIT_RECORD_BULK,
        new={"count": len(rows), "programmes": programmes, "note": action_note},
    )
    return len(rows)


BENEFIT_EDITABLE = ("programme", "date", "value", "area", "campaign", "note")


@service
def benefit_update(*, actor, benefit: Benefit, **fields: Any) -> BenefitResult:
    """Correct a ledger row (its recipient and source stay); both areas must be in scope."""
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    require(actor, EDIT_PEOPLE, benefit.area)

    def prepare(changed_benefit: Benefit) -> None:
        if "area" in fields:
            _require_area(actor=actor, area=changed_benefit.area)

    benefit, _changed = model_update(
        benefit,
        actor=actor,
        action=Action.BENEFIT_UPDATE,
        fields=fields,
        allowed=BENEFIT_EDITABLE,
        prepare=prepare,
    )
    warnings = benefit_warnings(
        programme=benefit.programme,
        date=benefit.date,
        person=benefit.person,
        household=benefit.household,
        exclude_pk=benefit.pk,
    )
    return BenefitResult(benefit=benefit, warnings=warnings)


# ---------------------------------------------------------------------------- merge


def _person_relations() -> list:
    """Every relation from another model to Person: foreign keys, one-to-ones and
    many-to-manys of every installed module, found at run time so later modules' links
    move too."""
    return list(Person._meta.related_objects)


def _move_relation(relation, *, keep: Person, drop: Person) -> int:
    if relation.many_to_many:
        through = relation.through
        # The through model's column for the other side, and the one pointing at Person.
        source, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
        rows = through._base_manager.filter(**{target: drop})
        already = set(through._base_manager.filter(**{target: keep}).values_list(source, flat=True))
        duplicate = rows.filter(**{f"{source}__in": already})
        duplicate.delete()
        return rows.update(**{target: keep})
    related = relation.related_model._base_manager.filter(**{relation.field.name: drop})
    if (
        relation.one_to_one
        and related.exists()
        and relation.related_model._base_manager.filter(**{relation.field.name: keep}).exists()
    ):
        raise ValidationError(
            _("هر دو فرد «%(model)s» دارند و فقط یکی می‌تواند بماند.")
            % {"model": relation.related_model._meta.verbose_name}
        )
    return related.update(**{relation.field.name: keep})


@service
def person_merge(*, actor, keep: Person, drop: Person) -> Person:
    """Fold ``drop`` into ``keep``: every record linked to ``drop`` (ledger rows,
    households it heads, loan applications, enrolments… whatever module added the link)
    moves to ``keep``; blanks of ``keep`` are filled from ``drop``; ``drop`` is deleted;
    one audit event keeps both snapshots. All of it or none of it.

    Household membership: ``keep`` stays in its household; if it has none it joins
    ``drop``'s. A household ``drop`` headed gets ``keep`` as head when ``keep`` ends up a
    member of it, else no head (a reviewer names one).
    """
    if keep.pk == drop.pk:
        raise ValidationError(_("یک فرد را نمی‌توان با خودش ادغام کرد."))
    locked = {
        p.pk: p
        for p in Person.objects.select_for_update()
        .select_related("area")
        .filter(pk__in=[keep.pk, drop.pk])
    }
    if len(locked) != 2:
        raise ValidationError(_("یکی از دو فرد دیگر وجود ندارد."))
    keep, drop = locked[keep.pk], locked[drop.pk]
    for person in (keep, drop):
        require(actor, MERGE_PEOPLE, person.area)
    if keep.national_code and drop.national_code:
        raise ValidationError(
            _("هر دو فرد کد ملی دارند (%(a)s و %(b)s)؛ دو کد ملی یعنی دو نفر.")
            % {"a": keep.national_code, "b": drop.national_code}
        )
    kept_before, dropped_before = snapshot(keep), snapshot(drop)

    if keep.household_id is None and drop.household_id is not None:
        keep.household_id = drop.household_id
    moved: dict[str, int] = {}
    try:
        with transaction.atomic():
            for relation in _person_relations():
                if relation.related_model is Household and relation.field.name == "head":
                    continue
                count = _move_relation(relation, keep=keep, drop=drop)
                if count:
                    label = f"{relation.related_model._meta.label_lower}.{relation.field.name}"
                    moved[label] = count
            headed = Household.objects.filter(head=drop)
            heads_moved = 0
            if keep.household_id is not None:
                heads_moved = headed.filter(pk=keep.household_id).update(head=keep)
            heads_cleared = headed.update(head=None)
            if heads_moved:
                moved["people.household.head"] = heads_moved
            if heads_cleared:
                moved["people.household.head_cleared"] = heads_cleared
    except IntegrityError as error:
        raise ValidationError(
            _("ادغام ممکن نیست: یکی از سوابق این دو فرد با دیگری تعارض دارد (%(detail)s).")
            % {"detail": error}
        ) from error

    fills = {
        name: getattr(drop, name)
        for name in MERGE_FILLS
        if not getattr(keep, name) and getattr(drop, name)
    }
    for flag in MERGE_FLAGS:
        if getattr(drop, flag) and not getattr(keep, flag):
            fills[flag] = True
    drop_pk = drop.pk
    drop.delete()
    for name, value in fills.items():
        setattr(keep, name, value)
    keep.full_clean()
    keep.save()
    audit_record(
        actor=actor,
        action=Action.PERSON_MERGE,
        obj=keep,
        old={"kept": kept_before, "dropped": dropped_before},
        new={
            "kept": snapshot(keep),
            "dropped_id": drop_pk,
            "moved": moved,
            "filled": sorted(fills),
        },
    )
    return keep


@dataclass(frozen=True)
class HouseholdBenefit:
    """One row of :func:`benefits_record_for_households`, by ids only."""

    household_id: int
    area_id: int
    value: int
    source_id: int
    # The row's own day, where a batch spans several (else the call's ``date``).
    date: datetime.date | None = None


@service
def benefits_record_for_households(
    *,
    actor,
    programme: str,
    date: datetime.date,
    source_model: type[models.Model],
    rows: list[HouseholdBenefit],
    campaign: str = "",
    action_note: str = "",
) -> int:
    """Write many household ledger rows at once from ids (a bulk distribution of a whole
    list): no record is loaded, the rows go in as tuples (COPY on PostgreSQL) with ONE
    audit event. The caller has checked its permission and, where its rule says so, that
    no household receives twice."""
    if not rows:
        return 0
    source_type = ContentType.objects.get_for_model(source_model).pk
    at = clock.now()
    insert_rows(
        Benefit,
        ("household", "programme", "date", "value", "area", "campaign", "note", "source_type",
         "source_id", "created_at"),
        (
            (row.household_id, programme, row.date or date, row.value, row.area_id, campaign, "",
             source_type, row.source_id, at)
            for row in rows
        ),
    )  # fmt: skip
    audit_record(
        actor=actor,
        action=Action.BENEFIT_RECORD_BULK,
        new={"count": len(rows), "programmes": [programme], "note": action_note},
    )
    return len(rows)

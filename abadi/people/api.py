"""The registry and the ledger over HTTP: ``/api/v1/persons``, ``/households``, ``/benefits``.

Dates travel as Jalali strings ``"1401/02/18"`` both ways (input also accepts Persian or
Arabic-Indic digits and ``-`` or ``.`` separators); areas as Statistical Centre codes;
money as integer rials. Lists page by ``limit``/``offset`` without counting the table:
``next_offset`` is null on the last page. A record outside the caller's areas answers
404, exactly like one that does not exist. Invalid input answers 422 with Persian
messages per field: ``{"detail": …, "errors": {field: [message, …]}}``.
"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Schema, Status

from abadi.core.api_access import api_requires
from abadi.core.api_kit import (
    JALALI_DESCRIPTION,
    ApiRouter,
    FieldErrors,
    Id,
    In,
    JalaliDate,
    Limit,
    Offset,
    Year,
    jalali,
    page_of,
    paged,
)
from abadi.geography.models import RESIDENCE_LEVELS
from abadi.geography.selectors import area_from_input
from abadi.people import selectors, services
from abadi.people.models import Benefit, Household, Person, Programme, Sex
from abadi.people.permissions import EDIT_PEOPLE, VIEW_BENEFITS, VIEW_PEOPLE

router = ApiRouter(tags=["people"])

JALALI = JALALI_DESCRIPTION
AREA_CODE = "Statistical Centre code or name of the area, e.g. 2403010001001 or اسبو"


# ---------------------------------------------------------------------------- schemas


class PersonOut(Schema):
    id: int
    national_code: str | None = Field(None, description="کد ملی: ten Latin digits, or null")
    first_name: str
    last_name: str
    full_name: str
    father_name: str
    birth_date: str | None = Field(None, description=JALALI)
    sex: Sex
    mobile: str = Field(description="09xxxxxxxxx or empty")
    area: str = Field(description=AREA_CODE)
    area_name: str
    household_id: int | None
    ikrf_covered: bool
    welfare_covered: bool
    disabled: bool
    female_headed: bool
    income_decile: int | None = Field(None, ge=1, le=10)
    source_id: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_birth_date(obj: Person) -> str | None:
        return jalali(obj.birth_date)

    @staticmethod
    def resolve_area(obj: Person) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Person) -> str:
        return obj.area.name


class PersonIn(In):
    national_code: str | None = Field(
        None,
        max_length=20,
        description="کد ملی; Persian digits accepted; 8–9 digits are left-padded",
    )
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    father_name: str = Field("", max_length=100)
    birth_date: JalaliDate | None = Field(None, examples=["1360/05/12"])
    sex: Sex
    mobile: str = Field("", max_length=20, description="Iranian mobile: 0912…, 912…, +98912…")
    area: str = Field(max_length=200, description=AREA_CODE + " (a village or a city)")
    household_id: Id | None = None
    ikrf_covered: bool = False
    welfare_covered: bool = False
    disabled: bool = False
    female_headed: bool = False
    income_decile: int | None = Field(None, ge=1, le=10)
    source_id: str | None = Field(
        None, max_length=100, description="Key of the record in another system"
    )


class PersonPatch(In):
    national_code: str | None = Field(None, max_length=20)
    first_name: str | None = Field(None, max_length=100)
    last_name: str | None = Field(None, max_length=100)
    father_name: str | None = Field(None, max_length=100)
    birth_date: JalaliDate | None = None
    sex: Sex | None = None
    mobile: str | None = Field(None, max_length=20)
    area: str | None = Field(None, max_length=200, description=AREA_CODE)
    household_id: Id | None = None
    ikrf_covered: bool | None = None
    welfare_covered: bool | None = None
    disabled: bool | None = None
    female_headed: bool | None = None
    income_decile: int | None = Field(None, ge=1, le=10)
    source_id: str | None = Field(None, max_length=100)


class PersonFilters(Schema):
    q: str = Field(
        "", max_length=100, description="name prefix (any spelling of ی/ک), national code or mobile"
    )
    area: str = Field(
        "", max_length=200, description=AREA_CODE + "; the area and everything under it"
    )
    sex: Sex | None = None
    ikrf_covered: bool | None = None
    welfare_covered: bool | None = None
    disabled: bool | None = None
    female_headed: bool | None = None
    has_household: bool | None = None
    has_national_code: bool | None = None


def _shown(person: Person | None, context: Any) -> Person | None:
    """The person if the caller may see who they are, else None (they moved away: see
    docs/adr/0011-people-who-moved.md)."""
    actor = context["request"].auth
    return person if selectors.person_visible(actor=actor, person=person) else None


class HouseholdOut(Schema):
    id: int
    head_id: int | None = Field(description="null when the head lives outside the caller's areas")
    head_name: str | None
    area: str = Field(description=AREA_CODE)
    area_name: str
    address: str
    source_id: str | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_head_id(obj: Household, context: Any) -> int | None:
        head = _shown(obj.head, context)
        return head.pk if head else None

    @staticmethod
    def resolve_head_name(obj: Household, context: Any) -> str | None:
        if obj.head is None:
            return None
        head = _shown(obj.head, context)
        return head.full_name if head else str(selectors.MOVED_AWAY)

    @staticmethod
    def resolve_area(obj: Household) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Household) -> str:
        return obj.area.name


class HouseholdListOut(HouseholdOut):
    members: int = Field(description="number of members")

    @staticmethod
    def resolve_members(obj: Household) -> int:
        return obj.size  # type: ignore[attr-defined]


class HouseholdDetailOut(HouseholdOut):
    member_ids: list[int]


class HouseholdIn(In):
    head_id: Id | None = Field(None, description="an existing person; becomes a member")
    area: str = Field(max_length=200, description=AREA_CODE + " (a village or a city)")
    address: str = Field("", max_length=300)


class HouseholdPatch(In):
    head_id: Id | None = Field(None, description="must already be a member")
    area: str | None = Field(None, max_length=200, description=AREA_CODE)
    address: str | None = Field(None, max_length=300)


class BenefitOut(Schema):
    id: int
    person_id: int | None = Field(
        description="null when the person lives outside the caller's areas"
    )
    household_id: int | None
    programme: Programme
    programme_label: str
    date: str = Field(description=JALALI)
    value: int = Field(description="rials")
    area: str = Field(description=AREA_CODE)
    area_name: str
    campaign: str
    note: str
    source_type: str | None = Field(None, description='"app_label.model" of the source record')
    source_id: int | None

    @staticmethod
    def resolve_person_id(obj: Benefit, context: Any) -> int | None:
        person = _shown(obj.person, context)
        return person.pk if person else None

    @staticmethod
    def resolve_programme_label(obj: Benefit) -> str:
        return str(obj.get_programme_display())

    @staticmethod
    def resolve_date(obj: Benefit) -> str | None:
        return jalali(obj.date)

    @staticmethod
    def resolve_area(obj: Benefit) -> str:
        return obj.area.code

    @staticmethod
    def resolve_area_name(obj: Benefit) -> str:
        return obj.area.name

    @staticmethod
    def resolve_source_type(obj: Benefit) -> str | None:
        source_type = obj.source_type
        return f"{source_type.app_label}.{source_type.model}" if source_type is not None else None


class BenefitIn(In):
    person_id: Id | None = None
    household_id: Id | None = None
    programme: Programme
    date: JalaliDate
    value: int = Field(0, ge=0, le=10**16, description="rials")
    area: str = Field(max_length=200, description=AREA_CODE + " where it was given")
    campaign: str = Field(
        "", max_length=60, description='a key such as "relief:12" for same-campaign checks'
    )
    note: str = Field("", max_length=300)


class BenefitPatch(In):
    programme: Programme | None = None
    date: JalaliDate | None = None
    value: int | None = Field(None, ge=0, le=10**16)
    area: str | None = Field(None, max_length=200, description=AREA_CODE)
    campaign: str | None = Field(None, max_length=60)
    note: str | None = Field(None, max_length=300)


class BenefitRecorded(Schema):
    benefit: BenefitOut
    warnings: list[str] = Field(description="e.g. the household already received this")


class BenefitFilters(Schema):
    programme: Programme | None = None
    year: Year | None = None
    area: str = Field(
        "", max_length=200, description=AREA_CODE + "; the area and everything under it"
    )
    person_id: Id | None = None
    household_id: Id | None = None
    campaign: str = Field("", max_length=60)


# ---------------------------------------------------------------------------- helpers


def _filter_area(actor, text: str, perm: str):
    return area_from_input(actor=actor, perm=perm, text=text) if text else None


def _residence(actor, text: str):
    return area_from_input(actor=actor, perm=EDIT_PEOPLE, text=text, levels=RESIDENCE_LEVELS)


def _place(actor, text: str):
    return area_from_input(actor=actor, perm=EDIT_PEOPLE, text=text)


def _person_fields(actor, data: dict[str, Any]) -> dict[str, Any]:
    """API input → service keyword arguments (Jalali → date, code → Area, id → Household)."""
    errors = FieldErrors()
    fields = dict(data)
    if "area" in fields:
        fields["area"] = errors.run("area", _residence, actor, fields["area"] or "")
    if "household_id" in fields:
        household_id = fields.pop("household_id")
        fields["household"] = None
        if household_id is not None:
            fields["household"] = (
                selectors.household_list(actor=actor, perm=EDIT_PEOPLE)
                .filter(pk=household_id)
                .first()
            )
            if fields["household"] is None:
                errors.errors["household_id"] = ["خانواری با این شناسه در حوزه شما یافت نشد."]
    for name in ("first_name", "last_name", "father_name", "mobile"):
        if name in fields and fields[name] is None:
            fields[name] = ""
    errors.raise_any()
    return fields


# ---------------------------------------------------------------------------- persons


@router.get("/persons", response=page_of(PersonOut), summary="List persons")
@api_requires(VIEW_PEOPLE)
def list_persons(
    request: HttpRequest, filters: Query[PersonFilters], limit: Limit = 50, offset: Offset = 0
):
    """Persons in the caller's areas, newest first. ``q``: a name prefix, a national code
    (10 digits) or a mobile (09…), in any digits."""
    actor = request.auth  # type: ignore[attr-defined]
    data = filters.dict()
    persons = selectors.person_list(
        actor=actor,
        query=data.pop("q"),
        area=_filter_area(actor, data.pop("area"), VIEW_PEOPLE),
        sex=data.pop("sex") or "",
        **data,
    )
    return paged(persons, limit=limit, offset=offset)


@router.get("/persons/{person_id}", response=PersonOut, summary="One person")
@api_requires(VIEW_PEOPLE, record=Person)
def get_person(request: HttpRequest, person_id: Id):
    return selectors.person_get(actor=request.auth, pk=person_id)  # type: ignore[attr-defined]


@router.post("/persons", response={201: PersonOut}, summary="Register a person")
@api_requires(EDIT_PEOPLE)
def create_person(request: HttpRequest, payload: PersonIn):
    """A national code already registered is refused (422, ``errors.national_code``)."""
    actor = request.auth  # type: ignore[attr-defined]
    person = services.person_create(actor=actor, **_person_fields(actor, payload.values()))
    return Status(201, selectors.person_get(actor=actor, pk=person.pk))


def _update_person(request: HttpRequest, person_id: Id, data: dict[str, Any]) -> Person:
    actor = request.auth  # type: ignore[attr-defined]
    person = selectors.person_get(actor=actor, pk=person_id, perm=EDIT_PEOPLE)
    services.person_update(actor=actor, person=person, **_person_fields(actor, data))
    return selectors.person_get(actor=actor, pk=person_id)


@router.put("/persons/{person_id}", response={200: PersonOut}, summary="Replace a person")
@api_requires(EDIT_PEOPLE, record=Person)
def replace_person(request: HttpRequest, person_id: Id, payload: PersonIn):
    return _update_person(request, person_id, payload.values())


@router.patch("/persons/{person_id}", response={200: PersonOut}, summary="Change a person")
@api_requires(EDIT_PEOPLE, record=Person)
def patch_person(request: HttpRequest, person_id: Id, payload: PersonPatch):
    """Only the fields sent are changed."""
    return _update_person(request, person_id, payload.values(exclude_unset=True))


# ---------------------------------------------------------------------------- households


@router.get("/households", response=page_of(HouseholdListOut), summary="List households")
@api_requires(VIEW_PEOPLE)
def list_households(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="name prefix or national code of the head"),
    area: str = Query("", max_length=200, description=AREA_CODE),
    limit: Limit = 50,
    offset: Offset = 0,
):
    actor = request.auth  # type: ignore[attr-defined]
    households = selectors.household_list(
        actor=actor, query=q, area=_filter_area(actor, area, VIEW_PEOPLE)
    )
    return paged(households, limit=limit, offset=offset)


def _household_detail(actor, pk: int) -> Household:
    household = selectors.household_get(actor=actor, pk=pk)
    household.member_ids = list(  # type: ignore[attr-defined]
        selectors.household_members(actor=actor, household=household).values_list("pk", flat=True)
    )
    return household


@router.get("/households/{household_id}", response=HouseholdDetailOut, summary="One household")
@api_requires(VIEW_PEOPLE, record=Household)
def get_household(request: HttpRequest, household_id: Id):
    return _household_detail(request.auth, household_id)  # type: ignore[attr-defined]


def _head(actor, head_id: int | None) -> Person | None:
    if head_id is None:
        return None
    head = selectors.person_list(actor=actor, perm=EDIT_PEOPLE).filter(pk=head_id).first()
    if head is None:
        raise ValidationError({"head_id": ["فردی با این شناسه در حوزه شما یافت نشد."]})
    return head


@router.post("/households", response={201: HouseholdDetailOut}, summary="Register a household")
@api_requires(EDIT_PEOPLE)
def create_household(request: HttpRequest, payload: HouseholdIn):
    actor = request.auth  # type: ignore[attr-defined]
    errors = FieldErrors()
    area = errors.run("area", _residence, actor, payload.area)
    head = errors.run("head_id", _head, actor, payload.head_id)
    errors.raise_any()
    household = services.household_create(
        actor=actor, head=head, area=area, address=payload.address
    )
    return Status(201, _household_detail(actor, household.pk))


def _update_household(request: HttpRequest, household_id: Id, data: dict[str, Any]):
    actor = request.auth  # type: ignore[attr-defined]
    household = selectors.household_get(actor=actor, pk=household_id, perm=EDIT_PEOPLE)
    errors = FieldErrors()
    fields: dict[str, Any] = {}
    if data.get("area"):
        fields["area"] = errors.run("area", _residence, actor, data["area"])
    if data.get("head_id") is not None:
        fields["head"] = errors.run("head_id", _head, actor, data["head_id"])
    if data.get("address") is not None:
        fields["address"] = data["address"]
    errors.raise_any()
    services.household_update(actor=actor, household=household, **fields)
    return _household_detail(actor, household_id)


@router.put(
    "/households/{household_id}",
    response={200: HouseholdDetailOut},
    summary="Replace a household",
)
@api_requires(EDIT_PEOPLE, record=Household)
def replace_household(request: HttpRequest, household_id: Id, payload: HouseholdIn):
    return _update_household(request, household_id, payload.values())


@router.patch(
    "/households/{household_id}",
    response={200: HouseholdDetailOut},
    summary="Change a household",
)
@api_requires(EDIT_PEOPLE, record=Household)
def patch_household(request: HttpRequest, household_id: Id, payload: HouseholdPatch):
    return _update_household(request, household_id, payload.values(exclude_unset=True))


# ---------------------------------------------------------------------------- benefits


@router.get("/benefits", response=page_of(BenefitOut), summary="The benefit ledger")
@api_requires(VIEW_BENEFITS)
def list_benefits(
    request: HttpRequest, filters: Query[BenefitFilters], limit: Limit = 50, offset: Offset = 0
):
    """Ledger rows in the caller's areas, newest first; ``year`` is a Jalali year."""
    actor = request.auth  # type: ignore[attr-defined]
    benefits = selectors.benefit_list(
        actor=actor,
        programme=filters.programme or "",
        year=filters.year,
        area=_filter_area(actor, filters.area, VIEW_BENEFITS),
        campaign=filters.campaign,
    )
    if filters.person_id is not None:
        benefits = benefits.filter(person_id=filters.person_id)
    if filters.household_id is not None:
        benefits = benefits.filter(household_id=filters.household_id)
    return paged(benefits, limit=limit, offset=offset)


@router.get("/benefits/{benefit_id}", response=BenefitOut, summary="One ledger row")
@api_requires(VIEW_BENEFITS, record=Benefit)
def get_benefit(request: HttpRequest, benefit_id: Id):
    return selectors.benefit_get(actor=request.auth, pk=benefit_id)  # type: ignore[attr-defined]


@router.post("/benefits", response={201: BenefitRecorded}, summary="Record a benefit")
@api_requires(EDIT_PEOPLE)
def create_benefit(request: HttpRequest, payload: BenefitIn):
    """A manual ledger row (programmes record their own rows with their source record).
    A repeat within the configured window is recorded and reported in ``warnings``."""
    actor = request.auth  # type: ignore[attr-defined]
    errors = FieldErrors()
    date = payload.date
    area = errors.run("area", _place, actor, payload.area)
    person = household = None
    if payload.person_id is not None:
        person = (
            selectors.person_list(actor=actor, perm=EDIT_PEOPLE)
            .filter(pk=payload.person_id)
            .first()
        )
        if person is None:
            errors.errors["person_id"] = ["فردی با این شناسه در حوزه شما یافت نشد."]
    if payload.household_id is not None:
        household = (
            selectors.household_list(actor=actor, perm=EDIT_PEOPLE)
            .filter(pk=payload.household_id)
            .first()
        )
        if household is None:
            errors.errors["household_id"] = ["خانواری با این شناسه در حوزه شما یافت نشد."]
    errors.raise_any()
    result = services.benefit_record(
        actor=actor,
        programme=payload.programme,
        date=date,
        value=payload.value,
        area=area,
        source=None,
        person=person,
        household=household,
        campaign=payload.campaign,
        note=payload.note,
    )
    benefit = selectors.benefit_get(actor=actor, pk=result.benefit.pk)
    return Status(201, {"benefit": benefit, "warnings": result.warnings})


def _update_benefit(request: HttpRequest, benefit_id: Id, data: dict[str, Any]):
    actor = request.auth  # type: ignore[attr-defined]
    benefit = selectors.benefit_get(actor=actor, pk=benefit_id, perm=EDIT_PEOPLE)
    errors = FieldErrors()
    fields = {name: value for name, value in data.items() if value is not None}
    if "area" in fields:
        fields["area"] = errors.run("area", _place, actor, fields["area"])
    errors.raise_any()
    result = services.benefit_update(actor=actor, benefit=benefit, **fields)
    return {
        "benefit": selectors.benefit_get(actor=actor, pk=benefit_id),
        "warnings": result.warnings,
    }


@router.put(
    "/benefits/{benefit_id}",
    response={200: BenefitRecorded},
    summary="Replace a ledger row's details",
)
@api_requires(EDIT_PEOPLE, record=Benefit)
def replace_benefit(request: HttpRequest, benefit_id: Id, payload: BenefitPatch):
    """The recipient and the source of a row never change; everything else may."""
    return _update_benefit(request, benefit_id, payload.values())


@router.patch(
    "/benefits/{benefit_id}",
    response={200: BenefitRecorded},
    summary="Change a ledger row",
)
@api_requires(EDIT_PEOPLE, record=Benefit)
def patch_benefit(request: HttpRequest, benefit_id: Id, payload: BenefitPatch):
    return _update_benefit(request, benefit_id, payload.values(exclude_unset=True))

"""Partner agencies, agent banks, their branches and deprivation credit over HTTP."""

from ninja import Field, Query, Schema, Status

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, In, Limit, Offset, Year, page_of, paged
from abadi.core.permissions import MANAGE_ORGANISATIONS, VIEW_ORGANISATIONS
from abadi.geography.selectors import area_from_input
from abadi.organisations import selectors, services
from abadi.organisations.models import Branch, DeprivationCredit, Organisation, OrganisationKind

router = ApiRouter(tags=["organisations"])


class BranchOut(Schema):
    id: int
    name: str
    code: str
    area_code: str
    address: str

    @staticmethod
    def resolve_area_code(branch: Branch) -> str:
        return branch.area.code


class CreditOut(Schema):
    year: int
    amount: int = Field(description="rials")


class OrganisationOut(Schema):
    id: int
    name: str
    kind: OrganisationKind
    kind_label: str
    area_code: str
    phone: str
    active: bool
    branches: list[BranchOut]
    credits: list[CreditOut] = Field(description="deprivation-elimination credit by Jalali year")

    @staticmethod
    def resolve_kind_label(organisation: Organisation) -> str:
        return str(organisation.get_kind_display())

    @staticmethod
    def resolve_area_code(organisation: Organisation) -> str:
        return organisation.area.code

    @staticmethod
    def resolve_branches(organisation: Organisation) -> list[Branch]:
        return list(organisation.branches.all())

    @staticmethod
    def resolve_credits(organisation: Organisation) -> list[DeprivationCredit]:
        return sorted(organisation.credits.all(), key=lambda credit: credit.year)


class OrganisationIn(In):
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    area: str = Field(max_length=200, description="code or name of the area it serves")
    phone: str = Field("", max_length=30)


class OrganisationPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    kind: OrganisationKind | None = None
    area: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=30)
    active: bool | None = None


class BranchIn(In):
    name: str = Field(min_length=1, max_length=200)
    area: str = Field(max_length=200, description="code or name of the branch's area")
    code: str = Field("", max_length=30)
    address: str = Field("", max_length=300)


class BranchPatch(In):
    name: str | None = Field(None, min_length=1, max_length=200)
    area: str | None = Field(None, max_length=200)
    code: str | None = Field(None, max_length=30)
    address: str | None = Field(None, max_length=300)


class CreditIn(In):
    year: Year
    amount: int = Field(gt=0, le=10**16, description="rials")


def _with_area(actor, data: dict) -> dict:
    if data.get("area") is not None:
        data["area"] = area_from_input(actor=actor, perm=MANAGE_ORGANISATIONS, text=data["area"])
    return data


def _detail(actor, pk: Id) -> Organisation:
    return selectors.organisation_get(actor=actor, pk=pk)


@router.get("/organisations", response=page_of(OrganisationOut))
@api_requires(VIEW_ORGANISATIONS)
def list_organisations(
    request,
    q: str = Query("", max_length=100),
    kind: OrganisationKind | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Partner agencies and agent banks in the caller's areas, with their branches."""
    organisations = selectors.organisation_list(
        actor=request.auth, query=q, kind=kind or ""
    ).prefetch_related("branches__area", "credits")
    return paged(organisations, limit=limit, offset=offset)


@router.get("/organisations/{pk}", response=OrganisationOut)
@api_requires(VIEW_ORGANISATIONS, record=Organisation)
def get_organisation(request, pk: Id):
    return _detail(request.auth, pk)


@router.post("/organisations", response={201: OrganisationOut})
@api_requires(MANAGE_ORGANISATIONS)
def create_organisation(request, payload: OrganisationIn):
    data = _with_area(request.auth, payload.values())
    organisation = services.organisation_create(actor=request.auth, **data)
    return Status(201, _detail(request.auth, organisation.pk))


@router.patch("/organisations/{pk}", response=OrganisationOut)
@api_requires(MANAGE_ORGANISATIONS, record=Organisation)
def update_organisation(request, pk: Id, payload: OrganisationPatch):
    organisation = _detail(request.auth, pk)
    data = _with_area(request.auth, payload.values(exclude_unset=True))
    services.organisation_update(actor=request.auth, organisation=organisation, **data)
    return _detail(request.auth, pk)


@router.post("/organisations/{pk}/branches", response={201: OrganisationOut})
@api_requires(MANAGE_ORGANISATIONS, record=Organisation)
def add_branch(request, pk: Id, payload: BranchIn):
    organisation = _detail(request.auth, pk)
    data = _with_area(request.auth, payload.values())
    services.branch_create(actor=request.auth, organisation=organisation, **data)
    return Status(201, _detail(request.auth, pk))


@router.patch("/organisations/branches/{pk}", response=BranchOut)
@api_requires(MANAGE_ORGANISATIONS, record=Branch)
def update_branch(request, pk: Id, payload: BranchPatch):
    branch = selectors.branch_open(actor=request.auth, pk=pk)
    data = _with_area(request.auth, payload.values(exclude_unset=True))
    return services.branch_update(actor=request.auth, branch=branch, **data)


@router.put("/organisations/{pk}/credits", response=OrganisationOut)
@api_requires(MANAGE_ORGANISATIONS, record=Organisation)
def set_credit(request, pk: Id, payload: CreditIn):
    """Set the agency's deprivation-elimination credit of a Jalali year."""
    organisation = _detail(request.auth, pk)
    services.deprivation_credit_set(
        actor=request.auth, organisation=organisation, year=payload.year, amount=payload.amount
    )
    return _detail(request.auth, pk)

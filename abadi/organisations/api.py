from ninja import Schema

from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id
from abadi.core.permissions import VIEW_ORGANISATIONS
from abadi.organisations import selectors
from abadi.organisations.models import Organisation

router = ApiRouter(tags=["organisations"])


class BranchOut(Schema):
    id: int
    name: str
    code: str
    area_code: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    area_code: str
    branches: list[BranchOut]


def _out(organisation) -> dict:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "kind": organisation.kind,
        "kind_label": organisation.get_kind_display(),
        "area_code": organisation.area.code,
        "branches": [
            {"id": b.pk, "name": b.name, "code": b.code, "area_code": b.area.code}
            for b in organisation.branches.all()
        ],
    }


@router.get("/organisations", response=list[OrganisationOut])
@api_requires(VIEW_ORGANISATIONS)
def list_organisations(request, q: str = "", kind: str = ""):
    """Partner agencies and agent banks in the caller's areas, with their branches."""
    organisations = selectors.organisation_list(actor=request.auth, query=q, kind=kind)
    return [_out(o) for o in organisations.prefetch_related("branches__area")]


@router.get("/organisations/{pk}", response=OrganisationOut)
@api_requires(VIEW_ORGANISATIONS, record=Organisation)
def get_organisation(request, pk: Id):
    return _out(selectors.organisation_get(actor=request.auth, pk=pk))

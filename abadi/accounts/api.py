"""Users, their roles and one's own API tokens over HTTP (``/api/v1/users``, ``/tokens``).

Users and roles are the system administrator's; every signed-in caller manages their own
tokens. A token is shown once, when it is created, and stored only as its hash.
"""

import datetime

from django.http import Http404
from ninja import Field, Query, Schema, Status

from abadi.accounts import selectors, services
from abadi.accounts.models import ApiToken, RoleAssignment, User
from abadi.core.api_access import api_requires
from abadi.core.api_kit import ApiRouter, Id, In, Limit, Offset, page_of, paged
from abadi.core.permissions import MANAGE_USERS, USE_APP, Role
from abadi.geography.selectors import area_from_input

router = ApiRouter(tags=["accounts"])


class RoleOut(Schema):
    id: int
    role: Role
    role_label: str
    area: str | None = Field(description="area code; null for the whole country")
    module: str

    @staticmethod
    def resolve_role_label(assignment: RoleAssignment) -> str:
        return str(assignment.get_role_display())

    @staticmethod
    def resolve_area(assignment: RoleAssignment) -> str | None:
        return assignment.area.code if assignment.area is not None else None


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(user: User) -> list[RoleAssignment]:
        return list(user.role_assignments.all())


class UserIn(In):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=128)
    first_name: str = Field("", max_length=150)
    last_name: str = Field("", max_length=150)
    email: str = Field("", max_length=254)


class UserPatch(In):
    first_name: str | None = Field(None, max_length=150)
    last_name: str | None = Field(None, max_length=150)
    email: str | None = Field(None, max_length=254)
    is_active: bool | None = None
    password: str | None = Field(None, min_length=1, max_length=128)


class RoleIn(In):
    role: Role
    area: str | None = Field(None, max_length=200, description="code or name; none: the country")
    module: str = Field("", max_length=30, description="for a programme officer: e.g. loans")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="the first characters, to recognise a token")
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="the token itself: shown this once, never again")


class TokenIn(In):
    name: str = Field("", max_length=100)


@router.get("/users", response=page_of(UserOut))
@api_requires(MANAGE_USERS)
def list_users(request, q: str = Query("", max_length=150), limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.user_list(actor=request.auth, query=q), limit=limit, offset=offset)


@router.get("/users/{pk}", response=UserOut)
@api_requires(MANAGE_USERS, record=User)
def get_user(request, pk: Id):
    return selectors.user_get(actor=request.auth, pk=pk)


@router.post("/users", response={201: UserOut})
@api_requires(MANAGE_USERS)
def create_user(request, payload: UserIn):
    user = services.user_create(actor=request.auth, **payload.values())
    return Status(201, selectors.user_get(actor=request.auth, pk=user.pk))


@router.patch("/users/{pk}", response=UserOut)
@api_requires(MANAGE_USERS, record=User)
def update_user(request, pk: Id, payload: UserPatch):
    user = selectors.user_get(actor=request.auth, pk=pk)
    services.user_update(actor=request.auth, user=user, **payload.values(exclude_unset=True))
    return selectors.user_get(actor=request.auth, pk=pk)


@router.post("/users/{pk}/roles", response={201: UserOut})
@api_requires(MANAGE_USERS, record=User)
def assign_role(request, pk: Id, payload: RoleIn):
    """Give the user a role over an area and everything under it (no area: the country)."""
    user = selectors.user_get(actor=request.auth, pk=pk)
    area = (
        area_from_input(actor=request.auth, perm=MANAGE_USERS, text=payload.area)
        if payload.area
        else None
    )
    services.role_assign(
        actor=request.auth, user=user, role=payload.role, area=area, module=payload.module
    )
    return Status(201, selectors.user_get(actor=request.auth, pk=pk))


@router.delete("/users/{pk}/roles/{role_id}", response={204: None})
@api_requires(MANAGE_USERS, record=User)
def revoke_role(request, pk: Id, role_id: int):
    user = selectors.user_get(actor=request.auth, pk=pk)
    assignment = user.role_assignments.filter(pk=role_id).first()
    if assignment is None:
        raise Http404
    services.role_revoke(actor=request.auth, assignment=assignment)
    return Status(204, None)


@router.get("/tokens", response=list[TokenOut])
@api_requires(USE_APP)
def list_tokens(request):
    """The caller's own tokens."""
    return list(selectors.own_tokens(actor=request.auth))


@router.post("/tokens", response={201: TokenCreatedOut})
@api_requires(USE_APP)
def create_token(request, payload: TokenIn):
    """A new token for the caller; the answer holds the token itself, shown only now."""
    key = services.token_create(user=request.auth, name=payload.name, actor=request.auth)
    token = selectors.own_tokens(actor=request.auth).get(key_hash=services.token_hash(key))
    token.token = key  # type: ignore[attr-defined]
    return Status(201, token)


@router.delete("/tokens/{pk}", response={204: None})
@api_requires(USE_APP, record=ApiToken)
def revoke_token(request, pk: Id):
    token = selectors.own_tokens(actor=request.auth).filter(pk=pk).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.auth, token=token)
    return Status(204, None)

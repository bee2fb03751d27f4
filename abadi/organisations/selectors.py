from django.db.models import Count, QuerySet

from abadi.core.permissions import VIEW_ORGANISATIONS
from abadi.core.persian import search_key
from abadi.core.scoping import access_object, scope
from abadi.organisations.models import Organisation


def organisation_list(*, actor, query: str = "", kind: str = "") -> QuerySet[Organisation]:
    organisations = scope(Organisation.objects.all(), actor=actor, perm=VIEW_ORGANISATIONS)
    if query:
        organisations = organisations.filter(search_key__contains=search_key(query))
    if kind:
        organisations = organisations.filter(kind=kind)
    # Meta.ordering is dropped from GROUP BY queries; say it again.
    return (
        organisations.select_related("area")
        .annotate(branch_count=Count("branches"))
        .order_by("kind", "name")
    )


def organisation_get(*, actor, pk: int) -> Organisation:
    return access_object(
        Organisation.objects.select_related("area"), actor=actor, perm=VIEW_ORGANISATIONS, pk=pk
    )


def agent_banks(*, actor) -> QuerySet[Organisation]:
    return organisation_list(actor=actor, kind="agent_bank")

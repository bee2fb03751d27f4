from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from abadi.core.permissions import VIEW_ORGANISATIONS
from abadi.core.persian import search_key
from abadi.core.records import openable
from abadi.core.scoping import COUNTRY_PATH, access_object, scope, visible_paths
from abadi.organisations.models import Branch, Organisation, OrganisationKind


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


@openable(Organisation)
def organisation_get(*, actor, pk: int) -> Organisation:
    return access_object(
        Organisation.objects.select_related("area"), actor=actor, perm=VIEW_ORGANISATIONS, pk=pk
    )


def agent_banks(*, actor, perm: str = VIEW_ORGANISATIONS) -> QuerySet[Organisation]:
    """The agent banks ``actor`` may work with: those registered in their areas or above
    them (a province registers the banks its counties' loans go through)."""
    return (
        organisations_worked_with(
            Organisation.objects.filter(kind=OrganisationKind.AGENT_BANK), actor, perm
        )
        .select_related("area")
        .order_by("name")
    )


def agent_bank_get(*, actor, pk: int, perm: str = VIEW_ORGANISATIONS) -> Organisation | None:
    return agent_banks(actor=actor, perm=perm).filter(pk=pk).first()


def branch_get(*, actor, pk: int, perm: str = VIEW_ORGANISATIONS) -> Branch | None:
    """A branch of an organisation ``actor`` may work with."""
    organisations = organisations_worked_with(Organisation.objects.all(), actor, perm)
    return (
        Branch.objects.filter(pk=pk, organisation__in=organisations)
        .select_related("organisation", "area")
        .first()
    )


@openable(Branch)
def branch_open(*, actor, pk: int) -> Branch:
    return access_object(
        Branch.objects.select_related("organisation", "area"),
        actor=actor,
        perm=VIEW_ORGANISATIONS,
        area_field="organisation__area",
        pk=pk,
    )


def organisation_by_ids(
    *, actor, ids: Iterable[int], perm: str = VIEW_ORGANISATIONS
) -> dict[int, Organisation]:
    organisations = organisations_worked_with(Organisation.objects.all(), actor, perm)
    return {o.pk: o for o in organisations.filter(pk__in=list(ids))}


def organisations_worked_with(
    organisations: QuerySet[Organisation], actor, perm: str
) -> QuerySet[Organisation]:
    """Of ``organisations``, those ``actor`` works with: registered in the actor's areas or
    in an area above them (a province registers the agencies and banks of its counties)."""
    roots = visible_paths(actor, perm)
    if COUNTRY_PATH in roots:
        return organisations
    condition = Q(pk__in=[])
    for root in roots:
        parts = root.strip("/").split("/")
        above = ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
        condition |= Q(area__path__startswith=root) | Q(area__path__in=above)
    return organisations.filter(condition)


def branches_of(organisations: QuerySet[Organisation]) -> QuerySet[Branch]:
    """The branches of some organisations (the banks a form offers), bank by bank."""
    return (
        Branch.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def organisation_names(ids: Iterable[int]) -> dict[str, str]:
    """Names by id (as text), for labelling breakdowns keyed by an organisation's id."""
    rows = Organisation.objects.filter(pk__in=list(ids)).values_list("pk", "name")
    return {str(pk): name for pk, name in rows}

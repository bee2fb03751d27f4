"""Import kinds of the volunteers module.

- ``volunteer_groups``: groups with their leader and permit, through the same services as
  the pages (an Atlas ID already registered in the importer's areas is updated);
- ``volunteer_groups_national``: the national list of light groups (name, type, domain,
  area) in bulk — tens of thousands of rows in one COPY, one audit event;
- ``volunteer_members``: members of groups, persons of the registry by national code;
- ``volunteer_deployments``: deployments; a row is keyed by its source id (or, without
  one, by group, place, dates and domain) so a file imported twice writes nothing twice.

Every row is checked before anything is written; with any broken row nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.imports import Column, ImportKind, ImportOutcome, parsers, register_import
from abadi.core.persian import search_key
from abadi.core.scoping import unscoped
from abadi.geography.models import RESIDENCE_LEVELS
from abadi.geography.selectors import AreaInputs, county_of
from abadi.people.selectors import persons_by_national_code
from abadi.volunteers import services
from abadi.volunteers.forms import HOME_LEVELS
from abadi.volunteers.models import (
    Deployment,
    Domain,
    Group,
    GroupType,
    MemberRole,
    Membership,
)
from abadi.volunteers.permissions import MANAGE_GROUPS, MANAGE_MEMBERS, REPORT_DEPLOYMENTS
from abadi.volunteers.selectors import scope_groups

CHUNK = 5_000


def _words(choices) -> dict[str, str]:
    """A choice's label and its code both accepted."""
    return {
        **{str(label): value for value, label in choices.choices},
        **{v: v for v in choices.values},
    }


def _domain_list(text: str) -> list[str]:
    parse = parsers.choice(_words(Domain))
    parts = [part.strip() for part in text.replace("،", ",").replace("؛", ",").split(",")]
    return [parse(part) for part in parts if part]


def _atlas(value: str) -> str:
    try:
        return services.normalize_atlas_id(value)
    except ValidationError as error:
        raise ValidationError(error.messages) from error


ATLAS_COLUMN = Column(
    "atlas_id",
    gettext_lazy("شناسه اطلس"),
    aliases=("atlas", "atlas id", "شناسه", "کد اطلس", "شماره اطلس"),
    parse=_atlas,
    example="24000123",
)
TYPE_COLUMN = Column(
    "group_type",
    gettext_lazy("نوع گروه"),
    aliases=("type", "group type", "نوع"),
    parse=parsers.choice(_words(GroupType)),
    example=str(GroupType.NEIGHBOURHOOD.label),
    choices=tuple(str(label) for label in GroupType.labels),
)
DOMAIN_COLUMN = Column(
    "main_domain",
    gettext_lazy("حوزه اصلی"),
    aliases=("domain", "main domain", "حوزه", "حوزه فعالیت"),
    parse=parsers.choice(_words(Domain)),
    example=str(Domain.CIVIL_WORKS.label),
    choices=tuple(str(label) for label in Domain.labels),
)
NAME_COLUMN = Column(
    "name",
    gettext_lazy("نام گروه"),
    aliases=("name", "group", "group name", "نام"),
    parse=parsers.text(200),
    example="گروه جهادی شهید باکری",
)
SINCE_COLUMN = Column(
    "on",
    gettext_lazy("تاریخ آغاز فعالیت"),
    aliases=("since", "active since", "تاریخ ثبت", "آغاز فعالیت"),
    required=False,
    parse=parsers.jalali_date(not_future=True),
    example="1398/06/01",
    help=gettext_lazy("خالی: تاریخ صدور مجوز، یا امروز"),
)


@dataclass
class GroupContext:
    homes: AreaInputs
    existing: dict[str, dict[str, Any]]
    persons: dict[str, Any] = field(default_factory=dict)


def _existing(atlas_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Groups already registered under these Atlas IDs, wherever they are."""
    found: dict[str, dict[str, Any]] = {}
    ids = sorted(atlas_ids)
    rows = unscoped(Group.objects.all()).values(
        "id", "atlas_id", "name", "group_type", "main_domain", "home_id", "area__path"
    )
    for start in range(0, len(ids), CHUNK):
        found.update(
            (row["atlas_id"], dict(row))
            for row in rows.filter(atlas_id__in=ids[start : start + CHUNK])
        )
    return found


def _in_scope(homes: AreaInputs, row: dict[str, Any]) -> bool:
    return homes.in_scope(row["area__path"])


class GroupImport(ImportKind):
    name = "volunteer_groups"
    label = gettext_lazy("گروه‌های جهادی")
    perm = MANAGE_GROUPS
    columns = [
        ATLAS_COLUMN,
        NAME_COLUMN,
        TYPE_COLUMN,
        DOMAIN_COLUMN,
        Column(
            "domains",
            gettext_lazy("حوزه‌های دیگر"),
            aliases=("other domains", "domains", "حوزه‌ها"),
            required=False,
            parse=_domain_list,
            example="بهداشت و درمان، خدماتی",
            help=gettext_lazy("با ویرگول جدا شوند"),
        ),
        Column(
            "home",
            gettext_lazy("محل استقرار"),
            aliases=("home", "area", "محل", "روستا", "کد محل"),
            parse=parsers.text(150),
            example="2403010001001",
            help=gettext_lazy("کد یا نام شهرستان، شهر یا روستای محل استقرار"),
        ),
        Column(
            "leader",
            gettext_lazy("کد ملی سرگروه"),
            aliases=("leader", "leader national code", "کد ملی سرپرست گروه"),
            required=False,
            parse=parsers.national_code,
            example="0012345679",
            help=gettext_lazy("سرگروه باید پیش‌تر در فهرست افراد ثبت شده باشد"),
        ),
        Column(
            "permit_number",
            gettext_lazy("شماره مجوز"),
            aliases=("permit", "permit number", "مجوز"),
            required=False,
            parse=parsers.code(50),
        ),
        Column(
            "permit_issued_on",
            gettext_lazy("تاریخ صدور مجوز"),
            aliases=("permit issued", "صدور مجوز"),
            required=False,
            parse=parsers.jalali_date(not_future=True),
            example="1400/01/15",
        ),
        Column(
            "permit_expires_on",
            gettext_lazy("پایان اعتبار مجوز"),
            aliases=("permit expires", "انقضای مجوز", "اعتبار مجوز تا"),
            required=False,
            parse=parsers.jalali_date(),
            example="1403/01/14",
        ),
        SINCE_COLUMN,
    ]
    ignored_headers = ("نام محل استقرار", "شهرستان", "سرگروه", "وضعیت")

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> GroupContext:
        homes = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["home"] for row in rows if row.get("home")},
            levels=HOME_LEVELS,
        )
        codes = {row["leader"] for row in rows if row.get("leader")}
        return GroupContext(
            homes=homes,
            existing=_existing({row["atlas_id"] for row in rows if row.get("atlas_id")}),
            persons=persons_by_national_code(actor=actor, codes=codes, perm=self.perm),
        )

    def validate_row(self, row: dict[str, Any], *, context: GroupContext) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        home = context.homes.resolve(row["home"])
        if isinstance(home, str):
            errors["home"] = home
        existing = context.existing.get(row["atlas_id"])
        if existing is not None and not _in_scope(context.homes, existing):
            errors["atlas_id"] = _(
                "گروهی با این شناسه اطلس در منطقه‌ای خارج از حوزه شما ثبت شده است."
            )
        leader = None
        if row.get("leader"):
            leader = context.persons.get(row["leader"])
            if leader is None:
                errors["leader"] = _(
                    "فردی با این کد ملی در سامانهٔ افراد حوزهٔ شما ثبت نشده است؛ نخست افراد را "
                    "بارگذاری کنید."
                )
        try:
            services.check_permit(row.get("permit_issued_on"), row.get("permit_expires_on"))
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        return {**row, "home": home, "_leader": leader, "_existing": existing}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row["atlas_id"]

    def commit(self, rows: list[dict[str, Any]], *, actor, context: GroupContext) -> ImportOutcome:
        created = updated = unchanged = 0
        for row in rows:
            existing = row["_existing"]
            if existing is None:
                services.group_register(
                    actor=actor,
                    atlas_id=row["atlas_id"],
                    name=row["name"],
                    group_type=row["group_type"],
                    main_domain=row["main_domain"],
                    domains=row.get("domains") or [],
                    home=row["home"],
                    leader=row["_leader"],
                    permit_number=row.get("permit_number") or "",
                    permit_issued_on=row.get("permit_issued_on"),
                    permit_expires_on=row.get("permit_expires_on"),
                    on=row.get("on"),
                )
                created += 1
                continue
            group = Group.objects.select_related("area", "home").get(pk=existing["id"])
            before = (group.name, group.group_type, group.main_domain, group.home_id)
            fields: dict[str, Any] = {
                "name": row["name"],
                "group_type": row["group_type"],
                "main_domain": row["main_domain"],
                "home": row["home"],
            }
            domains = row.get("domains")
            services.group_update(actor=actor, group=group, domains=domains, **fields)
            group.refresh_from_db()
            after = (group.name, group.group_type, group.main_domain, group.home_id)
            if before != after or domains is not None:
                updated += 1
            else:
                unchanged += 1
        return ImportOutcome(created=created, updated=updated, unchanged=unchanged)


register_import(GroupImport())


@dataclass
class NationalContext:
    homes: AreaInputs
    existing: dict[str, dict[str, Any]]
    counties: dict[int, Any] = field(default_factory=dict)


class NationalGroupImport(ImportKind):
    """The national list (tens of thousands of light groups): name, type, domain, area."""

    name = "volunteer_groups_national"
    label = gettext_lazy("فهرست ملی گروه‌های جهادی (گروهی، سبک)")
    perm = MANAGE_GROUPS
    columns = [
        ATLAS_COLUMN,
        NAME_COLUMN,
        TYPE_COLUMN,
        DOMAIN_COLUMN,
        Column(
            "area",
            gettext_lazy("محل"),
            aliases=("area", "area code", "شهرستان", "محل استقرار", "کد محل"),
            parse=parsers.text(150),
            example="1501",
            help=gettext_lazy("کد یا نام شهرستان (یا شهر و روستای) محل گروه"),
        ),
        SINCE_COLUMN,
    ]

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> NationalContext:
        homes = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["area"] for row in rows if row.get("area")},
            levels=HOME_LEVELS,
        )
        return NationalContext(
            homes=homes,
            existing=_existing({row["atlas_id"] for row in rows if row.get("atlas_id")}),
        )

    def _county(self, home, context: NationalContext):
        county = context.counties.get(home.pk)
        if county is None:
            county = context.counties[home.pk] = county_of(home)
        return county

    def validate_row(self, row: dict[str, Any], *, context: NationalContext) -> dict[str, Any]:
        home = context.homes.resolve(row["area"])
        if isinstance(home, str):
            raise ValidationError({"area": home})
        existing = context.existing.get(row["atlas_id"])
        if existing is not None and not _in_scope(context.homes, existing):
            raise ValidationError(
                {"atlas_id": _("گروهی با این شناسه اطلس در منطقه‌ای خارج از حوزه شما ثبت شده است.")}
            )
        county = self._county(home, context)
        if county is None:
            raise ValidationError({"area": _("محل گروه باید در یک شهرستان باشد.")})
        return {**row, "area": home, "_county": county, "_existing": existing}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row["atlas_id"]

    def commit(
        self, rows: list[dict[str, Any]], *, actor, context: NationalContext
    ) -> ImportOutcome:
        today = clock.today()
        new = [
            services.LightGroup(
                atlas_id=row["atlas_id"],
                name=row["name"],
                group_type=row["group_type"],
                main_domain=row["main_domain"],
                home=row["area"],
                county=row["_county"],
                active_since=row.get("on") or today,
            )
            for row in rows
            if row["_existing"] is None
        ]
        services.groups_register_bulk(actor=actor, rows=new, note=str(self.label))
        changed: list[Group] = []
        unchanged = 0
        now = clock.now()
        for row in rows:
            existing = row["_existing"]
            if existing is None:
                continue
            values = {
                "name": row["name"],
                "group_type": row["group_type"],
                "main_domain": row["main_domain"],
                "home_id": row["area"].pk,
            }
            if all(existing[key] == value for key, value in values.items()):
                unchanged += 1
                continue
            group = Group(id=existing["id"], area_id=row["_county"].pk, updated_at=now, **values)
            group.search_key = search_key(row["name"])[:200]
            changed.append(group)
        if changed:
            Group.objects.bulk_update(
                changed,
                ["name", "search_key", "group_type", "main_domain", "home", "area", "updated_at"],
                batch_size=500,
            )
            from abadi.volunteers.models import GroupDomain

            GroupDomain.objects.bulk_create(
                [GroupDomain(group_id=group.pk, domain=group.main_domain) for group in changed],
                ignore_conflicts=True,
            )
        return ImportOutcome(created=len(new), updated=len(changed), unchanged=unchanged)


register_import(NationalGroupImport())


# ------------------------------------------------------------------------------ members

# The leader's role is accepted (an exported list imports back) but not given by an import.
ROLE_WORDS = {str(label): value for value, label in MemberRole.choices} | {
    value: value for value in MemberRole.values
}


@dataclass
class MemberContext:
    groups: dict[str, Group]
    persons: dict[str, Any]
    open_pairs: set[tuple[int, int]]


def _groups_by_atlas(actor, perm: str, atlas_ids: set[str]) -> dict[str, Group]:
    groups = scope_groups(Group.objects.select_related("area"), actor=actor, perm=perm)
    found: dict[str, Group] = {}
    ids = sorted(atlas_ids)
    for start in range(0, len(ids), CHUNK):
        found.update(
            (g.atlas_id, g) for g in groups.filter(atlas_id__in=ids[start : start + CHUNK])
        )
    return found


NO_GROUP = gettext_lazy("گروهی با این شناسه اطلس در میان گروه‌های شما نیست.")


class MemberImport(ImportKind):
    name = "volunteer_members"
    label = gettext_lazy("اعضای گروه‌های جهادی")
    perm = MANAGE_MEMBERS
    columns = [
        ATLAS_COLUMN,
        Column(
            "national_code",
            gettext_lazy("کد ملی"),
            aliases=("national code", "کدملی", "کد ملی عضو"),
            parse=parsers.national_code,
            example="0012345679",
            help=gettext_lazy("عضو باید پیش‌تر در فهرست افراد ثبت شده باشد"),
        ),
        Column(
            "role",
            gettext_lazy("نقش"),
            aliases=("role",),
            required=False,
            parse=parsers.choice(ROLE_WORDS),
            example=str(MemberRole.MEMBER.label),
            choices=tuple(str(label) for value, label in MemberRole.choices if value != "leader"),
        ),
        Column(
            "skills",
            gettext_lazy("مهارت‌ها"),
            aliases=("skills", "مهارت"),
            required=False,
            parse=parsers.text(200),
            example="بنایی",
        ),
        Column(
            "joined_on",
            gettext_lazy("تاریخ عضویت"),
            aliases=("joined", "joined on"),
            required=False,
            parse=parsers.jalali_date(not_future=True),
            example="1400/07/01",
        ),
    ]
    ignored_headers = ("نام گروه", "نام", "شهرستان", "تاریخ خروج")

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> MemberContext:
        groups = _groups_by_atlas(actor, self.perm, {row["atlas_id"] for row in rows})
        persons = persons_by_national_code(
            actor=actor, codes={row["national_code"] for row in rows}, perm=self.perm
        )
        pairs = set(
            Membership.objects.filter(
                group__in=[g.pk for g in groups.values()], left_on__isnull=True
            ).values_list("group_id", "person_id")
        )
        return MemberContext(groups=groups, persons=persons, open_pairs=pairs)

    def validate_row(self, row: dict[str, Any], *, context: MemberContext) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        group = context.groups.get(row["atlas_id"])
        if group is None:
            errors["atlas_id"] = str(NO_GROUP)
        person = context.persons.get(row["national_code"])
        if person is None:
            errors["national_code"] = _(
                "فردی با این کد ملی در سامانهٔ افراد حوزهٔ شما ثبت نشده است؛ نخست او را در "
                "فهرست افراد ثبت یا بارگذاری کنید."
            )
        if (
            group is not None
            and person is not None
            and row.get("role") == MemberRole.LEADER
            and (group.pk, person.pk) not in context.open_pairs
        ):
            errors["role"] = _("سرگروه را با «تعیین سرگروه» در صفحهٔ گروه معرفی کنید.")
        if errors:
            raise ValidationError(errors)
        assert group is not None
        return {**row, "_group": group, "_person": person}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return f"{row['atlas_id']}:{row['national_code']}"

    def key_column(self, row: dict[str, Any]) -> str:
        return "national_code"

    def commit(self, rows: list[dict[str, Any]], *, actor, context: MemberContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if (row["_group"].pk, row["_person"].pk) in context.open_pairs:
                unchanged += 1
                continue
            services.member_add(
                actor=actor,
                group=row["_group"],
                person=row["_person"],
                role=row.get("role") or MemberRole.MEMBER,
                skills=row.get("skills") or "",
                joined_on=row.get("joined_on"),
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(MemberImport())


# ------------------------------------------------------------------------------ deployments


@dataclass
class DeploymentContext:
    groups: dict[str, Group]
    places: AreaInputs
    known: set[str]


def _deployment_key(row: dict[str, Any]) -> str:
    if row.get("source_id"):
        return row["source_id"]
    place = row["place"].code if hasattr(row["place"], "code") else row["place"]
    return (
        f"auto:{row['atlas_id']}:{place}:{row['started_on']:%Y%m%d}:"
        f"{row['ended_on']:%Y%m%d}:{row['domain']}"
    )[:64]


class DeploymentImport(ImportKind):
    name = "volunteer_deployments"
    label = gettext_lazy("اردوها و خدمات گروه‌های جهادی")
    perm = REPORT_DEPLOYMENTS
    columns = [
        ATLAS_COLUMN,
        Column(
            "place",
            gettext_lazy("محل خدمت"),
            aliases=("place", "village", "روستا", "محل", "کد محل"),
            parse=parsers.text(150),
            example="2403010001001",
            help=gettext_lazy("کد یا نام روستا یا شهر"),
        ),
        Column(
            "started_on",
            gettext_lazy("تاریخ آغاز"),
            aliases=("start", "started on", "از تاریخ"),
            parse=parsers.jalali_date(not_future=True),
            example="1401/02/10",
        ),
        Column(
            "ended_on",
            gettext_lazy("تاریخ پایان"),
            aliases=("end", "ended on", "تا تاریخ"),
            parse=parsers.jalali_date(not_future=True),
            example="1401/02/12",
        ),
        Column(
            "domain",
            gettext_lazy("حوزه"),
            aliases=("domain", "حوزه خدمت"),
            parse=parsers.choice(_words(Domain)),
            example=str(Domain.HEALTH.label),
            choices=tuple(str(label) for label in Domain.labels),
        ),
        Column(
            "work_done",
            gettext_lazy("کار انجام‌شده"),
            aliases=("work", "work done", "شرح", "شرح خدمت"),
            parse=parsers.text(4000),
            example="ویزیت رایگان و توزیع دارو",
        ),
        Column(
            "people_served",
            gettext_lazy("شمار خدمت‌گیرندگان"),
            aliases=("people served", "served", "خدمت گیرندگان"),
            parse=parsers.integer(0, 100_000),
            example="120",
        ),
        Column(
            "volunteers",
            gettext_lazy("شمار جهادگران"),
            aliases=("volunteers", "جهادگران"),
            parse=parsers.integer(1, 1_000),
            example="8",
        ),
        Column(
            "volunteer_days",
            gettext_lazy("نفر-روز خدمت"),
            aliases=("volunteer days", "نفر روز"),
            required=False,
            parse=parsers.integer(1, 366_000),
            example="24",
            help=gettext_lazy("خالی: شمار جهادگران × شمار روزها"),
        ),
        Column(
            "source_id",
            gettext_lazy("شناسه منبع"),
            aliases=("source id", "source"),
            required=False,
            parse=parsers.code(64),
        ),
    ]
    ignored_headers = ("نام گروه", "نام محل خدمت", "شهرستان")

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> DeploymentContext:
        groups = _groups_by_atlas(actor, self.perm, {row["atlas_id"] for row in rows})
        places = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["place"] for row in rows if row.get("place")},
            levels=RESIDENCE_LEVELS,
        )
        return DeploymentContext(groups=groups, places=places, known=set())

    def validate_row(self, row: dict[str, Any], *, context: DeploymentContext) -> dict[str, Any]:
        group = context.groups.get(row["atlas_id"])
        if group is None:
            raise ValidationError({"atlas_id": str(NO_GROUP)})
        place = context.places.resolve(row["place"])
        if isinstance(place, str):
            raise ValidationError({"place": place})
        work, days = services.check_deployment(
            group=group,
            place=place,
            started_on=row["started_on"],
            ended_on=row["ended_on"],
            domain=row["domain"],
            work_done=row["work_done"],
            people_served=row["people_served"],
            volunteers=row["volunteers"],
            volunteer_days=row.get("volunteer_days"),
        )
        cleaned = {
            **row,
            "place": place,
            "_group": group,
            "work_done": work,
            "volunteer_days": days,
        }
        cleaned["_source"] = _deployment_key(cleaned)
        return cleaned

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row["_source"]

    def commit(
        self, rows: list[dict[str, Any]], *, actor, context: DeploymentContext
    ) -> ImportOutcome:
        sources = [row["_source"] for row in rows]
        known: set[str] = set()
        for start in range(0, len(sources), CHUNK):
            rows_known = Deployment.objects.filter(source_id__in=sources[start : start + CHUNK])
            known.update(key for key in rows_known.values_list("source_id", flat=True) if key)
        created = unchanged = 0
        for row in rows:
            if row["_source"] in known:
                unchanged += 1
                continue
            services.deployment_report(
                actor=actor,
                group=row["_group"],
                place=row["place"],
                started_on=row["started_on"],
                ended_on=row["ended_on"],
                domain=row["domain"],
                work_done=row["work_done"],
                people_served=row["people_served"],
                volunteers=row["volunteers"],
                volunteer_days=row["volunteer_days"],
                source_id=row["_source"],
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(DeploymentImport())

"""Import kind "persons": the registry from an office's spreadsheet.

A row is matched to a registered person by national code, or, for people without one,
by the source system's id (شناسه منبع); every row needs one of the two, so importing the
same file again updates or leaves people unchanged and never registers anyone twice.
A matched person is updated only in the columns the file has; a national code or a
source id already recorded is never cleared. Writes go in batches (bulk_create /
bulk_update) with the derived search keys filled as ``Person.save`` would.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.imports import Column, ImportKind, ImportOutcome, parsers, register_import
from abadi.core.imports.bulk import insert_rows
from abadi.core.jalali import jalali_year_of
from abadi.core.persian import search_key
from abadi.core.scoping import unscoped
from abadi.geography.models import RESIDENCE_LEVELS
from abadi.geography.selectors import AreaInputs
from abadi.people.models import Household, Person, Sex
from abadi.people.permissions import EDIT_PEOPLE

LOOKUP_CHUNK = 5_000  # keys per IN (...) query: under SQLite's variable limit
UPDATE_BATCH = 500

SEX_WORDS = {
    "مرد": Sex.MALE,
    "زن": Sex.FEMALE,
    "male": Sex.MALE,
    "female": Sex.FEMALE,
    "m": Sex.MALE,
    "f": Sex.FEMALE,
    "آقا": Sex.MALE,
    "خانم": Sex.FEMALE,
    "مذکر": Sex.MALE,
    "مونث": Sex.FEMALE,
    "مؤنث": Sex.FEMALE,
}

FLAG_KEYS = ("ikrf_covered", "welfare_covered", "disabled", "female_headed")
# Fields the file can set, and what an empty cell of a present column means for each.
EMPTY_VALUES: dict[str, Any] = {
    "first_name": "",
    "last_name": "",
    "father_name": "",
    "birth_date": None,
    "sex": "",
    "mobile": "",
    "ikrf_covered": False,
    "welfare_covered": False,
    "disabled": False,
    "female_headed": False,
    "income_decile": None,
}
KEY_FIELDS = ("national_code", "source_id")
DERIVED_FIELDS = ("search_key", "last_name_key", "duplicate_key")
# What is read of a registered person to match, scope-check and compare a row against it.
RECORD_FIELDS = ("id", *KEY_FIELDS, "area_id", *EMPTY_VALUES)
INSERT_FIELDS = (*KEY_FIELDS, "area", *EMPTY_VALUES, *DERIVED_FIELDS, "created_at", "updated_at")


def _flag_column(key: str, label, aliases: tuple[str, ...]) -> Column:
    """A yes/no flag of the person (بله/خیر, 1/0, yes/no); empty means no."""
    return Column(
        key,
        label,
        aliases=aliases,
        required=False,
        parse=parsers.boolean,
        example="خیر",
        choices=("بله", "خیر"),
    )


COLUMNS = [
    Column(
        "national_code",
        gettext_lazy("کد ملی"),
        aliases=("national code", "national id", "nid", "شماره ملی", "کدملی"),
        required=False,
        parse=parsers.national_code,
        example="0012345679",
        help=gettext_lazy("ده رقم؛ برای افراد بی‌کد ملی خالی بماند و «شناسه منبع» پر شود."),
    ),
    Column(
        "first_name",
        gettext_lazy("نام"),
        aliases=("first name", "firstname", "name", "given name"),
        parse=parsers.text(100),
        example="علی",
    ),
    Column(
        "last_name",
        gettext_lazy("نام خانوادگی"),
        aliases=("last name", "lastname", "surname", "family name", "family", "نام فامیل"),
        parse=parsers.text(100),
        example="کریمی",
    ),
    Column(
        "father_name",
        gettext_lazy("نام پدر"),
        aliases=("father name", "father's name", "fathers name", "father"),
        required=False,
        parse=parsers.text(100),
        example="حسن",
    ),
    Column(
        "birth_date",
        gettext_lazy("تاریخ تولد"),
        aliases=("birth date", "birthdate", "date of birth", "dob", "تاریخ تولد شمسی", "تولد"),
        required=False,
        parse=parsers.jalali_date(not_future=True),
        example="1365/02/18",
        help=gettext_lazy("شمسی: ۱۳۶۵/۰۲/۱۸ یا ۱۳۶۵-۲-۱۸"),
    ),
    Column(
        "sex",
        gettext_lazy("جنسیت"),
        aliases=("sex", "gender", "جنس"),
        parse=parsers.choice(SEX_WORDS),
        example="مرد",
        choices=("مرد", "زن"),
    ),
    Column(
        "mobile",
        gettext_lazy("تلفن همراه"),
        aliases=("mobile", "cell", "phone", "موبایل", "شماره همراه", "همراه", "تلفن"),
        required=False,
        parse=parsers.mobile,
        example="09121234567",
    ),
    Column(
        "area",
        gettext_lazy("محل سکونت"),
        aliases=(
            "آبادی",
            "روستا",
            "شهر",
            "روستا/شهر",
            "روستا یا شهر",
            "کد آبادی",
            "کد محل سکونت",
            "area",
            "area code",
            "village",
            "city",
        ),
        parse=parsers.text(150),
        example="2403010001001",
        help=gettext_lazy("کد آبادی (روستا یا شهر) یا نام آن در حوزهٔ شما"),
    ),
    _flag_column(
        "ikrf_covered",
        gettext_lazy("تحت پوشش کمیته امداد"),
        ("کمیته امداد", "امداد", "ikrf", "ikrf covered"),
    ),
    _flag_column(
        "welfare_covered",
        gettext_lazy("تحت پوشش بهزیستی"),
        ("بهزیستی", "welfare", "welfare covered"),
    ),
    _flag_column(
        "disabled", gettext_lazy("دارای معلولیت"), ("معلولیت", "معلول", "disabled", "disability")
    ),
    _flag_column(
        "female_headed",
        gettext_lazy("سرپرست خانوار زن"),
        ("زن سرپرست خانوار", "female headed", "female headed household"),
    ),
    Column(
        "income_decile",
        gettext_lazy("دهک درآمدی"),
        aliases=("دهک", "income decile", "decile"),
        required=False,
        parse=parsers.integer(1, 10),
        example="3",
    ),
    Column(
        "source_id",
        gettext_lazy("شناسه منبع"),
        aliases=("source id", "source", "external id", "کد منبع"),
        required=False,
        parse=parsers.code(100),
        help=gettext_lazy("شناسهٔ فرد در سامانهٔ مبدأ؛ برای افراد بی‌کد ملی لازم است."),
    ),
]


@dataclass
class PersonContext:
    residences: AreaInputs
    by_code: dict[str, dict[str, Any]]
    by_source: dict[str, dict[str, Any]]


def _chunks(values: list):
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


class PersonImport(ImportKind):
    name = "persons"
    label = gettext_lazy("افراد")
    perm = EDIT_PEOPLE
    columns = COLUMNS
    # Columns the persons export adds; an edited export imports back without warnings.
    ignored_headers = ("شناسه", "شهرستان", "نام محل سکونت", "خانوار", "زمان ثبت")

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> PersonContext:
        codes = {row["national_code"] for row in rows if row.get("national_code")}
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        by_code, by_source = self._registered(codes, sources)
        residences = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["area"] for row in rows if row.get("area")},
            levels=RESIDENCE_LEVELS,
        )
        residences.learn_paths({p["area_id"] for p in (*by_code.values(), *by_source.values())})
        return PersonContext(residences=residences, by_code=by_code, by_source=by_source)

    @staticmethod
    def _registered(
        codes: set[str], sources: set[str]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """The registered persons the file's national codes and source ids name."""
        existing = unscoped(Person.objects.all()).values(*RECORD_FIELDS)
        by_code: dict[str, dict[str, Any]] = {}
        by_source: dict[str, dict[str, Any]] = {}
        if existing.count() <= len(codes) + len(sources):
            # A registry no bigger than the file (the first import above all) is read once
            # rather than looked up key by key.
            for person in existing.iterator(chunk_size=LOOKUP_CHUNK):
                if person["national_code"] in codes:
                    by_code[person["national_code"]] = person
                if person["source_id"] in sources:
                    by_source[person["source_id"]] = person
            return by_code, by_source
        for chunk in _chunks(sorted(codes)):
            by_code.update(
                (p["national_code"], p) for p in existing.filter(national_code__in=chunk)
            )
        # Source ids the persons found by code already carry need no second look-up.
        by_source = {p["source_id"]: p for p in by_code.values() if p["source_id"]}
        for chunk in _chunks(sorted(sources - set(by_source))):
            by_source.update((p["source_id"], p) for p in existing.filter(source_id__in=chunk))
        return by_code, by_source

    def validate_row(self, row: dict[str, Any], *, context: PersonContext) -> dict[str, Any]:
        errors: dict[str, str] = {}
        area = context.residences.resolve(row["area"])
        if isinstance(area, str):
            errors["area"] = area
        code = row.get("national_code")
        source = row.get("source_id")
        if not code and not source:
            errors["national_code"] = _(
                "کد ملی یا شناسه منبع لازم است تا بارگذاری دوباره، فرد را دوباره ثبت نکند."
            )
        existing = context.by_code.get(code) if code else None
        if source:
            by_source = context.by_source.get(source)
            if by_source is not None and existing is not None and by_source["id"] != existing["id"]:
                errors["source_id"] = _("این شناسه منبع برای فرد دیگری با کد ملی دیگر ثبت شده است.")
            elif by_source is not None and existing is None:
                if code and by_source["national_code"] and by_source["national_code"] != code:
                    errors["source_id"] = _("این شناسه منبع برای فردی با کد ملی دیگر ثبت شده است.")
                existing = by_source
        if existing is not None and not context.residences.id_in_scope(existing["area_id"]):
            errors["national_code" if code else "source_id"] = _(
                "این فرد قبلاً در منطقه‌ای خارج از حوزه شما ثبت شده است."
            )
        if errors:
            raise ValidationError(errors)
        cleaned = dict(row)
        cleaned["area"] = area
        cleaned["_existing"] = existing
        return cleaned

    def external_key(self, row: dict[str, Any]) -> str | None:
        if row.get("national_code"):
            return f"code:{row['national_code']}"
        if row.get("source_id"):
            return f"source:{row['source_id']}"
        return None

    def key_column(self, row: dict[str, Any]) -> str:
        return "national_code" if row.get("national_code") else "source_id"

    def unique_values(self, row: dict[str, Any]) -> dict[str, str]:
        return {key: row[key] for key in KEY_FIELDS if row.get(key)}

    def commit(self, rows: list[dict[str, Any]], *, actor, context: PersonContext) -> ImportOutcome:
        updates = _Updates(clock.now())
        # New persons are made as the database takes them (on PostgreSQL, COPY indexes one
        # batch while the next is made); rows of registered persons are set aside meanwhile.
        created = insert_rows(Person, INSERT_FIELDS, self._new_rows(rows, updates))
        if updates.changed:
            Person.objects.bulk_update(
                updates.changed,
                fields=sorted(updates.fields | {*DERIVED_FIELDS, "updated_at"}),
                batch_size=UPDATE_BATCH,
            )
        return ImportOutcome(
            created=created,
            updated=len(updates.changed),
            unchanged=updates.unchanged,
            changes=updates.changes,
        )

    @staticmethod
    def _new_rows(rows: list[dict[str, Any]], updates: _Updates) -> Iterator[tuple]:
        now = updates.now
        keys = _KeyMaker()
        defaults = list(EMPTY_VALUES.items())  # first, last, father, birth date, …
        for row in rows:
            existing: dict[str, Any] | None = row["_existing"]
            if existing is not None:
                updates.add(row, existing)
                continue
            # A column the file lacks, or an empty cell, takes the field's empty value.
            fields = [
                default if (value := row.get(key)) is None else value for key, default in defaults
            ]
            yield (
                row.get("national_code"),
                row.get("source_id"),
                row["area"].pk,
                *fields,
                *keys.make(*fields[:4]),
                now,
                now,
            )


class _Updates:
    """Registered persons a file changes: compared field by field, the changed ones kept
    for one bulk update, their old values for the audit event."""

    def __init__(self, now) -> None:
        self.now = now
        self.changed: list[Person] = []
        self.fields: set[str] = set()
        self.changes: dict[str, dict[str, Any]] = {}
        self.unchanged = 0

    def add(self, row: dict[str, Any], existing: dict[str, Any]) -> None:
        values = {key: row[key] for key in EMPTY_VALUES if key in row}
        for key, value in values.items():
            if value is None:
                values[key] = EMPTY_VALUES[key]
        old: dict[str, Any] = {}
        for key, value in values.items():
            if existing[key] != value:
                old[key] = existing[key]
        if existing["area_id"] != row["area"].pk:
            old["area_id"] = existing["area_id"]
        for key in KEY_FIELDS:  # keys are added, never cleared or replaced
            if row.get(key) and not existing[key]:
                old[key] = None
        if not old:
            self.unchanged += 1
            return
        person = Person(**existing)
        for key, value in values.items():
            setattr(person, key, value)
        person.area_id = row["area"].pk
        for key in KEY_FIELDS:
            if row.get(key) and not existing[key]:
                setattr(person, key, row[key])
        person.fill_keys()
        person.updated_at = self.now
        self.changed.append(person)
        self.fields.update("area" if key == "area_id" else key for key in old)
        self.changes[str(person.pk)] = {
            key: value.isoformat() if hasattr(value, "isoformat") else value
            for key, value in old.items()
        }


class _KeyFields:
    """What ``Person.fill_keys`` reads and writes, without building a Person."""

    __slots__ = (
        "birth_year",
        "duplicate_key",
        "father_name",
        "first_name",
        "last_name",
        "last_name_key",
        "search_key",
    )
    birth_year: int | None
    duplicate_key: str
    father_name: str
    first_name: str
    last_name: str
    last_name_key: str
    search_key: str


class _KeyMaker:
    """The derived keys of new persons as ``Person.fill_keys`` makes them, with the search
    keys of names that repeat (most of them) and the Jalali year of each birth date worked
    out once. The first person's keys are also made by ``fill_keys`` itself; should the two
    ever differ, every person's are."""

    def __init__(self) -> None:
        self.years: dict[Any, int | None] = {None: None}
        self.keys: dict[str, str] = {}
        self.checked = False
        self.use_fill_keys = False

    def key(self, text: str) -> str:
        found = self.keys.get(text)
        if found is None:
            found = search_key(text)
            if len(self.keys) < 200_000:
                self.keys[text] = found
        return found

    def make(self, first: str, last: str, father: str, birth: Any) -> tuple[str, str, str]:
        year = self.years.get(birth, -1)
        if year == -1:
            year = self.years[birth] = jalali_year_of(birth)
        if not self.use_fill_keys:
            full = self.key(f"{first} {last}")
            keys = (
                full[:210],
                self.key(last)[:100],
                "|".join((full, self.key(father), str(year or "")))[:320],
            )
            if self.checked:
                return keys
        holder = _KeyFields()
        holder.first_name, holder.last_name, holder.father_name = first, last, father
        holder.birth_year = year
        Person.fill_keys(holder)  # type: ignore[arg-type]
        made = (holder.search_key, holder.last_name_key, holder.duplicate_key)
        if not self.checked:
            self.checked = True
            self.use_fill_keys = made != keys
        return made


register_import(PersonImport())


# ------------------------------------------------------------------------------ households

HOUSEHOLD_COLUMNS = [
    Column(
        "source_id",
        gettext_lazy("شناسه خانوار"),
        aliases=("household id", "household", "کد خانوار", "شماره خانوار", "شناسه منبع خانوار"),
        parse=parsers.code(100),
        example="KH-0001",
        help=gettext_lazy(
            "شناسهٔ خانوار در سامانهٔ مبدأ (پرونده، کارت خانوار…)؛ بارگذاری دوباره با آن تکرار نمی‌سازد."
        ),
    ),
    Column(
        "head",
        gettext_lazy("کد ملی سرپرست"),
        aliases=("head", "head national code", "سرپرست", "کد ملی سرپرست خانوار"),
        required=False,
        parse=parsers.national_code,
        example="0012345679",
        help=gettext_lazy("سرپرست باید پیش‌تر در فهرست افراد ثبت شده باشد."),
    ),
    Column(
        "area",
        gettext_lazy("محل سکونت"),
        aliases=("آبادی", "روستا", "شهر", "کد آبادی", "area", "area code", "village", "city"),
        parse=parsers.text(150),
        example="2403010001001",
    ),
    Column(
        "address",
        gettext_lazy("نشانی"),
        aliases=("address",),
        required=False,
        parse=parsers.text(300),
    ),
]


@dataclass
class HouseholdContext:
    residences: AreaInputs
    by_source: dict[str, dict[str, Any]]
    heads: dict[str, dict[str, Any]]


class HouseholdImport(ImportKind):
    """Households by their source id; the head (a registered person) becomes a member."""

    name = "households"
    label = gettext_lazy("خانوارها")
    perm = EDIT_PEOPLE
    columns = HOUSEHOLD_COLUMNS

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> HouseholdContext:
        sources = sorted({row["source_id"] for row in rows if row.get("source_id")})
        codes = sorted({row["head"] for row in rows if row.get("head")})
        households = unscoped(Household.objects.all()).values(
            "id", "source_id", "head_id", "area_id", "address"
        )
        by_source: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(sources):
            by_source.update(
                (str(h["source_id"]), dict(h)) for h in households.filter(source_id__in=chunk)
            )
        persons = unscoped(Person.objects.all()).values(
            "id", "national_code", "area_id", "household_id"
        )
        heads: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(codes):
            heads.update(
                (str(p["national_code"]), dict(p)) for p in persons.filter(national_code__in=chunk)
            )
        residences = AreaInputs(
            actor=actor,
            perm=self.perm,
            texts={row["area"] for row in rows if row.get("area")},
            levels=RESIDENCE_LEVELS,
        )
        residences.learn_paths({r["area_id"] for r in (*by_source.values(), *heads.values())})
        return HouseholdContext(residences=residences, by_source=by_source, heads=heads)

    def validate_row(self, row: dict[str, Any], *, context: HouseholdContext) -> dict[str, Any]:
        errors: dict[str, str] = {}
        area = context.residences.resolve(row["area"])
        if isinstance(area, str):
            errors["area"] = area
        existing = context.by_source.get(row["source_id"])
        if existing is not None and not context.residences.id_in_scope(existing["area_id"]):
            errors["source_id"] = _("این خانوار قبلاً در منطقه‌ای خارج از حوزه شما ثبت شده است.")
        head = context.heads.get(row["head"]) if row.get("head") else None
        if row.get("head"):
            if head is None or not context.residences.id_in_scope(head["area_id"]):
                errors["head"] = _(
                    "فردی با این کد ملی در حوزه شما ثبت نشده است؛ نخست افراد را بارگذاری کنید."
                )
            elif head["household_id"] and (
                existing is None or head["household_id"] != existing["id"]
            ):
                errors["head"] = _("این فرد عضو خانوار دیگری است.")
        if errors:
            raise ValidationError(errors)
        return {**row, "area": area, "_existing": existing, "_head": head}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row["source_id"]

    def unique_values(self, row: dict[str, Any]) -> dict[str, str]:
        values = {"source_id": row["source_id"]}
        if row.get("head"):
            values["head"] = row["head"]
        return values

    def commit(
        self, rows: list[dict[str, Any]], *, actor, context: HouseholdContext
    ) -> ImportOutcome:
        now = clock.now()
        new: list[tuple[Household, dict[str, Any] | None]] = []
        changed: list[Household] = []
        changed_fields: set[str] = set()
        changes: dict[str, dict[str, Any]] = {}
        members: list[tuple[dict[str, Any], int]] = []  # (head, household id)
        unchanged = updated = 0
        for row in rows:
            head = row["_head"]
            values: dict[str, Any] = {"area_id": row["area"].pk}
            if "head" in row:
                values["head_id"] = head["id"] if head else None
            if "address" in row:
                values["address"] = row["address"] or ""
            existing = row["_existing"]
            if existing is None:
                new.append((Household(source_id=row["source_id"], **values), head))
                continue
            old = {key: existing[key] for key, value in values.items() if existing[key] != value}
            joins = head is not None and head["household_id"] != existing["id"]
            if joins:
                members.append((head, existing["id"]))
            if old:
                household = Household(id=existing["id"], **values)
                household.updated_at = now
                changed.append(household)
                changed_fields.update(key.removesuffix("_id") for key in old)
                changes[str(existing["id"])] = old
            if old or joins:
                updated += 1
            else:
                unchanged += 1
        Household.objects.bulk_create(
            [household for household, _head in new], batch_size=LOOKUP_CHUNK
        )
        # The head becomes the household's first member, as household_create makes them.
        members += [(head, household.pk) for household, head in new if head is not None]
        if changed:
            Household.objects.bulk_update(
                changed, fields=sorted(changed_fields | {"updated_at"}), batch_size=UPDATE_BATCH
            )
        if members:
            Person.objects.bulk_update(
                [
                    Person(id=head["id"], household_id=household_id, updated_at=now)
                    for head, household_id in members
                ],
                fields=["household", "updated_at"],
                batch_size=UPDATE_BATCH,
            )
        return ImportOutcome(
            created=len(new), updated=updated, unchanged=unchanged, changes=changes
        )


register_import(HouseholdImport())

"""Import kinds of the funds module, through the same services as the pages:

- ``fund_donors``: donors — a person of the registry by national code, or a named group of
  givers; a donor already registered (by source id or national code) is left unchanged;
- ``fund_donations``: cash donations of registered donors, each receipted on import (the
  receipts are numbered in the file's order); a row's source id keeps a file imported
  twice from giving twice;
- ``aid_cases``: aid cases, the person by national code.

Every row is checked before anything is written; with any broken row nothing is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core.imports import Column, ImportKind, ImportOutcome, parsers, register_import
from abadi.core.scoping import scope
from abadi.funds import services
from abadi.funds.forms import OFFICE_LEVELS
from abadi.funds.models import (
    AidCase,
    CaseType,
    DebtType,
    Donation,
    Donor,
    DonorKind,
    PaymentMethod,
    UseKind,
)
from abadi.funds.permissions import OPEN_CASES, RECORD_DONATIONS
from abadi.geography.selectors import area_from_input
from abadi.people.selectors import persons_by_national_code


def _words(choices) -> dict[str, str]:
    return {
        **{str(label): value for value, label in choices.choices},
        **{v: v for v in choices.values},
    }


AREA_COLUMN = Column(
    "area",
    gettext_lazy("دفتر"),
    aliases=("area", "office", "کد دفتر"),
    parse=parsers.code(20),
    example="2403",
    help=gettext_lazy("کد آماری استان یا شهرستان"),
)
SOURCE_COLUMN = Column(
    "source_id",
    gettext_lazy("شناسه منبع"),
    aliases=("source id", "source"),
    required=False,
    parse=parsers.text(64),
    example="GIFT-1400-17",
)


def _area(actor, perm: str, text: str):
    return area_from_input(actor=actor, perm=perm, text=text, levels=OFFICE_LEVELS)


@dataclass
class DonorContext:
    actor: Any
    persons: dict[str, Any]
    known_sources: set[str]
    known_persons: set[int]


class DonorImport(ImportKind):
    name = "fund_donors"
    label = gettext_lazy("خیّران")
    perm = RECORD_DONATIONS
    columns = [
        Column(
            "kind",
            gettext_lazy("نوع خیّر"),
            aliases=("kind", "type"),
            parse=parsers.choice(_words(DonorKind)),
            example=str(DonorKind.GROUP.label),
            choices=tuple(
                str(label) for value, label in DonorKind.choices if value != "organisation"
            ),
        ),
        Column(
            "name",
            gettext_lazy("نام"),
            aliases=("name",),
            required=False,
            parse=parsers.text(200),
            example="خیّران بازار خلخال",
        ),
        Column(
            "national_code",
            gettext_lazy("کد ملی"),
            aliases=("national code", "کدملی"),
            required=False,
            parse=parsers.national_code,
            example="",
            help=gettext_lazy("برای خیّر حقیقی: فرد باید در فهرست افراد باشد"),
        ),
        Column(
            "mobile",
            gettext_lazy("تلفن همراه"),
            aliases=("mobile",),
            required=False,
            parse=parsers.mobile,
        ),
        Column(
            "anonymous",
            gettext_lazy("بی‌نام"),
            aliases=("anonymous",),
            required=False,
            parse=parsers.boolean,
            example="خیر",
        ),
        AREA_COLUMN,
        SOURCE_COLUMN,
    ]
    ignored_headers = ("شماره خیّر", "نام دفتر")

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> DonorContext:
        persons = persons_by_national_code(
            actor=actor,
            codes={row["national_code"] for row in rows if row.get("national_code")},
            perm=self.perm,
        )
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        return DonorContext(
            actor=actor,
            persons=persons,
            known_sources={
                source
                for source in Donor.objects.filter(source_id__in=sources).values_list(
                    "source_id", flat=True
                )
                if source
            },
            known_persons=set(
                Donor.objects.filter(person__in=[p.pk for p in persons.values()]).values_list(
                    "person_id", flat=True
                )
            ),
        )

    def validate_row(self, row: dict[str, Any], *, context: DonorContext) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        person = None
        if row["kind"] == DonorKind.ORGANISATION:
            errors["kind"] = _("خیّر حقوقی را از صفحهٔ خیّران ثبت کنید.")
        elif row["kind"] == DonorKind.PERSON:
            person = context.persons.get(row.get("national_code") or "")
            if person is None:
                errors["national_code"] = _("فردی با این کد ملی در فهرست افراد حوزهٔ شما نیست.")
        elif not row.get("name"):
            errors["name"] = _("نام جمع خیّران را بنویسید.")
        try:
            area = _area(context.actor, self.perm, row["area"])
        except ValidationError as error:
            errors["area"] = error.messages
            area = None
        if errors:
            raise ValidationError(errors)
        return {**row, "_person": person, "_area": area}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row.get("source_id") or row.get("national_code") or None

    def commit(self, rows: list[dict[str, Any]], *, actor, context: DonorContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            person = row["_person"]
            if row.get("source_id") in context.known_sources or (
                person is not None and person.pk in context.known_persons
            ):
                unchanged += 1
                continue
            services.donor_register(
                actor=actor,
                kind=row["kind"],
                area=row["_area"],
                person=person,
                name=row.get("name") or "",
                mobile=row.get("mobile") or "",
                anonymous=bool(row.get("anonymous")),
                source_id=row.get("source_id") or None,
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(DonorImport())


@dataclass
class DonationContext:
    donors: dict[int, Donor]
    known_sources: set[str]


class DonationImport(ImportKind):
    name = "fund_donations"
    label = gettext_lazy("کمک‌های نقدی خیّران")
    perm = RECORD_DONATIONS
    columns = [
        Column(
            "donor",
            gettext_lazy("شماره خیّر"),
            aliases=("donor", "donor id"),
            parse=parsers.integer(1, 2**62),
            example="1",
        ),
        Column(
            "amount",
            gettext_lazy("مبلغ (ریال)"),
            aliases=("amount", "مبلغ"),
            parse=parsers.amount(),
            example="50,000,000",
        ),
        Column(
            "method",
            gettext_lazy("روش پرداخت"),
            aliases=("method",),
            parse=parsers.choice(_words(PaymentMethod)),
            example=str(PaymentMethod.TRANSFER.label),
            choices=tuple(str(label) for value, label in PaymentMethod.choices if value != "goods"),
        ),
        Column(
            "received_on",
            gettext_lazy("تاریخ دریافت"),
            aliases=("date", "received on"),
            parse=parsers.jalali_date(not_future=True),
            example="1400/07/01",
        ),
        Column(
            "bank_reference",
            gettext_lazy("شماره پیگیری بانکی"),
            aliases=("reference", "bank reference"),
            required=False,
            parse=parsers.text(64),
        ),
        Column(
            "designation_kind",
            gettext_lazy("مصرف معین"),
            aliases=("designation",),
            required=False,
            parse=parsers.choice(_words(UseKind)),
            choices=tuple(str(label) for label in UseKind.labels),
        ),
        Column(
            "designation_id",
            gettext_lazy("شماره مصرف معین"),
            aliases=("designation id",),
            required=False,
            parse=parsers.integer(1, 2**62),
        ),
        SOURCE_COLUMN,
    ]
    ignored_headers = (
        "نوع کمک",
        "شماره رسید",
        "خیّر",
        "تخصیص‌یافته (ریال)",
        "مانده (ریال)",
        "وضعیت",
        "دفتر",
    )

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> DonationContext:
        ids = {row["donor"] for row in rows}
        donors = scope(Donor.objects.select_related("area"), actor=actor, perm=self.perm)
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        return DonationContext(
            donors={donor.pk: donor for donor in donors.filter(pk__in=ids)},
            known_sources={
                source
                for source in Donation.objects.filter(source_id__in=sources).values_list(
                    "source_id", flat=True
                )
                if source
            },
        )

    def validate_row(self, row: dict[str, Any], *, context: DonationContext) -> dict[str, Any]:
        donor = context.donors.get(row["donor"])
        if donor is None:
            raise ValidationError({"donor": _("خیّری با این شماره در میان خیّران شما نیست.")})
        if row["method"] == PaymentMethod.GOODS:
            raise ValidationError({"method": _("کمک غیرنقدی را از صفحهٔ خیّر ثبت کنید.")})
        if row.get("designation_id") and not row.get("designation_kind"):
            raise ValidationError({"designation_kind": _("نوع مصرف معین را بنویسید.")})
        return {**row, "_donor": donor}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row.get("source_id") or None

    def key_column(self, row: dict[str, Any]) -> str:
        return "source_id"

    def commit(
        self, rows: list[dict[str, Any]], *, actor, context: DonationContext
    ) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row.get("source_id") and row["source_id"] in context.known_sources:
                unchanged += 1
                continue
            services.donation_record(
                actor=actor,
                donor=row["_donor"],
                kind="cash",
                amount=row["amount"],
                method=row["method"],
                received_on=row["received_on"],
                bank_reference=row.get("bank_reference") or "",
                designation_kind=row.get("designation_kind") or "",
                designation_id=row.get("designation_id"),
                source_id=row.get("source_id") or None,
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(DonationImport())


@dataclass
class CaseContext:
    actor: Any
    persons: dict[str, Any]
    known_sources: set[str]


class CaseImport(ImportKind):
    name = "aid_cases"
    label = gettext_lazy("پرونده‌های حمایتی")
    perm = OPEN_CASES
    columns = [
        Column(
            "national_code",
            gettext_lazy("کد ملی مددجو"),
            aliases=("national code", "کد ملی"),
            parse=parsers.national_code,
            example="0012345679",
            help=gettext_lazy("مددجو باید پیش‌تر در فهرست افراد ثبت شده باشد"),
        ),
        Column(
            "case_type",
            gettext_lazy("نوع پرونده"),
            aliases=("type", "case type"),
            parse=parsers.choice(_words(CaseType)),
            example=str(CaseType.PRISONER_RELEASE.label),
            choices=tuple(str(label) for label in CaseType.labels),
        ),
        Column(
            "prison",
            gettext_lazy("زندان"),
            aliases=("prison",),
            required=False,
            parse=parsers.text(200),
            example="زندان مرکزی اردبیل",
        ),
        Column(
            "debt_type",
            gettext_lazy("نوع بدهی"),
            aliases=("debt type", "debt"),
            required=False,
            parse=parsers.choice(_words(DebtType)),
            example=str(DebtType.BLOOD_MONEY.label),
            choices=tuple(str(label) for value, label in DebtType.choices if value != "none"),
        ),
        Column(
            "judgment_amount",
            gettext_lazy("مبلغ محکومیت (ریال)"),
            aliases=("judgment", "amount"),
            parse=parsers.amount(),
            example="900,000,000",
        ),
        Column(
            "forgiveness",
            gettext_lazy("گذشت طلبکار (ریال)"),
            aliases=("forgiveness",),
            required=False,
            parse=parsers.amount(0),
        ),
        Column(
            "loan_amount",
            gettext_lazy("وام قرض‌الحسنه (ریال)"),
            aliases=("loan",),
            required=False,
            parse=parsers.amount(0),
        ),
        Column(
            "opened_on",
            gettext_lazy("تاریخ شناسایی"),
            aliases=("opened", "date"),
            required=False,
            parse=parsers.jalali_date(not_future=True),
            example="1400/07/01",
        ),
        AREA_COLUMN,
        SOURCE_COLUMN,
    ]
    ignored_headers = (
        "شماره پرونده",
        "سهم خیّران (ریال)",
        "مانده (ریال)",
        "وضعیت",
        "تاریخ برنامه‌ریزی‌شده آزادی",
        "تاریخ آزادی",
    )

    def prepare(self, *, actor, rows: list[dict[str, Any]]) -> CaseContext:
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        return CaseContext(
            actor=actor,
            persons=persons_by_national_code(
                actor=actor, codes={row["national_code"] for row in rows}, perm=self.perm
            ),
            known_sources={
                source
                for source in AidCase.objects.filter(source_id__in=sources).values_list(
                    "source_id", flat=True
                )
                if source
            },
        )

    def validate_row(self, row: dict[str, Any], *, context: CaseContext) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        person = context.persons.get(row["national_code"])
        if person is None:
            errors["national_code"] = _("فردی با این کد ملی در فهرست افراد حوزهٔ شما نیست.")
        try:
            area = _area(context.actor, self.perm, row["area"])
        except ValidationError as error:
            errors["area"] = error.messages
            area = None
        if errors:
            raise ValidationError(errors)
        return {**row, "_person": person, "_area": area}

    def external_key(self, row: dict[str, Any]) -> str | None:
        return row.get("source_id") or None

    def key_column(self, row: dict[str, Any]) -> str:
        return "source_id"

    def commit(self, rows: list[dict[str, Any]], *, actor, context: CaseContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if row.get("source_id") and row["source_id"] in context.known_sources:
                unchanged += 1
                continue
            services.case_open(
                actor=actor,
                person=row["_person"],
                area=row["_area"],
                case_type=row["case_type"],
                prison=row.get("prison") or "",
                debt_type=row.get("debt_type") or "",
                judgment_amount=row["judgment_amount"],
                forgiveness=row.get("forgiveness") or 0,
                loan_amount=row.get("loan_amount") or 0,
                on=row.get("opened_on"),
                source_id=row.get("source_id") or None,
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


register_import(CaseImport())

"""Reads of the loans module. Every selector takes the actor and limits rows to the areas
the actor may see (an application belongs to its responsible county)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    TextChoices,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core import clock
from abadi.core.jalali import format_jalali
from abadi.core.persian import ltr_run, search_key, to_latin_digits, to_persian_digits
from abadi.core.records import openable
from abadi.core.scoping import COUNTRY_PATH, access_object, area_in_scope, scope, visible_paths
from abadi.core.validators import normalize_national_code
from abadi.geography.selectors import areas_visible_under
from abadi.loans.models import (
    COMMITTED_STATUSES,
    INTRODUCED_STATUSES,
    OPEN_STATUSES,
    PORTFOLIO_STATUSES,
    Application,
    CreditLine,
    Disbursement,
    Document,
    Instalment,
    MonitoringVisit,
    QuotaKind,
    Repayment,
    Status,
    StatusChange,
    VisitPhoto,
    VisitStatus,
)
from abadi.loans.permissions import REGISTER_LOANS, VIEW_LOANS
from abadi.organisations.selectors import agent_bank_get, branch_get
from abadi.people.models import Programme
from abadi.people.selectors import latest_benefit, person_by_national_code

if TYPE_CHECKING:
    from abadi.geography.models import Area

ELIGIBILITY_YEARS = 5
MIN_AGE, MAX_AGE = 18, 65


def visit_interval_days() -> int:
    """How long a disbursed loan may go without a monitoring visit
    (``settings.ABADI_LOAN_VISIT_DAYS``, default 180)."""
    return settings.ABADI_LOAN_VISIT_DAYS


# Applications -----------------------------------------------------------------------


def verified_jobs_expression(*, as_of: datetime.date | None = None) -> Subquery:
    """Direct jobs seen at the latest visit (up to ``as_of``), counted only while the
    business is active (a closed or diverted business has created no lasting job); 0
    without a visit. A later visit never changes what was verified by an earlier day."""
    visits = MonitoringVisit.objects.filter(application=OuterRef("pk"))
    if as_of is not None:
        visits = visits.filter(date__lte=as_of)
    latest = (
        visits.order_by("-date", "-id")
        .annotate(
            counted=Case(
                When(status=VisitStatus.ACTIVE, then=F("direct_jobs")),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .values("counted")[:1]
    )
    return Coalesce(Subquery(latest, output_field=IntegerField()), Value(0))  # type: ignore[return-value]


def disbursed_expression(*, until: datetime.date | None = None):
    tranches = Disbursement.objects.filter(application=OuterRef("pk"))
    if until is not None:
        tranches = tranches.filter(date__lte=until)
    total = tranches.order_by().values("application").annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(total), Value(0))


def application_list(
    *,
    actor,
    status: str = "",
    credit_line: int | None = None,
    bank: int | None = None,
    sector: str = "",
    county: str = "",
    within: Area | None = None,
    query: str = "",
) -> QuerySet[Application]:
    """Applications in the actor's areas, filtered; ``within`` an area: planned in a place
    under it (a village, a rural district) or registered in a county under it."""
    applications = scope(Application.objects.all(), actor=actor, perm=VIEW_LOANS)
    if status:
        applications = applications.filter(status=status)
    if credit_line:
        applications = applications.filter(credit_line_id=credit_line)
    if bank:
        applications = applications.filter(bank_id=bank)
    if sector:
        applications = applications.filter(sector=sector)
    if county:
        applications = applications.filter(area__code=county)
    if within is not None:
        applications = applications.filter(
            Q(place__path__startswith=within.path) | Q(area__path__startswith=within.path)
        )
    if query:
        text = to_latin_digits(query).strip()
        if text.replace("-", "").isdigit():
            applications = applications.filter(
                Q(number__startswith=text) | Q(applicant__national_code=text.zfill(10))
            )
        else:
            key = search_key(query)
            applications = applications.filter(
                Q(applicant__search_key__contains=key) | Q(title__icontains=query.strip())
            )
    return applications.select_related(
        "applicant", "area", "place", "bank", "credit_line"
    ).annotate(disbursed=disbursed_expression())


@openable(Application)
def application_get(*, actor, pk: int) -> Application:
    return access_object(
        Application.objects.annotate(disbursed=disbursed_expression()).select_related(
            "applicant",
            "household",
            "area",
            "place",
            "bank",
            "branch",
            "credit_line",
            "registered_by",
            "reviewed_by",
            "approved_by",
        ),
        actor=actor,
        perm=VIEW_LOANS,
        pk=pk,
    )


def application_timeline(*, application: Application):
    """The steps taken, in the order they took effect (then as entered)."""
    return application.status_changes.select_related("actor").order_by("on", "at", "id")


def remaining_to_disburse(application: Application) -> int:
    """What the bank may still pay out on an approved plan (one query)."""
    paid = application.disbursements.aggregate(total=Sum("amount"))["total"] or 0
    return max((application.approved_amount or 0) - paid, 0)


def application_checks(
    *, applicant, household=None, exclude_pk: int | None = None, today: datetime.date | None = None
) -> list[str]:
    """Eligibility warnings shown to the clerk (never a block; the committee decides):
    an employment loan in the benefit ledger in the last five years, an age outside
    18–65, other live applications of the same person or household.

    The ledger is read across every area on purpose: a family that moved county is the
    same family. Only the fact and the date are shown, nothing else of the other record.
    """
    today = today or clock.today()
    warnings: list[str] = []
    household = household or applicant.household
    since = today - datetime.timedelta(days=round(365.25 * ELIGIBILITY_YEARS))
    previous = latest_benefit(
        person=applicant,
        household=household,
        programme=Programme.LOAN,
        since=since,
        excluding=Disbursement.objects.filter(application_id=exclude_pk)
        if exclude_pk is not None
        else None,
    )
    if previous is not None:
        warnings.append(
            _(
                "این متقاضی یا خانوارش در %(date)s تسهیلات اشتغال گرفته است (کمتر از %(years)s سال پیش)."
            )
            % {"date": format_jalali(previous.date), "years": to_persian_digits(ELIGIBILITY_YEARS)}
        )
    if applicant.birth_date is None:
        warnings.append(_("تاریخ تولد متقاضی ثبت نشده است؛ سن او بررسی نشد."))
    else:
        born = applicant.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if not MIN_AGE <= age <= MAX_AGE:
            warnings.append(
                _("سن متقاضی %(age)s سال است (بیرون از بازه %(min)s تا %(max)s سال).")
                % {
                    "age": to_persian_digits(age),
                    "min": to_persian_digits(MIN_AGE),
                    "max": to_persian_digits(MAX_AGE),
                }
            )
    live = [*OPEN_STATUSES, Status.DISBURSED, Status.IN_OPERATION]
    duplicates = Application.objects.filter(
        Q(applicant=applicant) | (Q(household=household) if household else Q(pk__in=[])),
        status__in=live,
    )
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    others = list(duplicates.values_list("number", flat=True)[:5])
    if others:
        warnings.append(
            _("این متقاضی یا خانوارش طرح جاری دیگری هم دارد: %(numbers)s.")
            % {"numbers": "، ".join(ltr_run(number or "") for number in others)}
        )
    return warnings


# Credit lines -----------------------------------------------------------------------


def _ancestor_paths(path: str) -> list[str]:
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def credit_line_list(*, actor, year: int | None = None) -> QuerySet[CreditLine]:
    """Lines of the actor's areas and the lines above them (a county officer works within
    the province's line)."""
    roots = visible_paths(actor, VIEW_LOANS)
    lines = CreditLine.objects.all()
    if not roots:
        lines = lines.none()
    elif COUNTRY_PATH not in roots:
        condition = Q()
        for root in roots:
            condition |= Q(area__path__startswith=root) | Q(area__path__in=_ancestor_paths(root))
        lines = lines.filter(condition)
    if year:
        lines = lines.filter(year=year)
    return lines.select_related("area").annotate(
        committed=Coalesce(
            Sum(
                "applications__approved_amount",
                filter=Q(applications__status__in=COMMITTED_STATUSES),
            ),
            Value(0),
        )
    )


def credit_line_get(*, actor, pk: int) -> CreditLine:
    from django.http import Http404

    try:
        return credit_line_list(actor=actor).get(pk=pk)
    except CreditLine.DoesNotExist as missing:
        raise Http404 from missing


@dataclass
class UsageRow:
    key: str
    label: str
    quota: int
    approved: int
    introduced: int
    disbursed: int

    def percent(self, amount: int) -> int:
        if not self.quota:
            return 0
        return min(100, round(amount * 100 / self.quota))

    @property
    def approved_pct(self) -> int:
        return self.percent(self.approved)

    @property
    def introduced_pct(self) -> int:
        return self.percent(self.introduced)

    @property
    def disbursed_pct(self) -> int:
        return self.percent(self.disbursed)

    @property
    def remaining(self) -> int:
        return self.quota - self.approved

    @property
    def segments(self) -> list[tuple[str, int, int]]:
        """(css class, width %, amount) for a stacked bar: disbursed, introduced but not yet
        disbursed, approved but not yet introduced (each step includes the next)."""
        disbursed = self.disbursed_pct
        introduced = max(self.introduced_pct - disbursed, 0)
        approved = max(self.approved_pct - disbursed - introduced, 0)
        return [
            ("bg-success", disbursed, self.disbursed),
            ("bg-info", introduced, max(self.introduced - self.disbursed, 0)),
            ("bg-warning", approved, max(self.approved - self.introduced, 0)),
        ]


@dataclass
class LineUsage:
    line: UsageRow
    counties: list[UsageRow]
    banks: list[UsageRow]
    # Whether the viewer sees the whole line; a county officer sees the line's terms and
    # total and their own county's quota and use, never the other counties' or the
    # province's sums (docs/adr/0010-credit-line-visibility.md).
    whole_line: bool = True


def credit_line_usage(*, actor, credit_line: CreditLine) -> LineUsage:
    """Live use of the line and of each quota the viewer may see: approved, introduced to
    the bank and disbursed against the quota (four grouped queries)."""
    usage = _line_usage(credit_line)
    if area_in_scope(actor=actor, perm=VIEW_LOANS, area=credit_line.area):
        return usage
    visible = set(
        areas_visible_under(actor=actor, perm=VIEW_LOANS)
        .filter(code__in=[row.key for row in usage.counties])
        .values_list("code", flat=True)
    )
    return LineUsage(
        line=usage.line,
        counties=[row for row in usage.counties if row.key in visible],
        banks=[],
        whole_line=False,
    )


def _line_usage(credit_line: CreditLine) -> LineUsage:
    applications = Application.objects.filter(credit_line=credit_line)
    sums = {
        "approved": Coalesce(
            Sum("approved_amount", filter=Q(status__in=COMMITTED_STATUSES)), Value(0)
        ),
        "introduced": Coalesce(
            Sum("approved_amount", filter=Q(status__in=INTRODUCED_STATUSES)), Value(0)
        ),
    }
    by_county: dict[int, dict[str, Any]] = {
        row["area_id"]: dict(row) for row in applications.values("area_id").annotate(**sums)
    }
    by_bank: dict[int, dict[str, Any]] = {
        row["bank_id"]: dict(row) for row in applications.values("bank_id").annotate(**sums)
    }
    tranches = Disbursement.objects.filter(application__credit_line=credit_line)
    paid_county: dict[int, int] = dict(
        tranches.values_list("application__area_id").annotate(total=Sum("amount"))
    )
    paid_bank: dict[int, int] = dict(
        tranches.values_list("application__bank_id").annotate(total=Sum("amount"))
    )

    quotas = credit_line.quotas.select_related("county", "bank")
    counties = [
        UsageRow(
            key=quota.county.code,
            label=quota.county.name,
            quota=quota.amount,
            approved=by_county.get(quota.county_id or 0, {}).get("approved", 0),
            introduced=by_county.get(quota.county_id or 0, {}).get("introduced", 0),
            disbursed=paid_county.get(quota.county_id or 0, 0),
        )
        for quota in quotas
        if quota.kind == QuotaKind.COUNTY and quota.county is not None
    ]
    banks = [
        UsageRow(
            key=str(quota.bank_id),
            label=quota.bank.name,
            quota=quota.amount,
            approved=by_bank.get(quota.bank_id or 0, {}).get("approved", 0),
            introduced=by_bank.get(quota.bank_id or 0, {}).get("introduced", 0),
            disbursed=paid_bank.get(quota.bank_id or 0, 0),
        )
        for quota in quotas
        if quota.kind == QuotaKind.BANK and quota.bank is not None
    ]
    line = UsageRow(
        key=str(credit_line.pk),
        label=credit_line.title,
        quota=credit_line.total,
        approved=sum(row["approved"] for row in by_county.values()),
        introduced=sum(row["introduced"] for row in by_county.values()),
        disbursed=sum(paid_county.values()),
    )
    counties.sort(key=lambda row: row.key)
    return LineUsage(line=line, counties=counties, banks=banks)


# Arrears and portfolio at risk --------------------------------------------------------


@dataclass(frozen=True)
class Arrears:
    overdue_amount: int
    days_past_due: int
    oldest_unpaid_due: datetime.date | None
    outstanding_principal: int
    due_to_date: int
    repaid_to_date: int


def loan_arrears(*, application: Application, as_of: datetime.date | None = None) -> Arrears:
    """What the borrower owes late on ``as_of``.

    Repayments are allocated oldest instalment first, so the overdue amount is what fell
    due by then minus what was repaid by then, and the oldest instalment not yet paid off
    on that day gives the days past due.
    """
    as_of = as_of or clock.today()
    due = (
        application.instalments.filter(due_date__lte=as_of).aggregate(total=Sum("total"))["total"]
        or 0
    )
    repayments = application.repayments.filter(date__lte=as_of).aggregate(
        amount=Sum("amount"), principal=Sum("principal_part")
    )
    repaid = repayments["amount"] or 0
    disbursed = (
        application.disbursements.filter(date__lte=as_of).aggregate(total=Sum("amount"))["total"]
        or 0
    )
    oldest = (
        application.instalments.filter(due_date__lte=as_of)
        .filter(Q(paid_date__isnull=True) | Q(paid_date__gt=as_of))
        .order_by("number")
        .values_list("due_date", flat=True)
        .first()
    )
    return Arrears(
        overdue_amount=max(due - repaid, 0),
        days_past_due=(as_of - oldest).days if oldest else 0,
        oldest_unpaid_due=oldest,
        outstanding_principal=max(disbursed - (repayments["principal"] or 0), 0),
        due_to_date=due,
        repaid_to_date=repaid,
    )


def with_position(
    applications: QuerySet[Application], *, as_of: datetime.date
) -> QuerySet[Application]:
    """Loans with money out by ``as_of``, annotated with their outstanding principal and the
    due date of their oldest instalment unpaid on that day (all correlated subqueries: one
    SQL statement whatever the portfolio's size)."""
    repaid = (
        Repayment.objects.filter(application=OuterRef("pk"), date__lte=as_of)
        .order_by()
        .values("application")
        .annotate(total=Sum("principal_part"))
        .values("total")
    )
    # Due dates rise with the instalment number: the first unpaid by number is the oldest.
    # Repayments are never dated in the future, so from today on "unpaid on that day" is
    # "not paid off", which the partial index answers in one probe.
    unpaid = Q(paid_date__isnull=True)
    if as_of < clock.today():
        unpaid |= Q(paid_date__gt=as_of)
    oldest = (
        Instalment.objects.filter(unpaid, application=OuterRef("pk"), due_date__lte=as_of)
        .order_by("due_date")
        .values("due_date")[:1]
    )
    paid_out = Disbursement.objects.filter(application=OuterRef("pk"), date__lte=as_of)
    return (
        applications.filter(status__in=PORTFOLIO_STATUSES)
        .filter(Exists(paid_out))
        .annotate(
            outstanding=disbursed_expression(until=as_of) - Coalesce(Subquery(repaid), Value(0)),
            oldest_unpaid_due=Subquery(oldest, output_field=DateField()),
        )
    )


def portfolio(*, actor, as_of: datetime.date | None = None, area=None) -> QuerySet[Application]:
    as_of = as_of or clock.today()
    loans = scope(Application.objects.all(), actor=actor, perm=VIEW_LOANS)
    if area is not None:
        loans = loans.filter(area__path__startswith=area.path)
    return with_position(loans, as_of=as_of)


@dataclass
class ParRow:
    key: str
    label: str
    loans: int
    outstanding: int
    at_risk_30: int
    at_risk_90: int

    @staticmethod
    def _ratio(part: int, whole: int) -> Decimal | None:
        """A percentage with two decimals; None with nothing outstanding to divide by."""
        if not whole:
            return None
        return (Decimal(part) * 100 / Decimal(whole)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def par30(self) -> Decimal | None:
        return self._ratio(self.at_risk_30, self.outstanding)

    @property
    def par90(self) -> Decimal | None:
        return self._ratio(self.at_risk_90, self.outstanding)


class ParGroup(TextChoices):
    COUNTY = "county", gettext_lazy("شهرستان")
    BANK = "bank", gettext_lazy("بانک عامل")
    CREDIT_LINE = "credit_line", gettext_lazy("خط اعتباری")


PAR_GROUPS = {
    "county": ("area__code", "area__name"),
    "bank": ("bank_id", "bank__name"),
    "credit_line": ("credit_line_id", "credit_line__title"),
}


PAR_SQL = """
WITH positions AS MATERIALIZED ({positions})
SELECT group_key, group_label, COUNT(*),
       COALESCE(SUM(outstanding), 0),
       COALESCE(SUM(CASE WHEN oldest_unpaid_due < %s THEN outstanding ELSE 0 END), 0),
       COALESCE(SUM(CASE WHEN oldest_unpaid_due < %s THEN outstanding ELSE 0 END), 0)
FROM positions
GROUP BY group_key, group_label
ORDER BY group_key
"""


def par(
    *, actor, as_of: datetime.date | None = None, area=None, by: str | None = None
) -> list[ParRow]:
    """Portfolio at risk: the share of outstanding principal owed by loans more than 30
    (PAR30) or 90 (PAR90) days past due, in total or by ``by`` ("county", "bank",
    "credit_line"); one SQL statement either way.

    The loans' positions are the ORM's query (:func:`portfolio`: scope, area, as-of date);
    the statement sums over it as a materialised common table expression. Grouping the
    ORM query itself (or a plain derived table, which the planner flattens) would repeat
    each correlated subquery at every use in the sums, working out each loan's position
    three times instead of once.
    """
    as_of = as_of or clock.today()
    loans = portfolio(actor=actor, as_of=as_of, area=area)
    key: Value | F
    label: Value | F
    if by is None:
        key, label = Value(""), Value(str(_("کل")))
    else:
        key_field, label_field = PAR_GROUPS[by]
        key, label = F(key_field), F(label_field)
    positions = (
        loans.annotate(group_key=key, group_label=label)
        .order_by()
        .values("group_key", "group_label", "outstanding", "oldest_unpaid_due")
    )
    inner, params = positions.query.sql_with_params()
    cut30 = as_of - datetime.timedelta(days=30)
    cut90 = as_of - datetime.timedelta(days=90)
    with connections[positions.db].cursor() as cursor:
        cursor.execute(PAR_SQL.format(positions=inner), [*params, cut30, cut90])
        rows = cursor.fetchall()
    if by is None and not rows:
        rows = [("", str(_("کل")), 0, 0, 0, 0)]
    return [
        ParRow(
            key=str(group_key),
            label=group_label,
            loans=count,
            outstanding=int(outstanding),
            at_risk_30=int(risk30),
            at_risk_90=int(risk90),
        )
        for group_key, group_label, count, outstanding, risk30, risk90 in rows
    ]


# Job verification ---------------------------------------------------------------------


def loans_due_visit(
    *, actor, days: int | None = None, as_of: datetime.date | None = None
) -> QuerySet[Application]:
    """Disbursed loans nobody has visited in the last ``days`` days (counting from the first
    tranche for loans never visited), oldest first."""
    days = visit_interval_days() if days is None else days
    as_of = as_of or clock.today()
    cutoff = as_of - datetime.timedelta(days=days)
    first_paid = (
        Disbursement.objects.filter(application=OuterRef("pk")).order_by("date").values("date")[:1]
    )
    last_visit = (
        MonitoringVisit.objects.filter(application=OuterRef("pk"))
        .order_by("-date")
        .values("date")[:1]
    )
    loans = scope(
        Application.objects.filter(status__in=(Status.DISBURSED, Status.IN_OPERATION)),
        actor=actor,
        perm=VIEW_LOANS,
    )
    return (
        loans.annotate(
            first_paid=Subquery(first_paid, output_field=DateField()),
            last_visit=Subquery(last_visit, output_field=DateField()),
        )
        .annotate(reference=Greatest("first_paid", Coalesce("last_visit", "first_paid")))
        .filter(reference__lt=cutoff)
        .select_related("applicant", "area", "place", "bank")
        .annotate(disbursed=disbursed_expression())
        .order_by("reference", "pk")
    )


def status_as_of(*, as_of: datetime.date) -> Subquery:
    """An application's status on ``as_of``, from its dated timeline (the status of its
    last step taken by then; None before it was registered)."""
    last = (
        StatusChange.objects.filter(application=OuterRef("pk"), on__lte=as_of)
        .order_by("-on", "-at", "-id")
        .values("to_status")[:1]
    )
    return Subquery(last, output_field=CharField())


@openable(Document, files=("file",))
def document_get(*, actor, pk: int) -> Document:
    return access_object(
        Document.objects.select_related("application"),
        actor=actor,
        perm=VIEW_LOANS,
        area_field="application__area",
        pk=pk,
    )


@openable(VisitPhoto, files=("file",))
def visit_photo_get(*, actor, pk: int) -> VisitPhoto:
    return access_object(
        VisitPhoto.objects.select_related("visit__application"),
        actor=actor,
        perm=VIEW_LOANS,
        area_field="visit__application__area",
        pk=pk,
    )


def verified_jobs_of(application: Application) -> int:
    """The jobs the latest visit verified (0 without one, or if the business is gone)."""
    latest = application.visits.order_by("-date", "-id").first()
    return latest.verified_jobs if latest else 0


def visit_get(*, actor, pk: int) -> MonitoringVisit:
    return access_object(
        MonitoringVisit.objects.select_related("application", "inspector").prefetch_related(
            "photos"
        ),
        actor=actor,
        perm=VIEW_LOANS,
        area_field="application__area",
        pk=pk,
    )


def visit_list(*, actor) -> QuerySet[MonitoringVisit]:
    return scope(
        MonitoringVisit.objects.all(), actor=actor, perm=VIEW_LOANS, area_field="application__area"
    ).select_related("application", "application__applicant", "application__area", "inspector")


def summary_counts(applications: QuerySet[Application]) -> dict[str, int]:
    return dict(applications.order_by().values_list("status").annotate(n=Count("pk")))


# What a page, the API and an import name, read the same way --------------------------------


def applicant_by_national_code(*, actor, national_code: str, field: str = "national_code"):
    """The person a plan is for, by national code, among those the actor may register
    plans for; a Persian ValidationError on ``field`` otherwise."""
    try:
        code = normalize_national_code(national_code)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    person = person_by_national_code(actor=actor, national_code=code, perm=REGISTER_LOANS)
    if person is None:
        raise ValidationError(
            {
                field: _("فردی با کد ملی %(code)s در حوزه شما ثبت نشده است.")
                % {"code": to_persian_digits(code)}
            }
        )
    return person


def bank_and_branch(*, actor, bank_id: int | None, branch_id: int | None):
    """The agent bank (and branch of it) a plan names by id, among those the actor works
    with; Persian ValidationErrors on ``bank_id`` / ``branch_id``."""
    bank = agent_bank_get(actor=actor, pk=bank_id, perm=VIEW_LOANS) if bank_id else None
    if bank is None:
        raise ValidationError({"bank_id": _("بانک عامل پیدا نشد.")})
    branch = None
    if branch_id is not None:
        branch = branch_get(actor=actor, pk=branch_id, perm=VIEW_LOANS)
        if branch is None or branch.organisation_id != bank.pk:
            raise ValidationError({"branch_id": _("این شعبه از بانک انتخاب‌شده نیست.")})
    return bank, branch


def open_credit_line(*, actor, pk: int, field: str = "credit_line_id") -> CreditLine:
    line = credit_line_list(actor=actor).filter(pk=pk).first()
    if line is None:
        raise ValidationError({field: _("خط اعتباری پیدا نشد.")})
    return line

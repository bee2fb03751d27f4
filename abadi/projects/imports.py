"""Import kinds of the projects module: projects ("projects"), progress reports
("project_reports"), the steps of earlier years ("project_steps") and the year's plan
("project_plans").

Every row is checked before anything is written (an unknown place, office, agency or
project; shares that do not add up to the budget; a capacity the type does not have; a
date in the future) and the framework writes nothing when any row is broken. Rows are then
written through the same services as the pages, so each is audited and checked against the
workflow table. A row whose source id (or project number) is already registered is left
unchanged, so a file — an export included — can be imported twice safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from abadi.core.imports import Column, ImportKind, ImportOutcome, parsers, register_import
from abadi.core.money import parse_amount
from abadi.core.persian import search_key, to_latin_digits
from abadi.core.validators import not_before
from abadi.geography.models import AreaLevel
from abadi.geography.selectors import AreaInputs
from abadi.projects import selectors, services
from abadi.projects.models import (
    CAPACITY_MAX,
    ExecutorKind,
    FunderKind,
    ProgressReport,
    Project,
    ProjectType,
    Stage,
    StageChange,
)
from abadi.projects.permissions import (
    MANAGE_PLANS,
    REGISTER_PROJECTS,
    REPORT_PROGRESS,
    VIEW_PROJECTS,
)
from abadi.projects.workflow import STAGE_STEPS, WORKFLOW

TYPE_WORDS = {
    **{str(label): value for value, label in ProjectType.choices},
    **{value: value for value in ProjectType.values},
}
EXECUTOR_WORDS = {
    **{str(label): value for value, label in ExecutorKind.choices},
    **{value: value for value in ExecutorKind.values},
}
STEP_WORDS = {
    **{step: step for step in STAGE_STEPS},
    **{str(WORKFLOW.step(step).label): step for step in STAGE_STEPS},
}
_SHARE_SEPARATORS = ("؛", ";", "\n")


def scaled(scale: int, maximum: int):
    """A quantity in a larger unit with decimals ("۳٫۵" kW) as whole smaller units (W)."""

    def parse(value: str) -> int:
        text = to_latin_digits(value).replace("٫", ".").replace("/", ".").replace(",", "")
        try:
            number = Decimal(text.strip())
        except InvalidOperation:
            raise ValidationError(_("«%(value)s» عدد نیست.") % {"value": value}) from None
        result = int((number * scale).to_integral_value(rounding=ROUND_HALF_UP))
        if not 0 < result <= maximum:
            raise ValidationError(
                _("عدد باید بیشتر از صفر و حداکثر %(max)s باشد.") % {"max": maximum // scale}
            )
        return result

    return parse


def parse_shares(value: str) -> list[tuple[str, int]]:
    """ "نام: مبلغ؛ نام: مبلغ" → [(name, rials), …] (the form the export writes)."""
    text = value
    for separator in _SHARE_SEPARATORS[1:]:
        text = text.replace(separator, _SHARE_SEPARATORS[0])
    shares = []
    for part in text.split(_SHARE_SEPARATORS[0]):
        part = part.strip()
        if not part:
            continue
        name, colon, amount = part.rpartition(":")
        if not colon or not name.strip():
            raise ValidationError(
                _("سهم «%(part)s» را به شکل «نام: مبلغ» بنویسید.") % {"part": part}
            )
        shares.append((name.strip(), parse_amount(amount)))
    return shares


def _count(key: str, label, aliases: tuple[str, ...]) -> Column:
    return Column(
        key,
        label,
        aliases=aliases,
        required=False,
        parse=parsers.integer(1, CAPACITY_MAX[key]),
        example="",
    )


@dataclass
class ProjectContext:
    actor: Any
    places: AreaInputs
    offices: AreaInputs
    organisations: dict[str, Any] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)


class ProjectImport(ImportKind):
    name = "projects"
    label = gettext_lazy("پروژه‌های محرومیت‌زدایی")
    perm = REGISTER_PROJECTS
    columns = [
        Column("number", gettext_lazy("شماره پروژه"), aliases=("number", "شماره"), required=False, parse=parsers.code(20), example="", help=gettext_lazy("برای پروژه‌ای که پیش‌تر ثبت شده؛ چنین ردیفی تغییری نمی‌دهد")),
        Column("source_id", gettext_lazy("شناسه منبع"), aliases=("source id",), required=False, parse=parsers.code(64), example="PRJ-1401-17"),
        Column("title", gettext_lazy("عنوان"), aliases=("title", "عنوان پروژه"), parse=parsers.text(200), example="ساخت ۶ واحد مسکن محرومان"),
        Column("project_type", gettext_lazy("نوع پروژه"), aliases=("type", "project type", "نوع"), parse=parsers.choice(TYPE_WORDS), example=str(ProjectType.HOUSING_BUILD.label), choices=tuple(str(label) for label in ProjectType.labels)),
        Column("places", gettext_lazy("محل اجرا"), aliases=("place", "places", "محل"), parse=parsers.text(5000), example="2403010001001", help=gettext_lazy("کد یا نام روستا یا شهر در هر جای کشور؛ برای آبرسانی چند روستا با «؛» جدا")),
        Column("area", gettext_lazy("دفتر مسئول"), aliases=("area", "office", "دفتر"), required=False, parse=parsers.text(200), example="2403", help=gettext_lazy("کد استان یا شهرستان مسئول؛ خالی: شهرستان محل اجرا")),
        Column("executor_kind", gettext_lazy("نوع مجری"), aliases=("executor kind",), parse=parsers.choice(EXECUTOR_WORDS), example=str(ExecutorKind.GROUP.label), choices=tuple(str(label) for label in ExecutorKind.labels)),
        Column("executor", gettext_lazy("مجری"), aliases=("executor",), parse=parsers.text(200), example="گروه جهادی شهید باکری", help=gettext_lazy("نام گروه جهادی، یا نام پیمانکار یا دستگاه ثبت‌شده")),
        Column("group_atlas_id", gettext_lazy("شناسه اطلس گروه"), aliases=("atlas id", "شناسه اطلس"), required=False, parse=parsers.code(32), example="1240356"),
        Column("budget", gettext_lazy("اعتبار کل (ریال)"), aliases=("budget", "اعتبار"), parse=parsers.amount(), example="9000000000"),
        Column("agency_shares", gettext_lazy("سهم دستگاه‌ها"), aliases=("agency shares",), required=False, parse=parsers.text(2000), example="بنیاد مسکن: 6000000000", help=gettext_lazy("«نام دستگاه: مبلغ» با «؛» جدا")),
        Column("donor_shares", gettext_lazy("سهم خیّران"), aliases=("donor shares",), required=False, parse=parsers.text(2000), example="حاج محمد رضایی: 1000000000"),
        Column("office_share", gettext_lazy("سهم بسیج سازندگی (ریال)"), aliases=("office share",), required=False, parse=parsers.amount(), example="1500000000"),
        Column("beneficiary_share", gettext_lazy("آورده بهره‌بردار (ریال)"), aliases=("beneficiary share",), required=False, parse=parsers.amount(), example="500000000"),
        _count("housing_units", gettext_lazy("واحد مسکونی"), ("housing units", "واحد")),
        _count("floor_area_m2", gettext_lazy("زیربنا (متر مربع)"), ("floor area", "زیربنا")),
        _count("households_served", gettext_lazy("خانوار بهره‌مند"), ("households", "خانوار")),
        Column("power_watts", gettext_lazy("توان (کیلووات)"), aliases=("kw", "توان"), required=False, parse=scaled(1000, CAPACITY_MAX["power_watts"]), example=""),
        Column("length_m", gettext_lazy("طول (کیلومتر)"), aliases=("km", "طول"), required=False, parse=scaled(1000, CAPACITY_MAX["length_m"]), example=""),
        _count("classrooms", gettext_lazy("کلاس درس"), ("classrooms", "کلاس")),
        Column("planned_on", gettext_lazy("تاریخ ثبت در برنامه"), aliases=("planned on", "تاریخ"), required=False, parse=parsers.jalali_date(not_future=True), example="1401/02/18"),
        Column("description", gettext_lazy("شرح"), aliases=("description",), required=False, parse=parsers.text(5000), example=""),
    ]  # fmt: skip
    ignored_headers = (
        "مرحله",
        "درصد پیشرفت",
        "روستای بهره‌مند",
        "نام محل اجرا",
        "شهرستان محل اجرا",
        "استان محل اجرا",
        "تاریخ آخرین گزارش",
    )

    def prepare(self, *, actor, rows):
        place_texts = {text for row in rows for text in _split(row.get("places") or "") if text}
        offices = {row["area"] for row in rows if row.get("area")}
        context = ProjectContext(
            actor=actor,
            places=selectors.place_inputs(texts=place_texts),
            offices=AreaInputs(
                actor=actor,
                perm=REGISTER_PROJECTS,
                texts=offices,
                levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
            ),
        )
        for organisation in selectors.executor_organisations(actor=actor):
            context.organisations[search_key(organisation.name)] = organisation
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        numbers = {row["number"] for row in rows if row.get("number")}
        context.known = set(
            Project.objects.filter(source_id__in=sources).values_list("source_id", flat=True)
        ) | {
            f"number:{number}"
            for number in selectors.projects_by_number(
                actor=actor, numbers=numbers, perm=VIEW_PROJECTS
            )
        }
        return context

    def external_key(self, row):
        if row.get("source_id"):
            return row["source_id"]
        return f"number:{row['number']}" if row.get("number") else None

    def validate_row(self, row, *, context: ProjectContext):
        if self.external_key(row) in context.known:
            return row
        errors: dict[str, str] = {}
        places = []
        for text in _split(row["places"]):
            found = context.places.resolve(text)
            if isinstance(found, str):
                errors.setdefault("places", found)
            else:
                places.append(found)
        area = None
        if row.get("area"):
            found = context.offices.resolve(row["area"])
            if isinstance(found, str):
                errors["area"] = found
            else:
                area = found
        organisation = None
        if row["executor_kind"] != ExecutorKind.GROUP:
            organisation = context.organisations.get(search_key(row["executor"]))
            if organisation is None:
                errors["executor"] = _("پیمانکار یا دستگاهی به نام «%(name)s» ثبت نشده است.") % {
                    "name": row["executor"]
                }
        shares: list[services.FundingShare] = []
        try:
            for name, amount in parse_shares(row.get("agency_shares") or ""):
                agency = context.organisations.get(search_key(name))
                if agency is None:
                    errors["agency_shares"] = _("دستگاهی به نام «%(name)s» ثبت نشده است.") % {
                        "name": name
                    }
                shares.append(services.FundingShare(FunderKind.AGENCY, amount, organisation=agency))
            for name, amount in parse_shares(row.get("donor_shares") or ""):
                shares.append(services.FundingShare(FunderKind.DONOR, amount, donor_name=name))
        except ValidationError as error:
            errors["agency_shares"] = " ".join(error.messages)
        for key, kind in (
            ("office_share", FunderKind.OFFICE),
            ("beneficiary_share", FunderKind.BENEFICIARY),
        ):
            if row.get(key):
                shares.append(services.FundingShare(kind, row[key]))
        if errors:
            raise ValidationError(errors)
        capacity = {
            key: row.get(key)
            for key in (
                "housing_units",
                "floor_area_m2",
                "households_served",
                "power_watts",
                "length_m",
                "classrooms",
            )
        }
        # The rules the service applies, so a broken file is refused before anything is written.
        services.check_capacity(row["project_type"], capacity)
        try:
            services.check_funding(row["budget"], shares)
        except ValidationError as error:
            raise ValidationError({"budget": error.messages}) from error
        if row["project_type"] != ProjectType.WATER and len(places) > 1:
            raise ValidationError({"places": _("این نوع پروژه یک محل اجرا دارد.")})
        executor = services.Executor(
            kind=row["executor_kind"],
            organisation=organisation,
            group_atlas_id=to_latin_digits(row.get("group_atlas_id") or ""),
            group_name=row["executor"] if row["executor_kind"] == ExecutorKind.GROUP else "",
        )
        return {
            **row,
            "_places": places,
            "_area": area,
            "_shares": shares,
            "_capacity": capacity,
            "_executor": executor,
        }

    def commit(self, rows, *, actor, context: ProjectContext) -> ImportOutcome:
        created = unchanged = 0
        for row in rows:
            if self.external_key(row) in context.known:
                unchanged += 1
                continue
            services.project_register(
                actor=actor,
                title=row["title"],
                project_type=row["project_type"],
                places=row["_places"],
                area=row["_area"],
                budget=row["budget"],
                fundings=row["_shares"],
                executor=row["_executor"],
                capacity=row["_capacity"],
                description=row.get("description") or "",
                source_id=row.get("source_id"),
                on=row.get("planned_on"),
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


def _split(text: str) -> list[str]:
    for separator in _SHARE_SEPARATORS[1:]:
        text = text.replace(separator, _SHARE_SEPARATORS[0])
    return [part.strip() for part in text.split(_SHARE_SEPARATORS[0]) if part.strip()]


PROJECT_COLUMN = Column(
    "project",
    gettext_lazy("شماره پروژه"),
    aliases=("project", "number", "شماره"),
    parse=parsers.code(20),
    example="1401-000042",
)


@dataclass
class ProjectRowsContext:
    actor: Any
    projects: dict[str, Project] = field(default_factory=dict)
    known: set[str] = field(default_factory=set)
    # Refusals found by walking each project's rows in date order (keyed by the row).
    refused: dict[int, ValidationError] = field(default_factory=dict)


class Walk:
    """A project's stage and dated steps as a file's rows would leave them, row by row in
    date order — the rules of the workflow table, so a file is refused before anything is
    written rather than half way through."""

    def __init__(self, project: Project, history: list[tuple[str, Any]]) -> None:
        self.stage = project.stage
        self.done = history

    def take(self, action: str, on, *, field_name: str) -> None:
        step = WORKFLOW.step(action)
        if self.stage not in step.sources:
            raise ValidationError(
                {
                    field_name: _("«%(step)s» از وضعیت «%(status)s» ممکن نیست.")
                    % {
                        "step": step.label,
                        "status": WORKFLOW.status_labels.get(self.stage, self.stage),
                    }
                }
            )
        before = [(a, day) for a, day in self.done if not step.after or a in step.after]
        if before:
            last_action, last_day = max(before, key=lambda item: item[1])
            not_before(
                on,
                last_day,
                field="date",
                label=_("تاریخ «%(step)s»") % {"step": step.label},
                other=f"«{WORKFLOW.label_of(last_action)}»",
            )
        self.done.append((action, on))
        if action == "report":
            if self.stage == Stage.GROUNDBREAKING:
                self.stage = Stage.IN_PROGRESS
                self.done.append(("start", on))
        elif step.target:
            self.stage = step.target


def _walks(projects: dict[str, Project]) -> dict[int, Walk]:
    """The dated history of each project (two queries for the whole file)."""
    ids = [project.pk for project in projects.values()]
    history: dict[int, list[tuple[str, Any]]] = {pk: [] for pk in ids}
    for project_id, action, on in StageChange.objects.filter(project_id__in=ids).values_list(
        "project_id", "action", "on"
    ):
        history[project_id].append((action, on))
    for project_id, on in ProgressReport.objects.filter(project_id__in=ids).values_list(
        "project_id", "date"
    ):
        history[project_id].append(("report", on))
    return {project.pk: Walk(project, history[project.pk]) for project in projects.values()}


def _walk_rows(context: ProjectRowsContext, rows, action_of, field_name: str) -> None:
    walks = _walks(context.projects)
    for row in sorted(rows, key=lambda row: row["date"]):
        project = context.projects.get(to_latin_digits(row["project"]).strip())
        if project is None or row.get("source_id") in context.known:
            continue
        try:
            WORKFLOW.require(actor=context.actor, record=project, action=action_of(row))
            walks[project.pk].take(action_of(row), row["date"], field_name=field_name)
        except PermissionDenied:
            context.refused[id(row)] = ValidationError(
                {field_name: _("شما اجازه این گام را در دفتر این پروژه ندارید.")}
            )
        except ValidationError as error:
            context.refused[id(row)] = error


def _project(context: ProjectRowsContext, number: str) -> Project:
    project = context.projects.get(to_latin_digits(number).strip())
    if project is None:
        raise ValidationError(
            {
                "project": _("پروژه‌ای با شماره «%(number)s» در حوزه شما پیدا نشد.")
                % {"number": number}
            }
        )
    return project


class ReportImport(ImportKind):
    """Progress reports (without photos), e.g. a county's sheet of site visits."""

    name = "project_reports"
    label = gettext_lazy("گزارش‌های پیشرفت پروژه‌ها")
    perm = REPORT_PROGRESS
    columns = [
        PROJECT_COLUMN,
        Column("date", gettext_lazy("تاریخ گزارش"), aliases=("date", "تاریخ"), parse=parsers.jalali_date(not_future=True), example="1401/02/18"),
        Column("percent", gettext_lazy("درصد پیشرفت"), aliases=("percent", "درصد"), parse=parsers.integer(0, 100), example="45"),
        Column("text", gettext_lazy("شرح پیشرفت"), aliases=("text", "شرح"), required=False, parse=parsers.text(5000), example="دیوارچینی طبقه همکف تمام شد"),
        Column("source_id", gettext_lazy("شناسه منبع"), aliases=("source id",), required=False, parse=parsers.code(64), example="R-1401-0042"),
    ]  # fmt: skip
    ignored_headers = ("عنوان پروژه", "محل اجرا", "گزارش‌دهنده", "شمار عکس")

    def prepare(self, *, actor, rows):
        context = ProjectRowsContext(actor=actor)
        context.projects = selectors.projects_by_number(
            actor=actor, numbers={row["project"] for row in rows}, perm=REPORT_PROGRESS
        )
        sources = {row["source_id"] for row in rows if row.get("source_id")}
        context.known = set(
            ProgressReport.objects.filter(source_id__in=sources).values_list("source_id", flat=True)
        )
        _walk_rows(context, rows, lambda row: "report", "date")
        return context

    def external_key(self, row):
        return row.get("source_id") or None

    def validate_row(self, row, *, context: ProjectRowsContext):
        if row.get("source_id") in context.known:
            return row
        project = _project(context, row["project"])
        if id(row) in context.refused:
            raise context.refused[id(row)]
        return {**row, "_project": project}

    def commit(self, rows, *, actor, context: ProjectRowsContext) -> ImportOutcome:
        created = unchanged = 0
        for row in sorted(rows, key=lambda row: row["date"]):
            if row.get("source_id") in context.known:
                unchanged += 1
                continue
            services.progress_report_add(
                actor=actor,
                project=row["_project"],
                date=row["date"],
                percent=row["percent"],
                text=row.get("text") or "",
                source_id=row.get("source_id"),
            )
            created += 1
        return ImportOutcome(created=created, unchanged=unchanged)


class StepImport(ImportKind):
    """Stages reached before the office used the system: each row one step of one project
    with the day it took effect, applied in date order through the same services."""

    name = "project_steps"
    label = gettext_lazy("مراحل پروژه‌ها (سوابق)")
    perm = VIEW_PROJECTS
    columns = [
        PROJECT_COLUMN,
        Column("step", gettext_lazy("گام"), aliases=("step", "action", "اقدام"), parse=parsers.choice(STEP_WORDS), example=str(WORKFLOW.step("groundbreak").label), choices=tuple(str(WORKFLOW.step(step).label) for step in STAGE_STEPS)),
        Column("date", gettext_lazy("تاریخ"), aliases=("date", "on", "تاریخ اثر"), parse=parsers.jalali_date(not_future=True), example="1401/02/18"),
        Column("note", gettext_lazy("توضیح یا دلیل"), aliases=("note", "reason", "دلیل"), required=False, parse=parsers.text(2000), example=""),
    ]  # fmt: skip

    def prepare(self, *, actor, rows):
        context = ProjectRowsContext(actor=actor)
        context.projects = selectors.projects_by_number(
            actor=actor, numbers={row["project"] for row in rows}, perm=VIEW_PROJECTS
        )
        _walk_rows(context, rows, lambda row: row["step"], "step")
        return context

    def validate_row(self, row, *, context: ProjectRowsContext):
        project = _project(context, row["project"])
        if row["step"] in ("suspend", "cancel") and not row.get("note"):
            raise ValidationError({"note": _("دلیل را بنویسید.")})
        if id(row) in context.refused:
            raise context.refused[id(row)]
        return {**row, "_project": project}

    def commit(self, rows, *, actor, context: ProjectRowsContext) -> ImportOutcome:
        for row in sorted(rows, key=lambda row: row["date"]):
            services.project_advance(
                actor=actor,
                project=row["_project"],
                action=row["step"],
                on=row["date"],
                note=row.get("note") or "",
            )
        return ImportOutcome(created=len(rows))


@dataclass
class PlanContext:
    offices: AreaInputs


class PlanImport(ImportKind):
    name = "project_plans"
    label = gettext_lazy("برنامه سالانه پروژه‌ها")
    perm = MANAGE_PLANS
    columns = [
        Column("area", gettext_lazy("دفتر"), aliases=("area", "office"), parse=parsers.text(200), example="24"),
        Column("year", gettext_lazy("سال"), aliases=("year",), parse=parsers.integer(1300, 1500), example="1401"),
        Column("project_type", gettext_lazy("نوع پروژه"), aliases=("type", "نوع"), parse=parsers.choice(TYPE_WORDS), example=str(ProjectType.SOLAR.label), choices=tuple(str(label) for label in ProjectType.labels)),
        Column("count", gettext_lazy("شمار پروژه‌ها"), aliases=("count", "شمار"), parse=parsers.integer(0, 1_000_000), example="2000"),
        Column("units", gettext_lazy("واحد مسکونی"), aliases=("units",), required=False, parse=parsers.integer(0, 10_000_000), example=""),
        Column("note", gettext_lazy("یادداشت"), aliases=("note",), required=False, parse=parsers.text(300), example=""),
    ]  # fmt: skip
    ignored_headers = ("نام دفتر",)

    def prepare(self, *, actor, rows):
        return PlanContext(
            offices=AreaInputs(
                actor=actor,
                perm=MANAGE_PLANS,
                texts={row["area"] for row in rows},
                levels=(AreaLevel.PROVINCE, AreaLevel.COUNTY),
            )
        )

    def external_key(self, row):
        return f"{row['area']}|{row['year']}|{row['project_type']}"

    def validate_row(self, row, *, context: PlanContext):
        area = context.offices.resolve(row["area"])
        if isinstance(area, str):
            raise ValidationError({"area": area})
        if row.get("units") is not None and row["project_type"] not in (
            ProjectType.HOUSING_BUILD,
            ProjectType.HOUSING_REPAIR,
        ):
            raise ValidationError({"units": _("واحد مسکونی تنها برای پروژه‌های مسکن است.")})
        return {**row, "_area": area}

    def commit(self, rows, *, actor, context: PlanContext) -> ImportOutcome:
        for row in rows:
            services.plan_set(
                actor=actor,
                area=row["_area"],
                year=row["year"],
                project_type=row["project_type"],
                count=row["count"],
                units=row.get("units"),
                note=row.get("note") or "",
            )
        return ImportOutcome(created=len(rows))


register_import(ProjectImport())
register_import(ReportImport())
register_import(StepImport())
register_import(PlanImport())

"""Writes of the projects module: registering a project (capacity, places, executor, budget
and funding shares), every step of its stages (``abadi.projects.workflow``), progress
reports with photos, beneficiary households and the year's plan.

Every step locks its project, is checked against the workflow table, writes a timeline row
with its effective date (closing the one before it) and one audit event. Other modules move
a project through :func:`project_advance` (an event that holds a groundbreaking or an
inauguration).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from abadi.core import clock
from abadi.core.actors import user_of
from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.jalali import format_jalali, jalali_year_of
from abadi.core.money import format_rials
from abadi.core.persian import to_persian_digits
from abadi.core.scoping import area_in_scope
from abadi.core.services import audited_create, model_update, require, service
from abadi.core.validators import count_within, not_future, positive_amount, required_text
from abadi.geography.models import RESIDENCE_LEVELS, AreaLevel
from abadi.geography.selectors import county_of, home_area
from abadi.people.models import Programme
from abadi.people.services import BenefitRow, benefits_record_bulk
from abadi.projects.audit import Action
from abadi.projects.models import (
    CAPACITY,
    CAPACITY_FIELDS,
    CAPACITY_MAX,
    FINISHED,
    HOUSING_TYPES,
    MAX_PHOTO_PIXELS,
    MAX_PHOTOS_PER_REPORT,
    MAX_WATER_VILLAGES,
    OPEN_STAGES,
    THUMBNAIL_SIZE,
    Beneficiary,
    ExecutorKind,
    FunderKind,
    Funding,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectPlace,
    ProjectPlan,
    ProjectType,
    Stage,
    StageChange,
)
from abadi.projects.permissions import (
    MANAGE_PLANS,
    REGISTER_PROJECTS,
    REPORT_PROGRESS,
)
from abadi.projects.workflow import STAGE_STEPS, WORKFLOW

if TYPE_CHECKING:
    from abadi.geography.models import Area

# The ledger's programme of each type of project.
PROGRAMME: dict[str, str] = {
    ProjectType.HOUSING_BUILD: Programme.HOUSING,
    ProjectType.HOUSING_REPAIR: Programme.HOUSING,
    ProjectType.SOLAR: Programme.SOLAR,
    ProjectType.WATER: Programme.WATER,
}
# The project's own references: checked on registration, they do not change on a step.
UNCHANGED_ON_MOVE = [
    "area",
    "place",
    "place_county",
    "place_province",
    "executor_organisation",
    "created_by",
    "number",
    "source_id",
]
EDITABLE = (
    "title",
    "description",
    "executor_kind",
    "executor_organisation",
    "executor_group_atlas_id",
    "executor_group_name",
    *CAPACITY_FIELDS,
)


@dataclass(frozen=True)
class FundingShare:
    """One funder's share: an agency (``organisation``, with deprivation-elimination
    credit), a donor (``donor_name``), the office or the beneficiary."""

    kind: str
    amount: int
    organisation: Any = None
    donor_name: str = ""


@dataclass(frozen=True)
class Executor:
    """Who builds it: a volunteer group (its Atlas ID and name), or a contractor or an
    agency (an organisation of the organisations register)."""

    kind: str
    organisation: Any = None
    group_atlas_id: str = ""
    group_name: str = ""


# Checks every way in shares ---------------------------------------------------------------------


def _check_places(project_type: str, places: Sequence[Area]) -> list[Area]:
    if not places:
        raise ValidationError({"places": _("محل اجرای پروژه را وارد کنید.")})
    for place in places:
        if place.level not in RESIDENCE_LEVELS:
            raise ValidationError(
                {
                    "places": _(
                        "«%(name)s» %(level)s است؛ محل اجرای پروژه باید یک روستا یا شهر باشد."
                    )
                    % {"name": place.name, "level": place.get_level_display()}
                }
            )
    if project_type == ProjectType.WATER:
        towns = [place.name for place in places if place.level != AreaLevel.VILLAGE]
        if towns:
            raise ValidationError(
                {
                    "places": _("آبرسانی روستایی به روستاست؛ «%(name)s» شهر است.")
                    % {"name": towns[0]}
                }
            )
        if len(places) > MAX_WATER_VILLAGES:
            raise ValidationError(
                {
                    "places": _("یک طرح آبرسانی بیش از %(max)s روستا را نمی‌پوشاند.")
                    % {"max": to_persian_digits(MAX_WATER_VILLAGES)}
                }
            )
    elif len(places) > 1:
        raise ValidationError(
            {"places": _("این نوع پروژه یک محل اجرا دارد؛ تنها آبرسانی چند روستا را می‌پوشاند.")}
        )
    if len({place.pk for place in places}) != len(places):
        raise ValidationError({"places": _("یک روستا دو بار آمده است.")})
    return list(places)


def capacity_label(field: str) -> str:
    return str(getattr(Project._meta.get_field(field), "verbose_name", field))


def check_capacity(project_type: str, values: dict[str, Any]) -> dict[str, int | None]:
    """The capacity of a project of ``project_type``: every field it must have, present and
    within bounds; the fields it may have, within bounds if given; any other refused."""
    if project_type not in ProjectType.values:
        raise ValidationError({"project_type": _("نوع پروژه نامعتبر است.")})
    required, optional = CAPACITY[project_type]
    label = ProjectType(project_type).label
    cleaned: dict[str, int | None] = dict.fromkeys(CAPACITY_FIELDS)
    for name in CAPACITY_FIELDS:
        value = values.get(name)
        if value is None:
            if name in required:
                raise ValidationError(
                    {
                        name: _("%(field)s پروژه «%(type)s» را وارد کنید.")
                        % {"field": capacity_label(name), "type": label}
                    }
                )
            continue
        if name not in required and name not in optional:
            raise ValidationError(
                {
                    name: _("%(field)s برای پروژه «%(type)s» ثبت نمی‌شود.")
                    % {"field": capacity_label(name), "type": label}
                }
            )
        cleaned[name] = count_within(
            value, field=name, label=capacity_label(name), minimum=1, maximum=CAPACITY_MAX[name]
        )
    return cleaned


def _check_executor(executor: Executor) -> dict[str, Any]:
    if executor.kind not in ExecutorKind.values:
        raise ValidationError({"executor_kind": _("نوع مجری را انتخاب کنید.")})
    if executor.kind == ExecutorKind.GROUP:
        name = required_text(
            executor.group_name, field="executor_group_name", label=_("نام گروه جهادی مجری")
        )
        atlas = (executor.group_atlas_id or "").strip()
        if atlas and not atlas.isdigit():
            raise ValidationError(
                {"executor_group_atlas_id": _("شناسه اطلس گروه جهادی فقط رقم دارد.")}
            )
        return {
            "executor_kind": executor.kind,
            "executor_organisation": None,
            "executor_group_atlas_id": atlas,
            "executor_group_name": name[:200],
        }
    if executor.organisation is None:
        raise ValidationError(
            {"executor_organisation": _("پیمانکار یا دستگاه مجری را انتخاب کنید.")}
        )
    return {
        "executor_kind": executor.kind,
        "executor_organisation": executor.organisation,
        "executor_group_atlas_id": "",
        "executor_group_name": "",
    }


def check_funding(budget: Any, shares: Sequence[FundingShare]) -> None:
    """The budget is positive and its shares — each positive, each agency named, each donor
    named — add up to it exactly, to the rial."""
    positive_amount(budget, field="budget", label=_("اعتبار کل پروژه"))
    if not shares:
        raise ValidationError({"fundings": _("سهم تأمین‌کنندگان اعتبار را وارد کنید.")})
    for share in shares:
        if share.kind not in FunderKind.values:
            raise ValidationError({"fundings": _("نوع تأمین‌کننده نامعتبر است.")})
        positive_amount(share.amount, field="fundings", label=_("سهم هر تأمین‌کننده"))
        if share.kind == FunderKind.AGENCY and share.organisation is None:
            raise ValidationError({"fundings": _("دستگاه تأمین‌کننده این سهم را انتخاب کنید.")})
        if share.kind == FunderKind.DONOR and not (share.donor_name or "").strip():
            raise ValidationError({"fundings": _("نام خیّر این سهم را بنویسید.")})
    total = sum(share.amount for share in shares)
    if total != budget:
        gap = budget - total
        raise ValidationError(
            {
                "fundings": _(
                    "جمع سهم‌ها (%(total)s) با اعتبار کل پروژه (%(budget)s) برابر نیست؛ %(gap)s %(way)s است."
                )
                % {
                    "total": format_rials(total),
                    "budget": format_rials(budget),
                    "gap": format_rials(abs(gap)),
                    "way": _("کم") if gap > 0 else _("زیاد"),
                }
            }
        )


def _write_fundings(project: Project, shares: Sequence[FundingShare]) -> list[Funding]:
    return Funding.objects.bulk_create(
        Funding(
            project=project,
            kind=share.kind,
            organisation=share.organisation if share.kind == FunderKind.AGENCY else None,
            donor_name=(share.donor_name or "").strip()[:200]
            if share.kind == FunderKind.DONOR
            else "",
            amount=share.amount,
        )
        for share in shares
    )


def _funding_snapshot(shares: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "kind": share.kind,
            "amount": share.amount,
            "organisation": getattr(share.organisation, "pk", None),
            "donor_name": share.donor_name or "",
        }
        for share in shares
    ]


def _responsible_area(actor, area: Area | None, place: Area) -> Area:
    """The office the project belongs to: the one given (a province or county of the
    actor's areas), else the county of the place when the actor works there, else the
    widest area the actor registers projects in."""
    if area is None:
        county = county_of(place)
        if county is not None and area_in_scope(actor=actor, perm=REGISTER_PROJECTS, area=county):
            area = county
        else:
            area = home_area(actor=actor, perm=REGISTER_PROJECTS)
    if area is None:
        raise ValidationError({"area": _("دفتر مسئول پروژه را وارد کنید.")})
    if area.level not in (AreaLevel.PROVINCE, AreaLevel.COUNTY):
        raise ValidationError({"area": _("دفتر مسئول پروژه باید یک استان یا شهرستان باشد.")})
    require(actor, REGISTER_PROJECTS, area)
    return area


# Registering and editing ---------------------------------------------------------------------------


@service
def project_register(
    *,
    actor,
    title: str,
    project_type: str,
    places: Sequence[Area],
    budget: int,
    fundings: Sequence[FundingShare],
    executor: Executor,
    area: Area | None = None,
    capacity: dict[str, Any] | None = None,
    description: str = "",
    source_id: str | None = None,
    on: datetime.date | None = None,
) -> Project:
    """Register a project in the plan: ``places`` anywhere in Iran (one village or city;
    every village of a water supply), the responsible office ``area`` (default: the county
    of the place, if the actor works there), its capacity by type, its executor and its
    budget with the shares that add up to it. ``on``: the day it entered the plan."""
    title = required_text(title, field="title", label=_("عنوان پروژه"))
    capacity_values = check_capacity(project_type, capacity or {})
    places = _check_places(project_type, places)
    area = _responsible_area(actor, area, places[0])
    executor_fields = _check_executor(executor)
    check_funding(budget, fundings)
    on = not_future(on or clock.today(), field="on", label=_("تاریخ ثبت پروژه"))
    county = county_of(places[0])
    project = Project(
        title=title[:200],
        description=(description or "").strip(),
        project_type=project_type,
        area=area,
        place=places[0],
        place_county=county,
        place_province=county.parent if county is not None else None,
        budget=budget,
        stage=Stage.PLANNED,
        planned_on=on,
        created_by=user_of(actor),
        source_id=source_id or None,
        villages_served=len(places) if project_type == ProjectType.WATER else None,
        **executor_fields,
        **capacity_values,
    )
    project.full_clean(exclude=UNCHANGED_ON_MOVE)
    project.save()
    project.number = f"{jalali_year_of(on)}-{project.pk:06d}"
    project.save(update_fields=["number"])
    ProjectPlace.objects.bulk_create(ProjectPlace(project=project, area=place) for place in places)
    _write_fundings(project, fundings)
    StageChange.objects.create(
        project=project,
        action="register",
        from_stage="",
        to_stage=Stage.PLANNED,
        on=on,
        actor=user_of(actor),
    )
    audit_record(
        actor=actor,
        action=Action.REGISTER,
        obj=project,
        new={
            **snapshot(project),
            "places": [place.code for place in places],
            "fundings": _funding_snapshot(fundings),
        },
        on=on,
    )
    return project


def lock(project: Project) -> Project:
    return (
        # Only the project's row is locked (its optional executor is an outer join).
        Project.objects.select_for_update(of=("self",))
        .select_related("area", "place", "executor_organisation")
        .get(pk=project.pk)
    )


def _editable(project: Project) -> None:
    if project.stage not in OPEN_STAGES:
        raise ValidationError(
            _("پروژه‌ای با مرحله «%(stage)s» را نمی‌توان ویرایش کرد.")
            % {"stage": project.get_stage_display()}
        )


@service
def project_update(*, actor, project: Project, **fields: Any) -> Project:
    """Correct the title, description, executor or capacity of a project not yet finished."""
    project = lock(project)
    require(actor, REGISTER_PROJECTS, project.area)
    _editable(project)

    def prepare(changed_project: Project) -> None:
        check_capacity(
            changed_project.project_type,
            {name: getattr(changed_project, name) for name in CAPACITY_FIELDS},
        )
        _check_executor(
            Executor(
                kind=changed_project.executor_kind,
                organisation=changed_project.executor_organisation,
                group_atlas_id=changed_project.executor_group_atlas_id,
                group_name=changed_project.executor_group_name,
            )
        )

    project, _changed = model_update(
        project, actor=actor, action=Action.UPDATE, fields=fields, allowed=EDITABLE, prepare=prepare
    )
    return project


@service
def project_funding_set(
    *, actor, project: Project, budget: int, fundings: Sequence[FundingShare]
) -> Project:
    """Replace the budget and its shares (which must add up to it) of a project not yet
    finished."""
    project = lock(project)
    require(actor, REGISTER_PROJECTS, project.area)
    _editable(project)
    check_funding(budget, fundings)
    old = {"budget": project.budget, "fundings": _funding_snapshot(project.fundings.all())}
    project.fundings.all().delete()
    _write_fundings(project, fundings)
    project.budget = budget
    project.save(update_fields=["budget", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.FUNDING,
        obj=project,
        old=old,
        new={"budget": budget, "fundings": _funding_snapshot(fundings)},
    )
    return project


# The stages -------------------------------------------------------------------------------------


def _start(
    *, actor, project: Project, action: str, on: datetime.date | None
) -> tuple[Project, datetime.date]:
    """Lock the project and check the step and its date (``on``, default today) against the
    workflow table."""
    project = lock(project)
    WORKFLOW.check(actor=actor, record=project, action=action)
    day = WORKFLOW.check_date(record=project, action=action, on=on or clock.today())
    return project, day


def _move(
    project: Project, *, action: str, actor, on: datetime.date, note: str = "", **values: Any
) -> Project:
    """Take ``action``: the project's new stage, the step's timeline row from ``on`` (which
    ends the row before it on that day) and its audit record."""
    step = WORKFLOW.step(action)
    before = snapshot(project)
    from_stage = project.stage
    project.stage = step.target or project.stage
    for name, value in values.items():
        setattr(project, name, value)
    project.full_clean(exclude=UNCHANGED_ON_MOVE, validate_constraints=False)
    project.save()
    StageChange.objects.filter(project=project, until__isnull=True).update(until=on)
    StageChange.objects.create(
        project=project,
        action=action,
        from_stage=from_stage,
        to_stage=project.stage,
        on=on,
        actor=user_of(actor),
        note=note,
    )
    old, new = changed(before, snapshot(project))
    audit_record(actor=actor, action=f"project.{action}", obj=project, old=old, new=new, on=on)
    return project


@service
def project_groundbreak(
    *, actor, project: Project, on: datetime.date | None = None, note: str = ""
) -> Project:
    """The groundbreaking (کلنگ‌زنی) of a planned project."""
    project, on = _start(actor=actor, project=project, action="groundbreak", on=on)
    return _move(project, action="groundbreak", actor=actor, on=on, note=note)


@service
def project_start(
    *, actor, project: Project, on: datetime.date | None = None, note: str = ""
) -> Project:
    """Work begins on site (a first progress report does the same)."""
    project, on = _start(actor=actor, project=project, action="start", on=on)
    return _move(project, action="start", actor=actor, on=on, note=note)


@service
def project_complete(
    *, actor, project: Project, on: datetime.date | None = None, note: str = ""
) -> Project:
    """The work is done: every beneficiary household gets its row in the benefit ledger,
    dated ``on``."""
    project, on = _start(actor=actor, project=project, action="complete", on=on)
    project = _move(project, action="complete", actor=actor, on=on, note=note, progress=100)
    _record_benefits(
        actor, project, list(project.beneficiaries.filter(benefit_on__isnull=True)), on
    )
    return project


@service
def project_inaugurate(
    *, actor, project: Project, on: datetime.date | None = None, note: str = ""
) -> Project:
    """The inauguration (افتتاح و بهره‌برداری) of a completed project."""
    project, on = _start(actor=actor, project=project, action="inaugurate", on=on)
    return _move(project, action="inaugurate", actor=actor, on=on, note=note)


@service
def project_suspend(
    *, actor, project: Project, reason: str, on: datetime.date | None = None
) -> Project:
    project, on = _start(actor=actor, project=project, action="suspend", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل توقف پروژه"))
    return _move(project, action="suspend", actor=actor, on=on, note=reason, cancel_reason=reason)


@service
def project_resume(
    *, actor, project: Project, on: datetime.date | None = None, note: str = ""
) -> Project:
    project, on = _start(actor=actor, project=project, action="resume", on=on)
    return _move(project, action="resume", actor=actor, on=on, note=note, cancel_reason="")


@service
def project_cancel(
    *, actor, project: Project, reason: str, on: datetime.date | None = None
) -> Project:
    project, on = _start(actor=actor, project=project, action="cancel", on=on)
    reason = required_text(reason, field="reason", label=_("دلیل لغو پروژه"))
    return _move(project, action="cancel", actor=actor, on=on, note=reason, cancel_reason=reason)


_STEP_SERVICES = {
    "groundbreak": project_groundbreak,
    "start": project_start,
    "complete": project_complete,
    "inaugurate": project_inaugurate,
    "resume": project_resume,
}
_REASONED = {"suspend": project_suspend, "cancel": project_cancel}


@service
def project_advance(
    *,
    actor,
    project: Project,
    action: str,
    on: datetime.date | None = None,
    note: str = "",
    reason: str = "",
) -> Project:
    """Move ``project`` by one step of its workflow — ``groundbreak``, ``start``,
    ``complete``, ``inaugurate``, ``suspend``, ``resume`` or ``cancel`` — taking effect on
    ``on`` (default today). For the steps that need one, ``reason`` (else ``note``) is the
    reason. The call other modules make (an event holding a groundbreaking or an
    inauguration); refused like the page and the API refuse: 403 without the permission in
    the project's office, a Persian ValidationError for a step out of order or a date in the
    future or before the step before it."""
    if action not in STAGE_STEPS:
        raise ValidationError(
            {"action": _("گام «%(action)s» در گردش کار پروژه نیست.") % {"action": action}}
        )
    if action in _REASONED:
        return _REASONED[action](actor=actor, project=project, reason=reason or note, on=on)
    return _STEP_SERVICES[action](actor=actor, project=project, on=on, note=note or reason)


# Progress reports --------------------------------------------------------------------------------


def _image_check(upload: Any) -> tuple[int, int, bytes]:
    """Decode the photo (refusing what is not an image, or too many pixels) and make its
    thumbnail: (width, height, thumbnail JPEG bytes)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            width, height = probe.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    {
                        "photos": _("عکس بیش از اندازه بزرگ است (%(pixels)s مگاپیکسل).")
                        % {"pixels": to_persian_digits(width * height // 1_000_000)}
                    }
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            width, height = upright.size
            thumb = upright.convert("RGB")
            thumb.thumbnail(THUMBNAIL_SIZE)
            out = io.BytesIO()
            thumb.save(out, format="JPEG", quality=80, optimize=True)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(
            {"photos": _("پرونده «%(name)s» تصویر سالمی نیست.") % {"name": upload.name}}
        ) from error
    finally:
        upload.seek(position)
    return width, height, out.getvalue()


def _photo(report: ProgressReport, upload: Any) -> ProgressPhoto:
    photo = ProgressPhoto(report=report, file=upload)
    try:
        photo.full_clean(exclude=["report", "thumbnail"])
    except ValidationError as error:
        raise ValidationError({"photos": error.messages}) from error
    width, height, thumbnail = _image_check(upload)
    photo.width, photo.height = width, height
    stem = (getattr(upload, "name", "") or "photo").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    photo.thumbnail.save(f"{stem[:80]}-thumb.jpg", ContentFile(thumbnail), save=False)
    photo.save()
    return photo


def _check_photos(photos: Sequence[Any]) -> None:
    if len(photos) > MAX_PHOTOS_PER_REPORT:
        raise ValidationError(
            {
                "photos": _("هر گزارش حداکثر %(max)s عکس دارد.")
                % {"max": to_persian_digits(MAX_PHOTOS_PER_REPORT)}
            }
        )


@service
def progress_report_add(
    *,
    actor,
    project: Project,
    date: datetime.date,
    percent: int,
    text: str = "",
    photos: Sequence[Any] = (),
    source_id: str | None = None,
) -> ProgressReport:
    """A progress report of ``date`` (not in the future, not before the groundbreaking, the
    start or the last resumption): how far the work is, in words and up to ten photos (JPG
    or PNG up to 8 MB, each decoded and given a thumbnail). The first report of a project
    whose ground was broken starts its work."""
    project, date = _start(actor=actor, project=project, action="report", on=date)
    count_within(percent, field="percent", label=_("درصد پیشرفت"), minimum=0, maximum=100)
    photos = list(photos)
    _check_photos(photos)
    report = audited_create(
        ProgressReport(
            project=project,
            date=date,
            percent=percent,
            text=(text or "").strip(),
            reported_by=user_of(actor),
            source_id=source_id or None,
        ),
        actor=actor,
        action=Action.REPORT,
        exclude=["project", "reported_by"],
        area=project.area,
        on=date,
        touches=(project,),
    )
    for upload in photos:
        _photo(report, upload)
    if project.last_report_on is None or date >= project.last_report_on:
        project.progress, project.last_report_on = percent, date
        project.save(update_fields=["progress", "last_report_on", "updated_at"])
    if project.stage == Stage.GROUNDBREAKING:
        _move(
            project,
            action="start",
            actor=actor,
            on=date,
            note=_("گزارش پیشرفت %(date)s") % {"date": format_jalali(date)},
        )
    return report


@service
def progress_photo_add(*, actor, report: ProgressReport, file: Any) -> ProgressPhoto:
    """A photo of a report, added afterwards (a phone's slow upload, the API)."""
    project = lock(report.project)
    require(actor, REPORT_PROGRESS, project.area)
    _check_photos([*report.photos.all(), file])
    photo = _photo(report, file)
    audit_record(
        actor=actor,
        action=Action.PHOTO,
        obj=report,
        area=project.area,
        new={"photo": photo.original_name},
        touches=(project,),
    )
    return photo


# Beneficiaries -------------------------------------------------------------------------------------


def _households_allowed(project: Project) -> int | None:
    """How many households the project can be for: its housing units, or the households it
    serves when that is given; None: not limited by its capacity."""
    if project.project_type in HOUSING_TYPES:
        return project.housing_units
    return project.households_served


def _benefit_value(project: Project, count: int) -> int:
    """What one household's share of the project is worth in rials: the budget over the
    households the project is for."""
    divisor = _households_allowed(project) or max(count, 1)
    return project.budget // divisor


def _completed_on(project: Project) -> datetime.date | None:
    return (
        project.stage_changes.filter(action="complete").order_by("-on").values_list("on", flat=True)
    ).first()


def _record_benefits(
    actor, project: Project, beneficiaries: list[Beneficiary], on: datetime.date
) -> int:
    """A ledger row for each household of ``beneficiaries``, dated ``on`` (one insert and one
    audit event for the lot, through people's bulk service)."""
    if not beneficiaries:
        return 0
    value = _benefit_value(project, project.beneficiaries.count())
    note = _("پروژه %(number)s: %(title)s") % {"number": project.number, "title": project.title}
    rows = [
        BenefitRow(
            programme=PROGRAMME.get(project.project_type, Programme.OTHER),
            date=on,
            value=value,
            area=beneficiary.household.area,
            source=project,
            household=beneficiary.household,
            note=note[:300],
        )
        for beneficiary in beneficiaries
    ]
    written = benefits_record_bulk(actor=actor, rows=rows, action_note=note)
    Beneficiary.objects.filter(pk__in=[b.pk for b in beneficiaries]).update(benefit_on=on)
    return written


@service
def beneficiary_add(
    *, actor, project: Project, household, on: datetime.date | None = None
) -> Beneficiary:
    """Link a household (one the actor may register projects for) to the project; for a
    project already completed, its benefit is recorded at once, dated the completion."""
    project = lock(project)
    require(actor, REGISTER_PROJECTS, project.area)
    if project.stage == Stage.CANCELLED:
        raise ValidationError({"household": _("به پروژه لغوشده خانوار افزوده نمی‌شود.")})
    if project.beneficiaries.filter(household=household).exists():
        raise ValidationError({"household": _("این خانوار پیش‌تر بهره‌مند این پروژه ثبت شده است.")})
    limit = _households_allowed(project)
    if limit is not None and project.beneficiaries.count() >= limit:
        raise ValidationError(
            {
                "household": _("این پروژه برای %(limit)s خانوار است و همه ثبت شده‌اند.")
                % {"limit": to_persian_digits(limit)}
            }
        )
    day = not_future(on or clock.today(), field="on", label=_("تاریخ افزودن"))
    beneficiary = Beneficiary.objects.create(project=project, household=household, added_on=day)
    audit_record(
        actor=actor,
        action=Action.BENEFICIARY_ADD,
        obj=project,
        new={"household": household.pk},
        on=day,
    )
    if project.stage in FINISHED:
        completed = _completed_on(project) or day
        beneficiary.household = household
        _record_benefits(actor, project, [beneficiary], completed)
        beneficiary.benefit_on = completed
    return beneficiary


@service
def beneficiary_remove(*, actor, project: Project, household) -> None:
    """Unlink a household before its benefit is recorded (a mistake corrected)."""
    project = lock(project)
    require(actor, REGISTER_PROJECTS, project.area)
    row = project.beneficiaries.filter(household=household).first()
    if row is None:
        raise ValidationError({"household": _("این خانوار بهره‌مند این پروژه نیست.")})
    if row.benefit_on is not None:
        raise ValidationError(
            {"household": _("بهره‌مندی این خانوار در دفتر ثبت شده است و حذف نمی‌شود.")}
        )
    row.delete()
    audit_record(
        actor=actor, action=Action.BENEFICIARY_REMOVE, obj=project, old={"household": household.pk}
    )


# The plan -------------------------------------------------------------------------------------


@service
def plan_set(
    *,
    actor,
    area: Area,
    year: int,
    project_type: str,
    count: int,
    units: int | None = None,
    note: str = "",
) -> ProjectPlan:
    """The year's plan of one office (a province or county) for one type of project: how
    many to finish, and for housing how many units."""
    require(actor, MANAGE_PLANS, area)
    if area.level not in (AreaLevel.PROVINCE, AreaLevel.COUNTY):
        raise ValidationError({"area": _("برنامه برای دفتر استان یا شهرستان تعیین می‌شود.")})
    if project_type not in ProjectType.values:
        raise ValidationError({"project_type": _("نوع پروژه نامعتبر است.")})
    count_within(year, field="year", label=_("سال"), minimum=1300, maximum=1500)
    count_within(count, field="count", label=_("شمار پروژه‌های برنامه"), maximum=1_000_000)
    if units is not None:
        if project_type not in HOUSING_TYPES:
            raise ValidationError({"units": _("واحد مسکونی تنها برای پروژه‌های مسکن است.")})
        count_within(units, field="units", label=_("واحد مسکونی برنامه"), maximum=10_000_000)
    plan = (
        ProjectPlan.objects.select_for_update()
        .filter(area=area, year=year, project_type=project_type)
        .first()
    )
    if plan is None:
        return audited_create(
            ProjectPlan(
                area=area,
                year=year,
                project_type=project_type,
                count=count,
                units=units,
                note=(note or "").strip()[:300],
            ),
            actor=actor,
            action=Action.PLAN_SET,
            exclude=["area"],
        )
    plan, _changed = model_update(
        plan,
        actor=actor,
        action=Action.PLAN_SET,
        fields={"count": count, "units": units, "note": (note or "").strip()[:300]},
        allowed=("count", "units", "note"),
    )
    return plan


def bulk_load_recorded(*, actor, counts: dict[str, int], note: str) -> None:
    """The one audit event of a batch of history written in bulk (the demo's history)."""
    audit_record(actor=actor, action=Action.BULK_LOAD, new={**counts, "note": note})

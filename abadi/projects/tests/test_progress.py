"""Progress reports: never before the groundbreaking, percent within 0–100, photos checked
by type, content and size, decoded and given a thumbnail, served only through the project."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.projects import services
from abadi.projects.models import MAX_PHOTO_BYTES, ProgressPhoto, ProgressReport, Stage
from abadi.projects.tests.conftest import BROKEN, image_bytes, photo

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_no_progress_is_reported_before_the_groundbreaking(register, staff):
    project = register()
    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(actor=staff.county, project=project, date=BROKEN, percent=5)
    assert "«گزارش پیشرفت» از وضعیت «در برنامه» ممکن نیست." in refused.value.messages
    assert ProgressReport.objects.count() == 0


def test_a_report_dated_before_the_groundbreaking_is_refused_on_its_day_it_passes(
    register, advance, staff
):
    project = advance(register(), Stage.GROUNDBREAKING)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(
            actor=staff.county, project=project, date=BROKEN - DAY, percent=5
        )
    assert "«کلنگ‌زنی»" in refused.value.message_dict["date"][0]
    assert ProgressReport.objects.count() == 0
    assert AuditEvent.objects.count() == events
    services.progress_report_add(actor=staff.county, project=project, date=BROKEN, percent=5)


def test_the_first_report_starts_the_work_on_its_day(register, advance, staff):
    project = advance(register(), Stage.GROUNDBREAKING)
    day = BROKEN + 9 * DAY
    report = services.progress_report_add(
        actor=staff.county, project=project, date=day, percent=12, text="پی‌کنی"
    )
    project.refresh_from_db()
    assert (project.stage, project.progress, project.last_report_on) == (
        Stage.IN_PROGRESS,
        12,
        day,
    )
    start = project.stage_changes.get(action="start")
    assert start.on == day
    assert report.reported_by == staff.county
    # One service call, one audit event (the report and the start it caused).
    assert AuditEvent.objects.filter(action="project.report").count() == 1
    assert AuditEvent.objects.filter(action="project.start").count() == 0


def test_a_later_report_entered_first_keeps_the_latest_percent(register, advance, staff):
    project = advance(register(), Stage.IN_PROGRESS)
    services.progress_report_add(
        actor=staff.county, project=project, date=BROKEN + 60 * DAY, percent=40
    )
    services.progress_report_add(
        actor=staff.county, project=project, date=BROKEN + 40 * DAY, percent=25
    )
    project.refresh_from_db()
    assert (project.progress, project.last_report_on) == (40, BROKEN + 60 * DAY)


def test_percent_at_100_passes_and_101_fails(register, advance, staff):
    project = advance(register(), Stage.IN_PROGRESS)
    day = BROKEN + 30 * DAY
    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(actor=staff.county, project=project, date=day, percent=101)
    assert "درصد پیشرفت" in refused.value.message_dict["percent"][0]
    with pytest.raises(ValidationError):
        services.progress_report_add(actor=staff.county, project=project, date=day, percent=-1)
    services.progress_report_add(actor=staff.county, project=project, date=day, percent=100)


def test_a_report_needs_the_permission_in_the_office(register, advance, staff):
    project = advance(register(), Stage.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.progress_report_add(
            actor=staff.other_county, project=project, date=BROKEN + 30 * DAY, percent=10
        )
    with pytest.raises(PermissionDenied):
        services.progress_report_add(
            actor=staff.manager, project=project, date=BROKEN + 30 * DAY, percent=10
        )


def test_photos_are_kept_with_their_size_and_a_thumbnail(register, advance, staff, media):
    project = advance(register(), Stage.IN_PROGRESS)
    report = services.progress_report_add(
        actor=staff.county,
        project=project,
        date=BROKEN + 30 * DAY,
        percent=30,
        photos=[photo("north.jpg", image_bytes(size=(1600, 1200))), photo("south.png", kind="PNG")],
    )
    first, second = report.photos.order_by("id")
    assert (first.content_type, first.width, first.height) == ("image/jpeg", 1600, 1200)
    assert first.original_name == "north.jpg"
    assert second.content_type == "image/png"
    from PIL import Image

    with first.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert thumb.format == "JPEG"
        assert max(thumb.size) == 480


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (lambda: photo("plan.pdf", b"%PDF-1.4 x"), "JPG یا PNG"),
        (lambda: photo("site.gif", b"GIF89a..."), "JPG یا PNG"),
        (lambda: photo("site.jpg", b"not an image at all"), "نمی‌خواند"),
        (lambda: photo("site.jpg", b"\xff\xd8\xff" + b"\x00" * 500), "تصویر سالمی نیست"),
        (lambda: photo("site.png", image_bytes("JPEG")), "نمی‌خواند"),
    ],
    ids=["pdf", "gif", "text-as-jpg", "broken-jpeg", "jpeg-named-png"],
)
def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(
    register, advance, staff, media, upload, words
):
    project = advance(register(), Stage.GROUNDBREAKING)
    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(
            actor=staff.county, project=project, date=BROKEN, percent=5, photos=[upload()]
        )
    assert words in " ".join(refused.value.message_dict["photos"])
    assert ProgressReport.objects.count() == 0
    assert ProgressPhoto.objects.count() == 0
    project.refresh_from_db()
    assert project.stage == Stage.GROUNDBREAKING  # the report would have started it


def _padded(total: int) -> bytes:
    """A real JPEG padded with bytes after its end marker to ``total`` bytes."""
    data = image_bytes()
    return data + b"\x00" * (total - len(data))


def test_a_photo_at_the_size_limit_passes_one_byte_over_fails(register, advance, staff, media):
    project = advance(register(), Stage.IN_PROGRESS)
    day = BROKEN + 30 * DAY
    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(
            actor=staff.county,
            project=project,
            date=day,
            percent=10,
            photos=[photo("big.jpg", _padded(MAX_PHOTO_BYTES + 1))],
        )
    assert "۸ مگابایت" in refused.value.message_dict["photos"][0]
    report = services.progress_report_add(
        actor=staff.county,
        project=project,
        date=day,
        percent=10,
        photos=[photo("edge.jpg", _padded(MAX_PHOTO_BYTES))],
    )
    assert report.photos.get().size == MAX_PHOTO_BYTES


def test_at_most_ten_photos_a_report(register, advance, staff, media):
    project = advance(register(), Stage.IN_PROGRESS)
    day = BROKEN + 30 * DAY
    with pytest.raises(ValidationError) as refused:
        services.progress_report_add(
            actor=staff.county,
            project=project,
            date=day,
            percent=10,
            photos=[photo(f"p{n}.jpg") for n in range(11)],
        )
    assert "۱۰" in refused.value.message_dict["photos"][0]
    report = services.progress_report_add(
        actor=staff.county,
        project=project,
        date=day,
        percent=10,
        photos=[photo(f"p{n}.jpg") for n in range(10)],
    )
    with pytest.raises(ValidationError):
        services.progress_photo_add(actor=staff.county, report=report, file=photo("p11.jpg"))


def test_a_photo_added_later_is_checked_like_the_others(register, advance, staff, media):
    project = advance(register(), Stage.IN_PROGRESS)
    report = services.progress_report_add(
        actor=staff.county, project=project, date=BROKEN + 30 * DAY, percent=10
    )
    with pytest.raises(ValidationError):
        services.progress_photo_add(actor=staff.county, report=report, file=photo("x.jpg", b"no"))
    with pytest.raises(PermissionDenied):
        services.progress_photo_add(actor=staff.other_county, report=report, file=photo())
    services.progress_photo_add(actor=staff.county, report=report, file=photo())
    assert report.photos.count() == 1

"""Courses, enrolments (with completion) and licences from spreadsheets: checked before
anything is written, written through the services, safe to import twice; each export
imports back."""

import io

import pytest

from abadi.core.exports import get_export_kind, write_csv
from abadi.core.imports import get_import_kind, run_import
from abadi.people.models import Benefit
from abadi.training.models import Course, Enrolment, EnrolmentStatus, Licence
from abadi.training.tests.conftest import VILLAGE_2403, make_person

pytestmark = pytest.mark.django_db

COURSE_HEADER = ["شناسه منبع", "عنوان دوره", "رشته", "دستگاه همکار", "محل برگزاری", "تاریخ شروع", "تاریخ پایان", "ساعت آموزش", "ظرفیت"]  # fmt: skip


def run(kind: str, rows: list[list[str]], actor, *, commit: bool = True):
    data = ("\n".join(",".join(row) for row in rows) + "\n").encode("utf-8")
    return run_import(
        kind=get_import_kind(kind),
        file=io.BytesIO(data),
        size=len(data),
        actor=actor,
        commit=commit,
    )


def test_courses_then_enrolments_with_completion(officer, clerk, tvto, areas):
    report = run(
        "training_courses",
        [
            COURSE_HEADER,
            [
                "T-1",
                "پرورش زنبور عسل",
                "زنبورداری و پرورش طیور",
                tvto.name,
                "2403",
                "1400/03/01",
                "1400/03/10",
                "40",
                "2",
            ],
            [
                "T-2",
                "خیاطی",
                "خیاطی و پوشاک",
                tvto.name,
                "اسبو",
                "1400/04/01",
                "1400/04/30",
                "۸۰",
                "۲۰",
            ],
        ],
        officer,
    )
    assert report.committed and report.outcome.created == 2, report.errors
    again = run("training_courses", [COURSE_HEADER, ["T-1", "x", "سایر", tvto.name, "2403", "1400/03/01", "1400/03/10", "1", "1"]], officer)  # fmt: skip
    assert again.outcome.unchanged == 1 and Course.objects.count() == 2
    people = [make_person(areas[VILLAGE_2403]) for _ in range(3)]
    header = ["دوره", "کد ملی", "تاریخ ثبت‌نام", "ساعت حضور", "تاریخ پایان دوره"]
    full = run(
        "training_enrolments",
        [header] + [["T-1", p.national_code, "1400/02/25", "40", "1400/03/10"] for p in people],
        clerk,
    )
    assert not full.committed
    assert any("ظرفیت" in error.message for error in full.errors)
    assert Enrolment.objects.count() == 0
    done = run(
        "training_enrolments",
        [header] + [["T-1", p.national_code, "1400/02/25", "40", "1400/03/10"] for p in people[:2]],
        clerk,
    )
    assert done.committed and done.outcome.created == 2, done.errors
    assert Enrolment.objects.filter(status=EnrolmentStatus.COMPLETED).count() == 2
    assert sorted(Enrolment.objects.values_list("certificate_seq", flat=True)) == [1, 2]
    assert Benefit.objects.filter(programme="training").count() == 2
    twice = run(
        "training_enrolments",
        [header] + [["T-1", p.national_code, "1400/02/25", "40", "1400/03/10"] for p in people[:2]],
        clerk,
    )
    assert twice.committed and twice.outcome.unchanged == 2


def test_licences_refuse_a_number_the_agency_gave_someone_else(clerk, samt, areas):
    first, second = make_person(areas[VILLAGE_2403]), make_person(areas[VILLAGE_2403])
    header = [
        "کد ملی",
        "نوع مجوز",
        "دستگاه صادرکننده",
        "شماره مجوز",
        "تاریخ صدور",
        "تاریخ اعتبار تا",
    ]
    report = run(
        "training_licences",
        [header, [first.national_code, "پروانه کسب", samt.name, "S-1", "1400/05/01", "1403/05/01"]],
        clerk,
    )
    assert report.committed and report.outcome.created == 1, report.errors
    clash = run(
        "training_licences",
        [header, [second.national_code, "پروانه کسب", samt.name, "S-1", "1400/05/02", ""]],
        clerk,
    )
    assert not clash.committed and "فرد دیگری" in clash.errors[0].message
    expiry = run(
        "training_licences",
        [
            header,
            [second.national_code, "پروانه کسب", samt.name, "S-2", "1400/05/02", "1400/05/02"],
        ],
        clerk,
    )
    assert not expiry.committed and expiry.errors[0].column == "تاریخ اعتبار تا"
    again = run(
        "training_licences",
        [header, [first.national_code, "پروانه کسب", samt.name, "S-1", "1400/05/01", ""]],
        clerk,
    )
    assert again.committed and again.outcome.unchanged == 1
    assert Licence.objects.count() == 1


@pytest.mark.parametrize(
    ("export", "kind"),
    [("training_courses", "training_courses"), ("training_licences", "training_licences")],
)
def test_an_export_imports_back_unchanged(export, kind, course, clerk, officer, samt, trainee):
    from abadi.training import services

    services.licence_record(
        actor=clerk,
        person=trainee,
        kind="business",
        agency=samt,
        number="E-1",
        issued_on=course.ends_on,
    )
    found = get_export_kind(export)
    out = io.StringIO()
    write_csv(out, rows=found.queryset(officer), columns=found.get_columns())
    data = out.getvalue().encode("utf-8")
    report = run_import(
        kind=get_import_kind(kind),
        file=io.BytesIO(data),
        size=len(data),
        actor=officer,
        commit=True,
    )
    assert report.committed, report.errors
    assert report.outcome.unchanged == 1 and report.outcome.created == 0

"""Imports and exports: projects, progress reports, steps of earlier years and the plan. A
broken row (shares off, an unknown place) stops the whole file; an export imports back
unchanged."""

import csv
import io

import pytest

from abadi.core.exports import get_export_kind, write_csv
from abadi.core.imports import get_import_kind, run_import
from abadi.projects.models import ProgressReport, Project, ProjectPlan, Stage
from abadi.projects.tests.conftest import BROKEN

pytestmark = pytest.mark.django_db

HEADER = [
    "شناسه منبع",
    "عنوان",
    "نوع پروژه",
    "محل اجرا",
    "نوع مجری",
    "مجری",
    "اعتبار کل (ریال)",
    "سهم دستگاه‌ها",
    "سهم خیّران",
    "سهم بسیج سازندگی (ریال)",
    "واحد مسکونی",
    "خانوار بهره‌مند",
    "تاریخ ثبت در برنامه",
]


def run(kind: str, rows: list[list[str]], actor, *, commit: bool = True):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    data = out.getvalue().encode("utf-8")
    return run_import(
        kind=get_import_kind(kind),
        file=io.BytesIO(data),
        size=len(data),
        actor=actor,
        commit=commit,
    )


def row(source: str, **changes) -> list[str]:
    values = {
        "source": source,
        "title": "ساخت ۳ واحد مسکن",
        "type": "ساخت مسکن محرومان",
        "places": "اسبو — خلخال",
        "executor_kind": "گروه جهادی",
        "executor": "گروه جهادی شهید باکری",
        "budget": "3000000000",
        "agencies": "بنیاد مسکن انقلاب اسلامی: 2000000000",
        "donors": "حاج رضا: 500000000",
        "office": "500000000",
        "units": "3",
        "households": "",
        "on": "1399/12/11",
        **changes,
    }
    return list(values.values())


def test_projects_are_imported_through_the_service(places, staff, agency):
    report = run(
        "projects",
        [
            HEADER,
            row("P-1"),
            row(
                "P-2",
                title="آبرسانی",
                type="آبرسانی روستایی",
                places="2403010001001؛ کلور",
                units="",
                households="120",
                agencies="",
                office="2500000000",
            ),
        ],
        staff.clerk,
    )
    assert report.committed, report.errors
    assert report.outcome.created == 2
    house, water = Project.objects.order_by("id")
    assert (house.area.code, house.housing_units, house.fundings.count()) == ("2403", 3, 3)
    assert water.villages_served == 2
    again = run("projects", [HEADER, row("P-1")], staff.clerk)
    assert again.committed and again.outcome.unchanged == 1
    assert Project.objects.count() == 2


def test_a_file_with_one_broken_row_writes_nothing(places, staff, agency):
    report = run(
        "projects",
        [
            HEADER,
            row("P-1"),
            row("P-2", office="500000001"),  # one rial over the budget
            row("P-3", places="2403"),  # a county, not a place
            row("P-4", agencies="اداره ناشناس: 2000000000"),
        ],
        staff.clerk,
    )
    assert not report.committed
    messages = {error.column: error.message for error in report.errors}
    assert "برابر نیست" in messages["اعتبار کل (ریال)"]
    assert "روستا یا شهر" in messages["محل اجرا"]
    assert "ثبت نشده" in messages["سهم دستگاه‌ها"]
    assert Project.objects.count() == 0


def test_an_export_imports_back_unchanged(register, places, staff, agency):
    register()
    register(place=places["lorestan"], actor=staff.officer)
    kind = get_export_kind("projects")
    out = io.StringIO()
    write_csv(out, rows=kind.queryset(staff.officer), columns=kind.get_columns())
    data = out.getvalue().encode("utf-8")
    report = run_import(
        kind=get_import_kind("projects"),
        file=io.BytesIO(data),
        size=len(data),
        actor=staff.officer,
        commit=True,
    )
    assert report.committed, report.errors
    assert report.outcome.unchanged == 2
    assert Project.objects.count() == 2


def test_an_edited_export_without_numbers_imports_as_new_projects(register, places, staff, agency):
    register()
    kind = get_export_kind("projects")
    out = io.StringIO()
    write_csv(out, rows=kind.queryset(staff.officer), columns=kind.get_columns())
    lines = list(csv.reader(io.StringIO(out.getvalue())))
    lines[1][0] = ""  # the number cleared: a copy of the project
    edited = io.StringIO()
    csv.writer(edited).writerows(lines)
    data = edited.getvalue().encode("utf-8")
    report = run_import(
        kind=get_import_kind("projects"),
        file=io.BytesIO(data),
        size=len(data),
        actor=staff.officer,
        commit=True,
    )
    assert report.committed, report.errors
    copy = Project.objects.order_by("-id").first()
    original = Project.objects.order_by("id").first()
    assert (copy.budget, copy.area_id, copy.housing_units) == (
        original.budget,
        original.area_id,
        original.housing_units,
    )
    assert sorted(copy.fundings.values_list("kind", "amount")) == sorted(
        original.fundings.values_list("kind", "amount")
    )


def test_reports_and_steps_of_earlier_years(register, staff):
    project = register()
    steps = run(
        "project_steps",
        [["شماره پروژه", "گام", "تاریخ"], [project.number, "کلنگ‌زنی", "1400/01/21"]],
        staff.county,
    )
    assert steps.committed, steps.errors
    reports = run(
        "project_reports",
        [
            ["شماره پروژه", "تاریخ گزارش", "درصد پیشرفت", "شرح پیشرفت", "شناسه منبع"],
            [project.number, "1400/02/01", "20", "پی‌کنی", "R-1"],
            [project.number, "1400/03/01", "35", "دیوارچینی", "R-2"],
        ],
        staff.county,
    )
    assert reports.committed, reports.errors
    project.refresh_from_db()
    assert (project.stage, project.progress) == (Stage.IN_PROGRESS, 35)
    early = run(
        "project_reports",
        [["شماره پروژه", "تاریخ گزارش", "درصد پیشرفت"], [project.number, "1400/01/20", "5"]],
        staff.county,
    )
    assert not early.committed
    assert "پیش از" in early.errors[0].message
    assert ProgressReport.objects.count() == 2
    out_of_order = run(
        "project_steps",
        [["شماره پروژه", "گام", "تاریخ"], [project.number, "افتتاح و بهره‌برداری", "1400/04/01"]],
        staff.county,
    )
    assert not out_of_order.committed
    assert "ممکن نیست" in out_of_order.errors[0].message
    chained = run(
        "project_steps",
        [
            ["شماره پروژه", "گام", "تاریخ"],
            [project.number, "افتتاح و بهره‌برداری", "1400/05/01"],
            [project.number, "تکمیل پروژه", "1400/04/01"],
        ],
        staff.county,
    )
    assert chained.committed, chained.errors  # applied in date order
    assert project.stage_changes.get(action="groundbreak").on == BROKEN


def test_another_countys_project_is_unknown_to_an_import(register, staff):
    project = register()
    report = run(
        "project_reports",
        [["شماره پروژه", "تاریخ گزارش", "درصد پیشرفت"], [project.number, "1400/02/01", "5"]],
        staff.other_county,
    )
    assert not report.committed
    assert "پیدا نشد" in report.errors[0].message


def test_the_plan_is_imported(places, staff):
    report = run(
        "project_plans",
        [
            ["دفتر", "سال", "نوع پروژه", "شمار پروژه‌ها"],
            ["24", "1401", "نیروگاه خورشیدی خانگی", "1800"],
        ],
        staff.manager,
    )
    assert report.committed, report.errors
    assert ProjectPlan.objects.get().count == 1800


def test_exports_are_scoped(register, places, staff):
    register()
    register(place=places["2401010001001"], actor=staff.officer)
    assert len(list(get_export_kind("projects").queryset(staff.county))) == 1
    assert len(list(get_export_kind("projects").queryset(staff.officer))) == 2
    assert list(get_export_kind("project_reports").queryset(staff.other_county)) == []

"""Imports of groups (full and the national bulk list), members and deployments: every row
checked first, nothing written with a broken row, a file imported twice writes nothing
twice; exports import back."""

import io

import pytest

from abadi.core.actors import SYSTEM
from abadi.core.exports import get_export_kind, write_csv
from abadi.core.imports import get_import_kind, run_import
from abadi.core.jalali import format_jalali
from abadi.core.models import AuditEvent
from abadi.volunteers.models import Deployment, Group, GroupDomain, Membership, StatusChange
from abadi.volunteers.tests.conftest import days_ago, free_code, make_person

pytestmark = pytest.mark.django_db


def run(kind: str, rows: list[list[str]], actor, *, commit: bool = True):
    text = "\n".join(",".join(row) for row in rows) + "\n"
    data = text.encode("utf-8")
    return run_import(
        kind=get_import_kind(kind),
        file=io.BytesIO(data),
        size=len(data),
        actor=actor,
        commit=commit,
    )


def errors(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def day(n: int) -> str:
    return format_jalali(days_ago(n), persian_digits=False)


GROUP_HEADER = [
    "شناسه اطلس",
    "نام گروه",
    "نوع گروه",
    "حوزه اصلی",
    "حوزه‌های دیگر",
    "محل استقرار",
    "کد ملی سرگروه",
    "شماره مجوز",
    "تاریخ صدور مجوز",
    "پایان اعتبار مجوز",
]


def test_groups_import_registers_with_leader_and_permit_then_updates(staff, village):
    leader = make_person(village)
    rows = [
        GROUP_HEADER,
        ["24000001", "گروه جهادی الف", "دانشجویی", "عمرانی", "بهداشت و درمان", "اسبو", leader.national_code, "P1", day(20), day(-300)],
        ["24000002", "گروه جهادی ب", "medical", "health", "", "2403010001001", "", "", "", ""],
    ]  # fmt: skip
    report = run("volunteer_groups", rows, staff.clerk)
    assert report.committed and report.outcome.created == 2, errors(report)
    first = Group.objects.get(atlas_id="24000001")
    assert first.leader == leader and first.permit_expires_on == days_ago(-300)
    assert set(first.domain_rows.values_list("domain", flat=True)) == {"civil_works", "health"}
    rows[2][1] = "گروه جهادی ب (نام تازه)"
    again = run("volunteer_groups", rows, staff.clerk)
    assert again.committed and again.outcome.created == 0
    assert Group.objects.get(atlas_id="24000002").name == "گروه جهادی ب (نام تازه)"
    assert Group.objects.count() == 2


def test_groups_import_refuses_bad_rows_and_writes_nothing(staff, village, group):
    rows = [
        GROUP_HEADER,
        ["24000003", "درست", "دانشجویی", "عمرانی", "", "اسبو", "", "", "", ""],
        ["24000004", "مجوز وارونه", "دانشجویی", "عمرانی", "", "اسبو", "", "P", day(5), day(6)],
        ["24000005", "سرگروه ناشناس", "دانشجویی", "عمرانی", "", "اسبو", free_code(), "", "", ""],
        ["24000003", "تکرار در پرونده", "دانشجویی", "عمرانی", "", "اسبو", "", "", "", ""],
        ["24000006", "بیرون از حوزه", "دانشجویی", "عمرانی", "", "سقزچی", "", "", "", ""],
    ]  # fmt: skip
    report = run("volunteer_groups", rows, staff.clerk)
    assert not report.committed
    found = {(row, column) for row, column, _message in errors(report)}
    assert found == {
        (3, "پایان اعتبار مجوز"),
        (4, "کد ملی سرگروه"),
        (5, "شناسه اطلس"),
        (6, "محل استقرار"),
    }
    assert Group.objects.count() == 1


def test_an_atlas_id_registered_in_another_county_is_refused(staff, other_village):
    from abadi.volunteers.tests.conftest import make_group

    elsewhere = make_group(other_village)
    report = run(
        "volunteer_groups",
        [
            GROUP_HEADER,
            [elsewhere.atlas_id, "نام", "دانشجویی", "عمرانی", "", "اسبو", "", "", "", ""],
        ],
        staff.clerk,
    )
    assert "خارج از حوزه" in errors(report)[0][2]


NATIONAL_HEADER = ["شناسه اطلس", "نام گروه", "نوع گروه", "حوزه اصلی", "محل", "تاریخ آغاز فعالیت"]


def test_national_list_goes_in_bulk_with_one_event_and_again_changes_nothing(areas):
    rows = [NATIONAL_HEADER] + [
        [f"15{n:06d}", f"گروه جهادی لرستان {n}", "محله‌ای و مسجدی", "خدماتی", "1501", "1399/01/10"]
        for n in range(300)
    ]
    before = AuditEvent.objects.count()
    report = run("volunteer_groups_national", rows, SYSTEM)
    assert report.committed and report.outcome.created == 300, errors(report)
    assert AuditEvent.objects.count() == before + 1  # one for the whole batch
    groups = Group.objects.filter(atlas_id__startswith="15")
    assert groups.count() == 300 and {g.area.code for g in groups} == {"1501"}
    assert GroupDomain.objects.filter(group__in=groups).count() == 300
    assert StatusChange.objects.filter(group__in=groups, until__isnull=True).count() == 300
    again = run("volunteer_groups_national", rows, SYSTEM)
    assert again.outcome.created == 0 and again.outcome.unchanged == 300
    rows[1][3] = "عمرانی"
    changed = run("volunteer_groups_national", rows, SYSTEM)
    assert changed.outcome.updated == 1
    assert Group.objects.get(atlas_id="15000000").main_domain == "civil_works"


def test_national_list_rows_outside_the_importers_areas_are_refused(staff):
    rows = [NATIONAL_HEADER, ["15999999", "گروه", "محله‌ای و مسجدی", "خدماتی", "1501", ""]]
    report = run("volunteer_groups_national", rows, staff.manager)
    assert not report.committed and errors(report)[0][1] == "محل"


MEMBER_HEADER = ["شناسه اطلس", "کد ملی", "نقش", "مهارت‌ها", "تاریخ عضویت"]


def test_members_import_refuses_a_person_not_in_the_registry(staff, group, village):
    person = make_person(village)
    rows = [
        MEMBER_HEADER,
        [group.atlas_id, person.national_code, "عضو متخصص", "پرستاری", day(100)],
        [group.atlas_id, free_code(), "عضو", "", ""],
    ]
    report = run("volunteer_members", rows, staff.clerk)
    assert not report.committed
    assert errors(report)[0][:2] == (3, "کد ملی") and "ثبت نشده" in errors(report)[0][2]
    assert not Membership.objects.exists()
    good = run("volunteer_members", rows[:2], staff.clerk)
    assert good.committed and good.outcome.created == 1
    assert run("volunteer_members", rows[:2], staff.clerk).outcome.unchanged == 1


def test_a_leader_imports_members_of_their_own_group_only(group, other_group, leader, village):
    person = make_person(village)
    report = run(
        "volunteer_members",
        [MEMBER_HEADER, [other_group.atlas_id, person.national_code, "", "", ""]],
        leader,
    )
    assert "گروه‌های شما نیست" in errors(report)[0][2]


DEPLOYMENT_HEADER = [
    "شناسه اطلس",
    "محل خدمت",
    "تاریخ آغاز",
    "تاریخ پایان",
    "حوزه",
    "کار انجام‌شده",
    "شمار خدمت‌گیرندگان",
    "شمار جهادگران",
    "نفر-روز خدمت",
]


def test_deployments_import_checks_each_row_and_is_idempotent(staff, group):
    rows = [
        DEPLOYMENT_HEADER,
        [group.atlas_id, "اسبو", day(5), day(3), "بهداشت و درمان", "ویزیت", "90", "5", ""],
        [group.atlas_id, "اسبو", day(3), day(5), "عمرانی", "لوله‌کشی", "20", "4", ""],
    ]
    report = run("volunteer_deployments", rows, staff.clerk)
    assert not report.committed and errors(report)[0][:2] == (3, "تاریخ پایان")
    good = run("volunteer_deployments", rows[:2], staff.clerk)
    assert good.committed and good.outcome.created == 1
    assert Deployment.objects.get().volunteer_days == 15
    again = run("volunteer_deployments", rows[:2], staff.clerk)
    assert again.outcome.unchanged == 1 and Deployment.objects.count() == 1


def test_a_group_export_imports_back_unchanged(staff, group):
    kind = get_export_kind("volunteer_groups")
    out = io.StringIO()
    write_csv(out, rows=kind.queryset(staff.county), columns=kind.get_columns())
    data = out.getvalue().encode("utf-8")
    report = run_import(
        kind=get_import_kind("volunteer_groups"),
        file=io.BytesIO(data),
        size=len(data),
        actor=staff.clerk,
        commit=True,
    )
    assert report.committed and report.outcome.created == 0, errors(report)
    assert not report.warnings


def test_member_and_deployment_exports_import_back_unchanged(staff, group, village):
    from abadi.volunteers import services

    services.group_set_leader(actor=staff.clerk, group=group, person=make_person(village))
    services.member_add(actor=staff.clerk, group=group, person=make_person(village), skills="برق")
    services.deployment_report(
        actor=staff.clerk,
        group=group,
        place=village,
        started_on=days_ago(4),
        ended_on=days_ago(2),
        domain="health",
        work_done="ویزیت",
        people_served=30,
        volunteers=3,
        source_id="D-1",
    )
    for export, kind in (
        ("volunteer_members", "volunteer_members"),
        ("volunteer_deployments", "volunteer_deployments"),
    ):
        exported = get_export_kind(export)
        out = io.StringIO()
        write_csv(out, rows=exported.queryset(staff.county), columns=exported.get_columns())
        data = out.getvalue().encode("utf-8")
        report = run_import(
            kind=get_import_kind(kind),
            file=io.BytesIO(data),
            size=len(data),
            actor=staff.clerk,
            commit=True,
        )
        assert report.committed and report.outcome.created == 0, (kind, errors(report))
        assert not report.warnings, report.warnings


def test_a_new_leader_is_not_made_by_the_members_import(staff, group, village):
    person = make_person(village)
    report = run(
        "volunteer_members",
        [MEMBER_HEADER, [group.atlas_id, person.national_code, "سرگروه", "", ""]],
        staff.clerk,
    )
    assert errors(report)[0][1] == "نقش"

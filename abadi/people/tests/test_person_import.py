"""Import kind "persons": matching, normalising, scope, atomic commit, CLI."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from abadi.core.imports import get_import_kind, run_import
from abadi.core.imports.batches import import_path
from abadi.core.models import AuditEvent, ImportBatch
from abadi.core.tests.spreadsheets import csv_bytes, excel_xlsx, openpyxl_xlsx
from abadi.people import imports as person_imports
from abadi.people.models import Person, Sex
from abadi.people.tests.conftest import VILLAGE_2401, VILLAGE_2403, make_code, make_person

pytestmark = pytest.mark.django_db

PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
HEADER = [
    "کد ملی",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "تاریخ تولد",
    "جنسیت",
    "تلفن همراه",
    "محل سکونت",
    "تحت پوشش کمیته امداد",
    "تحت پوشش بهزیستی",
    "دارای معلولیت",
    "سرپرست خانوار زن",
    "دهک درآمدی",
    "شناسه منبع",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def kind():
    return get_import_kind("persons")


def row(seed: int, **values) -> list:
    fields = {
        "code": make_code(seed),
        "first": "علی",
        "last": "کریمی",
        "father": "حسن",
        "birth": "1365/02/18",
        "sex": "مرد",
        "mobile": "09121234567",
        "area": VILLAGE_2403,
        "ikrf": "خیر",
        "welfare": "خیر",
        "disabled": "خیر",
        "female_headed": "خیر",
        "decile": "3",
        "source": "",
        **values,
    }
    return list(fields.values())


def run(kind, rows: list[list], actor, header=HEADER, **options):
    data = csv_bytes([header, *rows])
    return run_import(kind=kind, file=io.BytesIO(data), size=len(data), actor=actor, **options)


def write(tmp_path, rows: list[list], name="persons.xlsx", header=HEADER) -> str:
    path = tmp_path / name
    path.write_bytes(openpyxl_xlsx([header, *rows]))
    return str(path)


def test_a_row_becomes_a_person_with_normalised_values(kind, manager, areas):
    rows = [
        row(
            1,
            code=make_code(1).translate(PERSIAN),
            first="علي",
            last="كريمي",
            father="  حسن  ",
            birth="۱۳۶۵-۲-۱۸",
            sex="زن",
            mobile="٠٩١٢١٢٣٤٥٦٧",
            area="اسبو",  # the village by name, within the importer's scope
            ikrf="بله",
            welfare="1",
            disabled="0",
            female_headed="✓",
            decile="۱۰",
            source="IKRF ۱۲۳",
        )
    ]
    report = run(kind, rows, manager, commit=True)
    assert report.error_count == 0 and report.outcome.created == 1
    person = Person.objects.get()
    assert person.national_code == make_code(1)
    assert (person.first_name, person.last_name, person.father_name) == ("علی", "کریمی", "حسن")
    assert person.birth_date == datetime.date(1986, 5, 8)
    assert person.sex == Sex.FEMALE and person.mobile == "09121234567"
    assert person.area == areas[VILLAGE_2403]
    assert (person.ikrf_covered, person.welfare_covered, person.disabled, person.female_headed) == (
        True,
        True,
        False,
        True,
    )
    assert person.income_decile == 10 and person.source_id == "IKRF123"
    # The derived keys are those Person.save would have written.
    keys = (person.search_key, person.last_name_key, person.duplicate_key)
    person.save()
    person.refresh_from_db()
    assert keys == (person.search_key, person.last_name_key, person.duplicate_key)


@pytest.mark.parametrize(
    "birth", ["1365/02/18", "۱۳۶۵/۰۲/۱۸", "1365-2-18", "١٣٦٥.٢.١٨", "13650218"]
)
def test_jalali_birth_dates_in_written_forms(kind, manager, birth):
    run(kind, [row(1, birth=birth)], manager, commit=True)
    assert Person.objects.get().birth_date == datetime.date(1986, 5, 8)


def test_reimporting_the_same_file_duplicates_nobody(kind, manager, tmp_path):
    path = write(tmp_path, [row(seed) for seed in range(1, 6)])
    first = import_path(kind=kind, path=path, actor=manager)
    assert (first.outcome.created, first.outcome.updated, first.outcome.unchanged) == (5, 0, 0)
    again = import_path(kind=kind, path=path, actor=manager)
    assert (again.outcome.created, again.outcome.updated, again.outcome.unchanged) == (0, 0, 5)
    assert Person.objects.count() == 5
    edited = write(
        tmp_path,
        [row(seed, mobile="09351112233" if seed == 2 else "09121234567") for seed in range(1, 6)],
        "edited.xlsx",
    )
    third = import_path(kind=kind, path=edited, actor=manager)
    assert (third.outcome.created, third.outcome.updated, third.outcome.unchanged) == (0, 1, 4)
    assert Person.objects.get(national_code=make_code(2)).mobile == "09351112233"
    # One audit event per committed batch, with the old values of what changed.
    events = AuditEvent.objects.filter(action="import.commit").order_by("id")
    assert [event.new_values["created"] for event in events] == [5, 0, 0]
    person = Person.objects.get(national_code=make_code(2))
    assert events.last().old_values["changes"] == {str(person.pk): {"mobile": "09121234567"}}


def test_people_without_a_code_are_matched_by_source_id(kind, manager):
    rows = [row(1, code="", source="W-1"), row(2, code="", source="W-2")]
    assert run(kind, rows, manager, commit=True).outcome.created == 2
    again = run(kind, [row(1, code="", source="W-1", first="رضا")], manager, commit=True)
    assert (again.outcome.created, again.outcome.updated) == (0, 1)
    assert Person.objects.get(source_id="W-1").first_name == "رضا"
    # A code found later is added to the person the source id names.
    later = run(kind, [row(7, source="W-2")], manager, commit=True)
    assert later.outcome.updated == 1
    assert Person.objects.get(source_id="W-2").national_code == make_code(7)


def test_a_row_needs_a_code_or_a_source_id(kind, manager):
    report = run(kind, [row(1, code="", source="")], manager, commit=True)
    assert [(error.row, error.column) for error in report.errors] == [(2, "کد ملی")]
    assert not Person.objects.exists()


def test_a_code_or_source_twice_in_one_file_is_an_error_on_the_second(kind, manager):
    rows = [row(1), row(2), row(1, first="رضا"), row(3, source="S"), row(4, source="S")]
    report = run(kind, rows, manager)
    assert [(error.row, error.column) for error in report.errors] == [
        (4, "کد ملی"),
        (6, "شناسه منبع"),
    ]
    assert "۲" in report.errors[0].message and "۵" in report.errors[1].message


def test_areas_outside_the_importers_scope_are_row_errors(kind, county_officer, areas):
    make_person(areas[VILLAGE_2401], national_code=make_code(9))
    rows = [
        row(1),  # 2403: theirs
        row(2, area=VILLAGE_2401),  # another county's village
        row(3, area="2403"),  # a county, not a village
        row(4, area="سقزچی"),  # another county's village, by name
        row(9),  # registered already, in 2401
    ]
    report = run(kind, rows, county_officer, commit=True, commit_valid=True)
    errors = {(error.row, error.column): error.message for error in report.errors}
    assert set(errors) == {(3, "محل سکونت"), (4, "محل سکونت"), (5, "محل سکونت"), (6, "کد ملی")}
    assert "روستا یا شهر" in errors[(4, "محل سکونت")]
    assert "خارج از حوزه" in errors[(6, "کد ملی")]
    assert report.outcome.created == 1
    assert Person.objects.get(national_code=make_code(9)).area == areas[VILLAGE_2401]


def test_broken_rows_leave_the_valid_ones_unwritten_until_commit(kind, manager):
    rows = [row(1), row(2, birth="1365/13/40"), row(3), row(4, sex="؟"), row(5)]
    report = run(kind, rows, manager, commit=True)
    assert [(error.row, error.column) for error in report.errors] == [
        (3, "تاریخ تولد"),
        (5, "جنسیت"),
    ]
    assert report.valid_rows == 3 and not report.committed
    assert not Person.objects.exists()


def test_a_database_error_during_commit_writes_nothing(kind, manager, monkeypatch, tmp_path):
    real_insert = person_imports.insert_rows

    def insert_then_fail(model, fields, rows):
        real_insert(model, fields, rows)  # the rows are written…
        assert Person.objects.count() == 3
        raise DatabaseError("disk full")  # …then the database fails

    monkeypatch.setattr(person_imports, "insert_rows", insert_then_fail)
    path = write(tmp_path, [row(1), row(2), row(3)])
    with pytest.raises(Exception, match="پیش‌بینی‌نشده"):
        import_path(kind=kind, path=path, actor=manager)
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="import.commit").exists()
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED


def test_excel_saved_file_with_number_cells(kind, manager, tmp_path):
    code = make_code(5)
    path = tmp_path / "excel.xlsx"
    rows = [row(5, code=int(code), mobile=9121234567, decile=4)]
    path.write_bytes(excel_xlsx([HEADER, *rows]))
    report = import_path(kind=kind, path=str(path), actor=manager)
    assert report.outcome.created == 1
    person = Person.objects.get()
    assert (person.national_code, person.mobile, person.income_decile) == (code, "09121234567", 4)


def test_an_edited_export_imports_back(kind, manager, client, tmp_path, areas):
    from abadi.core.exports import get_export_kind, write_xlsx

    make_person(areas[VILLAGE_2403], national_code=make_code(1), mobile="09121234567")
    export = get_export_kind("persons")
    path = tmp_path / "export.xlsx"
    with open(path, "wb") as out:
        write_xlsx(out, rows=export.queryset(manager), columns=export.get_columns(), title="افراد")
    report = import_path(kind=kind, path=str(path), actor=manager)
    assert report.warnings == [] and report.error_count == 0
    assert report.outcome.unchanged == 1


# -------------------------------------------------------------------------------- CLI


def test_cli_exits_non_zero_and_prints_the_row_errors(areas, tmp_path, capsys):
    path = write(tmp_path, [row(1), row(2, mobile="12345"), row(3)])
    with pytest.raises(CommandError) as failed:
        call_command("import", "persons", path)
    assert failed.value.returncode == 1
    err = capsys.readouterr().err
    assert "ردیف 3، «تلفن همراه»" in err
    assert not Person.objects.exists()


@pytest.fixture
def persons_file(areas, tmp_path):
    return write(tmp_path, [row(1), row(2)])


def test_cli_dry_run_writes_nothing(persons_file, capsys):
    call_command("import", "persons", persons_file, "--dry-run")
    assert "2 ردیف، 2 درست" in capsys.readouterr().out
    assert not Person.objects.exists()
    assert not ImportBatch.objects.exists() and not AuditEvent.objects.exists()


def test_cli_imports_as_the_system_or_as_a_user(persons_file, county_officer, capsys):
    call_command("import", "persons", persons_file, "--user", county_officer.username)
    assert "ثبت شد: 2 تازه" in capsys.readouterr().out
    event = AuditEvent.objects.get(action="import.commit")
    assert event.actor == county_officer
    call_command("import", "persons", persons_file)
    assert "0 تازه، 0 به‌روز، 2 بی‌تغییر" in capsys.readouterr().out
    assert (
        AuditEvent.objects.filter(action="import.commit").order_by("id").last().actor_name
        == "system"
    )


def test_cli_commit_valid_writes_the_valid_rows_and_still_fails(areas, tmp_path, capsys):
    path = write(tmp_path, [row(1), row(2, area="0000"), row(3)])
    with pytest.raises(CommandError):
        call_command("import", "persons", path, "--commit-valid")
    assert Person.objects.count() == 2
    assert "ردیف 3، «محل سکونت»" in capsys.readouterr().err


def test_cli_refuses_a_file_that_is_not_a_spreadsheet(areas, tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(CommandError, match="صفحه‌گسترده"):
        call_command("import", "persons", str(path))


def test_new_persons_get_the_keys_person_fill_keys_makes(kind, manager, monkeypatch):
    run(kind, [row(1, first="محمد رضا", father="علي")], manager, commit=True)
    person = Person.objects.get()
    expected = (person.search_key, person.last_name_key, person.duplicate_key)
    person.fill_keys()
    assert expected == (person.search_key, person.last_name_key, person.duplicate_key)

    # Should fill_keys change, imports follow it rather than their own shortcut.
    def other_keys(self):
        self.search_key = self.last_name_key = "x"
        self.duplicate_key = f"{self.first_name}|{self.birth_year}"

    monkeypatch.setattr(Person, "fill_keys", other_keys)
    run(kind, [row(2), row(3, first="زهرا")], manager, commit=True)
    made = Person.objects.filter(national_code__in=[make_code(2), make_code(3)]).order_by(
        "first_name"
    )
    assert [(p.search_key, p.duplicate_key) for p in made] == [
        ("x", "زهرا|1365"),
        ("x", "علی|1365"),
    ]


# ------------------------------------------------------------------------- households

HOUSEHOLD_HEADER = ["شناسه خانوار", "کد ملی سرپرست", "محل سکونت", "نشانی"]


def test_households_are_created_with_their_head_as_a_member(manager, areas):
    from abadi.people.models import Household

    head = make_person(areas[VILLAGE_2403], national_code=make_code(1))
    kind = get_import_kind("households")
    rows = [["KH-1", make_code(1), VILLAGE_2403, "کوچه ۱"], ["KH-2", "", VILLAGE_2403, ""]]
    report = run(kind, rows, manager, header=HOUSEHOLD_HEADER, commit=True)
    assert report.outcome.created == 2 and report.error_count == 0
    household = Household.objects.get(source_id="KH-1")
    assert household.head == head and household.address == "کوچه ۱"
    head.refresh_from_db()
    assert head.household == household
    again = run(kind, rows, manager, header=HOUSEHOLD_HEADER, commit=True)
    assert (again.outcome.created, again.outcome.updated, again.outcome.unchanged) == (0, 0, 2)
    moved = run(
        kind, [["KH-2", "", VILLAGE_2403, "میدان"]], manager, header=HOUSEHOLD_HEADER, commit=True
    )
    assert moved.outcome.updated == 1
    assert Household.objects.get(source_id="KH-2").address == "میدان"


def test_household_rows_with_an_unknown_or_foreign_head_are_errors(county_officer, areas):
    make_person(areas[VILLAGE_2401], national_code=make_code(2))
    member = make_person(areas[VILLAGE_2403], national_code=make_code(3))
    from abadi.people.tests.conftest import make_household

    make_household(areas[VILLAGE_2403], member)
    kind = get_import_kind("households")
    rows = [
        ["KH-1", make_code(9), VILLAGE_2403, ""],  # nobody registered with this code
        ["KH-2", make_code(2), VILLAGE_2403, ""],  # registered in another county
        ["KH-3", make_code(3), VILLAGE_2403, ""],  # already in another household
        ["KH-4", "", VILLAGE_2401, ""],  # a village outside the officer's county
        ["KH-5", "", VILLAGE_2403, ""],
        ["KH-5", "", VILLAGE_2403, "دوباره"],  # the same household twice
    ]
    report = run(kind, rows, county_officer, header=HOUSEHOLD_HEADER, commit=True)
    assert [(error.row, error.column) for error in report.errors] == [
        (2, "کد ملی سرپرست"),
        (3, "کد ملی سرپرست"),
        (4, "کد ملی سرپرست"),
        (5, "محل سکونت"),
        (7, "شناسه خانوار"),
    ]
    assert not report.committed

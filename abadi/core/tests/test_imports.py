"""The import framework: reading files, headers, bad input, row errors, pages, background."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse
from openpyxl import load_workbook

from abadi.core.imports import (
    Column,
    ImportFileError,
    ImportKind,
    ImportOutcome,
    batches,
    engine,
    header_key,
    open_sheet,
    parsers,
    register_import,
    run_import,
)
from abadi.core.imports import base as imports_base
from abadi.core.imports.readers import XlsxSheet
from abadi.core.models import AuditEvent, ImportBatch
from abadi.core.tests.spreadsheets import Date, Raw, csv_bytes, excel_xlsx, openpyxl_xlsx
from abadi.core.validators import national_code_check_digit
from abadi.people.models import Person
from abadi.testing import user_with_role

# The project's URLs, with the import pages mounted where config/urls.py mounts them.
from config import urls as project_urls

urlpatterns = list(project_urls.urlpatterns)
if not any(getattr(pattern, "namespace", None) == "imports" for pattern in urlpatterns):
    urlpatterns.append(path("import/", include("abadi.core.import_urls")))
pytestmark = [pytest.mark.urls(__name__), pytest.mark.django_db]


class ItemKind(ImportKind):
    """A small kind that keeps what it commits, to test the framework on its own."""

    name = "test_items"
    label = "اقلام آزمایشی"
    perm = "core.use"
    columns = [
        Column("code", "کد", aliases=("code", "item code"), parse=parsers.code(20), example="X-1"),
        Column("title", "عنوان", aliases=("title",), parse=parsers.text(50), example="نمونه"),
        Column("amount", "مبلغ", aliases=("amount",), required=False, parse=parsers.amount()),
        Column("date", "تاریخ", aliases=("date",), required=False, parse=parsers.jalali_date()),
        Column("active", "فعال", aliases=("active",), required=False, parse=parsers.boolean),
    ]

    def __init__(self) -> None:
        self.committed: list[dict] = []

    def validate_row(self, row, *, context):
        if row["title"] == "ممنوع":
            raise ValidationError({"title": "این عنوان پذیرفته نیست."})
        return row

    def external_key(self, row):
        return row["code"]

    def commit(self, rows, *, actor, context):
        self.committed.extend(rows)
        return ImportOutcome(created=len(rows))


@pytest.fixture
def kind():
    item_kind = register_import(ItemKind())
    yield item_kind
    imports_base._KINDS.pop(item_kind.name)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(kind, data: bytes, **options):
    return run_import(kind=kind, file=io.BytesIO(data), size=len(data), actor=None, **options)


def valid_code(first_nine: str) -> str:
    return first_nine + str(national_code_check_digit(first_nine))


# ------------------------------------------------------------------------------ headers


def test_header_spellings_share_one_key():
    assert (
        header_key("کد ملی")
        == header_key("كد ملي")
        == header_key(" کد  ملی *")
        == header_key("کدملی")
    )
    assert header_key("National_Code") == header_key("national code")


def test_wrong_headers_list_missing_and_unknown_columns(kind):
    data = csv_bytes([["کد", "عنوان‌ها", "مبلغ کل"], ["1", "الف", "10"]])
    with pytest.raises(ImportFileError) as refused:
        run(kind, data)
    details = "\n".join(refused.value.details)
    assert "سرستون" in refused.value.message
    assert "«عنوان»" in details  # the missing required column
    assert "«عنوان‌ها»" in details and "«مبلغ کل»" in details  # the unknown ones
    assert kind.committed == []


def test_english_and_arabic_spelled_headers_are_accepted(kind):
    report = run(kind, csv_bytes([["Item Code", "TITLE", "مبلغ"], ["A1", "الف", "1,000"]]))
    assert report.valid_rows == 1 and report.error_count == 0


def test_unknown_extra_column_is_ignored_with_a_warning(kind):
    report = run(kind, csv_bytes([["ردیف", "کد", "عنوان", "توضیحات"], ["1", "A1", "الف", "هرچه"]]))
    assert report.valid_rows == 1
    assert any("«توضیحات»" in warning for warning in report.warnings)
    assert not any("ردیف" in warning for warning in report.warnings)


def test_a_column_given_twice_is_refused(kind):
    with pytest.raises(ImportFileError) as refused:
        run(kind, csv_bytes([["کد", "عنوان", "code"], ["1", "الف", "2"]]))
    assert "«code»" in "\n".join(refused.value.details)


# ---------------------------------------------------------------------------- bad files


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("the file was read")


def test_oversized_file_is_refused_from_its_size_before_reading(settings, kind):
    settings.ABADI_IMPORT_MAX_BYTES = 1000
    with pytest.raises(ImportFileError) as refused:
        run_import(kind=kind, file=Unreadable(), size=1001, actor=None)
    assert "مگابایت" in refused.value.message


@pytest.mark.parametrize(
    "data",
    [b"", b"   \r\n\r\n  ", csv_bytes([["", ""], []])],
    ids=["zero-bytes", "blank-lines", "empty-cells"],
)
def test_empty_file_is_refused(kind, data):
    with pytest.raises(ImportFileError, match="خالی"):
        run(kind, data)


def test_empty_workbook_is_refused(kind):
    with pytest.raises(ImportFileError, match="خالی"):
        run(kind, openpyxl_xlsx([]))


@pytest.mark.parametrize("data", [csv_bytes([["کد", "عنوان"]]), openpyxl_xlsx([["کد", "عنوان"]])])
def test_headers_without_rows_are_refused(kind, data):
    with pytest.raises(ImportFileError, match="هیچ ردیفی"):
        run(kind, data)


def _zip_of(name: str, text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        bytes(range(256)) * 8,
        b"%PDF-1.7\n" + bytes(range(256)),
        _zip_of("word/document.xml", "<document/>"),
        b"PK\x03\x04" + b"\x00garbage" * 100,
        excel_xlsx([["کد", "عنوان"], ["1", "الف"]])[:600],
        _zip_of("xl/workbook.xml", "<workbook><not-closed>"),
    ],
    ids=["png", "binary", "pdf", "docx-like-zip", "broken-zip", "truncated-xlsx", "bad-xml"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(kind, data):
    with pytest.raises(ImportFileError, match=r"صفحه‌گسترده|آسیب"):
        run(kind, data)
    assert kind.committed == []


def test_old_xls_gets_its_own_advice(kind):
    with pytest.raises(ImportFileError, match="xlsx"):
        run(kind, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)


def test_too_many_rows_are_refused(settings, kind):
    settings.ABADI_IMPORT_MAX_ROWS = 3
    rows = [["کد", "عنوان"], *[[f"A{i}", "الف"] for i in range(5)]]
    with pytest.raises(ImportFileError, match="۳"):
        run(kind, csv_bytes(rows), commit=True)
    assert kind.committed == []


# ------------------------------------------------------------------------------- rows


BROKEN = [
    ["کد", "عنوان", "مبلغ", "تاریخ", "فعال"],
    ["A1", "نخست", "۱۲٬۵۰۰", "1401/02/18", "بله"],  # row 2
    ["A2", "دوم", "دوازده", "1401/02/18", "خیر"],  # row 3: amount
    ["A3", "سوم", "100", "1401/13/01", "شاید"],  # row 4: date and flag
    ["", "", "", "", ""],  # row 5: empty, skipped
    ["A4", "", "100", "", ""],  # row 6: title missing
    ["A5", "ممنوع", "", "", ""],  # row 7: refused by the kind
    ["A1", "تکراری", "", "", ""],  # row 8: same code as row 2
    ["A6", "آخر", "12,500 ریال", "۱۴۰۱-۲-۱۸", "1"],  # row 9
]


def test_broken_rows_in_the_middle_are_reported_and_the_rest_validated(kind):
    report = run(kind, csv_bytes(BROKEN), commit=True)
    found = {(error.row, error.column) for error in report.errors}
    assert found == {
        (3, "مبلغ"),
        (4, "تاریخ"),
        (4, "فعال"),
        (6, "عنوان"),
        (7, "عنوان"),
        (8, "کد"),
    }
    assert all(error.message for error in report.errors)
    duplicate = next(error for error in report.errors if error.row == 8)
    assert "۲" in duplicate.message  # names the first row with that code
    assert (report.total_rows, report.valid_rows, report.error_rows) == (7, 2, 5)
    # Errors anywhere: nothing is written unless the valid rows are asked for.
    assert not report.committed and kind.committed == []


def test_commit_valid_writes_only_the_valid_rows(kind):
    report = run(kind, csv_bytes(BROKEN), commit=True, commit_valid=True)
    assert report.committed and report.outcome == ImportOutcome(created=2)
    assert [row["code"] for row in kind.committed] == ["A1", "A6"]
    first, last = kind.committed
    assert first["amount"] == 12500 and last["amount"] == 12500
    assert first["date"] == last["date"] == datetime.date(2022, 5, 8)
    assert first["active"] is True and last["active"] is True


def test_persian_and_arabic_digits_and_letters_are_normalised(kind):
    data = csv_bytes([["کد", "عنوان", "مبلغ"], ["٣٤۵", "علي كريمي", "١٬٠٠٠"]])
    report = run(kind, data, commit=True)
    assert kind.committed == [{"code": "345", "title": "علی کریمی", "amount": 1000, "_row": 2}]
    assert report.committed


def test_the_template_example_row_is_skipped(kind):
    report = run(kind, csv_bytes([["کد", "عنوان"], ["X-1", "نمونه"], ["B1", "ب"]]), commit=True)
    assert [row["code"] for row in kind.committed] == ["B1"]
    assert any("نمونه" in warning for warning in report.warnings)


# ----------------------------------------------------------------------------- readers


def _rows(data: bytes) -> list[tuple[int, dict]]:
    sheet = open_sheet(io.BytesIO(data), size=len(data))
    _number, header = sheet.header()
    rows = list(sheet.rows(dict(enumerate(header))))
    sheet.close()
    return rows


def test_openpyxl_written_cells_become_text_parsers_read():
    data = openpyxl_xlsx(
        [
            ["کد", "تاریخ", "عدد", "اعشاری", "درست", "متن"],
            [12345678, datetime.datetime(2022, 5, 8), 12.0, 2.5, True, "سلام & <خوش>"],
            [None, None, None, None, None, None],
            ["  x ", datetime.date(2023, 3, 21), 0, None, False, None],
        ]
    )
    assert _rows(data) == [
        (
            2,
            {
                "کد": "12345678",
                "تاریخ": "1401/02/18",
                "عدد": "12",
                "اعشاری": "2.5",
                "درست": "1",
                "متن": "سلام & <خوش>",
            },
        ),
        (4, {"کد": "  x ", "تاریخ": "1402/01/01", "عدد": "0", "درست": "0"}),
    ]


def test_excel_shared_strings_rich_text_and_date_cells():
    data = excel_xlsx(
        [
            ["نام", "تاریخ", "کد"],
            ["علی کریمی", Date(44689), 12345678],
            ["زهرا", Date(45006), "0012345679"],
        ],
        rich={"علی کریمی": ["علی ", "کریمی"]},
    )
    sheet = open_sheet(io.BytesIO(data), size=len(data))
    assert isinstance(sheet, XlsxSheet)
    _number, header = sheet.header()
    rows = list(sheet.rows(dict(enumerate(header))))
    assert rows == [
        (2, {"نام": "علی کریمی", "تاریخ": "1401/02/18", "کد": "12345678"}),
        (3, {"نام": "زهرا", "تاریخ": "1402/01/01", "کد": "0012345679"}),
    ]
    assert sheet._fallback is False


def test_cells_the_fast_reader_does_not_take_are_read_by_openpyxl():
    inline_rich = Raw('<c r="{ref}" t="inlineStr"><is><r><t>علی </t></r><r><t>رضا</t></r></is></c>')
    data = excel_xlsx([["نام", "کد"], ["حسن", 1], [inline_rich, 2], ["مریم", 3]])
    sheet = open_sheet(io.BytesIO(data), size=len(data))
    _number, header = sheet.header()
    rows = list(sheet.rows(dict(enumerate(header))))
    assert rows == [
        (2, {"نام": "حسن", "کد": "1"}),
        (3, {"نام": "علی رضا", "کد": "2"}),
        (4, {"نام": "مریم", "کد": "3"}),
    ]
    assert sheet._fallback is True


@pytest.mark.parametrize(
    ("encoding", "delimiter", "prefix"),
    [
        ("utf-8-sig", ",", ""),
        ("utf-8", ",", ""),
        ("cp1256", ",", ""),
        ("utf-16", "\t", ""),
        ("utf-8-sig", ";", ""),
        ("utf-8", ";", "sep=;\r\n"),
    ],
)
def test_csv_encodings_and_delimiters(encoding, delimiter, prefix):
    # Arabic ي: what Windows-1256 files hold (it has no Persian ی); imports make it ی later.
    rows = [["نام", "شهر"], ["علي", "اردبيل"], [], ["زهرا", "خلخال"]]
    data = prefix.encode() + csv_bytes(rows, encoding=encoding, delimiter=delimiter)
    assert _rows(data) == [
        (2, {"نام": "علي", "شهر": "اردبيل"}),
        (4, {"نام": "زهرا", "شهر": "خلخال"}),
    ]


# ----------------------------------------------------------------------------- parsers


@pytest.mark.parametrize(
    "text", ["1401/02/18", "۱۴۰۱/۰۲/۱۸", "۱۴۰۱-۲-۱۸", "1401.2.18", "١٤٠١/٢/١٨", "14010218"]
)
def test_jalali_written_forms(text):
    assert parsers.jalali_date()(text) == datetime.date(2022, 5, 8)


def test_jalali_dates_that_do_not_exist_or_have_not_come():
    with pytest.raises(ValidationError):
        parsers.jalali_date()("1401/12/30")  # 1401 is not a leap year
    with pytest.raises(ValidationError, match="نرسیده"):
        parsers.jalali_date(not_future=True)("1499/01/01")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("بله", True),
        ("بلي", True),
        ("1", True),
        ("Yes", True),
        ("✓", True),
        ("خیر", False),
        ("0", False),
        ("no", False),
    ],
)
def test_boolean_words(text, value):
    assert parsers.boolean(parsers.clean_cell(text)) is value


def test_amounts_with_separators():
    parse = parsers.amount()
    assert parse("۱۲٬۵۰۰٬۰۰۰") == parse("12,500,000 ریال") == parse("12500000") == 12_500_000
    with pytest.raises(ValidationError, match="تومان"):
        parse("۱۲۰۰ تومان")


def test_integer_range_and_national_code_forms():
    assert parsers.integer(1, 10)("۱۰") == 10
    with pytest.raises(ValidationError):
        parsers.integer(1, 10)("11")
    code = valid_code("001234567")
    assert parsers.national_code(code.lstrip("0")) == code  # leading zeros a spreadsheet dropped
    assert parsers.national_code(code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))) == code
    with pytest.raises(ValidationError, match="نامعتبر"):
        parsers.national_code(code[:9] + str((int(code[9]) + 1) % 10))


def test_choice_matches_by_search_key():
    parse = parsers.choice({"مرد": "male", "زن": "female"})
    assert parse("مرد") == "male"
    with pytest.raises(ValidationError, match="«مرد»"):
        parse("نامعلوم")


# ------------------------------------------------------------------------------ pages


def persons_csv(rows: list[list]) -> bytes:
    header = ["کد ملی", "نام", "نام خانوادگی", "جنسیت", "محل سکونت"]
    return csv_bytes([header, *rows])


def person_row(first_nine: str, village: str = "2403010001001", first: str = "علی") -> list:
    return [valid_code(first_nine), first, "کریمی", "مرد", village]


def upload(client, data: bytes, name: str = "persons.csv"):
    return client.post(
        reverse("imports:upload", args=["persons"]),
        {"file": SimpleUploadedFile(name, data)},
    )


@pytest.mark.django_db
def test_index_lists_only_the_kinds_the_user_may_import(client, county_officer, areas):
    auditor = user_with_role("auditor24", "auditor", areas["24"])
    client.force_login(county_officer)
    page = client.get(reverse("imports:index"))
    assert 'data-testid="import-kind-persons"' in page.content.decode()
    client.force_login(auditor)
    page = client.get(reverse("imports:index"))
    assert 'data-testid="import-kind-persons"' not in page.content.decode()
    assert client.get(reverse("imports:upload", args=["persons"])).status_code == 403


@pytest.mark.django_db
def test_template_has_persian_headers_rtl_and_an_example_row(client, county_officer):
    client.force_login(county_officer)
    response = client.get(reverse("imports:template", args=["persons"]))
    assert response.status_code == 200
    assert "persons-template.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["کد ملی", "نام", "نام خانوادگی"]
    assert "محل سکونت" in headers and "شناسه منبع" in headers
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.cell(row=2, column=2).value == "علی"
    assert workbook.worksheets[1].title == "راهنما"


@pytest.mark.django_db
def test_upload_preview_then_commit(client, county_officer):
    client.force_login(county_officer)
    data = persons_csv(
        [person_row("001234567"), person_row("111234567", village="1501"), person_row("221234567")]
    )
    response = upload(client, data)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports:batch", args=[batch.pk]
    )
    assert batch.status == ImportBatch.Status.VALIDATED and not batch.background
    assert (batch.total_rows, batch.valid_rows, batch.error_rows) == (3, 2, 1)
    assert batch.errors == [
        {"row": 3, "column": "محل سکونت", "message": "منطقه‌ای با کد «۱۵۰۱» در حوزه شما پیدا نشد."}
    ]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="error-row"' in page and 'data-testid="commit-button"' in page
    assert Person.objects.count() == 0  # the valid rows are untouched until the commit

    response = client.post(reverse("imports:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert (batch.rows_created, batch.rows_updated, batch.rows_unchanged) == (2, 0, 0)
    assert Person.objects.count() == 2
    event = AuditEvent.objects.get(action="import.commit")
    assert event.new_values["created"] == 2 and event.new_values["batch"] == batch.pk
    # A second click finds the batch committed and writes nothing more.
    client.post(reverse("imports:batch_commit", args=[batch.pk]))
    assert (
        Person.objects.count() == 2
        and AuditEvent.objects.filter(action="import.commit").count() == 1
    )


@pytest.mark.django_db
def test_oversized_upload_is_refused_without_a_batch(client, county_officer, settings):
    settings.ABADI_IMPORT_MAX_BYTES = 200
    client.force_login(county_officer)
    response = upload(client, persons_csv([person_row(f"{i:03d}234567") for i in range(20)]))
    assert response.status_code in (413, 422)
    assert "مگابایت" in response.content.decode()
    assert not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_oversized_request_is_refused_before_its_body_is_read(client, county_officer, settings):
    settings.ABADI_IMPORT_MAX_BYTES = 10
    client.force_login(county_officer)
    response = client.generic(
        "POST",
        reverse("imports:upload", args=["persons"]),
        data=b"x" * (200 * 1024),
        content_type="multipart/form-data; boundary=zzz",
    )
    assert response.status_code == 413
    assert "مگابایت" in response.content.decode()


@pytest.mark.django_db
def test_wrong_headers_upload_shows_the_reason(client, county_officer):
    client.force_login(county_officer)
    response = upload(client, csv_bytes([["name", "family"], ["علی", "کریمی"]]))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.FAILED
    page = client.get(response["Location"]).content.decode()
    assert "سرستون" in page and "«جنسیت»" in page


@pytest.mark.django_db
def test_a_batch_of_another_user_is_not_found(client, county_officer, officer_2401):
    client.force_login(county_officer)
    upload(client, persons_csv([person_row("001234567")]))
    batch = ImportBatch.objects.get()
    client.force_login(officer_2401)
    assert client.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    assert client.post(reverse("imports:batch_commit", args=[batch.pk])).status_code == 404


@pytest.mark.django_db
def test_errors_download(client, county_officer):
    client.force_login(county_officer)
    upload(client, persons_csv([person_row("001234567", village="9999")]))
    batch = ImportBatch.objects.get()
    response = client.get(reverse("imports:batch_errors", args=[batch.pk, "csv"]))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and "۹۹۹۹" in text


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_errors_download_writes_formula_like_text_as_text(client, county_officer, fmt):
    client.force_login(county_officer)
    upload(client, persons_csv([person_row("001234567", village="9999")]))
    batch = ImportBatch.objects.get()
    batch.errors = [{"row": 2, "column": "=A1", "message": '=HYPERLINK("http://evil.example")'}]
    batch.save(update_fields=["errors"])
    response = client.get(reverse("imports:batch_errors", args=[batch.pk, fmt]))
    data = b"".join(response.streaming_content)
    if fmt == "csv":
        assert (
            data.decode("utf-8").splitlines()[1]
            == '2,\'=A1,"\'=HYPERLINK(""http://evil.example"")"'
        )
    else:
        row = load_workbook(io.BytesIO(data)).active[2]
        assert [(cell.value, cell.data_type) for cell in row] == [
            (2, "n"),
            ("=A1", "s"),
            ('=HYPERLINK("http://evil.example")', "s"),
        ]


def test_the_template_writes_formula_like_text_as_text(kind, monkeypatch):
    from abadi.core.imports.template import write_template

    hostile = Column("note", "=یادداشت", parse=parsers.text(50), example="=1+2", help="@help")
    monkeypatch.setattr(kind, "columns", [*kind.columns, hostile])
    out = io.BytesIO()
    write_template(kind, out)
    workbook = load_workbook(io.BytesIO(out.getvalue()))
    sheet, guide = workbook.worksheets
    cells = [sheet.cell(row=1, column=6), sheet.cell(row=2, column=6), guide.cell(row=7, column=1)]
    assert [(cell.value, cell.data_type) for cell in cells] == [
        ("=یادداشت", "s"),
        ("=1+2", "s"),
        ("=یادداشت", "s"),
    ]


def test_an_exported_csv_imports_back_without_the_apostrophes(kind):
    report = run(kind, csv_bytes([["کد", "عنوان"], ["A1", "'=1+2"], ["A2", "'-3"]]), commit=True)
    assert report.error_count == 0
    assert [row["title"] for row in kind.committed] == ["=1+2", "-3"]


# ------------------------------------------------------------------------- background


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.ABADI_IMPORT_INLINE_ROWS = 2


@pytest.mark.django_db
def test_large_files_run_in_the_background_with_progress(
    client, county_officer, immediate_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(engine, "PROGRESS_SECONDS", 0)
    seen: list[tuple[int, int]] = []
    report_progress = batches._progress

    def spy(batch):
        update = report_progress(batch)

        def record(done, total):
            update(done, total)
            row = ImportBatch.objects.get(pk=batch.pk)
            seen.append((row.progress, row.total_rows))

        return record

    monkeypatch.setattr(batches, "_progress", spy)
    client.force_login(county_officer)
    rows = [person_row(f"{i:03d}234567") for i in range(1, 6)]
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, persons_csv(rows))
    batch = ImportBatch.objects.get()
    assert batch.background and batch.status == ImportBatch.Status.VALIDATED
    assert seen[0] == (2, 5) and seen[-1] == (5, 5)  # rows estimated from the line count
    assert [done for done, _total in seen] == sorted(done for done, _total in seen)

    # While it runs, the page polls a progress bar; once done, the poll reloads the page.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.COMMITTING, progress=2, total_rows=5
    )
    partial = client.get(reverse("imports:batch_progress", args=[batch.pk]))
    assert (
        'data-testid="progress-bar"' in partial.content.decode()
        and "۴۰٪" in partial.content.decode()
    )
    assert 'hx-trigger="every 1s"' in client.get(response["Location"]).content.decode()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.VALIDATED)
    assert client.get(reverse("imports:batch_progress", args=[batch.pk]))["HX-Refresh"] == "true"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED and batch.rows_created == 5
    assert Person.objects.count() == 5


@pytest.mark.parametrize(
    "code",
    ["0012345679", "1111111111", "0012345678", "001234567", "۰۰۱۲۳۴۵۶۷۹", "12345679", "abc"],
)
def test_national_code_parser_agrees_with_the_core_validator(code):
    from abadi.core.validators import normalize_national_code, validate_national_code

    try:
        validate_national_code(code)
        expected = normalize_national_code(code)
    except ValidationError as refused:
        with pytest.raises(ValidationError) as ours:
            parsers.national_code(code)
        assert ours.value.messages == refused.messages
    else:
        assert parsers.national_code(code) == expected


@pytest.mark.parametrize(
    "text", ["09121234567", "9121234567", "+989121234567", "۰۹۱۲۱۲۳۴۵۶۷", "0912 123 4567"]
)
def test_mobile_forms(text):
    assert parsers.mobile(text) == "09121234567"


@pytest.mark.parametrize(
    ("text", "value"), [("BNK-0001", "BNK-0001"), ("IKRF ۱۲۳", "IKRF123"), ("a\\tb", "ab")]
)
def test_codes(text, value):
    assert parsers.code(20)(text.replace("\\t", "\t")) == value

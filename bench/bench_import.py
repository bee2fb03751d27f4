"""Importing 100,000 persons from xlsx: Abadi's import framework against django-import-export.

The file is written the way Excel saves one (shared strings, a dimension, a date style),
with what offices' files hold: valid national codes (some with Persian digits or without
their leading zeros), Arabic ي/ك in names, Jalali dates in several written forms,
mobiles with and without the leading zero, بله/خیر and 1/0 flags.

Each database is measured in its own process with its own fresh database: a temporary
SQLite file, and — when DATABASE_URL names PostgreSQL — a database "abadi_bench" on that
server (dropped and created again). In each, two runs of each importer, alternating, into
an empty person table, end to end: read, parse, validate, duplicate check, commit; the
best run of each counts (the machine is shared; the load average is printed). After the
first, Abadi imports the same file again, where every row is found unchanged.

django-import-export 4.4 runs a ModelResource on the same Person model with its fast
settings (printed with the results): bulk mode, cached instance loader keyed on the
national code, no diff, no HTML diff, one transaction. Its widgets do what the file
needs done — Jalali dates, بله/خیر, Persian digits, ي/ك, the village by code (cached, as
its documentation advises for foreign keys) — with the same core parsers, so the
comparison is of the two frameworks, not of the parsing.

Run: ``python bench/run.py import`` (or ``python bench/bench_import.py``).
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from pg_child import fresh_database, run_child

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("ABADI_BENCH_IMPORT_ROWS", "100000"))
TARGET_ROWS_PER_S = 5000
TARGET_RATIO = 5.0
VILLAGES = 300
PG_BENCH_DB = "abadi_bench"
RUNS = int(os.environ.get("ABADI_BENCH_IMPORT_RUNS", "2"))

HEADERS = [
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
FIRST_NAMES = [
    "علی",
    "علي",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "مهدي",
    "زهرا",
    "فاطمه",
    "مریم",
    "معصومه",
    "کبری",
    "كبري",
    "زینب",
    "حسن",
    "یوسف",
    "يوسف",
    "سکینه",
    "رقیه",
    "ابراهیم",
]
LAST_NAMES = [
    "کریمی",
    "كريمي",
    "محمدی",
    "حسینی",
    "رضایی",
    "احمدی",
    "عباسی",
    "قاسمی",
    "نوری",
    "اکبری",
    "اكبري",
    "یوسفی",
    "جعفری",
    "موسوی",
    "صادقی",
    "رحیمی",
    "کاظمی",
    "ملکی",
    "باقری",
    "ابراهیمی",
]
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def village_code(index: int) -> str:
    return f"240301{index // 100 + 1:04d}{index % 100 + 1:03d}"


def national_code(rng: random.Random) -> str:
    while True:
        first = f"{rng.randrange(10**9):09d}"
        if len(set(first)) > 1:
            break
    remainder = sum(int(d) * w for d, w in zip(first, range(10, 1, -1), strict=True)) % 11
    return first + str(remainder if remainder < 2 else 11 - remainder)


def person_rows(count: int, seed: int = 1401) -> list[list]:
    rng = random.Random(seed)
    codes: set[str] = set()
    rows = []
    for index in range(count):
        code = national_code(rng)
        while code in codes:
            code = national_code(rng)
        codes.add(code)
        year, month, day = rng.randrange(1320, 1400), rng.randrange(1, 13), rng.randrange(1, 30)
        form = index % 4
        if form == 0:
            birth = f"{year}/{month:02d}/{day:02d}"
        elif form == 1:
            birth = f"{year}-{month}-{day}".translate(PERSIAN)
        elif form == 2:
            birth = f"{year}.{month}.{day}"
        else:
            birth = f"{year}/{month:02d}/{day:02d}".translate(PERSIAN)
        shown_code: str | int = code
        if index % 10 == 3:
            shown_code = code.translate(PERSIAN)
        elif index % 10 == 7 and code.startswith("0") and len(str(int(code))) >= 8:
            shown_code = int(code)  # a number cell: Excel dropped the leading zeros
        mobile: str | int = f"09{rng.randrange(10**9):09d}"
        if index % 5 == 1:
            mobile = int(mobile)  # stored as a number: the leading zero is gone
        rows.append(
            [
                shown_code,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                rng.choice(FIRST_NAMES),
                birth,
                "زن" if index % 2 else "مرد",
                mobile if index % 7 else None,
                village_code(rng.randrange(VILLAGES)),
                "بله" if index % 9 == 0 else "خیر",
                1 if index % 13 == 0 else 0,
                "بله" if index % 17 == 0 else "خیر",
                "بله" if index % 11 == 0 else "خیر",
                rng.randrange(1, 11),
                f"BNK-{index:07d}",
            ]
        )
    return rows


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_excel_like_xlsx(path: Path, rows: list[list]) -> None:
    """An xlsx as Excel writes one: shared strings, numbers as numbers, a dimension."""
    strings: dict[str, int] = {}
    body = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for index, value in enumerate(row):
            if value is None:
                continue
            ref = f"{_column(index)}{number}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                position = strings.setdefault(value, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{position}</v></c>')
        body.append(f'<row r="{number}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    sheet = (
        f'{head}<worksheet xmlns="{main}" xmlns:r="{rel}"><dimension ref="A1:{_column(len(rows[0]) - 1)}{len(rows)}"/>'
        '<sheetViews><sheetView rightToLeft="1" workbookViewId="0"/></sheetViews>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>"
    )
    shared = (
        f'{head}<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
        + "</sst>"
    )
    styles = (
        f'{head}<styleSheet xmlns="{main}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )
    parts = {
        "[Content_Types].xml": (
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'{head}<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'{head}<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="افراد" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'{head}<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
        "xl/styles.xml": styles,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)


# ------------------------------------------------------------------------ in the child


def _setup_areas() -> None:
    from abadi.core.persian import search_key
    from abadi.geography.models import Area, AreaLevel
    from abadi.testing import area_tree

    areas = area_tree()
    district = areas["240301"]
    rural = {}
    for index in range(VILLAGES):
        code = village_code(index)
        parent_code = code[:10]
        if parent_code not in rural:
            rural[parent_code], _ = Area.objects.get_or_create(
                code=parent_code,
                defaults={
                    "name": f"دهستان {parent_code}",
                    "level": AreaLevel.RURAL_DISTRICT,
                    "parent": district,
                    "path": f"{district.path}{parent_code}/",
                    "depth": district.depth + 1,
                    "search_key": search_key(f"دهستان {parent_code}"),
                },
            )
        parent = rural[parent_code]
        Area.objects.get_or_create(
            code=code,
            defaults={
                "name": f"روستای {index}",
                "level": AreaLevel.VILLAGE,
                "parent": parent,
                "path": f"{parent.path}{code}/",
                "depth": parent.depth + 1,
                "search_key": search_key(f"روستای {index}"),
            },
        )


def _abadi_import(path: Path) -> tuple[float, dict]:
    from abadi.core.imports import get_import_kind
    from abadi.core.imports.batches import import_path

    kind = get_import_kind("persons")
    start = time.perf_counter()
    report = import_path(kind=kind, path=path, actor=None)
    elapsed = time.perf_counter() - start
    outcome = report.outcome
    assert report.committed and outcome is not None, report.errors[:5]
    return elapsed, {
        "created": outcome.created,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "errors": report.error_count,
    }


DIE_SETTINGS = {
    "use_bulk": True,
    "batch_size": 2000,
    "skip_diff": True,
    "skip_html_diff": True,
    "force_init_instance": False,
    "instance_loader_class": "CachedInstanceLoader",
    "import_id_fields": ["national_code"],
    "use_transactions": True,
    "report_skipped": False,
    "clean_model_instances": False,
}


def _die_resource():
    from import_export import fields, resources, widgets
    from import_export.instance_loaders import CachedInstanceLoader

    from abadi.core.imports import parsers
    from abadi.geography.models import Area
    from abadi.people.imports import SEX_WORDS
    from abadi.people.models import Person

    class Text(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return parsers.clean_cell(str(value)) if value is not None else ""

    class Parsed(widgets.Widget):
        def __init__(self, parse, empty=None):
            super().__init__()
            self.parse, self.empty = parse, empty

        def clean(self, value, row=None, **kwargs):
            if value is None or str(value).strip() == "":
                return self.empty
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            return self.parse(parsers.clean_cell(str(value)))

    class CachedArea(widgets.ForeignKeyWidget):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.cache = {}

        def clean(self, value, row=None, **kwargs):
            code = str(int(value)) if isinstance(value, float | int) else str(value).strip()
            if code not in self.cache:
                self.cache[code] = Area.objects.get(code=code)
            return self.cache[code]

    def column(attribute, header, widget):
        return fields.Field(attribute=attribute, column_name=header, widget=widget)

    class PersonResource(resources.ModelResource):
        national_code = column("national_code", "کد ملی", Parsed(parsers.national_code))
        first_name = column("first_name", "نام", Text())
        last_name = column("last_name", "نام خانوادگی", Text())
        father_name = column("father_name", "نام پدر", Text())
        birth_date = column(
            "birth_date", "تاریخ تولد", Parsed(parsers.jalali_date(not_future=True))
        )
        sex = column("sex", "جنسیت", Parsed(parsers.choice(SEX_WORDS)))
        mobile = column("mobile", "تلفن همراه", Parsed(parsers.mobile, ""))
        area = column("area", "محل سکونت", CachedArea(Area, "code"))
        ikrf_covered = column(
            "ikrf_covered", "تحت پوشش کمیته امداد", Parsed(parsers.boolean, False)
        )
        welfare_covered = column(
            "welfare_covered", "تحت پوشش بهزیستی", Parsed(parsers.boolean, False)
        )
        disabled = column("disabled", "دارای معلولیت", Parsed(parsers.boolean, False))
        female_headed = column("female_headed", "سرپرست خانوار زن", Parsed(parsers.boolean, False))
        income_decile = column("income_decile", "دهک درآمدی", Parsed(parsers.integer(1, 10)))
        source_id = column("source_id", "شناسه منبع", Parsed(parsers.code(100)))

        class Meta:
            model = Person
            fields = (
                "national_code",
                "first_name",
                "last_name",
                "father_name",
                "birth_date",
                "sex",
                "mobile",
                "area",
                "ikrf_covered",
                "welfare_covered",
                "disabled",
                "female_headed",
                "income_decile",
                "source_id",
            )
            import_id_fields = ("national_code",)
            instance_loader_class = CachedInstanceLoader
            use_bulk = True
            batch_size = DIE_SETTINGS["batch_size"]
            skip_diff = True
            skip_html_diff = True
            force_init_instance = False
            use_transactions = True
            report_skipped = False
            clean_model_instances = False

        def before_save_instance(self, instance, row, **kwargs):
            instance.fill_keys()  # what Person.save does; bulk mode does not call save

    return PersonResource()


def _die_import(path: Path) -> tuple[float, dict]:
    import tablib

    start = time.perf_counter()
    dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
    result = _die_resource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    totals = dict(result.totals)
    return elapsed, {
        "new": totals.get("new", 0),
        "errors": totals.get("error", 0),
        "invalid": totals.get("invalid", 0),
    }


def _empty_person_table() -> None:
    """A fresh, empty person table before each run (on PostgreSQL, TRUNCATE: after a
    DELETE the dead rows' index entries slow every later insert)."""
    from django.db import connection

    from abadi.people.models import Person

    table = connection.ops.quote_name(Person._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE TABLE {table} CASCADE")
        else:
            cursor.execute(f"DELETE FROM {table}")


def child(path: Path) -> None:
    """Each importer twice, alternating, into an empty table; the best time of each counts
    (the machine is shared: the best run is the one least disturbed)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from abadi.people.models import Person

    call_command("migrate", verbosity=0)
    _setup_areas()
    results: dict = {"vendor": connection.vendor, "abadi_runs": [], "die_runs": []}
    for attempt in range(RUNS):
        _empty_person_table()
        seconds, outcome = _abadi_import(path)
        results["abadi_runs"].append(round(seconds, 2))
        results["abadi"] = outcome
        assert Person.objects.count() == ROWS
        if attempt == 0:
            results["abadi_again_seconds"], results["abadi_again"] = _abadi_import(path)
            assert Person.objects.count() == ROWS
        _empty_person_table()
        seconds, outcome = _die_import(path)
        results["die_runs"].append(round(seconds, 2))
        results["die"] = outcome
        results["die_count"] = Person.objects.count()
    results["abadi_seconds"] = min(results["abadi_runs"])
    results["die_seconds"] = min(results["die_runs"])
    print("RESULT " + json.dumps(results), flush=True)


# ----------------------------------------------------------------------- in the parent


def _on_postgres() -> bool:
    """The PostgreSQL pass runs when DATABASE_URL names PostgreSQL."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _measure(path: Path, env: dict[str, str]) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env}
    return run_child(__file__, env, args=(str(path),))


def _rows(database: str, measured: dict) -> list[dict]:
    ours = ROWS / measured["abadi_seconds"]
    theirs = ROWS / measured["die_seconds"]
    again = ROWS / measured["abadi_again_seconds"]
    print(f"  [{database}] abadi {measured['abadi_runs']} s {measured['abadi']}", flush=True)
    print(
        f"  [{database}] abadi again {measured['abadi_again_seconds']:.1f} s {measured['abadi_again']}",
        flush=True,
    )
    print(
        f"  [{database}] django-import-export {measured['die_runs']} s {measured['die']}"
        f" rows written {measured['die_count']}",
        flush=True,
    )
    return [
        {
            "name": f"import.persons_xlsx_{ROWS}.{database}.rows_per_s",
            "value": round(ours, 1),
            "unit": "rows/s",
            "baseline": TARGET_ROWS_PER_S,
            "ratio": round(ours / TARGET_ROWS_PER_S, 2),
            "target_ratio": 1.0,
        },
        {
            "name": f"import.persons_xlsx_{ROWS}.{database}.vs_django_import_export",
            "value": round(ours, 1),
            "unit": "rows/s",
            "baseline": round(theirs, 1),
            "ratio": round(ours / theirs, 2),
            "target_ratio": TARGET_RATIO,
        },
        {
            "name": f"import.persons_xlsx_{ROWS}.{database}.reimport_unchanged_rows_per_s",
            "value": round(again, 1),
            "unit": "rows/s",
            "baseline": TARGET_ROWS_PER_S,
            "ratio": round(again / TARGET_ROWS_PER_S, 2),
            "target_ratio": 1.0,
        },
    ]


def run() -> list[dict]:
    print(f"  django-import-export settings: {json.dumps(DIE_SETTINGS)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="abadi-bench-import-") as folder:
        path = Path(folder) / "persons.xlsx"
        write_excel_like_xlsx(path, [HEADERS, *person_rows(ROWS)])
        print(f"  file: {ROWS:,} rows, {path.stat().st_size / 1e6:.1f} MB", flush=True)
        results = []
        sqlite_env = {
            "ABADI_SQLITE_PATH": str(Path(folder) / "bench.sqlite3"),
            "ABADI_MEDIA_ROOT": str(Path(folder) / "media"),
            "DATABASE_URL": "",
        }
        results += _rows("sqlite", _measure(path, sqlite_env))
        if _on_postgres():
            pg_env = {
                "DATABASE_URL": fresh_database(PG_BENCH_DB),
                "ABADI_MEDIA_ROOT": str(Path(folder) / "media"),
            }
            results += _rows("postgresql", _measure(path, pg_env))
        else:
            print(
                "  DATABASE_URL does not name PostgreSQL: the PostgreSQL pass was not run",
                flush=True,
            )
        return results


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]))
    else:
        for row in run():
            print(json.dumps(row, ensure_ascii=False))

import io

import pytest

from abadi.core.imports import get_import_kind, run_import
from abadi.core.tests.spreadsheets import csv_bytes
from abadi.reporting.models import Target
from abadi.reporting.services import target_set

from .conftest import TEST_KEY

HEADER = ["شاخص", "منطقه", "سال", "مقدار برنامه"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run(actor, rows, header=HEADER, commit=True):
    data = csv_bytes([header, *rows])
    kind = get_import_kind("targets")
    return run_import(kind=kind, file=io.BytesIO(data), size=len(data), actor=actor, commit=commit)


def test_targets_import_creates_updates_and_leaves_unchanged(value_indicator, manager, areas):
    target_set(actor=manager, key=TEST_KEY, area=areas["2401"], year=1401, value=5)
    report = run(
        manager,
        [
            [TEST_KEY, "24", "۱۴۰۱", "700,000"],
            ["ارزش بهره‌مندی‌ها (آزمون)", "خلخال", "1401", "300"],  # Persian name, area name
            [TEST_KEY, "2401", "1401", "5"],  # already set, same value
        ],
    )
    assert report.committed and not report.errors
    outcome = report.outcome
    assert (outcome.created, outcome.updated, outcome.unchanged) == (2, 0, 1)
    assert dict(Target.objects.values_list("area__code", "value")) == {
        "24": 700_000,
        "2403": 300,
        "2401": 5,
    }
    again = run(manager, [[TEST_KEY, "24", "1401", "800000"]])
    assert (again.outcome.created, again.outcome.updated) == (0, 1)
    assert again.outcome.changes == {f"{TEST_KEY}|24|1401": {"value": 700_000, "note": ""}}
    assert Target.objects.get(area=areas["24"]).value == 800_000


def test_bad_rows_are_reported_in_persian_and_nothing_is_written(value_indicator, manager, areas):
    report = run(
        manager,
        [
            ["no.such", "24", "1401", "1"],
            [TEST_KEY, "15", "1401", "1"],  # outside the manager's province
            [TEST_KEY, "9999", "1401", "1"],
            [TEST_KEY, "مرکزی", "1401", "1"],  # two districts share the name
            [TEST_KEY, "24", "1401", "-3"],
            [TEST_KEY, "2403", "1401", "1"],
            [TEST_KEY, "2403", "1401", "2"],  # the same target twice in one file
        ],
    )
    messages = " ".join(error.message for error in report.errors)
    assert "شاخص «no.such» تعریف نشده است." in messages
    assert "«۱۵» در حوزه شما پیدا نشد" in messages
    assert "«۹۹۹۹» در حوزه شما پیدا نشد" in messages
    assert "۲۴۰۱۰۱" in messages and "۲۴۰۳۰۱" in messages
    assert "همین پرونده" in messages
    assert report.error_rows == 6 and not report.committed
    assert not Target.objects.exists()


def test_only_target_setters_may_import(county_officer):
    from abadi.core.imports import import_kinds_for

    assert "targets" not in [kind.name for kind in import_kinds_for(county_officer)]

"""The project keeps one clock (`abadi.core.clock`); nothing else may ask the time."""

import ast
import pathlib
import zoneinfo

from abadi.core import clock

ROOT = pathlib.Path(__file__).resolve().parents[3]
CLOCK = ROOT / "abadi" / "core" / "clock.py"
# Asking these for the date or the time bypasses the office's clock.
OTHER_CLOCKS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("timezone", "now"),
    ("timezone", "localdate"),
}


def _other_clock_calls(path: pathlib.Path, root: pathlib.Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if (owner_name, node.attr) in OTHER_CLOCKS:
            found.append(f"{path.relative_to(root)}:{node.lineno} {owner_name}.{node.attr}")
    return found


def test_nothing_but_the_clock_asks_the_time():
    sources = [
        path
        for folder in ("abadi", "config", "tests")
        for path in (ROOT / folder).rglob("*.py")
        if path != CLOCK and "migrations" not in path.parts
    ]
    assert len(sources) > 50
    offenders = [hit for path in sources for hit in _other_clock_calls(path)]
    assert offenders == []


def test_the_guard_sees_each_other_clock(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime\nfrom django.utils import timezone\n"
        "a = datetime.date.today()\nb = datetime.datetime.now()\nc = timezone.localdate()\n"
    )
    assert [hit.split()[-1] for hit in _other_clock_calls(sample, tmp_path)] == [
        "date.today",
        "datetime.now",
        "timezone.localdate",
    ]


def test_today_is_the_office_day(settings):
    assert settings.TIME_ZONE == "Asia/Tehran"
    assert clock.today() == clock.now().astimezone(zoneinfo.ZoneInfo("Asia/Tehran")).date()

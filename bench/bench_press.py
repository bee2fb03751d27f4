"""The press summary on generated data: the demo scenario's history (1399 to today,
every module's records of Ardabil and the other provinces' volunteer groups).

By default the demo is loaded into its own PostgreSQL database "abadi_bench_press"
(dropped and created afresh; the server is DATABASE_URL's when that names PostgreSQL,
else ABADI_BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432). With
``ABADI_BENCH_PRESS_SQLITE=/path/to/db.sqlite3`` it reads a demo already loaded there
instead. The work happens in a child process whose database settings point there.

- ``press.summary.province.ms``: ``press_summary`` for Ardabil 1401 as of 1401/02/18
  (the article's question) against computing the same indicators for the same periods
  directly through the registry, in the same process (the prose's own cost is the ratio);
  target: within 1 s, ratio at most 1.5;
- ``press.summary.county.ms``: the same for county 2403 and a county officer's scope;
- ``press.pdf.ms``: the summary's PDF (WeasyPrint, Vazirmatn) against the summary alone.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

from pg_child import fresh_database, run_child

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "abadi_bench_press"
REPEAT = 5
AS_OF = datetime.date(2022, 5, 8)  # 1401/02/18
YEAR = 1401
TARGET_MS = 1000.0
TARGET_RATIO = 1.5


# ------------------------------------------------------------------------- in the child


def _best(func) -> tuple[float, object]:
    """The median of REPEAT runs after one warm-up, in seconds, and the last result."""
    result = func()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _direct(actor, area, occasion) -> int:
    """The indicators the summary states, for the same periods, straight from the
    registry: values, the breakdowns the sentences name, and the plans."""
    from abadi.core.indicators import (
        VIEW_INDICATORS,
        IndicatorQuery,
        get_indicator,
        indicator_keys,
    )
    from abadi.core.jalali import jalali_year_bounds
    from abadi.core.scoping import area_in_scope
    from abadi.geography.models import Area
    from abadi.reporting import press
    from abadi.reporting.selectors import target_mismatches

    known = set(indicator_keys())
    asked = 0

    def compute(keys, where=area, breakdowns=True, **period):
        nonlocal asked
        query = IndicatorQuery.build(actor=actor, area=where, **period)
        for key in keys:
            if key not in known:
                continue
            indicator = get_indicator(key)
            indicator.compute(query)
            if breakdowns and key in press.BREAKDOWN_KEYS and indicator.default_breakdown:
                indicator.breakdown(indicator.default_breakdown, query)
            asked += 1

    planned = press._planned_keys(area=area, year=YEAR)
    compute([*press.THIS_YEAR_KEYS, *planned], year=YEAR, as_of=AS_OF)
    for key in planned:
        target_mismatches(actor=actor, key=key, area=area, year=YEAR)
    compute(press.LAST_YEAR_KEYS, year=YEAR - 1)
    compute(
        press.TWO_YEAR_KEYS,
        start=jalali_year_bounds(YEAR - 2)[0],
        end=jalali_year_bounds(YEAR - 1)[1],
    )
    compute(press.TO_DATE_KEYS, as_of=AS_OF)
    country = Area.objects.get(code="IR")
    if area_in_scope(actor=actor, perm=VIEW_INDICATORS, area=country):
        compute(press.NATIONAL_KEYS, where=country, breakdowns=False, year=YEAR, as_of=AS_OF)
    if occasion is not None:
        compute(press.WEEK_KEYS, start=occasion.start, end=occasion.end)
    return asked


def child() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from abadi.accounts.models import RoleAssignment, User
    from abadi.core.actors import SYSTEM
    from abadi.core.permissions import Role
    from abadi.geography.models import Area
    from abadi.reporting.exports_pdf import press_pdf
    from abadi.reporting.press import press_summary

    if os.environ.get("ABADI_BENCH_PRESS_BUILD") == "1":
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
        print(f"  demo loaded in {time.perf_counter() - start:.0f} s", flush=True)
    province, county = Area.objects.get(code="24"), Area.objects.get(code="2403")
    officer, _ = User.objects.get_or_create(username="bench-press-officer")
    RoleAssignment.objects.get_or_create(user=officer, role=Role.COUNTY_OFFICER, area=county)
    results = {}
    for name, actor, area in (("province", SYSTEM, province), ("county", officer, county)):
        summary_s, summary = _best(
            lambda actor=actor, area=area: press_summary(
                actor=actor, area=area, year=YEAR, as_of=AS_OF
            )
        )
        direct_s, asked = _best(
            lambda actor=actor, area=area, summary=summary: _direct(actor, area, summary.occasion)
        )
        print(
            f"  {name}: {len(summary.sentences)} sentences from {asked} indicator values",
            flush=True,
        )
        results[name] = {"summary_ms": summary_s * 1000, "direct_ms": direct_s * 1000}
    summary = press_summary(actor=SYSTEM, area=province, year=YEAR, as_of=AS_OF)
    press_pdf(summary)  # WeasyPrint's import and font loading, once
    pdf_s, _ = _best(lambda: press_pdf(summary))
    results["pdf"] = {"pdf_ms": pdf_s * 1000, "summary_ms": results["province"]["summary_ms"]}
    print("RESULT " + json.dumps(results), flush=True)


# ------------------------------------------------------------------------ in the parent


def run() -> list[dict]:
    sqlite = os.environ.get("ABADI_BENCH_PRESS_SQLITE", "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    if sqlite:
        env.pop("DATABASE_URL", None)
        env["ABADI_SQLITE_PATH"] = sqlite
    else:
        try:
            env["DATABASE_URL"] = fresh_database(BENCH_DB)
        except Exception as error:  # no PostgreSQL here: say so, measure nothing
            print(f"  PostgreSQL not reachable ({error}); the press benchmark was not run")
            return []
        env["ABADI_BENCH_PRESS_BUILD"] = "1"
    measured = run_child(__file__, env)
    rows = []
    for name in ("province", "county"):
        ours, theirs = measured[name]["summary_ms"], measured[name]["direct_ms"]
        rows.append(
            {
                "name": f"press.summary.{name}.ms",
                "value": round(ours, 1),
                "unit": "ms",
                "baseline": round(theirs, 1),
                "ratio": round(ours / theirs, 2),
                "target_ratio": TARGET_RATIO,
            }
        )
    rows.append(
        {
            "name": "press.pdf.ms",
            "value": round(measured["pdf"]["pdf_ms"], 1),
            "unit": "ms",
            "baseline": round(measured["pdf"]["summary_ms"], 1),
            "ratio": round(measured["pdf"]["pdf_ms"] / measured["pdf"]["summary_ms"], 2),
            "target_ratio": None,
        }
    )
    print(
        f"  target: the province's summary within {TARGET_MS:.0f} ms "
        f"({'met' if rows[0]['value'] <= TARGET_MS else 'NOT met'} at {rows[0]['value']} ms)"
    )
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        for row in run():
            print(row)

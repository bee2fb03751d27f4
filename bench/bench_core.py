"""Core text utilities on import-sized batches: search keys, amounts, Jalali dates.

Each is timed on 100,000 rows against the straightforward way of doing the same job
(a chain of ``str.replace``/``translate`` calls, Django's IntegerField, ``jdatetime``
string parsing), so the
ratio says how much the precompiled approach buys.
"""

import datetime
import random
import time
import unicodedata

import jdatetime
from django import forms

from abadi.core.jalali import format_jalali, parse_jalali
from abadi.core.money import parse_amount
from abadi.core.persian import search_key

ROWS = 100_000
_NAMES = ["محمد‌رضا حسيني", "فاطمة كريمي", "علي اكبر رضايي", "ﻋﻠﻲ موسوی", "سید مهدی ۱۲۳"]
_NAIVE_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "0123456789" * 2)


def _naive_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_NAIVE_DIGITS)
    for old, new in (("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ة", "ه"), ("\u200c", "")):
        text = text.replace(old, new)
    return " ".join(text.lower().split())


def _seconds(function, rows) -> float:
    start = time.perf_counter()
    for row in rows:
        function(row)
    return time.perf_counter() - start


def _row(name: str, value: float, baseline: float) -> dict:
    return {
        "name": name,
        "value": value,
        "unit": "s/100k rows",
        "baseline": round(baseline, 3),
        "ratio": round(value / baseline, 3),
        "target_ratio": 1.0,
    }


def run() -> list[dict]:
    rng = random.Random(1401)
    names = [rng.choice(_NAMES) for _ in range(ROWS)]
    amounts = [f"{rng.randrange(1, 10**10):,}" for _ in range(ROWS)]
    first = datetime.date(1940, 3, 21)
    days = [first + datetime.timedelta(days=rng.randrange(30_000)) for _ in range(ROWS)]
    typed = [format_jalali(day) for day in days]
    latin = [format_jalali(day, persian_digits=False) for day in days]
    return [
        _row("search_key", _seconds(search_key, names), _seconds(_naive_key, names)),
        _row("parse_amount", _seconds(parse_amount, amounts), _seconds(_naive_amount, amounts)),
        _row(
            "parse_jalali",
            _seconds(parse_jalali, typed),
            _seconds(lambda text: jdatetime.datetime.strptime(text, "%Y/%m/%d"), latin),
        ),
    ]


_INTEGER_FIELD = forms.IntegerField(min_value=1)


def _naive_amount(text: str) -> int:
    return _INTEGER_FIELD.clean(text.replace(",", ""))

"""Acceptance: the source article's figures come out of the records.

1. The catalogue is complete: every key of the article's indicator-key table is
   registered with its unit, kind (flow/state) and breakdowns.
2. On the demo (built once for this module, rolled back at the end), every row of that
   table comes out exactly for its area and period, and the press summary for Ardabil
   1401 on the article's day states each of those figures.

Keys of modules not installed in this checkout are skipped, naming the module.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings

from abadi.core.actors import SYSTEM
from abadi.core.indicators import get_indicator, indicator_keys
from abadi.core.jalali import jalali_year_bounds, parse_jalali
from abadi.reporting.numbers import press_count, press_rials
from abadi.testing import edge_of_day

from .figures_table import ARTICLE_DAY, KEYS, ROWS, WEEK, Row

# django_db: pytest-django sets up only the databases the collected tests ask for.
pytestmark = [pytest.mark.acceptance, pytest.mark.django_db]


@pytest.mark.parametrize("expected", KEYS, ids=[row.key for row in KEYS])
def test_the_catalogue_holds_every_key_of_the_article(expected):
    assert expected.key in indicator_keys(), f"{expected.key} is not registered"
    indicator = get_indicator(expected.key)
    assert indicator.unit.value == expected.unit
    assert indicator.kind.value == expected.kind
    for breakdown in expected.breakdowns:
        assert breakdown in indicator.breakdowns, f"{expected.key} has no {breakdown} breakdown"


# The demo ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo scenario (reference divisions and every app's history), once."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=str(media)),
        edge_of_day(),
        transaction.atomic(),
    ):
        call_command("demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def _area(code: str):
    from abadi.geography.selectors import area_from_input

    return area_from_input(actor=SYSTEM, perm="indicators.view", text=code, above=True)


def _value_of(row: Row) -> int:
    from abadi.reporting.selectors import indicator_values

    def one(**period):
        values = indicator_values(actor=SYSTEM, area=_area(row.area), keys=[row.key], **period)
        return values[0]

    if row.years:
        return sum(one(year=year)["value"] for year in row.years)
    period = dict(row.period)
    if "as_of" in period:
        period["as_of"] = parse_jalali(period["as_of"])
    found = one(**period)
    if row.what == "target":
        return found["target"]
    if row.what == "breakdown":
        return found["breakdown"].get(row.part, 0)
    return found["value"]


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_the_demo_gives_every_figure_of_the_article(demo, row):
    value = _value_of(row)
    if row.at_least:
        assert value >= row.value
    else:
        assert value == row.value


def test_the_week_is_the_articles_week(demo):
    from abadi.reporting.selectors import indicator_values

    found = indicator_values(
        actor=SYSTEM, area=_area("24"), keys=["events.planned"], occasion=WEEK
    )[0]
    assert found["start"] <= parse_jalali(ARTICLE_DAY) <= found["end"]


def _stated(row: Row) -> str:
    """How the press summary writes a row's figure."""
    unit = get_indicator(row.key).unit.value
    return press_rials(row.value) if unit == "rial" else press_count(row.value)


@pytest.fixture(scope="module")
def article(demo, django_db_blocker):
    from abadi.reporting.press import press_summary

    with django_db_blocker.unblock():
        return press_summary(
            actor=SYSTEM, area=_area("24"), year=1401, as_of=parse_jalali(ARTICLE_DAY)
        )


@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_the_press_summary_states_the_articles_figures(article, row):
    if row.at_least or row.key == "relief.shipped_value":
        # "more than 42,000", "dozens": the summary states the exact count the records give.
        assert any(row.key in sentence.keys for sentence in article.sentences)
        return
    stating = [sentence for sentence in article.sentences if row.key in sentence.keys]
    assert stating, f"no sentence states {row.key}"
    assert any(_stated(row) in sentence.text for sentence in stating), (
        f"{row.figure}: {_stated(row)} not in {[s.text for s in stating]}"
    )


def test_the_press_summary_is_of_the_articles_day_and_week(article):
    assert article.occasion is not None and article.occasion.name == WEEK
    first, last = jalali_year_bounds(1401)
    assert article.as_of == datetime.date(2022, 5, 8)
    assert first <= article.as_of <= last
    assert "اردبیل" in article.title

"""The home page ("پیشخوان"): what each module adds to it, from its own ``home.py``.

- **Waiting**: work waiting for the signed-in person (applications to approve, visits due,
  imports that failed…): a label, a count the module computes for the actor in their own
  areas, and the page that lists them. Shown when the count is not zero.
- **Headlines**: indicators shown for the person's area and this Jalali year, with last
  year beside them.
- **Shortcuts**: the pages of a person's daily tasks.

Core names no module: each registers what it has, under a permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from abadi.core.permissions import has_perm, roles_for


@dataclass(frozen=True)
class Waiting:
    key: str
    label: Any
    permission: str
    count: Callable[[Any], int]  # the actor → how many wait for them
    url_name: str
    query: str = ""  # appended to the page's URL (a filter such as "status=reviewed")
    order: int = 50


@dataclass(frozen=True)
class Headline:
    indicator: str
    order: int = 50


@dataclass(frozen=True)
class Shortcut:
    label: Any
    url_name: str
    permission: str
    order: int = 50


_WAITING: dict[str, Waiting] = {}
_HEADLINES: dict[str, Headline] = {}
_SHORTCUTS: dict[str, Shortcut] = {}


def register_waiting(item: Waiting) -> Waiting:
    roles_for(item.permission)
    _WAITING[item.key] = item
    return item


def register_headline(indicator: str, *, order: int = 50) -> Headline:
    headline = Headline(indicator=indicator, order=order)
    _HEADLINES[indicator] = headline
    return headline


def register_shortcut(item: Shortcut) -> Shortcut:
    roles_for(item.permission)
    _SHORTCUTS[item.url_name + item.label.__str__()] = item
    return item


def waiting_for(actor) -> list[dict[str, Any]]:
    """What waits for ``actor``: one count query per item they hold the permission of."""
    rows = []
    for item in sorted(_WAITING.values(), key=lambda item: (item.order, item.key)):
        if not has_perm(actor, item.permission):
            continue
        count = item.count(actor)
        if count:
            url = reverse(item.url_name) + (f"?{item.query}" if item.query else "")
            rows.append({"key": item.key, "label": item.label, "count": count, "url": url})
    return rows


def headline_keys() -> list[str]:
    return [h.indicator for h in sorted(_HEADLINES.values(), key=lambda h: (h.order, h.indicator))]


def _same_day_last_year(day):
    from abadi.core.jalali import days_in_month, jalali_date, to_jalali

    jalali = to_jalali(day)
    year = jalali.year - 1
    return jalali_date(year, jalali.month, min(jalali.day, days_in_month(year, jalali.month)))


def headlines_for(actor) -> dict[str, Any]:
    """The registered headline figures for the actor's own area: this Jalali year up to
    today, and last year up to the same day beside it (states: as of today, and as of the
    same day last year). Only indicators the actor may read; each in its own area."""
    from abadi.core import clock, ports, store
    from abadi.core.indicators import (
        VIEW_INDICATOR_RECORDS,
        IndicatorQuery,
        format_figure,
        get_indicator,
        indicator_keys,
    )
    from abadi.core.jalali import jalali_year_of

    today = clock.today()
    year = jalali_year_of(today)
    then = _same_day_last_year(today)
    known = set(indicator_keys())
    asked = []
    for key in headline_keys():
        if key not in known:
            continue
        indicator = get_indicator(key)
        if not has_perm(actor, indicator.permission):
            continue
        where = ports.home_area(actor=actor, perm=indicator.permission)
        if where is not None:
            asked.append((indicator, where))
    # This year up to today beside last year up to the same day, in one batch of the store.
    values = iter(
        store.answers(
            [
                store.Ask(indicator, IndicatorQuery.build(actor=actor, area=where, **period))
                for indicator, where in asked
                for period in ({"year": year, "as_of": today}, {"year": year - 1, "as_of": then})
            ]
        )
    )
    rows = []
    for indicator, where in asked:
        now, before = next(values), next(values)
        rows.append(
            {
                "key": indicator.key,
                "name": indicator.name,
                "area": where,
                "value": format_figure(now, indicator.unit),
                "last_year": format_figure(before, indicator.unit),
                "url": ports.indicator_url(key=indicator.key, area=where, year=year)
                if has_perm(actor, VIEW_INDICATOR_RECORDS)
                else None,
            }
        )
    area = asked[0][1] if asked else None
    return {"year": year, "last_year": year - 1, "since": then, "area": area, "rows": rows}


def shortcuts_for(actor) -> list[dict[str, Any]]:
    return [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in sorted(_SHORTCUTS.values(), key=lambda item: (item.order, item.url_name))
        if has_perm(actor, item.permission)
    ]


def _imports_to_look_at(actor) -> int:
    from abadi.core.models import ImportBatch

    if getattr(actor, "pk", None) is None:
        return 0
    return ImportBatch.objects.filter(
        actor_id=actor.pk,
        status__in=(
            ImportBatch.Status.VALIDATING,
            ImportBatch.Status.VALIDATED,
            ImportBatch.Status.COMMITTING,
            ImportBatch.Status.FAILED,
        ),
    ).count()


# Core's own: the person's imports under way, failed or waiting for their commit.
register_waiting(
    Waiting(
        key="core.imports",
        label=_("بارگذاری‌های گروهی شما (در جریان، ناموفق یا آمادهٔ ثبت)"),
        permission="core.use",
        count=_imports_to_look_at,
        url_name="imports:index",
        order=90,
    )
)

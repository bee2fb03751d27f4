"""Computing every indicator of a province-year takes a bounded number of queries: one for
each value, one for each default breakdown, one for each derived target, and a constant
(the viewer's role assignments, all manual targets at once, the indicator store's notes)
— never one per row."""

from django.db.models import Sum

from abadi.accounts.models import User
from abadi.core import store
from abadi.core.indicators import (
    VIEW_INDICATORS,
    Indicator,
    Kind,
    Unit,
    all_indicators,
    register_indicator,
    unregister_indicator,
)
from abadi.people.models import Benefit
from abadi.reporting.selectors import indicator_values
from abadi.reporting.services import target_set

from .conftest import jdate

CONSTANT = 2 + store.QUERIES_AT_MOST


def test_query_count_is_bounded_whatever_the_number_of_rows(
    value_indicator, make_benefit, areas, manager, django_assert_max_num_queries, derived_plans
):
    extra = [
        register_indicator(
            Indicator(
                key=f"test.bound_{n}",
                name_fa=f"آزمون {n}",
                name_en=f"bound {n}",
                unit=Unit.RIAL,
                kind=Kind.FLOW,
                permission=VIEW_INDICATORS,
                records=lambda q: q.in_period(q.in_area(Benefit.objects.all()), "date"),
                value=lambda qs: qs.aggregate(total=Sum("value"))["total"] or 0,
                derived_target=lambda area, year: 10,
            )
        )
        for n in range(3)
    ]
    try:
        for day in range(1, 31):
            make_benefit("2403010001001", jdate(1401, 2, day), day, programme="package")
            make_benefit("2401010001001", jdate(1401, 3, day), day, programme="solar")
        derived_plans[("24", 1401)] = 5
        target_set(actor=manager, key=value_indicator.key, area=areas["24"], year=1401, value=7)
        target_set(actor=manager, key=value_indicator.key, area=areas["2403"], year=1401, value=3)
        viewer = User.objects.get(pk=manager.pk)  # a fresh viewer: role assignments not yet read
        bound = CONSTANT + sum(
            1 + (1 if i.default_breakdown else 0) + (1 if i.derived_target else 0)
            for i in all_indicators()
        )
        with django_assert_max_num_queries(bound):
            rows = indicator_values(actor=viewer, area=areas["24"], year=1401)
        assert len(rows) == len(all_indicators())
        mine = next(row for row in rows if row["key"] == value_indicator.key)
        assert (mine["target"], mine["target_derived"], mine["target_mismatch"]) == (7, 5, True)
    finally:
        for indicator in extra:
            unregister_indicator(indicator.key)

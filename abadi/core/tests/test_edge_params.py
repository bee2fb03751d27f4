"""The query-string readers every list's filters go through: what they do not know they
ignore, at the bounds they are exact."""

from django.db.models import TextChoices
from django.http import QueryDict

from abadi.core.edge import choice_param, int_param, year_param


class Colour(TextChoices):
    RED = "red", "سرخ"
    GREEN = "green", "سبز"


def test_a_known_choice_is_read_and_anything_else_is_ignored():
    assert choice_param(QueryDict("c=red"), "c", Colour) == "red"
    assert choice_param(QueryDict("c=green"), "c", Colour.values) == "green"
    assert choice_param(QueryDict("c=Red"), "c", Colour) == ""
    assert choice_param(QueryDict("c=red%20"), "c", Colour) == ""
    assert choice_param(QueryDict(""), "c", Colour) == ""


def test_a_year_at_its_bounds_and_one_past_them():
    assert year_param(QueryDict("year=1300")) == 1300
    assert year_param(QueryDict("year=1500")) == 1500
    assert year_param(QueryDict("year=1299")) is None
    assert year_param(QueryDict("year=1501")) is None
    assert year_param(QueryDict("year=۱۴۰۱")) == 1401


def test_an_integer_out_of_bounds_or_too_long_is_none():
    assert int_param(QueryDict("n=10"), "n", minimum=0, maximum=10) == 10
    assert int_param(QueryDict("n=11"), "n", minimum=0, maximum=10) is None
    assert int_param(QueryDict("n=-1"), "n", minimum=0, maximum=10) is None
    assert int_param(QueryDict("n=" + "9" * 21), "n", minimum=0, maximum=10**30) is None

"""Template filters, rendered the way pages use them (builtins, no {% load %})."""

import datetime
from decimal import Decimal

import pytest
from django.template import engines

ORDIBEHESHT_18_1401 = datetime.date(2022, 5, 8)


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_jalali():
    assert render("{{ d|jalali }}", d=ORDIBEHESHT_18_1401) == "۱۴۰۱/۰۲/۱۸"


def test_jalali_of_an_aware_datetime_uses_the_day_in_tehran():
    moment = datetime.datetime(2022, 5, 7, 21, 0, tzinfo=datetime.UTC)
    assert render("{{ d|jalali }}", d=moment) == "۱۴۰۱/۰۲/۱۸"


def test_jalali_long():
    assert render("{{ d|jalali_long }}", d=ORDIBEHESHT_18_1401) == "۱۸ اردیبهشت ۱۴۰۱"


def test_jalali_datetime():
    moment = datetime.datetime(2023, 1, 10, 10, 0, tzinfo=datetime.UTC)
    assert render("{{ d|jalali_datetime }}", d=moment) == "۱۴۰۱/۱۰/۲۰ ۱۳:۳۰"
    assert render("{{ d|jalali_datetime }}", d=ORDIBEHESHT_18_1401) == "۱۴۰۱/۰۲/۱۸"


@pytest.mark.parametrize("name", ["jalali", "jalali_long", "jalali_datetime"])
def test_date_filters_leave_missing_values_empty_and_text_alone(name):
    assert render(f"{{{{ d|{name} }}}}", d=None) == ""
    assert render(f"{{{{ d|{name} }}}}") == ""
    assert render(f"{{{{ d|{name} }}}}", d="نامعلوم") == "نامعلوم"


def test_fa_digits_does_not_group():
    assert render("{{ v|fa_digits }}", v=2403010001) == "۲۴۰۳۰۱۰۰۰۱"
    assert render("{{ v|fa_digits }}", v="09121234567") == "۰۹۱۲۱۲۳۴۵۶۷"
    assert render("{{ v|fa_digits }}", v=None) == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (12500, "۱۲٬۵۰۰"),
        (-12500, "-۱۲٬۵۰۰"),
        (0, "۰"),
        ("12500", "۱۲٬۵۰۰"),
        (Decimal("1234.50"), "۱٬۲۳۴٫۵۰"),
        (2.5, "۲٫۵"),
        (-2.5, "-۲٫۵"),
        (Decimal("3.0"), "۳"),
        ("۱۲ نفر", "۱۲ نفر"),
        (None, ""),
        ("", ""),
    ],
)
def test_fa_number(value, text):
    assert render("{{ v|fa_number }}", v=value) == text


def test_rials():
    assert render("{{ v|rials }}", v=12500) == "۱۲٬۵۰۰ ریال"
    assert render("{{ v|rials }}", v=None) == ""


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        ("rial", "۷۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال"),
        ("toman", "۷۰٬۰۰۰٬۰۰۰٬۰۰۰ تومان"),
        ("billion_rial", "۷۰۰ میلیارد ریال"),
        ("words", "هفتصد میلیارد ریال"),
    ],
)
def test_money_in_each_unit(unit, text):
    assert render(f'{{{{ v|money:"{unit}" }}}}', v=700_000_000_000) == text


def test_money_unit_can_come_from_the_context():
    assert render("{{ v|money:unit }}", v=1_500_000_000, unit="billion_rial") == (
        "۱٫۵ میلیارد ریال"
    )


def test_money_defaults_to_rials_and_leaves_missing_values_empty():
    assert render("{{ v|money }}", v=12500) == "۱۲٬۵۰۰ ریال"
    assert render("{{ v|money:'toman' }}", v=None) == ""


def test_money_with_a_misspelt_unit_fails_loudly():
    with pytest.raises(ValueError, match="unknown money unit"):
        render('{{ v|money:"tomans" }}', v=1)


def test_fa_words():
    assert render("{{ v|fa_words }}", v=125) == "یکصد و بیست و پنج"
    assert render("{{ v|fa_words }}", v=None) == ""


def test_get_item():
    assert render("{{ m|get_item:k }}", m={"2401": "اردبیل"}, k="2401") == "اردبیل"
    assert render("{{ m|get_item:k }}", m={}, k="2401") == "None"
    assert render("{{ m|get_item:k|default:'-' }}", m=None, k="x") == "-"


def test_bar_width_is_a_class_for_a_whole_percent_from_0_to_100():
    assert render("{{ v|bar_width }}", v=42) == "bar-w-42"
    assert render("{{ v|bar_width }}", v=Decimal("33.6")) == "bar-w-34"
    assert render("{{ v|bar_width }}", v=140) == "bar-w-100"
    assert render("{{ v|bar_width }}", v=-3) == "bar-w-0"
    assert render("{{ v|bar_width }}", v=None) == "bar-w-0"


def test_every_bar_width_class_is_in_the_stylesheet():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.STATICFILES_DIRS[0]) / "core" / "abadi.css").read_text()
    assert all(f".bar-w-{n} {{ width: {n}%; }}" in css for n in range(101))

"""Money: integer rials shown in each unit, and amounts read back from what people type."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from abadi.core.money import MAX_AMOUNT, MoneyUnit, format_money, format_rials, parse_amount
from abadi.core.persian import to_latin_digits

# ---------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("amount", "unit", "text"),
    [
        (12_500, "rial", "۱۲٬۵۰۰ ریال"),
        (0, "rial", "۰ ریال"),
        (12_500, "toman", "۱٬۲۵۰ تومان"),
        (12_505, "toman", "۱٬۲۵۰٫۵ تومان"),
        (700_000_000_000, "billion_rial", "۷۰۰ میلیارد ریال"),
        (580_000_000_000, "billion_rial", "۵۸۰ میلیارد ریال"),
        (1_500_000_000, "billion_rial", "۱٫۵ میلیارد ریال"),
        (1_250_000_000_000, "billion_rial", "۱٬۲۵۰ میلیارد ریال"),
        (1_234_567_890, "billion_rial", "۱٫۲۳ میلیارد ریال"),
        (1_235_000_000, "billion_rial", "۱٫۲۴ میلیارد ریال"),  # half rounds up
        (1_999_999_999, "billion_rial", "۲ میلیارد ریال"),
        (5_000, "billion_rial", "۰٫۰۰۰۰۰۵ میلیارد ریال"),  # too small for 2 decimals: exact
        (700_000_000_000, "words", "هفتصد میلیارد ریال"),
        (12_500, "words", "دوازده هزار و پانصد ریال"),
    ],
)
def test_format_money(amount, unit, text):
    assert format_money(amount, unit) == text


@pytest.mark.parametrize(
    ("unit", "text"),
    [
        ("rial", "-۱٬۵۰۰٬۰۰۰٬۰۰۰ ریال"),
        ("toman", "-۱۵۰٬۰۰۰٬۰۰۰ تومان"),
        ("billion_rial", "-۱٫۵ میلیارد ریال"),
        ("words", "منفی یک میلیارد و پانصد میلیون ریال"),
    ],
)
def test_negative_amounts_keep_their_sign(unit, text):
    assert format_money(-1_500_000_000, unit) == text


def test_format_rials_is_the_rial_unit():
    assert format_rials(12_500) == format_money(12_500, MoneyUnit.RIAL) == "۱۲٬۵۰۰ ریال"


def test_missing_amount_shows_nothing():
    assert format_money(None, "billion_rial") == ""
    assert format_rials(None) == ""


def test_unknown_unit_is_a_programming_error():
    with pytest.raises(ValueError, match="dollar"):
        format_money(100, "dollar")


def test_money_units_offer_a_persian_label_for_each_unit():
    assert set(MoneyUnit.values) == {"rial", "toman", "billion_rial", "words"}
    assert str(MoneyUnit.BILLION_RIAL.label) == "میلیارد ریال"


# ---------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    "typed",
    [
        "12500",
        "۱۲۵۰۰",
        "١٢٥٠٠",
        "۱۲٬۵۰۰",
        "12,500",
        "١٢,٥٠٠",
        "12 500",
        "12\u00a0500",
        " 12500 ",
        "12,500 ریال",
        "۱۲٬۵۰۰ریال",
        "12500 ريال",
        "۱۲،۵۰۰",
        12_500,
        12_500.0,
        Decimal("12500"),
        Decimal("12500.000"),
    ],
)
def test_parse_amount_accepts_what_people_type(typed):
    assert parse_amount(typed) == 12_500


def test_zero_is_accepted_only_when_the_caller_allows_it():
    assert parse_amount("0", min_value=0) == 0
    assert parse_amount("۰", min_value=0) == 0


def _refusal(typed, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        parse_amount(typed, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("", "required", "مبلغ را وارد کنید."),
        ("   ", "required", "مبلغ را وارد کنید."),
        ("ریال", "required", "مبلغ را وارد کنید."),
        (None, "required", "مبلغ را وارد کنید."),
        ("abc", "invalid", "مبلغ «abc» عدد نیست؛ فقط رقم وارد کنید."),
        ("12a", "invalid", "مبلغ «12a» عدد نیست؛ فقط رقم وارد کنید."),
        ("1e5", "invalid", "مبلغ «1e5» عدد نیست؛ فقط رقم وارد کنید."),
        ("12²", "invalid", "مبلغ «12²» عدد نیست؛ فقط رقم وارد کنید."),
        ("12.5", "fractional", "مبلغ باید به ریال و بدون اعشار باشد."),
        ("12.500", "fractional", "مبلغ باید به ریال و بدون اعشار باشد."),
        ("۱۲٫۵", "fractional", "مبلغ باید به ریال و بدون اعشار باشد."),
        ("۱۲/۵", "fractional", "مبلغ باید به ریال و بدون اعشار باشد."),
        (12.5, "fractional", "مبلغ باید به ریال و بدون اعشار باشد."),
        (Decimal("0.5"), "fractional", "مبلغ باید به ریال و بدون اعشار باشد."),
        ("-500", "negative", "مبلغ نمی‌تواند منفی باشد."),
        ("۵۰۰-", "negative", "مبلغ نمی‌تواند منفی باشد."),
        ("−500", "negative", "مبلغ نمی‌تواند منفی باشد."),
        (-500, "negative", "مبلغ نمی‌تواند منفی باشد."),
        ("0", "min_value", "مبلغ باید دست‌کم ۱ ریال باشد."),
        (0, "min_value", "مبلغ باید دست‌کم ۱ ریال باشد."),
        ("500 تومان", "unit", "مبلغ را به ریال وارد کنید، نه تومان."),
        (float("nan"), "invalid", "مبلغ باید عدد باشد."),
        (float("inf"), "invalid", "مبلغ باید عدد باشد."),
        (True, "invalid", "مبلغ باید عدد باشد."),
        (str(MAX_AMOUNT + 1), "max_value", "مبلغ بیش از اندازهٔ مجاز است."),
    ],
)
def test_parse_amount_refuses_with_a_persian_message(typed, code, message):
    error = _refusal(typed)
    assert error.code == code
    assert error.messages == [message]


def test_min_value_is_named_in_the_message():
    error = _refusal("۵۰۰٬۰۰۰", min_value=1_000_000)
    assert error.messages == ["مبلغ باید دست‌کم ۱٬۰۰۰٬۰۰۰ ریال باشد."]


def test_largest_storable_amount_is_accepted():
    assert parse_amount(str(MAX_AMOUNT)) == MAX_AMOUNT


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=MAX_AMOUNT))
def test_formatted_rials_parse_back(amount):
    assert parse_amount(format_rials(amount)) == amount
    assert parse_amount(f"{amount:,}") == amount


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_billions_are_within_half_a_hundredth_of_the_amount(amount):
    text = format_money(amount, "billion_rial").removesuffix(" میلیارد ریال")
    shown = Decimal(to_latin_digits(text).replace("٬", "").replace("٫", "."))
    assert abs(shown * 10**9 - amount) <= Decimal("0.005") * 10**9

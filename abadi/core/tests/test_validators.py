"""National code (کد ملی) and mobile number: normalising and validating."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from abadi.core.persian import to_persian_digits
from abadi.core.validators import (
    is_valid_national_code,
    national_code_check_digit,
    normalize_mobile,
    normalize_national_code,
    validate_mobile,
    validate_national_code,
)

# Check digits worked by hand (weights 10..2 over the first nine digits, sum mod 11 = r;
# check = r if r < 2 else 11 - r), so the tests do not just repeat the implementation:
#   001234567 → 8+14+18+20+20+18+14 = 112, r = 2  → check 9  → 0012345679
#   123456789 → 10+18+24+28+30+30+28+24+18 = 210, r = 1 → check 1 → 1234567891
#   000000031 → 3·3 + 1·2 = 11, r = 0 → check 0 → 0000000310
VALID = ["0012345679", "1234567891", "0000000310"]


def reference_is_valid(code: str) -> bool:
    """A second, independently written statement of the rule, for the property tests."""
    if len(code) != 10 or not code.isdigit() or code == code[0] * 10:
        return False
    total = 0
    for position in range(9):
        total += int(code[position]) * (10 - position)
    remainder = total % 11
    expected = remainder if remainder in (0, 1) else 11 - remainder
    return int(code[9]) == expected


def _message(call, value) -> str:
    with pytest.raises(ValidationError) as caught:
        call(value)
    (message,) = caught.value.messages
    return message


# ---------------------------------------------------------------------------- national code


@pytest.mark.parametrize("code", VALID)
def test_hand_checked_codes_are_valid(code):
    validate_national_code(code)
    assert is_valid_national_code(code)


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("0012345679", "0012345679"),
        ("۰۰۱۲۳۴۵۶۷۹", "0012345679"),
        ("٠٠١٢٣٤٥٦٧٩", "0012345679"),
        ("001-234567-9", "0012345679"),
        (" 001 234 567 9 ", "0012345679"),
        ("12345679", "0012345679"),  # a spreadsheet dropped two leading zeros
        ("012345679", "0012345679"),
        (12345679, "0012345679"),
    ],
)
def test_normalize_national_code(typed, normalised):
    assert normalize_national_code(typed) == normalised
    validate_national_code(typed)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "کد ملی را وارد کنید."),
        (None, "کد ملی را وارد کنید."),
        ("1234567", "کد ملی باید ۱۰ رقم باشد."),
        ("12345678901", "کد ملی باید ۱۰ رقم باشد."),
        ("00123456x9", "کد ملی فقط باید رقم داشته باشد."),
        ("۰۰۱۲۳۴۵۶۷۹۲", "کد ملی باید ۱۰ رقم باشد."),
    ],
)
def test_malformed_codes_are_refused_in_persian(typed, message):
    assert _message(normalize_national_code, typed) == message
    assert _message(validate_national_code, typed) == message


@pytest.mark.parametrize("code", ["0012345678", "1234567890", "0000000311"])
def test_a_wrong_check_digit_is_refused(code):
    assert _message(validate_national_code, code) == "کد ملی نامعتبر است."
    assert not is_valid_national_code(code)


@pytest.mark.parametrize("digit", "0123456789")
def test_codes_of_one_repeated_digit_are_refused(digit):
    assert _message(validate_national_code, digit * 10) == "کد ملی نامعتبر است."


def test_the_repeated_digit_rule_is_needed_beyond_the_check_digit():
    passing = [d * 10 for d in "0123456789" if national_code_check_digit(d * 9) == int(d)]
    assert "1111111111" in passing


_NINE_DIGITS = st.text(alphabet="0123456789", min_size=9, max_size=9)


@settings(deadline=None)
@given(_NINE_DIGITS)
def test_nine_digits_and_their_check_digit_make_a_valid_code(first_nine):
    code = first_nine + str(national_code_check_digit(first_nine))
    assume(len(set(code)) > 1)
    assert reference_is_valid(code)
    validate_national_code(code)
    validate_national_code(to_persian_digits(code))


@settings(deadline=None)
@given(_NINE_DIGITS, st.integers(min_value=0, max_value=9), st.integers(min_value=1, max_value=9))
def test_changing_one_digit_is_caught_unless_the_rule_allows_it(first_nine, position, shift):
    code = first_nine + str(national_code_check_digit(first_nine))
    changed = code[:position] + str((int(code[position]) + shift) % 10) + code[position + 1 :]
    assert is_valid_national_code(changed) == reference_is_valid(changed)
    if position == 9:  # the check digit itself: never valid after a change
        assert not is_valid_national_code(changed)


def test_validators_plug_into_django_fields():
    field = forms.CharField(validators=[validate_national_code])
    assert field.clean("0012345679") == "0012345679"
    with pytest.raises(ValidationError):
        field.clean("0012345678")


# ---------------------------------------------------------------------------- mobile


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        "٠٩١٢١٢٣٤٥٦٧",
        "+۹۸۹۱۲۱۲۳۴۵۶۷",
        "0912 123 4567",
        "0912-123-4567",
        "+98 912 123 4567",
        "(0912) 123-4567",
    ],
)
def test_normalize_mobile(typed):
    assert normalize_mobile(typed) == "09121234567"
    validate_mobile(typed)


def test_mobile_of_another_operator_range():
    assert normalize_mobile("۰۹۳۵ ۱۲۳ ۴۵۶۷") == "09351234567"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "شماره همراه را وارد کنید."),
        (None, "شماره همراه را وارد کنید."),
        ("0912123456", "شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."),
        ("091212345678", "شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."),
        ("02112345678", "شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."),
        ("+979121234567", "شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."),
        ("0912abc4567", "شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."),
        ("۰۹۱۲۱۲۳۴۵۶", "شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."),
    ],
)
def test_bad_mobiles_are_refused_in_persian(typed, message):
    assert _message(normalize_mobile, typed) == message
    assert _message(validate_mobile, typed) == message


@settings(deadline=None)
@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.sampled_from(["0", "", "+98"]))
def test_every_mobile_normalises_to_eleven_digits(rest, prefix):
    assert normalize_mobile(f"{prefix}9{rest}") == f"09{rest}"

import pytest

from abadi.reporting.numbers import press_count, press_rials


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "۰"),
        (900, "۹۰۰"),
        (999, "۹۹۹"),
        (1_000, "یک هزار"),
        (1_200, "یک هزار و ۲۰۰"),
        (2_200, "۲ هزار و ۲۰۰"),
        (3_100, "۳ هزار و ۱۰۰"),
        (42_000, "۴۲ هزار"),
        (42_001, "۴۲ هزار و ۱"),
        (999_999, "۹۹۹ هزار و ۹۹۹"),
        (1_000_000, "یک میلیون"),
        (1_000_001, "۱٬۰۰۰٬۰۰۱"),
        (5_000_000, "۵ میلیون"),
    ],
)
def test_counts_as_the_press_writes_them(n, text):
    assert press_count(n) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (580_000_000_000, "۵۸۰ میلیارد ریال"),
        (700_000_000_000, "۷۰۰ میلیارد ریال"),
        (1_610_000_000_000, "یک هزار و ۶۱۰ میلیارد ریال"),
        (1_000_000_000, "یک میلیارد ریال"),
        (350_000_000, "۳۵۰ میلیون ریال"),
        # Not a round figure: exact, never rounded into a figure the records do not give.
        (580_000_000_001, "۵۸۰٬۰۰۰٬۰۰۰٬۰۰۱ ریال"),
        (0, "۰ ریال"),
    ],
)
def test_amounts_as_the_press_writes_them(amount, text):
    assert press_rials(amount) == text

"""The Jalali picker (static/core/jalali-picker.js) in a real browser.

Self-contained: the script and style are loaded into a blank page, so no server or login
is needed. The calendar arithmetic is checked day by day against jdatetime, which the
server uses to parse what the picker writes.
"""

import datetime
from pathlib import Path

import jdatetime
import pytest
from django import forms

from abadi.core.forms import JalaliDateField

pytestmark = pytest.mark.e2e

STATIC = Path(__file__).resolve().parents[2] / "static"


class DateForm(forms.Form):
    day = JalaliDateField(label="تاریخ")


@pytest.fixture(scope="module")
def page(browser):
    context = browser.new_context(timezone_id="Asia/Tehran")
    page = context.new_page()
    form = DateForm(initial={"day": datetime.date(2022, 5, 8)}).as_div()
    page.set_content(
        f'<html lang="fa" dir="rtl"><head><style>'
        f"{(STATIC / 'core/jalali-picker.css').read_text()}</style></head>"
        f"<body><form>{form}</form><button id='elsewhere'>x</button>"
        f"<script>{(STATIC / 'core/jalali-picker.js').read_text()}</script></body></html>"
    )
    yield page
    context.close()


def test_calendar_arithmetic_agrees_with_the_server_for_1300_to_1500(page):
    first, last = datetime.date(1921, 3, 21), datetime.date(2122, 3, 20)
    count = (last - first).days + 1
    expected = []
    for n in range(count):
        day = first + datetime.timedelta(days=n)
        jdate = jdatetime.date.fromgregorian(date=day)
        expected.append(f"{jdate.year}-{jdate.month}-{jdate.day}-{(day.weekday() + 2) % 7}")
    # One string back rather than 73,000 arrays: the browser walks the days itself.
    computed = page.evaluate(
        """(count) => {
            const out = [];
            for (let n = 0; n < count; n += 1) {
                const g = new Date(Date.UTC(1921, 2, 21 + n));
                const [y, m, d] = [g.getUTCFullYear(), g.getUTCMonth() + 1, g.getUTCDate()];
                const j = AbadiJalali.toJalali(y, m, d);
                const back = AbadiJalali.toGregorian(j.jy, j.jm, j.jd);
                const ok = back.gy === y && back.gm === m && back.gd === d;
                out.push(ok ? `${j.jy}-${j.jm}-${j.jd}-${AbadiJalali.weekColumn(j.jy, j.jm, j.jd)}` : "x");
            }
            return out.join(" ");
        }""",
        count,
    )
    assert computed == " ".join(expected)


def _title(picker) -> str:
    """The month and year the calendar shows, as its two jump selects read."""
    month = picker.locator("select.jalali-picker-month option:checked").inner_text()
    year = picker.locator("select.jalali-picker-year option:checked").inner_text()
    return f"{month} {year}"


def test_picking_a_day_fills_the_box(page):
    page.click("#id_day")
    picker = page.get_by_test_id("jalali-picker")
    assert _title(picker) == "اردیبهشت ۱۴۰۱"
    assert picker.locator(".is-selected").inner_text() == "۱۸"
    picker.get_by_label("ماه قبل").click()
    picker.locator('[data-day="31"]').click()
    assert page.input_value("#id_day") == "۱۴۰۱/۰۱/۳۱"
    assert picker.count() == 0
    assert DateForm(data={"day": page.input_value("#id_day")}).is_valid()


def test_typing_a_date_moves_the_calendar(page):
    page.fill("#id_day", "")
    page.click("#id_day")
    page.keyboard.type("1403/12/30")
    picker = page.get_by_test_id("jalali-picker")
    assert _title(picker) == "اسفند ۱۴۰۳"
    assert picker.locator(".jalali-picker-day").count() == 30
    page.keyboard.press("Escape")
    assert picker.count() == 0


def test_keyboard_moves_across_months(page):
    page.fill("#id_day", "۱۴۰۱/۱۲/۲۹")
    page.click("#id_day")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowLeft")  # right to left: the left arrow is the next day
    page.keyboard.press("Enter")
    assert page.input_value("#id_day") == "۱۴۰۲/۰۱/۰۱"


def test_clicking_elsewhere_closes_the_picker(page):
    page.click("#id_day")
    page.click("#elsewhere")
    assert page.get_by_test_id("jalali-picker").count() == 0


def test_jumping_to_a_year_and_month_decades_back(page):
    """A birth date: choose the year and the month from the header, then the day."""
    page.fill("#id_day", "")
    page.click("#id_day")
    picker = page.get_by_test_id("jalali-picker")
    picker.locator("select.jalali-picker-year").select_option("1365")
    picker.locator("select.jalali-picker-month").select_option("2")
    assert _title(picker) == "اردیبهشت ۱۳۶۵"
    picker.locator('[data-day="18"]').click()
    assert page.input_value("#id_day") == "۱۳۶۵/۰۲/۱۸"
    form = DateForm(data={"day": page.input_value("#id_day")})
    assert form.is_valid() and form.cleaned_data["day"] == datetime.date(1986, 5, 8)


def test_page_keys_turn_months_and_years(page):
    page.fill("#id_day", "۱۴۰۱/۰۲/۳۱")
    page.click("#id_day")
    page.keyboard.press("ArrowDown")  # into the calendar, on the 31st
    page.keyboard.press("PageDown")  # خرداد has 31 days
    page.keyboard.press("Shift+PageDown")  # a year on
    page.keyboard.press("Enter")
    assert page.input_value("#id_day") == "۱۴۰۲/۰۳/۳۱"
    page.click("#id_day")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")
    page.keyboard.press("PageUp")  # اسفند ۱۴۰۱: 29 days, the day kept within the month
    page.keyboard.press("Enter")
    assert page.input_value("#id_day") == "۱۴۰۱/۱۲/۲۹"

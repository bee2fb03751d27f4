"""Form fields: what people type cleans to stored values, stored values show back readably."""

import datetime
import re

import pytest
from django import forms

from abadi.core.forms import (
    AmountField,
    JalaliDateField,
    JalaliDateInput,
    MobileField,
    NationalCodeField,
)

ORDIBEHESHT_18_1401 = datetime.date(2022, 5, 8)


class PersonForm(forms.Form):
    birth_date = JalaliDateField(label="تاریخ تولد")
    national_code = NationalCodeField(label="کد ملی")
    mobile = MobileField(label="تلفن همراه", required=False)
    amount = AmountField(label="مبلغ وام")


def _errors(form: forms.Form, name: str) -> list[str]:
    assert not form.is_valid()
    return form.errors[name]


# ---------------------------------------------------------------------------- JalaliDateField


@pytest.mark.parametrize("typed", ["۱۴۰۱/۰۲/۱۸", "1401/02/18", "۱۴۰۱-۲-۱۸", "1401.2.18"])
def test_jalali_date_field_cleans_to_a_gregorian_date(typed):
    assert JalaliDateField().clean(typed) == ORDIBEHESHT_18_1401


def test_jalali_date_field_names_the_problem_in_persian():
    field = JalaliDateField()
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("1401/12/30")
    assert caught.value.messages == ["ماه اسفند سال ۱۴۰۱ فقط ۲۹ روز دارد؛ روز ۳۰ وجود ندارد."]
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("دیروز")
    assert caught.value.messages == ["«دیروز» تاریخ نیست؛ تاریخ را به شکل ۱۴۰۱/۰۲/۱۸ بنویسید."]
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("")
    assert caught.value.messages == ["تاریخ را وارد کنید."]


def test_optional_jalali_date_field_cleans_empty_to_none():
    assert JalaliDateField(required=False).clean("  ") is None


def test_jalali_date_field_shows_a_stored_date_in_persian_digits():
    assert JalaliDateField().prepare_value(ORDIBEHESHT_18_1401) == "۱۴۰۱/۰۲/۱۸"
    assert JalaliDateField().prepare_value("1401/2/18") == "1401/2/18"  # what was typed stays


def test_jalali_date_input_carries_the_picker_hooks():
    html = JalaliDateInput().render("day", ORDIBEHESHT_18_1401)
    assert "data-jalali-picker" in html
    assert 'inputmode="numeric"' in html
    assert 'placeholder="۱۴۰۱/۰۲/۱۸"' in html
    assert 'value="۱۴۰۱/۰۲/۱۸"' in html


def test_jalali_date_input_attributes_can_be_overridden():
    html = JalaliDateInput(attrs={"placeholder": "روز/ماه/سال"}).render("day", None)
    assert 'placeholder="روز/ماه/سال"' in html
    assert "data-jalali-picker" in html


def test_jalali_date_input_brings_the_picker_script_and_style():
    media = str(JalaliDateField().widget.media)
    assert "core/jalali-picker.js" in media
    assert "core/jalali-picker.css" in media


def test_unchanged_date_is_not_reported_as_changed():
    field = JalaliDateField()
    assert not field.has_changed(ORDIBEHESHT_18_1401, "۱۴۰۱/۰۲/۱۸")
    assert field.has_changed(ORDIBEHESHT_18_1401, "۱۴۰۱/۰۲/۱۹")


# ---------------------------------------------------------------------------- AmountField


@pytest.mark.parametrize("typed", ["۱۲٬۵۰۰", "12,500", "12500 ریال", "١٢٥٠٠"])
def test_amount_field_cleans_to_integer_rials(typed):
    assert AmountField().clean(typed) == 12_500


def test_amount_field_shows_grouped_persian_digits():
    assert AmountField().prepare_value(12_500_000) == "۱۲٬۵۰۰٬۰۰۰"
    html = PersonForm(initial={"amount": 12_500_000})["amount"].as_widget()
    assert 'value="۱۲٬۵۰۰٬۰۰۰"' in html
    assert "ریال" in html  # the unit is written beside the box


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.5", "مبلغ باید به ریال و بدون اعشار باشد."),
        ("-100", "مبلغ نمی‌تواند منفی باشد."),
        ("0", "مبلغ باید دست‌کم ۱ ریال باشد."),
        ("صد", "مبلغ «صد» عدد نیست؛ فقط رقم وارد کنید."),
        ("", "مبلغ را وارد کنید."),
    ],
)
def test_amount_field_refuses_in_persian(typed, message):
    with pytest.raises(forms.ValidationError) as caught:
        AmountField().clean(typed)
    assert caught.value.messages == [message]


def test_amount_field_bounds():
    field = AmountField(min_value=0, max_value=1_000_000)
    assert field.clean("0") == 0
    with pytest.raises(forms.ValidationError) as caught:
        field.clean("1,000,001")
    assert caught.value.messages == ["مبلغ نباید بیشتر از ۱٬۰۰۰٬۰۰۰ ریال باشد."]


# ---------------------------------------------------------------------------- codes and mobiles


def test_national_code_field_cleans_to_ten_latin_digits():
    assert NationalCodeField().clean("۰۰۱-۲۳۴۵۶۷-۹") == "0012345679"
    assert NationalCodeField().clean("12345679") == "0012345679"
    assert NationalCodeField(required=False).clean("") == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0012345678", "کد ملی نامعتبر است."),
        ("12345", "کد ملی باید ۱۰ رقم باشد."),
        ("", "کد ملی را وارد کنید."),
    ],
)
def test_national_code_field_refuses_in_persian(typed, message):
    with pytest.raises(forms.ValidationError) as caught:
        NationalCodeField().clean(typed)
    assert caught.value.messages == [message]


def test_mobile_field_cleans_any_prefix():
    assert MobileField().clean("+98 912 123 4567") == "09121234567"
    assert MobileField(required=False).clean("") == ""


def test_mobile_field_refuses_in_persian():
    with pytest.raises(forms.ValidationError) as caught:
        MobileField().clean("021-1234-5678")
    assert caught.value.messages == ["شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."]


def test_mobile_input_is_a_single_tel_box():
    html = MobileField().widget.render("mobile", "")
    assert len(re.findall(r"\btype=", html)) == 1
    assert 'type="tel"' in html


# ---------------------------------------------------------------------------- a whole form


TYPED = {
    "birth_date": "۱۳۶۵/۰۶/۳۱",
    "national_code": "۰۰۱۲۳۴۵۶۷۹",
    "mobile": "+۹۸ ۹۱۲ ۱۲۳ ۴۵۶۷",
    "amount": "۵۰۰٬۰۰۰٬۰۰۰ ریال",
}
CLEANED = {
    "birth_date": datetime.date(1986, 9, 22),
    "national_code": "0012345679",
    "mobile": "09121234567",
    "amount": 500_000_000,
}


def test_a_form_cleans_persian_input():
    form = PersonForm(data=TYPED)
    assert form.is_valid(), form.errors
    assert form.cleaned_data == CLEANED


def test_a_form_round_trips_what_it_shows():
    shown = PersonForm(initial=CLEANED)
    displayed = {name: shown[name].value() for name in CLEANED}
    assert displayed["birth_date"] == "۱۳۶۵/۰۶/۳۱"
    assert displayed["amount"] == "۵۰۰٬۰۰۰٬۰۰۰"
    resubmitted = PersonForm(data=displayed, initial=CLEANED)
    assert resubmitted.is_valid(), resubmitted.errors
    assert resubmitted.cleaned_data == CLEANED
    assert not resubmitted.has_changed()


def test_a_form_reports_each_bad_field_in_persian():
    form = PersonForm(
        data={
            "birth_date": "1401/13/01",
            "national_code": "1111111111",
            "mobile": "12",
            "amount": "x",
        }
    )
    assert _errors(form, "birth_date") == ["ماه باید بین ۱ و ۱۲ باشد، نه ۱۳."]
    assert _errors(form, "national_code") == ["کد ملی نامعتبر است."]
    assert _errors(form, "mobile") == ["شماره همراه باید ۱۱ رقم و به شکل ۰۹۱۲۳۴۵۶۷۸۹ باشد."]
    assert _errors(form, "amount") == ["مبلغ «x» عدد نیست؛ فقط رقم وارد کنید."]


def test_a_bound_form_shows_back_what_was_typed():
    form = PersonForm(data={**TYPED, "birth_date": "1401/12/30"})
    assert not form.is_valid()
    # The same date, its digits as a person reads them.
    assert 'value="۱۴۰۱/۱۲/۳۰"' in form["birth_date"].as_widget()


def test_the_form_media_loads_the_picker_once():
    assert str(PersonForm().media).count("jalali-picker.js") == 1

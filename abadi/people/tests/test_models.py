import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from abadi.people.models import Benefit, Person, Programme, Sex
from abadi.people.tests.conftest import make_code, make_person

pytestmark = pytest.mark.django_db


def person(area, **fields):
    values = {"first_name": "علی", "last_name": "رضایی", "sex": Sex.MALE, "area": area, **fields}
    return Person(**values)


def test_full_clean_normalises_code_mobile_and_names(village_2403):
    code = make_code(1)
    p = person(
        village_2403,
        national_code=code.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")),
        mobile="+98 914 123 4567",
        first_name="  علي ",
        last_name="رضايي",
    )
    p.full_clean()
    assert p.national_code == code
    assert p.mobile == "09141234567"
    assert p.first_name == "علي"
    assert p.search_key == "علی رضایی"
    assert p.last_name_key == "رضایی"


def test_bad_checksum_refused_in_persian(village_2403):
    code = make_code(2)
    wrong = code[:9] + str((int(code[9]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        person(village_2403, national_code=wrong).full_clean()
    assert error.value.message_dict["national_code"] == ["کد ملی نامعتبر است."]


def test_bad_mobile_refused(village_2403):
    with pytest.raises(ValidationError) as error:
        person(village_2403, mobile="12345").full_clean()
    assert "mobile" in error.value.message_dict


def test_blank_code_stored_as_null_and_many_people_may_lack_one(village_2403):
    first = make_person(village_2403, national_code="")
    second = make_person(village_2403, national_code=None)
    assert first.national_code is None and second.national_code is None


def test_national_code_unique(village_2403):
    make_person(village_2403, national_code=make_code(3))
    with pytest.raises(ValidationError) as error:
        person(village_2403, national_code=make_code(3)).full_clean()
    assert error.value.message_dict["national_code"] == ["این کد ملی قبلاً ثبت شده است."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            first_name="x",
            last_name="y",
            sex=Sex.MALE,
            area=village_2403,
            national_code=make_code(3),
        )


def test_income_decile_between_1_and_10(village_2403):
    with pytest.raises(ValidationError) as error:
        person(village_2403, income_decile=11).full_clean()
    assert "دهک" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            first_name="x", last_name="y", sex=Sex.MALE, area=village_2403, income_decile=0
        )


def test_residence_must_be_village_or_city(areas):
    with pytest.raises(ValidationError) as error:
        person(areas["2403"]).full_clean()
    assert "روستا یا شهر" in error.value.message_dict["area"][0]


def test_benefit_constraints(village_2403):
    someone = make_person(village_2403)
    with pytest.raises(IntegrityError), transaction.atomic():
        Benefit.objects.create(
            programme=Programme.PACKAGE, date="2022-05-08", value=10, area=village_2403
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Benefit.objects.create(
            person=someone,
            programme=Programme.PACKAGE,
            date="2022-05-08",
            value=-1,
            area=village_2403,
        )
    row = Benefit(
        person=someone, programme=Programme.PACKAGE, date="2022-05-08", value=-5, area=village_2403
    )
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "منفی" in str(error.value)


def test_duplicate_key_uses_jalali_birth_year(village_2403):
    import datetime

    # 1981-03-20 is 1359/12/29 and 1981-03-22 is 1360/01/02: different Jalali years.
    a = make_person(village_2403, birth_date=datetime.date(1981, 3, 20))
    b = make_person(village_2403, birth_date=datetime.date(1981, 3, 22))
    c = make_person(village_2403, birth_date=datetime.date(1981, 12, 1), first_name="علي")
    assert a.duplicate_key.endswith("|1359")
    assert b.duplicate_key != a.duplicate_key
    assert c.duplicate_key == b.duplicate_key
    assert str(a) == "علی رضایی"

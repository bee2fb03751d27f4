import datetime

import pytest
from django.db import connection

from abadi.core.persian import to_persian_digits
from abadi.geography.selectors import AreaInputError, area_from_input
from abadi.people import selectors
from abadi.people.models import Benefit, Person, Programme, Sex
from abadi.people.permissions import EDIT_PEOPLE
from abadi.people.tests.conftest import make_code, make_household, make_person

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(p.full_name for p in queryset)


# ---------------------------------------------------------------------------- search


def test_arabic_spelling_finds_persian_name(manager, village_2403):
    make_person(village_2403, first_name="علی", last_name="کریمی")
    make_person(village_2403, first_name="حسن", last_name="یوسفی")
    assert names(selectors.person_list(actor=manager, query="علي")) == ["علی کریمی"]
    assert names(selectors.person_list(actor=manager, query="علي كري")) == ["علی کریمی"]
    # The family name alone, by prefix.
    assert names(selectors.person_list(actor=manager, query="يوس")) == ["حسن یوسفی"]
    assert names(selectors.person_list(actor=manager, query="  ")) == ["حسن یوسفی", "علی کریمی"]


def test_national_code_in_persian_digits(manager, village_2403):
    code = make_code(21)
    make_person(village_2403, national_code=code, first_name="زهرا", sex=Sex.FEMALE)
    make_person(village_2403, national_code=make_code(22))
    assert names(selectors.person_list(actor=manager, query=to_persian_digits(code))) == [
        "زهرا رضایی"
    ]
    assert names(selectors.person_list(actor=manager, query=code[:4] + " " + code[4:])) == [
        "زهرا رضایی"
    ]


def test_leading_zeros_and_prefix(manager, village_2403):
    code = "00" + make_code(23)[2:9]
    from abadi.core.validators import national_code_check_digit

    code += str(national_code_check_digit(code))
    make_person(village_2403, national_code=code)
    assert selectors.person_list(actor=manager, query=code.lstrip("0")).count() == 1
    assert selectors.person_list(actor=manager, query=code[:5]).count() == 1
    assert selectors.person_list(actor=manager, query="99999").count() == 0


def test_mobile_search(manager, village_2403):
    make_person(village_2403, mobile="09141234567")
    make_person(village_2403, mobile="09351234567")
    assert selectors.person_list(actor=manager, query="۰۹۱۴۱۲۳۴۵۶۷").count() == 1
    assert selectors.person_list(actor=manager, query="9141234567").count() == 1
    assert selectors.person_list(actor=manager, query="0914").count() == 1


def test_filters(manager, village_2403, village_2401, areas):
    make_person(village_2403, ikrf_covered=True, disabled=True)
    make_person(village_2401, first_name="سارا", sex=Sex.FEMALE, female_headed=True)
    make_person(village_2401, first_name="رضا", national_code=make_code(24), welfare_covered=True)
    assert selectors.person_list(actor=manager, area=areas["2401"]).count() == 2
    assert selectors.person_list(actor=manager, ikrf_covered=True, disabled=True).count() == 1
    assert selectors.person_list(actor=manager, sex=Sex.FEMALE).get().first_name == "سارا"
    assert selectors.person_list(actor=manager, female_headed=True).count() == 1
    assert selectors.person_list(actor=manager, welfare_covered=True).count() == 1
    assert selectors.person_list(actor=manager, has_national_code=False).count() == 2
    assert selectors.person_list(actor=manager, has_household=True).count() == 0


def test_prefix_search_uses_an_index(manager, village_2403):
    make_person(village_2403)
    cases = {
        "person_search_key_idx": Person.objects.filter(
            selectors.prefix_filter("search_key", "علی")
        ),
        "person_last_name_key_idx": Person.objects.filter(
            selectors.prefix_filter("last_name_key", "رضا")
        ),
        "person_mobile_idx": Person.objects.filter(
            selectors.digits_prefix_filter("mobile", "0914")
        ),
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET enable_seqscan = off")
        for index, queryset in cases.items():
            plan = queryset.explain()
            assert index in plan, plan
        if connection.vendor == "postgresql":
            cursor.execute("RESET enable_seqscan")


def test_digits_prefix_bounds():
    assert selectors.digits_prefix_filter("f", "129") == selectors.digits_prefix_filter("f", "129")
    condition = selectors.digits_prefix_filter("f", "129")
    assert ("f__lt", "13") in condition.children
    assert ("f__lt", "13") not in selectors.digits_prefix_filter("f", "999").children


# ---------------------------------------------------------------------------- scoping


@pytest.fixture
def two_counties(village_2403, village_2401):
    """One household with a benefit in each county."""
    khalkhal = make_person(village_2403, first_name="خلخالی", national_code=make_code(31))
    ardabil = make_person(village_2401, first_name="اردبیلی", national_code=make_code(32))
    for person, area in ((khalkhal, village_2403), (ardabil, village_2401)):
        household = make_household(area, person)
        Benefit.objects.create(
            household=household,
            programme=Programme.PACKAGE,
            date=datetime.date(2022, 5, 8),
            value=1,
            area=area,
        )
        # Same-looking records without a code, in each village, for duplicate review.
        make_person(area, first_name="تکراری")
        make_person(area, first_name="تکراری")
    return {"2403": khalkhal, "2401": ardabil}


def test_area_a_cannot_see_area_b(county_officer, two_counties, areas, manager):
    mine, theirs = two_counties["2403"], two_counties["2401"]
    assert mine in selectors.person_list(actor=county_officer)
    assert theirs not in selectors.person_list(actor=county_officer)
    assert not selectors.person_list(actor=county_officer, query=theirs.national_code).exists()
    assert (
        selectors.person_by_national_code(actor=county_officer, national_code=theirs.national_code)
        is None
    )
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.person_get(actor=county_officer, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.household_get(actor=county_officer, pk=theirs.household_id)
    households = selectors.household_list(actor=county_officer)
    assert [h.pk for h in households] == [mine.household_id]
    assert not selectors.household_members(
        actor=county_officer, household=theirs.household
    ).exists()
    assert not selectors.benefits_for(actor=county_officer, person=theirs).exists()
    assert not selectors.benefits_for(actor=county_officer, household=theirs.household).exists()
    assert selectors.benefits_for(actor=county_officer, person=mine).count() == 1
    assert {b.area_id for b in selectors.benefit_list(actor=county_officer)} == {mine.area_id}
    with pytest.raises(Http404):
        selectors.benefit_get(actor=county_officer, pk=Benefit.objects.get(area=theirs.area).pk)
    assert selectors.households_reached(actor=county_officer, area=areas["24"]) == 1
    assert selectors.households_reached(actor=county_officer, area=areas["2401"]) == 0
    assert len(selectors.duplicate_candidates(actor=manager)) == 2
    groups = selectors.duplicate_candidates(actor=county_officer)
    assert [row["area_id"] for row in groups] == [mine.area_id]
    groups_page = selectors.duplicate_groups(actor=county_officer, candidates=groups)
    assert [p.area_id for group in groups_page for p in group.persons] == [mine.area_id] * 2
    with pytest.raises(AreaInputError):
        area_from_input(actor=county_officer, perm=EDIT_PEOPLE, text=theirs.area.code)


def test_other_roles(press, loans_officer, two_counties, areas):
    assert not selectors.person_list(actor=press).exists()
    assert not selectors.benefit_list(actor=press).exists()
    assert selectors.households_reached(actor=press, area=areas["24"]) == 0
    # People are not a programme module: a loans officer of the province sees its people.
    assert selectors.person_list(actor=loans_officer).count() == 6
    # Another module may look people up under its own permission.
    assert not selectors.person_list(actor=press, perm="geography.view").exists()
    assert selectors.person_list(actor=loans_officer, perm="geography.view").count() == 6


# ---------------------------------------------------------------------------- ledger


def benefit(area, year_day, **kwargs):
    return Benefit.objects.create(
        programme=kwargs.pop("programme", Programme.PACKAGE),
        date=year_day,
        value=1,
        area=area,
        **kwargs,
    )


def test_households_reached(manager, village_2403, village_2401, areas):
    in_1401 = datetime.date(2022, 6, 1)
    in_1400 = datetime.date(2021, 6, 1)
    father = make_person(village_2403)
    mother = make_person(village_2403, first_name="فاطمه", sex=Sex.FEMALE)
    family = make_household(village_2403, father, mother)
    alone = make_person(village_2403, first_name="تنها")
    benefit(village_2403, in_1401, household=family)
    benefit(village_2403, in_1401, person=father, programme=Programme.MEDICAL)
    benefit(village_2403, in_1401, person=mother)  # the same household, counted once
    benefit(village_2403, in_1401, person=alone)  # a household of one
    benefit(village_2403, in_1401, person=alone, programme=Programme.TRAINING)
    other_year = make_person(village_2403, first_name="پارسال")
    benefit(village_2403, in_1400, person=other_year)
    elsewhere = make_person(village_2401, first_name="اردبیل")
    benefit(village_2401, in_1401, person=elsewhere)
    assert selectors.households_reached(actor=manager, area=areas["2403"], year=1401) == 2
    assert selectors.households_reached(actor=manager, area=areas["2403"]) == 3
    assert selectors.households_reached(actor=manager, area=areas["24"], year=1401) == 3
    assert selectors.households_reached(actor=manager, area=areas["2401"], year=1400) == 0


def test_benefits_for_person_includes_household_rows(manager, village_2403):
    father = make_person(village_2403)
    son = make_person(village_2403, first_name="یوسف")
    family = make_household(village_2403, father, son)
    to_family = benefit(village_2403, datetime.date(2022, 1, 1), household=family)
    to_son = benefit(village_2403, datetime.date(2022, 2, 1), person=son)
    to_father = benefit(
        village_2403, datetime.date(2022, 3, 1), person=father, programme=Programme.LOAN
    )
    assert list(selectors.benefits_for(actor=manager, person=son)) == [to_son, to_family]
    assert list(selectors.benefits_for(actor=manager, household=family)) == [
        to_father,
        to_son,
        to_family,
    ]
    assert list(selectors.benefits_for(actor=manager, household=family, programme="loan")) == [
        to_father
    ]


def test_benefit_list_filters(manager, village_2403, village_2401, areas):
    person = make_person(village_2403)
    a = benefit(village_2403, datetime.date(2022, 6, 1), person=person, campaign="relief:1")
    benefit(village_2403, datetime.date(2021, 6, 1), person=person, programme=Programme.MEDICAL)
    benefit(village_2401, datetime.date(2022, 6, 1), person=person)
    assert list(selectors.benefit_list(actor=manager, year=1401, area=areas["2403"])) == [a]
    assert selectors.benefit_list(actor=manager, programme=Programme.MEDICAL).count() == 1
    assert list(selectors.benefit_list(actor=manager, campaign="relief:1")) == [a]


# ---------------------------------------------------------------------------- duplicates


def test_duplicate_candidates_group_by_name_father_year_village(
    manager, village_2403, village_2401
):
    same = {"first_name": "علی", "last_name": "رضایی", "father_name": "حسن"}
    a = make_person(village_2403, **same, birth_date=datetime.date(1980, 5, 1))
    b = make_person(
        village_2403,
        first_name="علي",
        last_name="رضايي",
        father_name="حسن",
        birth_date=datetime.date(1980, 9, 1),
    )
    coded = make_person(
        village_2403, **same, birth_date=datetime.date(1980, 7, 1), national_code=make_code(41)
    )
    make_person(village_2403, **same, birth_date=datetime.date(1990, 5, 1))  # another year
    make_person(village_2401, **same, birth_date=datetime.date(1980, 5, 1))  # another village
    make_person(
        village_2403,
        first_name="علی",
        last_name="رضایی",
        father_name="حسین",
        birth_date=datetime.date(1980, 5, 1),
    )  # another father
    # Two people with two codes are two people, whatever their names.
    make_person(village_2401, first_name="رضا", national_code=make_code(42))
    make_person(village_2401, first_name="رضا", national_code=make_code(43))
    candidates = list(selectors.duplicate_candidates(actor=manager))
    assert len(candidates) == 1
    assert candidates[0]["size"] == 3
    groups = selectors.duplicate_groups(actor=manager, candidates=candidates)
    assert [p.pk for p in groups[0].persons] == [a.pk, b.pk, coded.pk]
    assert selectors.duplicate_groups(actor=manager, candidates=[]) == []

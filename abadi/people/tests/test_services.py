import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.people import services
from abadi.people.models import Benefit, Household, Person, Programme, Sex
from abadi.people.tests.conftest import make_code, make_household, make_person

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 5, 8)


def fields(area, **extra):
    return {"first_name": "مریم", "last_name": "قاسمی", "sex": Sex.FEMALE, "area": area, **extra}


def test_person_create_audits_and_normalises(county_officer, village_2403):
    persian = make_code(10).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    person = services.person_create(
        actor=county_officer, **fields(village_2403, national_code=persian, mobile="9141234567")
    )
    assert person.national_code == make_code(10)
    assert person.mobile == "09141234567"
    event = AuditEvent.objects.get(action="person.create")
    assert event.object_id == str(person.pk)
    assert event.actor == county_officer
    assert event.new_values["first_name"] == "مریم"


def test_person_create_outside_scope_refused(county_officer, village_2401):
    with pytest.raises(PermissionDenied):
        services.person_create(actor=county_officer, **fields(village_2401))
    assert not Person.objects.exists()


def test_duplicate_national_code_refused_with_link(
    county_officer, officer_2401, village_2403, village_2401
):
    existing = services.person_create(
        actor=county_officer, **fields(village_2403, national_code=make_code(11))
    )
    with pytest.raises(services.DuplicateNationalCode) as error:
        services.person_create(
            actor=county_officer, **fields(village_2403, national_code=make_code(11))
        )
    assert error.value.existing == existing
    assert error.value.existing_url == f"/people/{existing.pk}/"
    assert "مریم قاسمی" in error.value.message_dict["national_code"][0]
    # Someone who may not see the existing person learns only that the code is taken.
    with pytest.raises(services.DuplicateNationalCode) as hidden:
        services.person_create(
            actor=officer_2401,
            **fields(village_2401, national_code=make_code(11)),
        )
    assert hidden.value.existing_url is None
    assert "مریم" not in hidden.value.message_dict["national_code"][0]


def test_failing_step_leaves_nothing(county_officer, village_2403):
    failing = mock.patch("abadi.core.audit._write", side_effect=RuntimeError("disk full"))
    with failing, pytest.raises(RuntimeError):
        services.person_create(actor=county_officer, **fields(village_2403))
    assert not Person.objects.exists()
    assert not AuditEvent.objects.exists()


def test_person_update_records_only_changes(county_officer, village_2403):
    person = services.person_create(actor=county_officer, **fields(village_2403))
    services.person_update(actor=county_officer, person=person, mobile="۰۹۱۴۱۱۱۲۲۳۳")
    person.refresh_from_db()
    assert person.mobile == "09141112233"
    event = AuditEvent.objects.get(action="person.update")
    assert event.old_values == {"mobile": ""}
    assert event.new_values == {"mobile": "09141112233"}
    services.person_update(actor=county_officer, person=person, mobile="09141112233")
    assert AuditEvent.objects.filter(action="person.update").count() == 1


def test_person_update_outside_scope(officer_2401, village_2403):
    person = make_person(village_2403)
    with pytest.raises(PermissionDenied):
        services.person_update(actor=officer_2401, person=person, first_name="x")


def test_person_update_unknown_field(county_officer, village_2403):
    person = make_person(village_2403)
    with pytest.raises(TypeError):
        services.person_update(actor=county_officer, person=person, salary=1)


def test_household_create_makes_head_a_member(county_officer, village_2403):
    head = make_person(village_2403)
    household = services.household_create(
        actor=county_officer, head=head, area=village_2403, address="کوچه مسجد"
    )
    head.refresh_from_db()
    assert head.household == household
    assert household.head == head
    assert AuditEvent.objects.filter(action="household.create").count() == 1


def test_household_members_move(county_officer, village_2403):
    head = make_person(village_2403)
    other = make_person(village_2403, first_name="زهرا", sex=Sex.FEMALE)
    first = make_household(village_2403, head)
    second = make_household(village_2403, other)
    services.household_add_member(actor=county_officer, household=first, person=other)
    other.refresh_from_db()
    second.refresh_from_db()
    assert other.household == first
    assert second.head is None  # she headed the household she left
    with pytest.raises(ValidationError):
        services.household_add_member(actor=county_officer, household=first, person=other)
    services.household_remove_member(actor=county_officer, household=first, person=head)
    first.refresh_from_db()
    assert first.head is None
    services.household_update(actor=county_officer, household=first, head=other, address="نو")
    first.refresh_from_db()
    assert (first.head, first.address) == (other, "نو")
    with pytest.raises(ValidationError):
        services.household_update(actor=county_officer, household=first, head=head)


# ---------------------------------------------------------------------------- benefits


def record(actor, area, **kwargs):
    values = {
        "programme": Programme.PACKAGE,
        "date": DAY,
        "value": 5_000_000,
        "area": area,
        "source": None,
        **kwargs,
    }
    return services.benefit_record(actor=actor, **values)


def test_benefit_record_audited_with_source(county_officer, village_2403):
    person = make_person(village_2403)
    source = make_household(village_2403)  # any model row can be the source record
    result = record(county_officer, village_2403, person=person, source=source)
    assert result.warnings == []
    assert result.benefit.source == source
    assert AuditEvent.objects.get(action="benefit.record").object_id == str(result.benefit.pk)


def test_repeat_to_same_household_warns_but_records(county_officer, village_2403):
    father = make_person(village_2403)
    son = make_person(village_2403, first_name="یوسف")
    household = make_household(village_2403, father, son)
    record(
        county_officer, village_2403, household=household, date=DAY - datetime.timedelta(days=100)
    )
    result = record(county_officer, village_2403, person=son)
    assert len(result.warnings) == 1
    assert "این خانوار" in result.warnings[0]
    assert "بسته معیشتی" in result.warnings[0]
    assert Benefit.objects.count() == 2
    # Another programme, or outside the window: no warning.
    assert (
        record(county_officer, village_2403, person=father, programme=Programme.MEDICAL).warnings
        == []
    )
    later = DAY + datetime.timedelta(days=400)
    assert record(county_officer, village_2403, household=household, date=later).warnings == []


def test_repeat_to_person_without_household(county_officer, village_2403):
    alone = make_person(village_2403)
    other = make_person(village_2403, first_name="رحیم")
    record(county_officer, village_2403, person=alone)
    assert record(county_officer, village_2403, person=other).warnings == []
    warnings = record(
        county_officer, village_2403, person=alone, date=DAY + datetime.timedelta(days=30)
    ).warnings
    assert warnings and "این فرد" in warnings[0]


def test_repeat_window_from_settings(county_officer, village_2403, settings):
    settings.ABADI_BENEFIT_REPEAT_DAYS = 30
    alone = make_person(village_2403)
    record(county_officer, village_2403, person=alone)
    assert (
        record(
            county_officer, village_2403, person=alone, date=DAY + datetime.timedelta(days=31)
        ).warnings
        == []
    )
    assert record(
        county_officer, village_2403, person=alone, date=DAY + datetime.timedelta(days=45)
    ).warnings


def test_same_campaign_warns(county_officer, village_2403):
    person = make_person(village_2403)
    record(
        county_officer, village_2403, person=person, campaign="relief:12", programme=Programme.OTHER
    )
    result = record(
        county_officer,
        village_2403,
        person=person,
        campaign="relief:12",
        programme=Programme.PACKAGE,
        date=DAY + datetime.timedelta(days=500),
    )
    assert any("relief:12" in warning for warning in result.warnings)


def test_benefit_needs_a_recipient_and_consistency(county_officer, village_2403):
    with pytest.raises(ValidationError):
        record(county_officer, village_2403)
    person = make_person(village_2403)
    household = make_household(village_2403)
    with pytest.raises(ValidationError):
        record(county_officer, village_2403, person=person, household=household)
    with pytest.raises(ValidationError):
        record(county_officer, village_2403, person=person, value=-1)
    assert not Benefit.objects.exists()
    assert not AuditEvent.objects.exists()


def test_benefit_record_atomic(county_officer, village_2403):
    person = make_person(village_2403)
    failing = mock.patch("abadi.core.audit._write", side_effect=RuntimeError("boom"))
    with failing, pytest.raises(RuntimeError):
        record(county_officer, village_2403, person=person)
    assert not Benefit.objects.exists()


def test_benefit_update(county_officer, officer_2401, village_2403):
    person = make_person(village_2403)
    benefit = record(county_officer, village_2403, person=person).benefit
    result = services.benefit_update(actor=county_officer, benefit=benefit, value=7, note="اصلاح")
    assert (result.benefit.value, result.benefit.note) == (7, "اصلاح")
    assert AuditEvent.objects.get(action="benefit.update").new_values == {
        "value": 7,
        "note": "اصلاح",
    }
    with pytest.raises(PermissionDenied):
        services.benefit_update(actor=officer_2401, benefit=benefit, value=8)
    with pytest.raises(TypeError):
        services.benefit_update(actor=county_officer, benefit=benefit, person=None)


def test_household_model_str(village_2403):
    head = make_person(village_2403)
    assert str(make_household(village_2403, head)) == "خانوار علی رضایی"
    empty = Household.objects.create(area=village_2403)
    assert str(empty) == f"خانوار شماره {empty.pk}"


def test_benefits_recorded_in_bulk_carry_their_source_and_one_audit_event(
    county_officer, village_2403
):
    from abadi.core.models import AuditEvent

    people = [make_person(village_2403) for _ in range(3)]
    rows = [
        services.BenefitRow(
            programme=Programme.PACKAGE,
            date=datetime.date(2022, 1, 1),
            value=1_000,
            area=village_2403,
            source=person,  # any record will do as the source here
            person=person,
        )
        for person in people
    ]
    assert services.benefits_record_bulk(actor=county_officer, rows=rows) == 3
    assert Benefit.objects.filter(programme=Programme.PACKAGE).count() == 3
    assert {b.source for b in Benefit.objects.all()} == set(people)
    event = AuditEvent.objects.get(action="benefit.record_bulk")
    assert event.new_values["count"] == 3 and event.new_values["programmes"] == ["package"]
    assert services.benefits_record_bulk(actor=county_officer, rows=[]) == 0

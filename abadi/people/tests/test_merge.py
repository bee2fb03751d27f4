import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.models import AuditEvent
from abadi.people import services
from abadi.people.models import Benefit, Household, Person, Programme
from abadi.people.tests.conftest import make_code, make_household, make_person

pytestmark = pytest.mark.django_db


def give(person, area, **kwargs):
    return Benefit.objects.create(
        person=person,
        programme=kwargs.pop("programme", Programme.PACKAGE),
        date=datetime.date(2022, 5, 8),
        value=100,
        area=area,
        **kwargs,
    )


def rows_pointing_at(pk):
    """How many rows of every model that links to Person still point at ``pk``."""
    return {
        f"{relation.related_model._meta.label}.{relation.field.name}": relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__pk": pk}
        ).count()
        for relation in Person._meta.related_objects
    }


@pytest.fixture
def pair(village_2403):
    keep = make_person(village_2403)  # entered from a paper list: no code, no mobile
    drop = make_person(
        village_2403,
        first_name="علي",
        national_code=make_code(51),
        mobile="09141110000",
        ikrf_covered=True,
    )
    household = make_household(village_2403, drop)
    give(drop, village_2403)
    give(drop, village_2403, programme=Programme.MEDICAL)
    give(keep, village_2403, programme=Programme.TRAINING)
    return keep, drop, household


def test_merge_moves_every_linked_record(manager, pair):
    keep, drop, household = pair
    drop_pk = drop.pk
    kept = services.person_merge(actor=manager, keep=keep, drop=drop)
    assert not Person.objects.filter(pk=drop_pk).exists()
    assert set(rows_pointing_at(drop_pk).values()) == {0}
    assert Benefit.objects.filter(person=kept).count() == 3
    household.refresh_from_db()
    assert household.head == kept
    assert kept.household == household
    # Blanks of the kept record filled from the dropped one.
    kept.refresh_from_db()
    assert (kept.national_code, kept.mobile, kept.ikrf_covered) == (
        make_code(51),
        "09141110000",
        True,
    )
    event = AuditEvent.objects.get(action="person.merge")
    assert event.object_id == str(kept.pk)
    assert event.old_values["dropped"]["national_code"] == make_code(51)
    assert event.old_values["kept"]["national_code"] is None
    assert event.new_values["moved"] == {"people.benefit.person": 2, "people.household.head": 1}
    assert event.new_values["dropped_id"] == drop_pk


def test_kept_person_stays_in_own_household(manager, village_2403):
    keep = make_person(village_2403)
    drop = make_person(village_2403)
    own = make_household(village_2403, keep)
    other = make_household(village_2403, drop)
    services.person_merge(actor=manager, keep=keep, drop=drop)
    keep.refresh_from_db()
    other.refresh_from_db()
    assert keep.household == own
    assert other.head is None


def test_merge_is_all_or_nothing(manager, pair):
    keep, drop, household = pair
    failing = mock.patch("abadi.people.services.audit_record", side_effect=RuntimeError("boom"))
    with failing, pytest.raises(RuntimeError):
        services.person_merge(actor=manager, keep=keep, drop=drop)
    assert Person.objects.filter(pk=drop.pk).exists()
    assert Benefit.objects.filter(person=drop).count() == 2
    household.refresh_from_db()
    assert household.head_id == drop.pk
    keep.refresh_from_db()
    assert keep.national_code is None


def test_merge_refusals(manager, county_officer, pair, areas, village_2403):
    keep, drop, _household = pair
    with pytest.raises(ValidationError, match="خودش"):
        services.person_merge(actor=manager, keep=keep, drop=keep)
    coded = make_person(village_2403, national_code=make_code(52))
    with pytest.raises(ValidationError, match="دو کد ملی"):
        services.person_merge(actor=manager, keep=coded, drop=drop)
    with pytest.raises(PermissionDenied):
        services.person_merge(actor=county_officer, keep=keep, drop=drop)
    # Across the actor's scope: a person of another province.
    stranger = make_person(areas["1501"])
    with pytest.raises(PermissionDenied):
        services.person_merge(actor=manager, keep=keep, drop=stranger)
    assert Person.objects.filter(pk__in=[keep.pk, drop.pk, stranger.pk]).count() == 3
    assert not AuditEvent.objects.filter(action="person.merge").exists()
    assert Household.objects.filter(head=drop).exists()

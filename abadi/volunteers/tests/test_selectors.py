"""Who sees what (areas, sibling codes, a leader's own group) and what the history says
on a given day (active as of the day a suspension takes effect; the permit window)."""

import datetime

import pytest
from django.http import Http404

from abadi.core.actors import SYSTEM
from abadi.core.permissions import Role
from abadi.testing import user_with_role
from abadi.volunteers import selectors, services
from abadi.volunteers.models import Domain, Group, GroupStatus, Permit
from abadi.volunteers.tests.conftest import days_ago, make_group, make_person

pytestmark = pytest.mark.django_db


def _active(day: datetime.date) -> set[int]:
    return set(Group.objects.filter(selectors.active_on(day)).values_list("pk", flat=True))


# Areas -------------------------------------------------------------------------------------


def test_a_county_sees_its_groups_not_the_sibling_county_of_a_longer_code(staff, sibling, group):
    next_door = make_group(sibling["village"], name="گروه همسایه")
    seen = set(selectors.group_list(actor=staff.county))
    assert group in seen and next_door not in seen
    with pytest.raises(Http404):
        selectors.group_get(actor=staff.county, pk=next_door.pk)
    assert set(selectors.group_list(actor=staff.manager)) >= {group, next_door}


def test_a_county_sees_nothing_of_another_county(staff, group, village):
    deployment = services.deployment_report(
        actor=SYSTEM,
        group=group,
        place=village,
        started_on=days_ago(2),
        ended_on=days_ago(1),
        domain=Domain.HEALTH,
        work_done="-",
        people_served=3,
        volunteers=2,
    )
    assert not selectors.group_list(actor=staff.county_2401).exists()
    assert not selectors.deployment_list(actor=staff.county_2401).exists()
    assert not selectors.member_list(actor=staff.county_2401).exists()
    assert not selectors.permits_expiring(actor=staff.county_2401, days=10_000).exists()
    with pytest.raises(Http404):
        selectors.deployment_get(actor=staff.county_2401, pk=deployment.pk)


def test_another_modules_officer_sees_no_group(staff, group):
    assert not selectors.group_list(actor=staff.loans_officer).exists()


# Group leaders ------------------------------------------------------------------------------


def test_a_leader_sees_only_their_own_group_of_the_county(group, other_group, leader, village):
    assert list(selectors.group_list(actor=leader)) == [group]
    with pytest.raises(Http404):
        selectors.group_get(actor=leader, pk=other_group.pk)
    for target in (group, other_group):
        services.member_add(actor=SYSTEM, group=target, person=make_person(village))
        services.deployment_report(
            actor=SYSTEM,
            group=target,
            place=village,
            started_on=days_ago(2),
            ended_on=days_ago(1),
            domain=Domain.HEALTH,
            work_done="-",
            people_served=3,
            volunteers=2,
        )
    assert {m.group for m in selectors.member_list(actor=leader)} == {group}
    assert {d.group for d in selectors.deployment_list(actor=leader)} == {group}
    assert selectors.may_act_on(leader, "volunteers.report", group)
    assert not selectors.may_act_on(leader, "volunteers.report", other_group)
    assert selectors.leads_only(leader)


def test_a_leader_link_outside_the_area_of_their_role_shows_nothing(areas, other_village):
    far = make_group(other_village)  # county 2401
    user = user_with_role("leader-far", Role.GROUP_LEADER, areas["2403"])
    far.leaderships.create(user=user, since=days_ago(1))
    assert not selectors.group_list(actor=user).exists()
    assert not selectors.may_act_on(user, "volunteers.report", far)


def test_a_leader_who_is_also_staff_sees_the_area_too(areas, group, other_group, leader):
    user_assignment = user_with_role("both", Role.COUNTY_OFFICER, areas["2403"])
    user_assignment.role_assignments.create(role=Role.GROUP_LEADER, area=areas["2403"])
    assert set(selectors.group_list(actor=user_assignment)) == {group, other_group}


def test_the_report_form_lists_a_leaders_groups_only(group, other_group, leader):
    assert list(selectors.groups_for_report(actor=leader, perm="volunteers.report")) == [group]


# Status as of a day ------------------------------------------------------------------------


def test_active_as_of_the_day_a_suspension_takes_effect(staff, group):
    services.group_suspend(actor=staff.county, group=group, reason="-", on=days_ago(5))
    assert group.pk in _active(days_ago(6))
    assert group.pk not in _active(days_ago(5))
    services.group_reinstate(actor=staff.county, group=group, on=days_ago(2))
    assert group.pk not in _active(days_ago(3))
    assert group.pk in _active(days_ago(2))
    assert selectors.status_on(group, days_ago(4)) == GroupStatus.SUSPENDED


def test_not_active_before_it_was_registered(group):
    assert group.pk not in _active(group.active_since - datetime.timedelta(days=1))
    assert group.pk in _active(group.active_since)
    assert selectors.status_on(group, group.active_since - datetime.timedelta(days=1)) is None


def test_active_through_the_last_day_of_the_permit_even_before_the_lapse_is_recorded(village):
    group = make_group(village, permit=(days_ago(400), days_ago(-10)))
    Group.objects.filter(pk=group.pk).update(permit_expires_on=days_ago(5))
    Permit.objects.filter(group=group).update(expires_on=days_ago(5))
    assert group.pk in _active(days_ago(5))
    assert group.pk not in _active(days_ago(4))  # nothing recorded yet: the permit says so
    group.refresh_from_db()
    assert group.current_status == GroupStatus.EXPIRED
    assert selectors.status_on(group, days_ago(4)) == GroupStatus.EXPIRED


def test_a_renewal_after_a_gap_leaves_the_gap_inactive(staff, village):
    group = make_group(village, permit=(days_ago(700), days_ago(300)))
    services.permit_renew(
        actor=staff.clerk, group=group, issued_on=days_ago(100), expires_on=days_ago(-265)
    )
    assert group.pk in _active(days_ago(300))
    assert group.pk not in _active(days_ago(200))
    assert group.pk in _active(days_ago(100))


def test_dissolved_groups_are_not_active_from_their_dissolution(staff, group):
    services.group_dissolve(actor=staff.county, group=group, reason="-", on=days_ago(3))
    assert group.pk in _active(days_ago(4)) and group.pk not in _active(days_ago(3))


def test_the_current_status_filter_reads_a_lapsed_permit(village):
    lapsed = make_group(village, permit=(days_ago(300), days_ago(-10)))
    Group.objects.filter(pk=lapsed.pk).update(permit_expires_on=days_ago(1))
    running = make_group(village, permit=(days_ago(300), days_ago(0)))
    active = set(selectors.group_list(actor=SYSTEM, status=GroupStatus.ACTIVE))
    expired = set(selectors.group_list(actor=SYSTEM, status=GroupStatus.EXPIRED))
    assert running in active and lapsed not in active
    assert lapsed in expired and running not in expired


# The permit window ------------------------------------------------------------------------


def test_a_permit_expiring_in_exactly_sixty_days_is_listed_sixty_one_is_not(staff, village):
    at_60 = make_group(village, permit=(days_ago(300), days_ago(-60)))
    at_61 = make_group(village, permit=(days_ago(300), days_ago(-61)))
    lapsed = make_group(village, permit=(days_ago(300), days_ago(-30)))
    Group.objects.filter(pk=lapsed.pk).update(permit_expires_on=days_ago(2))
    listed = list(selectors.permits_expiring(actor=staff.county))
    assert at_60 in listed and at_61 not in listed
    assert listed[0] == lapsed  # already run out: first
    assert selectors.expiry_window_days() == 60


def test_the_window_follows_the_setting(settings, staff, village):
    settings.ABADI_PERMIT_EXPIRY_DAYS = 61
    at_61 = make_group(village, permit=(days_ago(300), days_ago(-61)))
    assert at_61 in set(selectors.permits_expiring(actor=staff.county))


def test_dissolved_and_expired_groups_are_not_listed_for_renewal(staff, village):
    group = make_group(village, permit=(days_ago(300), days_ago(-20)))
    services.group_dissolve(actor=staff.county, group=group, reason="-")
    assert not selectors.permits_expiring(actor=staff.county).exists()


# Counts and map ---------------------------------------------------------------------------


def test_counts_by_domain_count_every_domain_of_a_group(village, other_village):
    make_group(village, main_domain=Domain.HEALTH, domains=[Domain.CIVIL_WORKS])
    make_group(other_village, main_domain=Domain.HEALTH)
    groups = selectors.group_list(actor=SYSTEM)
    by_domain = {key: count for key, _label, count in selectors.counts_by_domain(groups)}
    assert by_domain == {"health": 2, "civil_works": 1}
    by_county = {key: count for key, _label, count in selectors.counts_by_county(groups)}
    assert by_county == {"2403": 1, "2401": 1}


def test_map_counts_fold_counties_into_provinces_for_the_country(areas, village, other_village):
    make_group(village)
    make_group(other_village)
    make_group(areas["1501"])
    groups = selectors.group_list(actor=SYSTEM)
    assert selectors.map_counts(groups, area=areas["IR"]) == {"24": 2, "15": 1}
    assert selectors.map_counts(groups, area=areas["24"]) == {"2403": 1, "2401": 1, "1501": 1}


def test_member_lookup_refuses_a_person_not_in_the_registry(staff):
    from abadi.volunteers.tests.conftest import free_code

    with pytest.raises(selectors.MemberNotRegistered) as error:
        selectors.member_person(
            actor=staff.clerk, national_code=free_code(), perm="volunteers.members"
        )
    assert "ثبت نشده" in error.value.message_dict["national_code"][0]
    assert error.value.can_register

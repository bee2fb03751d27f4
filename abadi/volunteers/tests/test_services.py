"""The services' rules, each at its edge, and the bad input of the issue: refused with a
Persian message on the field, nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abadi.core.actors import SYSTEM
from abadi.core.models import AuditEvent
from abadi.volunteers import services
from abadi.volunteers.models import (
    Deployment,
    Domain,
    Group,
    GroupDomain,
    GroupStatus,
    GroupType,
    MemberRole,
    Membership,
    Permit,
    StatusChange,
)
from abadi.volunteers.tests.conftest import days_ago, make_group, make_person

pytestmark = pytest.mark.django_db


def _message(error: ValidationError, field: str) -> str:
    return " ".join(error.value.message_dict[field])  # type: ignore[attr-defined]


def _report(actor, group, place, **overrides):
    values = {
        "started_on": days_ago(3),
        "ended_on": days_ago(1),
        "domain": Domain.HEALTH,
        "work_done": "ویزیت رایگان",
        "people_served": 120,
        "volunteers": 8,
    }
    values.update(overrides)
    return services.deployment_report(actor=actor, group=group, place=place, **values)


# Registration ------------------------------------------------------------------------------


def test_register_writes_the_group_its_domains_permit_history_and_one_event(staff, village):
    leader = make_person(village)
    before = AuditEvent.objects.count()
    group = services.group_register(
        actor=staff.clerk,
        atlas_id="۲۴۰۰۰۱۲۳",
        name="  گروه جهادی شهدای اسبو ",
        group_type=GroupType.NEIGHBOURHOOD,
        main_domain=Domain.CIVIL_WORKS,
        domains=[Domain.HEALTH, Domain.CIVIL_WORKS],
        home=village,
        leader=leader,
        permit_number="123",
        permit_issued_on=days_ago(100),
        permit_expires_on=days_ago(-265),
    )
    assert group.atlas_id == "24000123"
    assert group.area.code == "2403" and group.home == village
    assert group.active_since == days_ago(100)
    assert sorted(group.domain_rows.values_list("domain", flat=True)) == ["civil_works", "health"]
    assert Permit.objects.get(group=group).expires_on == days_ago(-265)
    [row] = StatusChange.objects.filter(group=group)
    assert (row.to_status, row.on, row.until) == (GroupStatus.ACTIVE, days_ago(100), None)
    assert Membership.objects.get(group=group).role == MemberRole.LEADER
    assert AuditEvent.objects.count() == before + 1


def test_duplicate_atlas_id_is_refused_and_nothing_is_written(staff, group, other_village):
    count = Group.objects.count()
    with pytest.raises(ValidationError) as error:
        services.group_register(
            actor=staff.manager,
            atlas_id=group.atlas_id.lower(),
            name="گروه دیگر",
            group_type=GroupType.STUDENT,
            main_domain=Domain.SERVICES,
            home=other_village,
        )
    assert "شناسه اطلس" in _message(error, "atlas_id") and "قبلاً ثبت شده" in _message(
        error, "atlas_id"
    )
    assert Group.objects.count() == count


@pytest.mark.parametrize("atlas", ["", "12", "۱۲۳ ۴", "x" * 21])
def test_atlas_id_of_the_wrong_shape_is_refused(staff, village, atlas):
    with pytest.raises(ValidationError) as error:
        make_group(village, actor=staff.clerk, atlas_id=atlas or " ")
    assert _message(error, "atlas_id")


def test_atlas_id_of_twenty_characters_is_accepted(staff, village):
    assert make_group(village, actor=staff.clerk, atlas_id="A" * 20).atlas_id == "A" * 20


@pytest.mark.parametrize("gap", [0, -1])
def test_a_permit_expiring_on_or_before_its_issue_is_refused(staff, village, gap):
    issued = days_ago(10)
    with pytest.raises(ValidationError) as error:
        make_group(
            village, actor=staff.clerk, permit=(issued, issued + datetime.timedelta(days=gap))
        )
    assert "پایان اعتبار مجوز" in _message(error, "permit_expires_on")
    assert not Group.objects.exists()


def test_a_permit_expiring_the_day_after_its_issue_is_accepted(staff, village):
    issued = days_ago(10)
    group = make_group(
        village, actor=staff.clerk, permit=(issued, issued + datetime.timedelta(days=1))
    )
    # Its permit has long run out: the lapse is recorded in the same call.
    assert group.status == GroupStatus.EXPIRED


def test_a_permit_issued_in_the_future_is_refused(staff, village):
    with pytest.raises(ValidationError) as error:
        make_group(
            village, actor=staff.clerk, permit=(days_ago(-1), days_ago(-400)), on=days_ago(0)
        )
    assert "آینده" in _message(error, "permit_issued_on")


def test_activity_may_not_start_before_the_permit_was_issued(staff, village):
    with pytest.raises(ValidationError) as error:
        make_group(
            village, actor=staff.clerk, permit=(days_ago(10), days_ago(-300)), on=days_ago(11)
        )
    assert "صدور مجوز" in _message(error, "on")


def test_a_county_officer_cannot_register_a_group_of_another_county(staff, other_village):
    with pytest.raises(PermissionDenied):
        make_group(other_village, actor=staff.county)
    assert not Group.objects.exists()


def test_a_group_is_based_in_a_county_or_below(staff, areas):
    with pytest.raises(ValidationError) as error:
        make_group(areas["24"], actor=staff.manager)
    assert _message(error, "home")


# Status steps ------------------------------------------------------------------------------


def test_suspend_closes_the_active_row_on_its_day(staff, group):
    services.group_suspend(actor=staff.county, group=group, reason="گزارش تخلف", on=days_ago(5))
    rows = list(group.status_changes.order_by("on", "id").values_list("to_status", "on", "until"))
    assert rows == [
        (GroupStatus.ACTIVE, days_ago(400), days_ago(5)),
        (GroupStatus.SUSPENDED, days_ago(5), None),
    ]
    group.refresh_from_db()
    assert group.status == GroupStatus.SUSPENDED


def test_a_step_before_the_last_one_is_refused(staff, group):
    services.group_suspend(actor=staff.county, group=group, reason="بررسی", on=days_ago(5))
    with pytest.raises(ValidationError) as error:
        services.group_reinstate(actor=staff.county, group=group, on=days_ago(6))
    assert "پیش از" in _message(error, "on")
    services.group_reinstate(actor=staff.county, group=group, on=days_ago(5))  # same day passes


def test_a_step_in_the_future_is_refused(staff, group):
    with pytest.raises(ValidationError) as error:
        services.group_suspend(actor=staff.county, group=group, reason="-", on=days_ago(-1))
    assert "آینده" in _message(error, "on")


def test_a_clerk_may_not_suspend(staff, group):
    with pytest.raises(PermissionDenied):
        services.group_suspend(actor=staff.clerk, group=group, reason="-")


def test_reinstating_after_the_permit_ran_out_records_the_lapse(staff, village):
    group = make_group(village, permit=(days_ago(400), days_ago(-10)))
    services.group_suspend(actor=staff.county, group=group, reason="بررسی", on=days_ago(30))
    # The permit ran out during the suspension.
    Group.objects.filter(pk=group.pk).update(permit_expires_on=days_ago(20))
    group.refresh_from_db()
    services.group_reinstate(actor=staff.county, group=group, on=days_ago(2))
    group.refresh_from_db()
    assert group.status == GroupStatus.EXPIRED
    last = group.status_changes.order_by("-on", "-id").first()
    assert (last.action, last.on) == ("expire", days_ago(2))


def test_expire_is_dated_the_day_after_the_permit_ends(staff, village):
    group = make_group(village, permit=(days_ago(400), days_ago(-10)))
    with pytest.raises(ValidationError):  # the permit still runs: the step is not offered
        services.group_expire(actor=staff.county, group=group)
    Group.objects.filter(pk=group.pk).update(permit_expires_on=days_ago(3))
    Permit.objects.filter(group=group).update(expires_on=days_ago(3))
    group.refresh_from_db()
    services.group_expire(actor=staff.county, group=group)
    assert group.status_changes.get(to_status=GroupStatus.EXPIRED).on == days_ago(2)


def test_renewal_of_an_expired_group_makes_it_active_from_its_issue(staff, village):
    group = make_group(village, permit=(days_ago(500), days_ago(100)))
    assert group.status == GroupStatus.EXPIRED
    services.permit_renew(
        actor=staff.clerk,
        group=group,
        number="N2",
        issued_on=days_ago(50),
        expires_on=days_ago(-315),
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.ACTIVE
    assert group.permit_expires_on == days_ago(-315) and group.permit_number == "N2"
    assert group.status_changes.get(until__isnull=True).on == days_ago(50)


def test_renewal_must_follow_the_previous_permit(staff, village):
    group = make_group(village, permit=(days_ago(300), days_ago(-65)))
    with pytest.raises(ValidationError) as error:
        services.permit_renew(
            actor=staff.clerk, group=group, issued_on=days_ago(300), expires_on=days_ago(-400)
        )
    assert "پیشین" in _message(error, "issued_on")


def test_renewal_expiring_before_it_is_issued_is_refused(staff, group):
    with pytest.raises(ValidationError) as error:
        services.permit_renew(
            actor=staff.clerk, group=group, issued_on=days_ago(5), expires_on=days_ago(6)
        )
    assert _message(error, "permit_expires_on")
    assert not Permit.objects.filter(group=group).exists()


def test_renewal_keeps_a_suspended_group_suspended(staff, village):
    group = make_group(village, permit=(days_ago(300), days_ago(-65)))
    services.group_suspend(actor=staff.county, group=group, reason="-", on=days_ago(10))
    services.permit_renew(
        actor=staff.clerk, group=group, issued_on=days_ago(5), expires_on=days_ago(-360)
    )
    group.refresh_from_db()
    assert group.status == GroupStatus.SUSPENDED


def test_dissolving_ends_memberships_and_leader_accounts(staff, group, leader, village):
    member = services.member_add(
        actor=staff.clerk, group=group, person=make_person(village), joined_on=days_ago(10)
    )
    services.group_dissolve(actor=staff.county, group=group, reason="پایان فعالیت", on=days_ago(1))
    member.refresh_from_db()
    assert member.left_on == days_ago(1)
    assert not group.leaderships.filter(until__isnull=True).exists()
    with pytest.raises(ValidationError):
        services.group_reinstate(actor=staff.county, group=group)


def test_lapses_are_recorded_in_bulk_with_one_event(staff, village):
    lapsed = [make_group(village, permit=(days_ago(400), days_ago(-10))) for _ in range(3)]
    Group.objects.filter(pk__in=[g.pk for g in lapsed]).update(permit_expires_on=days_ago(4))
    running = make_group(village, permit=(days_ago(300), days_ago(0)))  # ends today: still valid
    before = AuditEvent.objects.count()
    assert services.groups_lapse(actor=staff.county) == 3
    assert AuditEvent.objects.count() == before + 1
    assert set(Group.objects.filter(status=GroupStatus.EXPIRED)) == set(lapsed)
    running.refresh_from_db()
    assert running.status == GroupStatus.ACTIVE
    for group in lapsed:
        assert group.status_changes.get(until__isnull=True).on == days_ago(3)
    assert services.groups_lapse(actor=staff.county) == 0


# Members ---------------------------------------------------------------------------------


def test_a_member_is_added_once(staff, group, village):
    person = make_person(village)
    services.member_add(actor=staff.clerk, group=group, person=person, skills="بنایی")
    with pytest.raises(ValidationError) as error:
        services.member_add(actor=staff.clerk, group=group, person=person)
    assert "عضو این گروه" in _message(error, "national_code")
    assert group.memberships.filter(person=person).count() == 1


def test_a_member_who_left_may_join_again(staff, group, village):
    person = make_person(village)
    membership = services.member_add(
        actor=staff.clerk, group=group, person=person, joined_on=days_ago(30)
    )
    services.member_leave(actor=staff.clerk, membership=membership, on=days_ago(10))
    services.member_add(actor=staff.clerk, group=group, person=person)
    assert group.memberships.filter(person=person).count() == 2


def test_leaving_before_joining_is_refused(staff, group, village):
    membership = services.member_add(
        actor=staff.clerk, group=group, person=make_person(village), joined_on=days_ago(5)
    )
    with pytest.raises(ValidationError) as error:
        services.member_leave(actor=staff.clerk, membership=membership, on=days_ago(6))
    assert "پیش از" in _message(error, "on")
    services.member_leave(actor=staff.clerk, membership=membership, on=days_ago(5))


def test_the_leader_role_is_given_by_set_leader(staff, group, village):
    person = make_person(village)
    with pytest.raises(ValidationError):
        services.member_add(actor=staff.clerk, group=group, person=person, role=MemberRole.LEADER)
    first = make_person(village)
    services.group_set_leader(actor=staff.clerk, group=group, person=first)
    services.group_set_leader(actor=staff.clerk, group=group, person=person)
    roles = dict(group.memberships.values_list("person_id", "role"))
    assert roles == {first.pk: MemberRole.MEMBER, person.pk: MemberRole.LEADER}
    group.refresh_from_db()
    assert group.leader == person


# Leader accounts -------------------------------------------------------------------------


def test_a_leader_account_needs_the_role_over_the_groups_county(staff, group, areas):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    elsewhere = user_with_role("leader2401", Role.GROUP_LEADER, areas["2401"])
    with pytest.raises(ValidationError) as error:
        services.leadership_grant(actor=staff.county, group=group, user=elsewhere)
    assert "نقش سرگروه" in _message(error, "username")
    clerk = user_with_role("notaleader", Role.DATA_CLERK, areas["2403"])
    with pytest.raises(ValidationError):
        services.leadership_grant(actor=staff.county, group=group, user=clerk)


def test_a_leader_account_is_linked_once(staff, group, leader):
    with pytest.raises(ValidationError):
        services.leadership_grant(actor=staff.county, group=group, user=leader)


# Deployments -------------------------------------------------------------------------------


def test_a_deployment_belongs_to_the_groups_county(staff, group, village):
    deployment = _report(staff.clerk, group, village)
    assert deployment.area == group.area and deployment.volunteer_days == 8 * 3


def test_a_deployment_ending_before_it_starts_is_refused(staff, group, village):
    with pytest.raises(ValidationError) as error:
        _report(staff.clerk, group, village, started_on=days_ago(2), ended_on=days_ago(3))
    assert "پیش از" in _message(error, "ended_on")
    assert not Deployment.objects.exists()


def test_a_one_day_deployment_is_accepted(staff, group, village):
    assert (
        _report(staff.clerk, group, village, started_on=days_ago(2), ended_on=days_ago(2)).days == 1
    )


def test_a_deployment_ending_in_the_future_is_refused(staff, group, village):
    with pytest.raises(ValidationError) as error:
        _report(staff.clerk, group, village, started_on=days_ago(0), ended_on=days_ago(-1))
    assert "آینده" in _message(error, "ended_on")
    _report(staff.clerk, group, village, started_on=days_ago(0), ended_on=days_ago(0))


def test_volunteer_days_up_to_volunteers_times_days(staff, group, village):
    assert _report(staff.clerk, group, village, volunteer_days=24).volunteer_days == 24
    with pytest.raises(ValidationError) as error:
        _report(staff.clerk, group, village, volunteer_days=25)
    assert _message(error, "volunteer_days")


def test_people_served_is_bounded(staff, group, village):
    from abadi.volunteers.models import MAX_PEOPLE_SERVED

    _report(staff.clerk, group, village, people_served=MAX_PEOPLE_SERVED)
    with pytest.raises(ValidationError):
        _report(staff.clerk, group, village, people_served=MAX_PEOPLE_SERVED + 1)


def test_a_deployment_is_refused_while_the_group_is_suspended(staff, group, village):
    services.group_suspend(actor=staff.county, group=group, reason="-", on=days_ago(10))
    with pytest.raises(ValidationError) as error:
        _report(staff.clerk, group, village, started_on=days_ago(10), ended_on=days_ago(9))
    assert "فعال نبود" in _message(error, "started_on")
    # The day before the suspension the group was active.
    _report(staff.clerk, group, village, started_on=days_ago(11), ended_on=days_ago(9))


def test_a_deployment_must_be_done_in_a_village_or_city(staff, group, areas):
    with pytest.raises(ValidationError) as error:
        _report(staff.clerk, group, areas["2403"])
    assert _message(error, "place")


def test_a_leader_reports_for_their_own_group(group, leader, village):
    deployment = _report(leader, group, village)
    assert deployment.reported_by == leader


def test_a_leader_reporting_for_another_group_is_refused(group, other_group, leader, village):
    with pytest.raises(PermissionDenied):
        _report(leader, other_group, village)
    assert not Deployment.objects.exists()


def test_a_leader_whose_link_ended_may_not_report(staff, group, leader, village):
    link = group.leaderships.get(user=leader)
    services.leadership_end(actor=staff.county, leadership=link)
    with pytest.raises(PermissionDenied):
        _report(leader, group, village)


def test_deployment_link_names_a_project_or_event(staff, group, village):
    deployment = _report(staff.clerk, group, village)
    services.deployment_link(actor=staff.county, deployment=deployment, project_id=7)
    deployment.refresh_from_db()
    assert (deployment.project_id, deployment.event_id) == (7, None)
    with pytest.raises(ValidationError):
        services.deployment_link(actor=staff.county, deployment=deployment, event_id=0)


def test_photos_are_checked_by_content_and_counted(staff, group, village):
    from django.core.files.uploadedfile import SimpleUploadedFile

    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    deployment = _report(
        staff.clerk,
        group,
        village,
        photos=[SimpleUploadedFile(f"p{n}.png", png, content_type="image/png") for n in range(10)],
    )
    assert deployment.photos.count() == 10
    with pytest.raises(ValidationError) as error:
        services.deployment_photo_add(
            actor=staff.clerk,
            deployment=deployment,
            file=SimpleUploadedFile("more.png", png, content_type="image/png"),
        )
    assert _message(error, "photos")
    fake = SimpleUploadedFile("fake.jpg", b"not a photo", content_type="image/jpeg")
    other = _report(staff.clerk, group, village)
    with pytest.raises(ValidationError):
        services.deployment_photo_add(actor=staff.clerk, deployment=other, file=fake)
    assert other.photos.count() == 0


def test_bulk_registration_is_one_event_and_refuses_a_taken_atlas_id(staff, group, areas):
    rows = [
        services.LightGroup(
            atlas_id=f"L{n:05d}",
            name=f"گروه {n}",
            group_type=GroupType.STUDENT,
            main_domain=Domain.SERVICES,
            home=areas["1501"],
            county=areas["1501"],
            active_since=days_ago(30),
        )
        for n in range(50)
    ]
    before = AuditEvent.objects.count()
    ids = services.groups_register_bulk(actor=SYSTEM, rows=rows)
    assert len(ids) == 50 and AuditEvent.objects.count() == before + 1
    assert GroupDomain.objects.filter(group_id__in=ids.values()).count() == 50
    assert StatusChange.objects.filter(group_id__in=ids.values(), until__isnull=True).count() == 50
    taken = services.LightGroup(
        atlas_id=group.atlas_id,
        name="تکراری",
        group_type=GroupType.STUDENT,
        main_domain=Domain.SERVICES,
        home=areas["1501"],
        county=areas["1501"],
        active_since=days_ago(1),
    )
    with pytest.raises(ValidationError):
        services.groups_register_bulk(actor=SYSTEM, rows=[taken])
    with pytest.raises(PermissionDenied):
        services.groups_register_bulk(actor=staff.manager, rows=[rows[0]])


def test_the_daily_lapse_command(village, capsys):
    from django.core.management import call_command

    group = make_group(village, permit=(days_ago(400), days_ago(-10)))
    Group.objects.filter(pk=group.pk).update(permit_expires_on=days_ago(1))
    call_command("volunteers_lapse")
    assert "1 lapsed" in capsys.readouterr().out
    group.refresh_from_db()
    assert group.status == GroupStatus.EXPIRED

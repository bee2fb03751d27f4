import pytest
from django.db import DatabaseError, connection, transaction

from abadi.core.audit import audit_record, changed, snapshot
from abadi.core.models import AuditEvent
from abadi.core.selectors import audit_history, audit_log
from abadi.organisations.models import Organisation


@pytest.fixture
def event(areas, manager):
    organisation = Organisation.objects.create(
        name="بانک ملی", kind="agent_bank", area=areas["2401"], search_key="x"
    )
    return audit_record(
        actor=manager, action="organisation.create", obj=organisation, new={"name": "بانک ملی"}
    )


def test_an_event_records_actor_object_and_area(event, manager, areas):
    assert event.actor == manager
    assert event.actor_name == "manager24"
    assert event.object_repr == "بانک ملی"
    assert event.area == areas["2401"]
    assert event.new_values == {"name": "بانک ملی"}


def test_the_app_cannot_change_or_delete_an_event(event):
    event.action = "forged"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_changes_on_postgresql(event):
    """On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE even in raw SQL."""
    statements = [
        "UPDATE core_auditevent SET action = 'forged'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent CASCADE",
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Check this test's deferred foreign keys now, so TRUNCATE meets the audit trigger.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for statement in statements:
        if connection.vendor == "postgresql":
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
        assert AuditEvent.objects.get(pk=event.pk).action == "organisation.create"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'core_auditevent_%%'")
            assert cursor.fetchone()[0] == 2


def test_snapshot_and_changed(areas):
    organisation = Organisation(name="الف", kind="guild", area=areas["24"], search_key="الف")
    values = snapshot(organisation, ["name", "area"])
    assert values == {"name": "الف", "area_id": areas["24"].pk}
    assert changed({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})


def test_auditor_sees_only_events_of_their_area(event, areas, county_officer):
    from abadi.core.permissions import Role
    from abadi.testing import user_with_role

    auditor_2403 = user_with_role("auditor2403", Role.AUDITOR, areas["2403"])
    auditor_24 = user_with_role("auditor24", Role.AUDITOR, areas["24"])
    assert list(audit_log(actor=auditor_24)) == [event]
    assert list(audit_log(actor=auditor_2403)) == []
    assert list(audit_log(actor=county_officer)) == []


def test_history_of_a_record(event, manager, officer_2401):
    organisation = Organisation.objects.get()
    assert list(audit_history(actor=officer_2401, obj=organisation)) == [event]


def _history(client, user, label, pk):
    client.force_login(user)
    return client.get(f"/audit/history/{label}/{pk}/")


def test_history_is_shown_only_for_records_the_viewer_may_open(
    client, event, manager, officer_2401, county_officer, admin_user
):
    """The panel opens the record through its own selector: the same 404 as the record."""
    organisation = Organisation.objects.get()  # in county 2401
    assert (
        _history(client, officer_2401, "organisations.organisation", organisation.pk).status_code
        == 200
    )
    assert (
        _history(client, county_officer, "organisations.organisation", organisation.pk).status_code
        == 404
    )
    assert client.get(f"/organisations/{organisation.pk}/").status_code == 404
    # Records no page opens have no history panel: users, tokens, the log itself.
    for label, pk in (
        ("accounts.user", manager.pk),
        ("accounts.apitoken", 1),
        ("core.auditevent", event.pk),
        ("core.nothing", 1),
    ):
        assert _history(client, admin_user, label, pk).status_code == 404
    # An id that is not one answers 404, not a server error.
    assert _history(client, admin_user, "organisations.organisation", "abc").status_code == 404


def test_global_log_page(client, event, manager):
    client.force_login(manager)
    response = client.get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ثبت دستگاه" in page  # the action by its label, not its code
    assert "organisation.create" not in page


def test_the_history_panel_shows_twenty_events_then_appends_the_older(client, event, manager):
    """Exactly a page of events shows no button; one event more shows twenty and a button
    whose page holds the twenty-first, the oldest."""
    from abadi.core.views import HISTORY_PAGE

    organisation = Organisation.objects.get()
    label = "organisations.organisation"

    def record(n):
        for number in range(n):
            audit_record(
                actor=manager,
                action="organisation.update",
                obj=organisation,
                new={"name": f"نام {number}"},
            )

    record(HISTORY_PAGE - 1)  # with the fixture's own event: exactly one page
    first = _history(client, manager, label, organisation.pk).content.decode()
    assert first.count('data-testid="audit-event"') == HISTORY_PAGE
    assert 'data-testid="history-more"' not in first

    record(1)
    first = _history(client, manager, label, organisation.pk).content.decode()
    assert first.count('data-testid="audit-event"') == HISTORY_PAGE
    assert 'data-testid="history-more"' in first and "?page=2" in first
    assert "۲۰ از ۲۱" in first
    older = client.get(f"/audit/history/{label}/{organisation.pk}/?page=2").content.decode()
    assert older.count('data-testid="audit-event"') == 1
    assert 'data-testid="record-history"' not in older and "history-more" not in older

import pytest
from django.db import connection
from django.db.backends.signals import connection_created

from abadi.core.permissions import Role
from abadi.testing import area_tree, edge_of_day, user_with_role


@pytest.fixture(autouse=True)
def _clock_at_the_edge_of_the_day():
    """`ABADI_TEST_CLOCK=HH:MM` runs every test at that minute of today in Tehran (see
    :func:`abadi.testing.edge_of_day`)."""
    with edge_of_day():
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher costs about a second per user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def areas(db):
    return area_tree()


@pytest.fixture
def admin_user(areas):
    return user_with_role("admin", Role.SYSTEM_ADMIN, None)


@pytest.fixture
def manager(areas):
    return user_with_role("manager24", Role.PROVINCE_MANAGER, areas["24"])


@pytest.fixture
def county_officer(areas):
    return user_with_role("officer2403", Role.COUNTY_OFFICER, areas["2403"])


@pytest.fixture
def officer_2401(areas):
    return user_with_role("officer2401", Role.COUNTY_OFFICER, areas["2401"])


def _purge_allowed(sender, connection, **kwargs):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET abadi.audit_purge = 'on'")


@pytest.fixture(autouse=True)
def _allow_audit_purge_on_flush(request):
    """Transactional tests end with a flush (TRUNCATE); let it past the audit trigger.

    Only these tests' connections say so; ordinary tests meet the trigger as production does.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = bool({"transactional_db", "live_server"} & set(request.fixturenames)) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if not transactional:
        yield
        return
    connection_created.connect(_purge_allowed)
    if connection.connection is not None:
        _purge_allowed(None, connection)
    yield
    connection_created.disconnect(_purge_allowed)

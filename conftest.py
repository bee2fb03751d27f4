import datetime
import os
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.db.backends.signals import connection_created

from abadi.core.permissions import Role
from abadi.testing import area_tree, user_with_role

# `ABADI_TEST_CLOCK=HH:MM` runs every test at that minute of today in Tehran. `make test`
# runs the suite once at 23:59 and once at 00:01, either side of the office's midnight (00:01
# in Tehran is still the day before in UTC), so a test or a service that takes the date from
# another clock than `abadi.core.clock` fails whatever hour the suite runs at. The process's
# own time zone is set to UTC meanwhile, as on the servers, so `datetime.date.today()` gives
# the other day.
TEST_CLOCK = os.environ.get("ABADI_TEST_CLOCK", "")


@pytest.fixture(autouse=True)
def _clock_at_the_edge_of_the_day():
    if not TEST_CLOCK:
        yield
        return
    tehran = zoneinfo.ZoneInfo("Asia/Tehran")
    hour, minute = (int(part) for part in TEST_CLOCK.split(":"))
    day = datetime.datetime.now(tehran).date()
    moment = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=tehran)
    # A destination in a ZoneInfo zone makes time-machine set the process's zone to it.
    with time_machine.travel(moment.astimezone(zoneinfo.ZoneInfo("UTC")), tick=False):
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

"""One world of sample records per test module (built once, rolled back at the end)."""

import pytest
from django.db import transaction
from django.test.utils import override_settings

from abadi.testing import edge_of_day
from tests.guard.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=str(media)),
        edge_of_day(),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)

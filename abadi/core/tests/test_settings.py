"""Production settings refuse to start with development defaults."""

import os
import subprocess
import sys

import pytest

SCRIPT = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.production'; django.setup()"
)
GOOD_KEY = "k" * 20 + "-Zq8#xP2!m" * 5


def start(**env):
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ABADI_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ABADI_SECRET_KEY": GOOD_KEY}, "ABADI_DEBUG"),  # DEBUG defaults to on
        ({"ABADI_DEBUG": "1", "ABADI_SECRET_KEY": GOOD_KEY}, "ABADI_DEBUG"),
        ({"ABADI_DEBUG": "0"}, "ABADI_SECRET_KEY"),
        (
            {"ABADI_DEBUG": "0", "ABADI_SECRET_KEY": "abadi-development-key-not-for-production"},
            "ABADI_SECRET_KEY",
        ),
        ({"ABADI_DEBUG": "0", "ABADI_SECRET_KEY": "short"}, "ABADI_SECRET_KEY"),
    ],
)
def test_production_refuses_development_defaults(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_starts_with_a_real_key():
    result = start(ABADI_DEBUG="0", ABADI_SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr

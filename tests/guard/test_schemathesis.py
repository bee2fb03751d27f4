"""schemathesis over the live OpenAPI document: every operation, generated input, as a user
holding every role of the province and as a county officer. No answer is a 5xx, and every
answer conforms to the document (its status is declared, its body matches the schema).

Requests go to the WSGI application in this process, inside the module's world (see
``conftest.py``); the number of examples per operation is small and the generation
derandomised, so the run is the same on every machine and stays within a few minutes.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("ABADI_SCHEMATHESIS_EXAMPLES", "30"))
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# What the API promises: no server error, and every answer as the document declares it.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = {result.ok().label: result.ok() for result in SCHEMA.get_all_operations()}


def _run(operation, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_operation_conforms_for_the_province(world, same_connection, label):
    _run(OPERATIONS[label], world.province_token)


@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_every_operation_conforms_for_a_county_officer(world, same_connection, label):
    _run(OPERATIONS[label], world.counties["A"].tokens["county_officer"])

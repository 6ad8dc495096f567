"""schemathesis against /api/v1/openapi.json: generated requests (bounded) never get a 5xx,
and every response matches the documented schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from tests.pipeline.test_incident_support import World
from tests.web.site_support import People, app_of, bearer

pytestmark = pytest.mark.slow
# No 5xx, and the status, content type, headers and body are the documented ones. A request
# that fits the JSON Schema may still be refused with a 4xx (an address that does not
# exist, a list that is not there): that is the API working, so "positive data accepted" is
# not among the checks.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 6  # per operation: bounded, so the whole document runs in CI in about a minute


def check_operation(operation: Any, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_every_operation_answers_as_documented(world: World, people: People) -> None:
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app_of(world))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        check_operation(operation, bearer(people, people.admin))

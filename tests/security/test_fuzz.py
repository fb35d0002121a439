"""Fuzzing: schemathesis drives every GET operation of the served OpenAPI schema (/openapi.json,
through the WSGI application) as an admin, on a bounded budget, and no answer is a 5xx or breaks
the schema it documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from people.models import Role
from people.tokens import issue_login_tokens
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, add_to_team

EXAMPLES_PER_OPERATION = 2
# Served at the root and again under /api: the root copy is fuzzed once.
ROOT_PATHS = r"^/(?!api/)"
# Operations whose GET starts long media work (exports, builds): not for a fuzz budget.
SLOW_OPERATIONS = r"/(build/mp4|download/zip|extract-[a-z-]+|export/csv/.*)/?$"


@pytest.fixture
def wsgi_app(db) -> Iterator[WSGIHandler]:
    """The WSGI application, keeping the test's connection (and transaction) across requests,
    as Django's test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app):
    return schemathesis.openapi.from_wsgi("/openapi.json", wsgi_app)


@pytest.fixture
def admin_headers(db) -> dict[str, str]:
    admin = PersonFactory(role=Role.ADMIN, email="fuzz-admin@example.com")
    add_to_team(ProjectFactory(name="Fuzzed"), admin)
    return {"Authorization": f"Bearer {issue_login_tokens(admin)['access_token']}"}


schema = (
    schemathesis.pytest.from_fixture("api_schema")
    .include(method="GET", path_regex=ROOT_PATHS)
    .exclude(path_regex=SLOW_OPERATIONS)
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_get_operation_fails_on_generated_input(case, admin_headers):
    case.call_and_validate(
        headers=admin_headers, checks=[not_a_server_error, response_schema_conformance]
    )

"""Fuzzing: schemathesis drives every operation of the served OpenAPI schema (/openapi.json)
against a live server holding the matrix dataset, as its admin, on a bounded budget; no answer
is a 5xx or breaks the schema it documents.

Ids in paths name the dataset's objects (by the same table as the matrix), so generated bodies
reach the views' validation and services rather than stopping at a 404. Reads and writes run
first, deletions last on a fresh dataset, so that they do not empty the others' dataset.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from people.tokens import issue_login_tokens
from tests.security.dataset import Dataset, build_dataset
from tests.security.routes import object_parameter

EXAMPLES_PER_OPERATION = 2
# Operations that start long media work (movie builds, frame extraction, exports, zips): not
# for a fuzz budget; their own tests cover them.
SLOW_OPERATIONS = r"/(build/mp4|download/zip|extract-[a-z-]+|export/csv/.*)$"
SCHEMA_PARAMETER = re.compile(r"\{(\w+)\}")


@pytest.fixture
def fuzz_dataset(transactional_db, module_media) -> Dataset:
    """The matrix dataset, committed so that the live server's thread reads it."""
    return build_dataset()


def path_with_angle_parameters(path: str) -> str:
    return SCHEMA_PARAMETER.sub(r"<\1>", path)


@pytest.fixture
def api_schema(openapi_document, live_server, fuzz_dataset):
    admin = fuzz_dataset.a_team["admin"]
    schema = schemathesis.openapi.from_dict(openapi_document)
    schema.config.update(
        base_url=live_server.url,
        headers={"Authorization": f"Bearer {issue_login_tokens(admin)['access_token']}"},
    )
    # The coverage phase makes a case per boundary of every field: unbounded for a CI run.
    schema.config.phases.update(phases=["examples", "fuzzing"])
    objects = fuzz_dataset.objects

    @schema.hook
    def map_path_parameters(context, path_parameters):
        route_path = path_with_angle_parameters(context.operation.path)
        for name in path_parameters or {}:
            key = object_parameter(route_path, name)
            if key in objects:
                path_parameters[name] = str(getattr(objects[key], "token", objects[key].pk))
        return path_parameters

    return schema


schema = schemathesis.pytest.from_fixture("api_schema").exclude(path_regex=SLOW_OPERATIONS)
BUDGET = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
CHECKS = [not_a_server_error, response_schema_conformance]


@schema.include(method=["GET", "POST", "PUT", "PATCH"]).parametrize()
@BUDGET
def test_no_read_or_write_fails_on_generated_input(case):
    case.call_and_validate(checks=CHECKS)


@schema.include(method="DELETE").parametrize()
@BUDGET
def test_no_deletion_fails_on_generated_input(case):
    case.call_and_validate(checks=CHECKS)

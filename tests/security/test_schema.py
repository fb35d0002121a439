"""The served OpenAPI schema: each route once at its reference path, uuid ids, a body for
the views that read one without a serializer and the query parameters each route reads
(kitsu_site/api/schema.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

UUID = {"type": "string", "format": "uuid"}
STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
# The query parameters the official client (gazu) sends, per route: a copy of
# shared/spec/gazu_query_params.tsv. Its `download`/`upload` methods are plain GET/POST.
GAZU_QUERY_PARAMS = Path(__file__).with_name("gazu_query_params.tsv")
GAZU_METHODS = {"download": "get", "upload": "post"}
# What gazu sends that the route does not read, by (method, path pattern).
NOT_READ = (
    # The task lists of an entity answer the same rows whatever `relations` says.
    ("get", r"/data/\w+/\{id\}/([a-z]+-)?tasks", {"relations"}),
    # These deletions delete outright: `force` changes nothing.
    ("delete", r"/data/(preview-files|studios)/\{id\}", {"force"}),
    ("post", r"/actions/projects/\{id\}/delete-entities", {"force"}),
)


def operations(document: dict):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def body_of(document: dict, method: str, path: str) -> dict | None:
    return document["paths"][path][method].get("requestBody")


def test_each_route_is_described_once_at_its_reference_path(openapi_document):
    paths = list(openapi_document["paths"])
    assert [path for path in paths if path == "/api" or path.startswith("/api/")] == []
    assert [path for path in paths if path.endswith("/")] == ["/"]
    assert "/data/tasks/{instance_id}" in paths


def test_ids_in_paths_are_uuids(openapi_document):
    not_uuid = {
        (path, parameter["name"])
        for path, _, operation in operations(openapi_document)
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
        and parameter["name"].endswith("_id")
        and parameter["schema"] != UUID
    }
    assert not_uuid == set()
    task = openapi_document["paths"]["/data/tasks/{instance_id}"]["get"]["parameters"]
    assert [p["schema"] for p in task if p["name"] == "instance_id"] == [UUID]


def test_bodies_are_described_from_what_views_read(openapi_document):
    ids = {"type": "array", "items": UUID}
    assert body_of(openapi_document, "post", "/actions/task-types/reorder") == {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {"task_type_ids": ids},
                    "additionalProperties": True,
                }
            }
        }
    }
    password = body_of(openapi_document, "post", "/actions/persons/{person_id}/change-password")
    assert password["content"]["application/json"]["schema"]["properties"] == {
        "password": {"type": "string"},
        "password_2": {"type": "string"},
    }
    assert body_of(openapi_document, "post", "/pictures/preview-files/{instance_id}") == {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        }
    }
    casting = body_of(openapi_document, "put", "/data/assets/{asset_id}/casting")
    assert casting == {"content": {"application/json": {"schema": {}}}}
    reset_link = "/actions/persons/{person_id}/reset-password-link"
    assert body_of(openapi_document, "post", reset_link) is None


def query_parameters(document: dict, method: str, path: str) -> dict[str, dict]:
    operation = document["paths"][path][method]
    return {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}


def test_model_lists_describe_their_filters_and_the_reserved_keys(openapi_document):
    tasks = query_parameters(openapi_document, "get", "/data/tasks")
    assert tasks["project_id"] == UUID
    assert tasks["assignees"] == UUID
    assert tasks["name"] == STRING
    assert tasks["priority"] == INTEGER
    assert tasks["episode_id"] == UUID  # a computed filter
    assert {key: tasks[key] for key in ("page", "limit", "relations", "fields")} == {
        "page": INTEGER,
        "limit": INTEGER,
        "relations": BOOLEAN,
        "fields": STRING,
    }
    persons = query_parameters(openapi_document, "get", "/data/persons")
    assert {"full_name", "with_pass_hash", "email", "active"} <= set(persons)
    # Secrets never appear as filters.
    assert {"password", "totp_secret", "jti"} & set(persons) == set()


def test_views_describe_the_query_keys_they_read(openapi_document):
    assert query_parameters(openapi_document, "get", "/data/events/last") == {
        "cursor_event_id": UUID,
        "project_id": UUID,
        "name": STRING,
        "name_prefixes": STRING,
        "name_suffixes": STRING,
        "only_files": BOOLEAN,
        "after": STRING,
        "before": STRING,
        "person_ids": STRING,
        "limit": INTEGER,
    }
    assert query_parameters(openapi_document, "get", "/data/tasks/{instance_id}") == {
        "relations": BOOLEAN
    }
    assert query_parameters(openapi_document, "delete", "/data/projects/{instance_id}") == {
        "force": BOOLEAN
    }
    frame = "/actions/preview-files/{preview_file_id}/extract-frame"
    assert query_parameters(openapi_document, "get", frame) == {"frame_number": STRING}
    annotated = "/actions/preview-files/{preview_file_id}/extract-annotated-frame"
    assert query_parameters(openapi_document, "get", annotated) == {"frame_number": INTEGER}
    output_files = query_parameters(
        openapi_document, "get", "/data/entities/{entity_id}/output-files"
    )
    assert set(output_files) >= {"output_type_id", "task_type_id", "file_status_id", "name"}
    assert "parameters" not in openapi_document["paths"]["/data/events/names"]["get"]


def gazu_query_parameters() -> dict[tuple[str, str], set[str]]:
    """(method, path with `{id}`) -> the query keys gazu sends there (`force=true` -> force)."""
    wanted: dict[tuple[str, str], set[str]] = {}
    with GAZU_QUERY_PARAMS.open() as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            method = GAZU_METHODS.get(row["method"], row["method"])
            keys = {key.split("=")[0] for key in row["query_params"].split(",")}
            wanted.setdefault((method, row["path"]), set()).update(keys)
    return wanted


def not_read(method: str, path: str) -> set[str]:
    return {
        key
        for exception_method, pattern, keys in NOT_READ
        if exception_method == method and re.fullmatch(pattern, path)
        for key in keys
    }


def test_every_query_parameter_the_official_client_sends_is_described(openapi_document):
    described = {
        (method, re.sub(r"\{\w+\}", "{id}", path)): {
            p["name"] for p in operation.get("parameters", []) if p["in"] == "query"
        }
        for path, method, operation in operations(openapi_document)
    }
    missing = {
        route: sorted(keys - described[route] - not_read(*route))
        for route, keys in gazu_query_parameters().items()
        if route in described and keys - described[route] - not_read(*route)
    }
    assert missing == {}
    excused = {
        route: sorted(keys & not_read(*route))
        for route, keys in gazu_query_parameters().items()
        if route in described and keys & not_read(*route)
    }
    # Each exception is needed: none names a key the route reads, or a route gazu never calls.
    assert all(not (set(keys) & described[route]) for route, keys in excused.items())
    assert {key for keys in excused.values() for key in keys} == {
        key for _, _, keys in NOT_READ for key in keys
    }
    assert len({(route[0], route[1]) for route in gazu_query_parameters()} & set(described)) > 60

"""Shared helpers of the projects, metadata descriptor and template tests."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import Person
from production.models import Project
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import add_to_team

FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_FOUND = {"error": True, "message": NOT_FOUND_MESSAGE}
MALFORMED = {"error": True, "message": "Malformed ID.", "data": None}
# Caller kinds of the role matrix: a role, and whether the caller is in the project's team.
CALLERS = (
    "admin",
    "manager_in",
    "manager_out",
    "supervisor_in",
    "user_in",
    "user_out",
    "client_in",
    "vendor_in",
)


@dataclass
class Caller:
    person: Person
    client: APIClient


def make_callers(project: Project) -> dict[str, Caller]:
    """One caller per kind of the role matrix, the `_in` ones in `project`'s team."""
    callers = {}
    for kind in CALLERS:
        role = kind.split("_")[0]
        person = PersonFactory(role=role, email=f"{kind}@example.com")
        if kind.endswith("_in"):
            add_to_team(project, person)
        callers[kind] = Caller(person, client_for(person))
    return callers


def allowed(callers: dict[str, Caller], request, *, expect_ok: int) -> dict[str, bool]:
    """Which caller kinds get `expect_ok` from `request(client)` (the others must get a 403)."""
    outcome = {}
    for kind, caller in callers.items():
        response = request(caller.client)
        assert response.status_code in (expect_ok, 403), (kind, response.status_code)
        if response.status_code == 403:
            assert response.json() == FORBIDDEN
        outcome[kind] = response.status_code == expect_ok
    return outcome


def event_names() -> list[str]:
    return list(ApiEvent.objects.order_by("created_at", "id").values_list("name", flat=True))


def events() -> list[tuple[str, dict, str | None]]:
    return [
        (event.name, event.data, str(event.project_id) if event.project_id else None)
        for event in ApiEvent.objects.order_by("created_at", "id")
    ]


def count_queries(client: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)

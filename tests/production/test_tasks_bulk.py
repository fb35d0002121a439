"""Bulk task creation and assignment with their commits for real: the tasks go in with one
insert, their events with one more after the commit, whatever their number (studios create and
assign thousands of tasks at once)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from production.models import Task
from reviews.models import Notification
from tests.production.factories import shot
from tests.production.tasks_helpers import build_production

# Real commits: the events of a bulk write are logged when its transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def prod(admin):
    return build_production(admin)


def create_url(prod) -> str:
    return f"/actions/projects/{prod.project.id}/task-types/{prod.anim_type.id}/shots/create-tasks"


def writes(queries: CaptureQueriesContext, table: str) -> int:
    return sum(
        1 for query in queries if f'"{table}"' in query["sql"] and "SELECT" not in query["sql"]
    )


def test_creation_inserts_tasks_and_events_once_whatever_their_number(prod):
    client = prod.client("manager")
    client.post(create_url(prod), [str(prod.shots[0].id)], format="json")  # caches warmed
    with CaptureQueriesContext(connection) as few:
        client.post(create_url(prod), [str(prod.shots[1].id)], format="json")
    shots = [shot(prod.project, prod.sequences[0], f"SH{n}") for n in range(130, 100, -1)]
    with CaptureQueriesContext(connection) as many:
        response = client.post(create_url(prod), [str(s.id) for s in shots], format="json")
    assert response.status_code == 201
    assert len(few) == len(many)
    assert (writes(many, "task"), writes(many, "api_event")) == (1, 1)
    by_name = sorted(shots, key=lambda entity: entity.name)
    assert [row["entity_id"] for row in response.json()] == [str(s.id) for s in by_name]
    tasks = list(Task.objects.filter(entity__in=shots).order_by("created_at"))
    assert [task.entity_id for task in tasks] == [s.id for s in by_name]
    assert all(task.created_at == task.updated_at for task in tasks)
    assert {(task.name, task.task_status_id, task.assigner_id) for task in tasks} == {
        ("main", prod.todo.id, prod.people["manager"].id)
    }
    events = list(ApiEvent.objects.filter(name="task:new").order_by("created_at"))[2:]
    assert [(event.data, event.user_id, event.project_id) for event in events] == [
        (
            {"task_id": str(task.id), "project_id": str(prod.project.id)},
            prod.people["manager"].id,
            prod.project.id,
        )
        for task in tasks
    ]


def test_assignment_inserts_its_events_once_whatever_the_task_count(prod, settings):
    settings.WEBHOOK_CACHE_SECONDS = 3600  # no webhook: read once, however slow the machine
    client = prod.client("manager")
    artist = prod.people["artist"]
    url = f"/actions/persons/{artist.id}/assign"
    warm_up = prod.task(prod.assets[0])  # caches warmed
    client.put(
        f"/actions/persons/{prod.people['modeler'].id}/assign",
        {"task_ids": [str(warm_up.id)]},
        format="json",
    )
    first = prod.task(prod.shots[0])
    with CaptureQueriesContext(connection) as few:
        client.put(url, {"task_ids": [str(first.id)]}, format="json")
    others = [prod.task(entity) for entity in prod.shots[1:]]
    with CaptureQueriesContext(connection) as many:
        response = client.put(url, {"task_ids": [str(t.id) for t in others]}, format="json")
    assert response.status_code == 200
    # The caller (person, revocation), the assignee, BEGIN; the tasks, the manager's roles,
    # the tasks' wire rows before and after the write (with their assignees: two queries each;
    # those after are the answer), the links, the tasks' assigner, the team, the notifications
    # and their channels; COMMIT, the events.
    assert len(few) == len(many) == 17
    assert writes(many, "api_event") == 1
    assert [row["assignees"] for row in response.json()] == [[str(artist.id)]] * 2
    logged = [
        (event.name, event.data)
        for event in ApiEvent.objects.filter(name__startswith="task:").order_by("created_at")
        if event.data["task_id"] != str(warm_up.id)
    ]
    assert logged == [
        (name, data)
        for task in (first, *others)
        for name, data in (
            (
                "task:assign",
                {
                    "task_id": str(task.id),
                    "person_id": str(artist.id),
                    "project_id": str(prod.project.id),
                },
            ),
            ("task:update", {"task_id": str(task.id), "project_id": str(prod.project.id)}),
        )
    ]
    assert Notification.objects.filter(person=artist).count() == 3

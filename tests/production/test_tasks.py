"""The `/data/tasks` resource, the full task and the per-project and per-entity task lists."""

from __future__ import annotations

import pytest

from kitsu_site.api.models import ApiEvent
from production.models import Task
from reviews.models import Comment, News, Notification
from tests.production.tasks_helpers import build_production, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod(admin):
    return build_production(admin)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Wrap a request so the events it emits after its commit are stored."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_list_is_team_scoped_and_vendor_sees_assigned_only(prod):
    mine = prod.task(prod.shots[0])
    mine.assignees.add(prod.people["vendor"])
    other = prod.task(prod.shots[1])
    ids = {str(mine.id), str(other.id)}
    for key in ("admin", "manager", "artist", "client"):
        body = prod.client(key).get("/data/tasks").json()
        assert {row["id"] for row in body} == ids, key
    assert [row["id"] for row in prod.client("vendor").get("/data/tasks").json()] == [str(mine.id)]
    assert prod.client("outsider").get("/data/tasks").json() == []


def test_list_episode_filter_and_relations(prod):
    first = prod.task(prod.shots[0])
    prod.task(prod.shots[2])
    first.assignees.add(prod.people["artist"])
    response = prod.client("admin").get(
        "/data/tasks", {"episode_id": str(prod.episodes[0].id), "relations": "true"}
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(first.id)]
    assert response.json()[0]["assignees"] == [str(prod.people["artist"].id)]
    bad = prod.client("admin").get("/data/tasks", {"episode_id": "nope"})
    assert bad.status_code == 400


def test_list_query_count_is_fixed(prod):
    client = prod.client("manager")
    prod.task(prod.shots[0])
    one, _ = count_queries(lambda: client.get("/data/tasks", {"relations": "true"}))
    prod.task(prod.shots[1])
    prod.task(prod.shots[2])
    three, response = count_queries(lambda: client.get("/data/tasks", {"relations": "true"}))
    assert len(response.json()) == 3
    assert one == three


def test_create_checks_type_and_duplicates(prod, commits):
    # The reference has no role check on creation; here the project's team only.
    client = prod.client("artist")
    body = {
        "project_id": str(prod.project.id),
        "task_type_id": str(prod.model_type.id),
        "entity_id": str(prod.assets[0].id),
    }
    assert prod.client("outsider").post("/data/tasks", body, format="json").status_code == 403
    with commits():
        response = client.post("/data/tasks", body, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "main"
    assert created["assignees"] == []
    assert created["task_status_id"] is None
    assert created["type"] == "Task"
    assert ApiEvent.objects.filter(name="task:new", data__task_id=created["id"]).exists()
    again = client.post("/data/tasks", body, format="json")
    assert (again.status_code, again.json()) == (400, {"message": "Task already exists."})
    mismatch = client.post(
        "/data/tasks", {**body, "task_type_id": str(prod.anim_type.id)}, format="json"
    )
    assert mismatch.status_code == 400
    assert mismatch.json() == {
        "error": True,
        "message": "Task type of the task does not match entity type.",
    }


def test_get_one_needs_project_and_entity_access(prod):
    task = prod.task(prod.shots[0])
    assert prod.client("artist").get(f"/data/tasks/{task.id}").status_code == 200
    assert prod.client("outsider").get(f"/data/tasks/{task.id}").status_code == 403
    assert prod.client("vendor").get(f"/data/tasks/{task.id}").status_code == 403
    task.assignees.add(prod.people["vendor"])
    response = prod.client("vendor").get(f"/data/tasks/{task.id}")
    assert response.status_code == 200
    assert response.json()["assignees"] == [str(prod.people["vendor"].id)]
    assert prod.client("admin").get("/data/tasks/nope").status_code == 400


def test_put_merges_data_and_applies_role_rules(prod, commits):
    task = prod.task(prod.shots[0], data={"a": 1})
    url = f"/data/tasks/{task.id}"
    response = prod.client("manager").put(
        url,
        {"data": {"b": 2}, "priority": 2, "due_date": "2026-12-31", "project_id": "x"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"a": 1, "b": 2}
    assert body["priority"] == 2
    assert body["due_date"] == "2026-12-31T00:00:00"
    assert body["project_id"] == str(prod.project.id)
    assert "assignees" not in body
    supervisor = prod.client("supervisor")
    assert supervisor.put(url, {"estimation": 60}, format="json").status_code == 200
    assert supervisor.put(url, {"name": "other"}, format="json").status_code == 403
    for key in ("artist", "client", "vendor", "outsider"):
        assert prod.client(key).put(url, {"priority": 1}, format="json").status_code == 403, key
    asset_task = prod.task(prod.assets[0])  # a Modeling task: not the supervisor's department
    asset_url = f"/data/tasks/{asset_task.id}"
    assert supervisor.put(asset_url, {"priority": 1}, format="json").status_code == 403
    bad_date = prod.client("admin").put(url, {"due_date": "bad"}, format="json")
    assert bad_date.status_code == 400
    assert bad_date.json()["message"] == (
        "Invalid date format for 'due_date': 'bad'. Expected an ISO 8601 date or datetime."
    )
    bad_difficulty = prod.client("admin").put(url, {"difficulty": 9}, format="json")
    assert bad_difficulty.status_code == 400


def test_put_assignees_emits_events_and_notifies(prod, commits):
    task = prod.task(prod.shots[0])
    artist, vendor = prod.people["artist"], prod.people["vendor"]
    task.assignees.add(vendor)
    manager = prod.people["manager"]
    with commits():
        response = prod.client("manager").put(
            f"/data/tasks/{task.id}", {"assignees": [str(artist.id)]}, format="json"
        )
    assert response.status_code == 200
    assert list(task.assignees.all()) == [artist]
    names = list(
        ApiEvent.objects.filter(data__task_id=str(task.id))
        .order_by("created_at")
        .values_list("name", "data__person_id")
    )
    assert names == [
        ("task:unassign", str(vendor.id)),
        ("task:assign", str(artist.id)),
        ("task:update", None),
    ]
    notification = Notification.objects.get(task=task)
    assert (notification.person, notification.author, notification.notification_type) == (
        artist,
        manager,
        "assignation",
    )


def test_delete_rules_and_force(prod, commits):
    task = prod.task(prod.shots[0])
    Comment.objects.create(object=task, person=prod.people["artist"], text="hi")
    News.objects.create(task=task, author=prod.people["artist"])
    url = f"/data/tasks/{task.id}"
    assert prod.client("supervisor").delete(url).status_code == 403
    refused = prod.client("manager").delete(url)
    assert refused.status_code == 400
    with commits():
        forced = prod.client("manager").delete(url + "?force=true")
    assert forced.status_code == 204
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not Comment.objects.exists() and not News.objects.exists()
    event = ApiEvent.objects.get(name="task:delete")
    assert event.data == {
        "task_id": str(task.id),
        "entity_id": str(task.entity_id),
        "task_type_id": str(prod.anim_type.id),
        "project_id": str(prod.project.id),
    }
    plain = prod.task(prod.shots[1])
    assert prod.client("manager").delete(f"/data/tasks/{plain.id}").status_code == 204


def test_full_task_shape(prod):
    artist = prod.people["artist"]
    task = prod.task(prod.shots[0], assigner=prod.people["admin"])
    task.assignees.add(artist)
    response = prod.client("artist").get(f"/data/tasks/{task.id}/full")
    assert response.status_code == 200
    body = response.json()
    assert body["assignees"] == [str(artist.id)]
    assert body["entity"]["id"] == str(prod.shots[0].id)
    assert body["entity"]["type"] == "Entity"
    assert body["entity_type"]["name"] == "Shot"
    assert body["is_subscribed"] is False
    assert [person["id"] for person in body["persons"]] == [str(artist.id)]
    assert "password" not in body["persons"][0]
    assert body["persons"][0]["full_name"] == "tasks artist"
    assert body["project"]["name"] == "Tasks TV"
    assert "team" not in body["project"]
    assert body["task_status"]["name"] == "Todo"
    assert body["task_type"]["name"] == "Animation"
    assert body["assigner"]["id"] == str(prod.people["admin"].id)
    assert body["assigner"]["departments"] == []
    assert (body["sequence"]["name"], body["sequence"]["type"]) == ("SQ01", "Sequence")
    assert (body["episode"]["name"], body["episode"]["type"]) == ("E01", "Episode")
    asset_task = prod.task(prod.assets[0])
    asset_body = prod.client("admin").get(f"/data/tasks/{asset_task.id}/full").json()
    assert "sequence" not in asset_body and asset_body["assigner"] is None
    assert prod.client("outsider").get(f"/data/tasks/{task.id}/full").status_code == 403
    assert prod.client("admin").get("/data/tasks/nope/full").status_code == 404


def test_project_tasks_admin_only_and_paginated(prod):
    tasks = [prod.task(entity) for entity in prod.shots]
    url = f"/data/projects/{prod.project.id}/tasks"
    assert prod.client("manager").get(url).status_code == 403
    body = prod.client("admin").get(url).json()
    assert [row["id"] for row in body] == [str(task.id) for task in tasks]
    assert body[0]["assignees"] == []
    page = prod.client("admin").get(url, {"page": 1, "limit": 2}).json()
    assert (page["total"], page["nb_pages"], len(page["data"])) == (3, 2, 2)


def test_project_tasks_query_count(prod):
    client = prod.client("admin")
    url = f"/data/projects/{prod.project.id}/tasks"
    prod.task(prod.shots[0])
    one, _ = count_queries(lambda: client.get(url))
    prod.task(prod.shots[1])
    prod.task(prod.shots[2])
    three, response = count_queries(lambda: client.get(url))
    assert len(response.json()) == 3
    assert one == three


def test_entity_task_type_tasks(prod):
    task = prod.task(prod.shots[0])
    url = f"/data/entities/{prod.shots[0].id}/task-types/{prod.anim_type.id}/tasks"
    body = prod.client("artist").get(url).json()
    assert [row["id"] for row in body] == [str(task.id)]
    assert "assignees" not in body[0]
    assert prod.client("outsider").get(url).status_code == 403
    missing = f"/data/entities/{prod.anim_type.id}/task-types/{prod.anim_type.id}/tasks"
    assert prod.client("admin").get(missing).status_code == 404


def test_project_tasks_by_task_type_and_episode(prod):
    first, second, third = (prod.task(entity) for entity in prod.shots)
    asset_task = prod.task(prod.assets[0])
    url = f"/data/projects/{prod.project.id}/tasks"
    client = prod.client("admin")
    by_type = client.get(url, {"task_type_id": str(prod.model_type.id)}).json()
    assert [row["id"] for row in by_type] == [str(asset_task.id)]
    in_first_episode = client.get(url, {"episode_id": str(prod.episodes[0].id)}).json()
    assert sorted(row["id"] for row in in_first_episode) == sorted(
        str(task.id) for task in (first, second)
    )
    assert [
        row["id"] for row in client.get(url, {"episode_id": str(prod.episodes[1].id)}).json()
    ] == [str(third.id)]
    assert client.get(url, {"episode_id": "nope"}).status_code == 400

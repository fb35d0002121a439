"""Bulk task creation and deletion, assignment, priorities, main previews, open tasks and the
per-person task lists."""

from __future__ import annotations

import datetime as dt

import pytest

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import ProjectPersonLink, Task
from reviews.models import Comment, Notification, PreviewFile
from tests.factories import PersonFactory
from tests.production.factories import TaskStatusFactory, shot
from tests.production.tasks_helpers import build_production, count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod(admin):
    return build_production(admin)


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Wrap a request so the events it emits after its commit are stored."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def create_url(prod, kind: str, task_type=None) -> str:
    task_type = task_type or prod.anim_type
    return f"/actions/projects/{prod.project.id}/task-types/{task_type.id}/{kind}/create-tasks"


# -- bulk creation ---------------------------------------------------------------------------------
def test_create_shot_tasks_skips_existing(prod, commits):
    existing = prod.task(prod.shots[0])
    with commits():
        response = prod.client("manager").post(create_url(prod, "shots"))
    assert response.status_code == 201
    body = response.json()
    assert [row["entity_id"] for row in body] == [str(s.id) for s in prod.shots[1:]]
    row = body[0]
    assert row["name"] == "main"
    assert row["assignees"] == []
    assert row["assigner_id"] == str(prod.people["manager"].id)
    assert row["task_status_id"] == str(prod.todo.id)
    assert (row["task_status_name"], row["task_status_short_name"]) == ("Todo", "todo")
    assert (row["task_type_name"], row["task_type_priority"]) == ("Animation", 1)
    assert Task.objects.filter(task_type=prod.anim_type).count() == 3
    assert ApiEvent.objects.filter(name="task:new").count() == 2
    assert existing.pk not in {row["id"] for row in body}
    again = prod.client("manager").post(create_url(prod, "shots"))
    assert (again.status_code, again.json()) == (201, [])


def test_create_tasks_for_listed_ids_and_kinds(prod):
    body = [str(prod.assets[1].id), "nope", str(prod.shots[0].id)]
    response = prod.client("admin").post(
        create_url(prod, "assets", prod.model_type), body, format="json"
    )
    assert [row["entity_id"] for row in response.json()] == [str(prod.assets[1].id)]
    generic = f"/actions/projects/{prod.project.id}/task-types/{prod.anim_type.id}/create-tasks"
    by_episode = prod.client("admin").post(f"{generic}/shot?episode_id={prod.episodes[1].id}")
    assert [row["entity_id"] for row in by_episode.json()] == [str(prod.shots[2].id)]
    assert prod.client("admin").post(f"{generic}/unknown").status_code == 404
    characters = prod.client("admin").post(
        f"/actions/projects/{prod.project.id}/task-types/{prod.model_type.id}"
        "/create-tasks/character"
    )
    assert [row["entity_id"] for row in characters.json()] == [str(prod.assets[0].id)]


def test_create_concept_tasks_start_neutral(prod):
    from tests.production.factories import EntityFactory, entity_type

    neutral = TaskStatusFactory(
        short_name="neutral", name="Neutral", is_default=True, for_concept=True
    )
    concept = EntityFactory(project=prod.project, name="C1", entity_type=entity_type("Concept"))
    response = prod.client("artist").post(create_url(prod, "concepts"))
    assert response.status_code == 201
    assert [(row["entity_id"], row["task_status_id"]) for row in response.json()] == [
        (str(concept.id), str(neutral.id))
    ]
    assert prod.client("client").post(create_url(prod, "concepts")).status_code == 403


def test_create_tasks_permissions(prod):
    for key in ("supervisor", "artist", "client", "vendor", "outsider"):
        assert prod.client(key).post(create_url(prod, "shots")).status_code == 403, key
    missing_type = f"/actions/projects/{prod.project.id}/task-types/{prod.project.id}"
    assert prod.client("admin").post(f"{missing_type}/shots/create-tasks").status_code == 404


def test_bulk_creation_runs_fixed_queries(prod):
    client = prod.client("manager")
    url = create_url(prod, "shots")
    few, _ = count_queries(lambda: client.post(url, [str(prod.shots[0].id)], format="json"))
    many_shots = [shot(prod.project, prod.sequences[0], f"SH{n}") for n in range(100, 130)]
    many, response = count_queries(
        lambda: client.post(url, [str(s.id) for s in many_shots], format="json")
    )
    assert len(response.json()) == 30
    assert few == many


# -- bulk deletion ---------------------------------------------------------------------------------
def test_delete_tasks_forces_and_answers_ids(prod, commits):
    first, second = prod.task(prod.shots[0]), prod.task(prod.shots[1])
    Comment.objects.create(object=first, person=prod.people["artist"], text="x")
    url = f"/actions/projects/{prod.project.id}/delete-tasks"
    assert prod.client("supervisor").post(url, [str(first.id)], format="json").status_code == 403
    bad = prod.client("manager").post(url, {"a": 1}, format="json")
    assert (bad.status_code, bad.json()["message"]) == (400, "Request body must be a JSON array.")
    with commits():
        response = prod.client("manager").post(url, [str(first.id), "nope"], format="json")
    assert (response.status_code, response.json()) == (200, [str(first.id)])
    assert list(Task.objects.all()) == [second]
    assert ApiEvent.objects.filter(name="task:delete").count() == 1


def test_delete_all_tasks_of_a_type(prod):
    prod.task(prod.shots[0])
    kept = prod.task(prod.assets[0])
    url = f"/actions/projects/{prod.project.id}/task-types/{prod.anim_type.id}/delete-tasks"
    assert prod.client("manager").delete(url).status_code == 403
    assert prod.client("admin").delete(url).status_code == 204
    assert list(Task.objects.all()) == [kept]


def test_bulk_deletion_runs_fixed_queries(prod):
    client = prod.client("manager")
    url = f"/actions/projects/{prod.project.id}/delete-tasks"
    one = [prod.task(prod.shots[0])]
    few, _ = count_queries(lambda: client.post(url, [str(t.id) for t in one], format="json"))
    three = [prod.task(entity) for entity in prod.shots]
    many, _ = count_queries(lambda: client.post(url, [str(t.id) for t in three], format="json"))
    assert few == many
    assert not Task.objects.exists()


# -- assignment ------------------------------------------------------------------------------------
def test_assign_one_task(prod, commits):
    task = prod.task(prod.shots[0])
    outsider = prod.people["outsider"]
    url = f"/actions/tasks/{task.id}/assign"
    with commits():
        response = prod.client("manager").put(url, {"person_id": str(outsider.id)}, format="json")
    assert response.status_code == 200
    assert response.json()["assignees"] == [str(outsider.id)]
    assert response.json()["assigner_id"] == str(prod.people["manager"].id)
    assert ProjectPersonLink.objects.filter(project=prod.project, person=outsider).exists()
    assert [
        (event.name, event.data.get("person_id"))
        for event in ApiEvent.objects.filter(data__task_id=str(task.id)).order_by("created_at")
    ] == [("task:assign", str(outsider.id)), ("task:update", None)]
    notification = Notification.objects.get()
    assert (notification.person, notification.author, notification.task) == (
        outsider,
        prod.people["manager"],
        task,
    )
    missing = prod.client("admin").put(url, {"person_id": str(task.id)}, format="json")
    assert missing.json() == {"error": "Assignee doesn't exist in database."}
    assert prod.client("admin").put(url, {}, format="json").status_code == 400
    nowhere = f"/actions/tasks/{prod.project.id}/assign"
    person_id = {"person_id": str(outsider.id)}
    assert prod.client("admin").put(nowhere, person_id, format="json").status_code == 404


def test_assignment_role_matrix(prod):
    task = prod.task(prod.shots[0])  # an Animation task
    url = f"/actions/tasks/{task.id}/assign"
    people = prod.people

    def assign(actor: str, target: str) -> int:
        body = {"person_id": str(people[target].id)}
        return prod.client(actor).put(url, body, format="json").status_code

    assert assign("artist", "artist") == 200  # himself, in the task type's department
    assert assign("artist", "modeler") == 403
    assert assign("modeler", "modeler") == 403  # not his department
    assert assign("supervisor", "vendor") == 200  # shares the Animation department
    assert assign("supervisor", "modeler") == 403
    assert assign("client", "client") == 403
    assert assign("manager", "modeler") == 200
    bot = PersonFactory(is_bot=True, role=Role.USER)
    body = {"person_id": str(bot.id)}
    assert prod.client("admin").put(url, body, format="json").status_code == 403
    prod.project.is_bot_collaboration_enabled = True
    prod.project.save()
    assert prod.client("admin").put(url, body, format="json").status_code == 200


def test_assign_many_tasks_to_a_person(prod):
    anim, model = prod.task(prod.shots[0]), prod.task(prod.assets[0])
    artist = prod.people["artist"]
    url = f"/actions/persons/{artist.id}/assign"
    response = prod.client("supervisor").put(
        url, {"task_ids": [str(anim.id), str(model.id), "nope"]}, format="json"
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(anim.id)]
    assert response.json()[0]["assignees"] == [str(artist.id)]
    assert Notification.objects.filter(notification_type="assignation").count() == 1
    missing = prod.client("admin").put(
        f"/actions/persons/{anim.id}/assign", {"task_ids": [str(anim.id)]}, format="json"
    )
    assert missing.status_code == 400
    no_ids = prod.client("admin").put(url, {}, format="json")
    assert no_ids.json()["data"] == {"errors": [{"field": "task_ids", "message": "Field required"}]}


def test_bulk_assignment_runs_fixed_queries(prod):
    client = prod.client("manager")
    url = f"/actions/persons/{prod.people['artist'].id}/assign"
    one = [prod.task(prod.shots[0])]
    few, _ = count_queries(lambda: client.put(url, {"task_ids": [str(one[0].id)]}, format="json"))
    more = [prod.task(entity) for entity in prod.shots[1:]] + [prod.task(prod.assets[0])]
    body = {"task_ids": [str(t.id) for t in more]}
    many, response = count_queries(lambda: client.put(url, body, format="json"))
    assert len(response.json()) == 3
    assert few == many


def test_clear_assignation(prod, commits):
    task = prod.task(prod.shots[0])
    artist, vendor = prod.people["artist"], prod.people["vendor"]
    task.assignees.add(artist, vendor)
    url = "/actions/tasks/clear-assignation"
    ids = [str(task.id)]
    # An artist may only remove himself.
    refused = prod.client("artist").put(
        url, {"task_ids": ids, "person_id": str(vendor.id)}, format="json"
    )
    assert refused.json() == []
    with commits():
        own = prod.client("artist").put(
            url, {"task_ids": ids, "person_id": str(artist.id)}, format="json"
        )
    assert own.json() == ids
    assert list(task.assignees.all()) == [vendor]
    with commits():
        everyone = prod.client("manager").put(url, {"task_ids": ids}, format="json")
    assert everyone.json() == ids
    assert not task.assignees.exists()
    unassigned = ApiEvent.objects.filter(name="task:unassign").values_list(
        "data__person_id", flat=True
    )
    assert sorted(unassigned) == sorted([str(artist.id), str(vendor.id)])
    bad = prod.client("manager").put(url, {"task_ids": "x"}, format="json")
    assert bad.json()["data"]["errors"] == [
        {"field": "task_ids", "message": "Input should be a valid list"}
    ]


def test_set_priority(prod):
    anim, model = prod.task(prod.shots[0]), prod.task(prod.assets[0])
    url = "/actions/tasks/set-priority"
    body = {"task_ids": [str(anim.id), str(model.id)], "priority": 3}
    response = prod.client("supervisor").put(url, body, format="json")
    assert [(row["id"], row["priority"]) for row in response.json()] == [(str(anim.id), 3)]
    assert prod.client("artist").put(url, body, format="json").json() == []
    assert len(prod.client("manager").put(url, body, format="json").json()) == 2
    missing = prod.client("manager").put(url, {"task_ids": []}, format="json")
    assert missing.json()["data"]["errors"] == [{"field": "priority", "message": "Field required"}]


def test_set_main_preview(prod):
    task = prod.task(prod.shots[0])
    url = f"/actions/tasks/{task.id}/set-main-preview"
    none = prod.client("manager").put(url)
    assert none.status_code == 400
    assert none.json()["message"] == "This task has no preview file to set as the main preview."
    PreviewFile.objects.create(task=task, revision=1, name="old")
    last = PreviewFile.objects.create(task=task, revision=2, name="new")
    response = prod.client("manager").put(url)
    assert response.status_code == 200
    assert response.json()["preview_file_id"] == str(last.id)
    assert response.json()["type"] == "Shot"
    assert prod.client("client").put(url).status_code == 403
    other = prod.task(prod.shots[1])
    bulk = prod.client("manager").put(
        "/actions/tasks/set-main-preview",
        {"task_ids": [str(task.id), str(other.id)]},
        format="json",
    )
    assert [row["id"] for row in bulk.json()] == [str(prod.shots[0].id)]


# -- open tasks ------------------------------------------------------------------------------------
def dated(prod, entity, **fields):
    return prod.task(entity, **fields)


def test_open_tasks_page_and_stats(prod):
    day = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    first = dated(prod, prod.shots[0], estimation=60, priority=2, start_date=day)
    prod.task(prod.shots[1])
    done = prod.task(prod.shots[2], task_status=prod.done, estimation=30)
    first.assignees.add(prod.people["artist"])
    client = prod.client("artist")
    body = client.get("/data/tasks/open-tasks").json()
    assert body["stats"] == {
        "total_duration": 0.0,
        "total_estimation": 90.0,
        "total": 3,
        "status": sorted(
            [
                {"task_status_id": str(prod.todo.id), "amount": 2},
                {"task_status_id": str(prod.done.id), "amount": 1},
            ],
            key=lambda item: item["task_status_id"],
        ),
    }
    assert (body["limit"], body["page"], body["is_more"]) == (100, 1, False)
    row = next(row for row in body["data"] if row["id"] == str(first.id))
    assert row["entity_name"] == "SH010"
    assert row["sequence_name"] == "SQ01"
    assert (row["episode_id"], row["episode_name"]) == (str(prod.episodes[0].id), "E01")
    assert (row["type_name"], row["status_name"], row["status_short_name"]) == (
        "Animation",
        "Todo",
        "todo",
    )
    assert row["entity_preview_file_id"] == ""
    assert row["assignees"] == [str(prod.people["artist"].id)]
    paged = client.get("/data/tasks/open-tasks", {"limit": 1}).json()
    assert (len(paged["data"]), paged["is_more"]) == (1, True)
    mine = client.get("/data/tasks/open-tasks", {"person_id": str(prod.people["artist"].id)})
    assert [r["id"] for r in mine.json()["data"]] == [str(first.id)]
    assert [
        r["id"] for r in client.get("/data/tasks/open-tasks", {"priority": 2}).json()["data"]
    ] == [str(first.id)]
    assert client.get("/data/tasks/open-tasks", {"project_id": "x"}).status_code == 400
    assert prod.client("outsider").get("/data/tasks/open-tasks").json()["data"] == []
    stats = client.get("/data/tasks/open-tasks/stats").json()
    project = stats[str(prod.project.id)]
    assert (project["amount"], project["amount_done"], project["total_estimation"]) == (3, 1, 90.0)
    assert {entry["task_status_id"] for entry in project["task_types"]} == {
        str(prod.todo.id),
        str(prod.done.id),
    }
    assert done.task_status_id == prod.done.id


def test_open_tasks_burndown(prod):
    start = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    due = dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    prod.task(prod.shots[0], estimation=60, start_date=start, due_date=due)
    prod.task(
        prod.shots[1],
        estimation=30,
        task_status=prod.done,
        done_date=dt.datetime(2026, 11, 28, 8, tzinfo=dt.UTC),
    )
    body = prod.client("manager").get("/data/tasks/open-tasks/burndown").json()
    assert body == {
        "total": 2,
        "total_estimation": 90.0,
        "start_date": "2026-11-20",
        "end_date": "2026-12-31",
        "done_by_day": [{"date": "2026-11-28", "done": 1, "done_estimation": 30.0}],
    }


def test_open_tasks_query_count(prod):
    client = prod.client("manager")
    prod.task(prod.shots[0])
    one, _ = count_queries(lambda: client.get("/data/tasks/open-tasks"))
    prod.task(prod.shots[1])
    prod.task(prod.assets[0])
    three, response = count_queries(lambda: client.get("/data/tasks/open-tasks"))
    assert len(response.json()["data"]) == 3
    assert one == three


# -- per person ------------------------------------------------------------------------------------
def test_person_tasks_and_done_tasks(prod):
    artist = prod.people["artist"]
    todo = prod.task(prod.shots[0])
    done = prod.task(prod.shots[1], task_status=prod.done)
    todo.assignees.add(artist)
    done.assignees.add(artist)
    Comment.objects.create(object=done, person=prod.people["manager"], text="ok")
    client = prod.client("manager")
    rows = client.get(f"/data/persons/{artist.id}/tasks").json()
    assert [row["id"] for row in rows] == [str(todo.id)]
    assert rows[0]["last_comment"] == {}
    assert rows[0]["task_type_name"] == "Animation"
    assert rows[0]["task_status_short_name"] == "todo"
    done_rows = client.get(f"/data/persons/{artist.id}/done-tasks").json()
    assert [row["id"] for row in done_rows] == [str(done.id)]
    assert done_rows[0]["last_comment"]["text"] == "ok"
    assert done_rows[0]["last_comment"]["person_id"] == str(prod.people["manager"].id)
    assert prod.client("client").get(f"/data/persons/{artist.id}/tasks").json() == []
    vendor = prod.people["vendor"]
    assert prod.client("vendor").get(f"/data/persons/{vendor.id}/tasks").json() == []
    assert prod.client("outsider").get(f"/data/persons/{artist.id}/tasks").json() == []


def test_person_tasks_query_count(prod):
    artist = prod.people["artist"]
    client = prod.client("admin")
    url = f"/data/persons/{artist.id}/tasks"
    prod.task(prod.shots[0]).assignees.add(artist)
    one, _ = count_queries(lambda: client.get(url))
    prod.task(prod.shots[1]).assignees.add(artist)
    prod.task(prod.assets[0]).assignees.add(artist)
    three, response = count_queries(lambda: client.get(url))
    assert len(response.json()) == 3
    assert one == three


def test_related_tasks(prod):
    artist = prod.people["artist"]
    prod.task(prod.shots[0]).assignees.add(artist)
    modeling = prod.task(prod.shots[0], task_type=prod.model_type)
    prod.task(prod.shots[1], task_type=prod.model_type)
    url = f"/data/persons/{artist.id}/related-tasks/{prod.model_type.id}"
    assert [row["id"] for row in prod.client("artist").get(url).json()] == [str(modeling.id)]
    assert prod.client("manager").get(url).status_code == 403
    assert prod.client("admin").get(url).status_code == 200

"""Production schedule versions: CRUD, task links copied from the production or from another
version, application back to the production, role rules and query counts."""

import datetime as dt

import pytest

from production.models import (
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    Project,
    Task,
)
from tests.production.factories import ProjectFactory, TaskFactory
from tests.production.planning_helpers import build_plan, count_queries, event_names

pytestmark = pytest.mark.django_db

UNIQUE = {"message": "A record with the same unique values already exists."}


def at(day: int) -> dt.datetime:
    return dt.datetime(2024, 3, day, tzinfo=dt.UTC)


@pytest.fixture
def plan():
    p = build_plan()
    for index, task in enumerate(Task.objects.order_by("created_at")):
        task.start_date, task.due_date, task.estimation = at(1 + index), at(10 + index), 480.0
        task.save()
    p.anim_tasks[0].assignees.add(p.persons["user"], p.persons["vendor"])
    p.model_tasks[0].assignees.add(p.persons["user"])
    p.version = ProductionScheduleVersion.objects.create(name="v1", project=p.project)
    return p


def link_rows(version) -> dict:
    """task id → (start, due, estimation, sorted assignee ids) for the version's links."""
    links = ProductionScheduleVersionTaskLink.objects.filter(production_schedule_version=version)
    return {
        link.task_id: (
            link.start_date,
            link.due_date,
            link.estimation,
            sorted(str(person.id) for person in link.assignees.all()),
        )
        for link in links.prefetch_related("assignees")
    }


def test_version_crud(admin_client, plan, django_capture_on_commit_callbacks):
    body = {"name": "v2", "project_id": str(plan.project.id)}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/data/production-schedule-versions", body, format="json")
    assert response.status_code == 201
    version = ProductionScheduleVersion.objects.get(name="v2")
    stamp = version.created_at.strftime("%Y-%m-%dT%H:%M:%S")
    assert response.json() == {
        "name": "v2",
        "project_id": str(plan.project.id),
        "production_schedule_from": None,
        "locked": False,
        "canceled": False,
        "id": str(version.id),
        "created_at": stamp,
        "updated_at": stamp,
        "type": "ProductionScheduleVersion",
    }
    again = admin_client.post("/data/production-schedule-versions", body, format="json")
    assert (again.status_code, again.json()) == (400, UNIQUE)
    missing = admin_client.post("/data/production-schedule-versions", {"name": "x"}, format="json")
    assert (missing.status_code, missing.json()) == (
        400,
        {"error": True, "message": "'project_id'"},
    )

    url = f"/data/production-schedule-versions/{version.id}"
    with django_capture_on_commit_callbacks(execute=True):
        updated = admin_client.put(url, {"canceled": True, "name": "v2b"}, format="json").json()
    assert (updated["canceled"], updated["name"]) == (True, "v2b")
    listed = admin_client.get(f"/data/production-schedule-versions?project_id={plan.project.id}")
    assert [row["name"] for row in listed.json()] == ["v1", "v2b"]
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(url).status_code == 204
    assert event_names() == [
        "production-schedule-version:new",
        "production-schedule-version:update",
        "production-schedule-version:delete",
    ]


def test_links_from_production(admin_client, plan):
    url = f"/actions/production-schedule-versions/{plan.version.id}/set-task-links-from-production"
    response = admin_client.post(url, {}, format="json")
    assert response.json() == {"success": True, "task_link_count": 5}
    user, vendor = str(plan.persons["user"].id), str(plan.persons["vendor"].id)
    tasks = Task.objects.order_by("created_at")
    assert link_rows(plan.version) == {
        task.id: (
            task.start_date,
            task.due_date,
            480.0,
            {0: sorted([user, vendor]), 2: [user]}.get(index, []),
        )
        for index, task in enumerate(tasks)
    }

    # A second copy refreshes the links in place and follows the production's assignees.
    link_ids = set(ProductionScheduleVersionTaskLink.objects.values_list("id", flat=True))
    plan.anim_tasks[0].assignees.remove(plan.persons["vendor"])
    Task.objects.filter(pk=plan.anim_tasks[0].pk).update(estimation=960)
    TaskFactory(entity=plan.sh02, task_type=plan.modeling)
    assert admin_client.post(url, {}, format="json").json()["task_link_count"] == 6
    rows = link_rows(plan.version)
    assert rows[plan.anim_tasks[0].id][2:] == (960.0, [user])
    assert link_ids < set(ProductionScheduleVersionTaskLink.objects.values_list("id", flat=True))

    links = admin_client.get(f"/data/production-schedule-versions/{plan.version.id}/task-links")
    first = ProductionScheduleVersionTaskLink.objects.order_by("created_at", "id").first()
    assert links.json()[0] == {
        "production_schedule_version_id": str(plan.version.id),
        "task_id": str(first.task_id),
        "start_date": first.start_date.strftime("%Y-%m-%dT%H:%M:%S"),
        "due_date": first.due_date.strftime("%Y-%m-%dT%H:%M:%S"),
        "estimation": first.estimation,
        "id": str(first.id),
        "created_at": first.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": first.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "ProductionScheduleVersionTaskLink",
    }
    by_type = admin_client.get(
        f"/data/production-schedule-versions/{plan.version.id}/task-links"
        f"?task_type_id={plan.animation.id}&relations=true"
    ).json()
    assert sorted(row["task_id"] for row in by_type) == sorted(
        str(task.id) for task in plan.anim_tasks
    )
    assert {row["task_id"]: row["assignees"] for row in by_type}[str(plan.anim_tasks[0].id)] == [
        user
    ]


def test_links_from_another_version(admin_client, plan, django_capture_on_commit_callbacks):
    base = "/actions/production-schedule-versions"
    admin_client.post(f"{base}/{plan.version.id}/set-task-links-from-production", format="json")
    source_link = ProductionScheduleVersionTaskLink.objects.get(task=plan.anim_tasks[0])
    source_link.estimation = 1440
    source_link.save()
    source_link.assignees.set([plan.persons["manager"]])
    target = ProductionScheduleVersion.objects.create(name="v2", project=plan.project)
    # A link of the target that the source lacks keeps its values and assignees.
    extra_task = TaskFactory(entity=plan.sh02, task_type=plan.modeling)
    own = ProductionScheduleVersionTaskLink.objects.create(
        production_schedule_version=target, task=extra_task, estimation=60
    )
    own.assignees.add(plan.persons["user"])
    url = f"{base}/{target.id}/set-task-links-from-production-schedule-version"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"production_schedule_version_id": str(plan.version.id)}, format="json"
        )
    assert response.json() == {"success": True, "task_link_count": 5}
    source_rows, target_rows = link_rows(plan.version), link_rows(target)
    assert target_rows == {
        **source_rows,
        extra_task.id: (None, None, 60.0, [str(plan.persons["user"].id)]),
    }
    assert target_rows[plan.anim_tasks[0].id][2:] == (1440.0, [str(plan.persons["manager"].id)])
    target.refresh_from_db()
    assert target.production_schedule_from_id == plan.version.id
    assert event_names() == ["production_schedule_version:update"]

    onto_itself = admin_client.post(
        url, {"production_schedule_version_id": str(target.id)}, format="json"
    )
    assert onto_itself.json() == {
        "error": True,
        "message": "A production schedule version cannot be copied onto itself.",
        "data": None,
    }
    elsewhere = ProductionScheduleVersion.objects.create(name="v1", project=ProjectFactory())
    response = admin_client.post(
        url, {"production_schedule_version_id": str(elsewhere.id)}, format="json"
    )
    assert (response.status_code, response.json()["message"]) == (
        400,
        "Production schedule versions must belong to the same project.",
    )
    response = admin_client.post(url, {}, format="json")
    assert response.json()["data"] == {
        "errors": [{"field": "production_schedule_version_id", "message": "Field required"}]
    }


def test_apply_to_production(admin_client, plan, django_capture_on_commit_callbacks):
    base = f"/actions/production-schedule-versions/{plan.version.id}"
    admin_client.post(f"{base}/set-task-links-from-production", format="json")
    link = ProductionScheduleVersionTaskLink.objects.get(task=plan.anim_tasks[1])
    link.start_date, link.due_date, link.estimation = at(20), at(25), None
    link.save()
    untouched = TaskFactory(entity=plan.sh02, task_type=plan.modeling, estimation=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"{base}/apply-to-production", format="json")
    assert response.json() == {"success": True, "task_count": 5}
    task = Task.objects.get(pk=plan.anim_tasks[1].pk)
    assert (task.start_date, task.due_date, task.estimation) == (at(20), at(25), 0.0)
    untouched.refresh_from_db()
    assert untouched.estimation == 30
    plan.version.refresh_from_db()
    assert plan.version.locked is True
    project = Project.objects.get(pk=plan.project.pk)
    assert project.from_schedule_version_id == plan.version.id
    assert event_names() == [
        *["task:update"] * 5,
        "production_schedule_version:update",
        "project:update",
    ]
    # Deleting the version makes the project forget it.
    assert (
        admin_client.delete(f"/data/production-schedule-versions/{plan.version.id}").status_code
        == 204
    )
    assert Project.objects.get(pk=plan.project.pk).from_schedule_version_id is None
    assert not ProductionScheduleVersionTaskLink.objects.exists()


def test_task_link_resource(admin_client, plan):
    body = {
        "production_schedule_version_id": str(plan.version.id),
        "task_id": str(plan.edit_task.id),
        "estimation": 120,
        "start_date": "2024-05-01T00:00:00",
    }
    created = admin_client.post("/data/production-schedule-version-task-links", body, format="json")
    assert created.status_code == 201
    link = ProductionScheduleVersionTaskLink.objects.get()
    assert created.json()["assignees"] == []
    url = f"/data/production-schedule-version-task-links/{link.id}"
    other = TaskFactory(entity=plan.sh01, task_type=plan.modeling)
    updated = admin_client.put(url, {"estimation": 240, "task_id": str(other.id)}, format="json")
    assert (updated.json()["estimation"], updated.json()["task_id"]) == (
        240.0,
        str(plan.edit_task.id),
    )
    foreign = TaskFactory()
    response = admin_client.post(
        "/data/production-schedule-version-task-links",
        {**body, "task_id": str(foreign.id)},
        format="json",
    )
    assert response.json()["message"] == (
        "The task and the production schedule version must be in the same project."
    )
    listed = admin_client.get(
        f"/data/production-schedule-version-task-links?project_id={plan.project.id}"
    ).json()
    assert [row["id"] for row in listed] == [str(link.id)]
    other_project = ProjectFactory()
    assert (
        admin_client.get(
            f"/data/production-schedule-version-task-links?project_id={other_project.id}"
        ).json()
        == []
    )
    assert admin_client.delete(url).status_code == 204


def test_version_roles(plan):
    link = ProductionScheduleVersionTaskLink.objects.create(
        production_schedule_version=plan.version, task=plan.edit_task
    )
    version_url = f"/data/production-schedule-versions/{plan.version.id}"
    link_url = f"/data/production-schedule-version-task-links/{link.id}"
    project = plan.project.id
    readers = {"manager", "supervisor", "user"}
    for role, client in plan.clients.items():
        read = 200 if role in readers else 403
        assert client.get("/data/production-schedule-versions").status_code == 403, role
        listed = client.get(f"/data/production-schedule-versions?project_id={project}")
        assert listed.status_code == read, role
        assert client.get(version_url).status_code == read, role
        assert client.get(f"{version_url}/task-links").status_code == read, role
        links = client.get(f"/data/production-schedule-version-task-links?project_id={project}")
        assert links.status_code == read, role
        assert client.get(link_url).status_code == read, role
        if role == "manager":
            continue
        assert client.put(version_url, {"name": "x"}, format="json").status_code == 403, role
        assert client.put(link_url, {"estimation": 1}, format="json").status_code == 403, role
        body = {"name": "mine", "project_id": str(project)}
        assert (
            client.post("/data/production-schedule-versions", body, format="json").status_code
            == 403
        ), role
        for action in ("set-task-links-from-production", "apply-to-production"):
            path = f"/actions/production-schedule-versions/{plan.version.id}/{action}"
            assert client.post(path, format="json").status_code == 403, (role, action)
        assert client.delete(version_url).status_code == 403, role
    manager = plan.clients["manager"]
    body = {"name": "managed", "project_id": str(project)}
    assert (
        manager.post("/data/production-schedule-versions", body, format="json").status_code == 201
    )
    action = f"/actions/production-schedule-versions/{plan.version.id}/apply-to-production"
    assert manager.post(action, format="json").json() == {"success": True, "task_count": 1}
    assert manager.delete(version_url).status_code == 204


def test_version_lists_query_count(admin_client, plan):
    def add_links(count: int) -> None:
        for task in Task.objects.exclude(production_schedule_version_links__isnull=False)[:count]:
            link = ProductionScheduleVersionTaskLink.objects.create(
                production_schedule_version=plan.version, task=task
            )
            link.assignees.add(plan.persons["user"])
            ProductionScheduleVersion.objects.create(name=f"v-{task.id}", project=plan.project)

    urls = (
        f"/data/production-schedule-versions/{plan.version.id}/task-links?relations=true",
        f"/data/production-schedule-version-task-links?project_id={plan.project.id}",
        f"/data/production-schedule-versions?project_id={plan.project.id}",
    )
    add_links(1)
    one = [count_queries(admin_client, url) for url in urls]
    add_links(2)
    three = [count_queries(admin_client, url) for url in urls]
    assert [count for count, _ in one] == [count for count, _ in three]
    assert [len(rows) for _, rows in one] == [1, 1, 2]
    assert [len(rows) for _, rows in three] == [3, 3, 4]
    assert three[0][1][0]["assignees"] == [str(plan.persons["user"].id)]

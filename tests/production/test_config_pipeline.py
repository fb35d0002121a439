"""Asset types, a project's task types and asset types, the task type and status links and
the reorder actions."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from production.models import EntityType, ProjectTaskStatusLink, ProjectTaskTypeLink, TaskType
from tests.production.factories import (
    ProjectFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    entity_type,
)

FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_FOUND = {"error": True, "message": NOT_FOUND_MESSAGE}
ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


class TestAssetTypes:
    def test_list_excludes_temporal_types_and_carries_workflow(self, role_clients):
        for name in EntityType.TEMPORAL_NAMES:
            entity_type(name)
        character = entity_type("Character")
        modeling = TaskTypeFactory(name="Modeling")
        character.task_types.add(modeling)
        prop = entity_type("Prop")
        _, client = role_clients["vendor"]
        response = client.get("/data/asset-types")
        assert response.status_code == 200
        body = response.json()
        assert [(row["id"], row["type"], row["task_types"]) for row in body] == [
            (str(character.id), "AssetType", [str(modeling.id)]),
            (str(prop.id), "AssetType", []),
        ]
        assert [row["name"] for row in client.get("/data/asset-types?name=PROP").json()] == ["Prop"]

    def test_one(self, admin_client):
        character = entity_type("Character")
        shot = entity_type("Shot")
        body = admin_client.get(f"/data/asset-types/{character.id}").json()
        assert (body["id"], body["name"], body["type"], body["task_types"]) == (
            str(character.id),
            "Character",
            "AssetType",
            [],
        )
        for missing in (shot.id, uuid.uuid4(), "bad"):
            response = admin_client.get(f"/data/asset-types/{missing}")
            assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_query_count(self, admin_client):
        entity_type("Character").task_types.add(TaskTypeFactory())
        one = count_queries(admin_client, "/data/asset-types")
        for name in ("Prop", "FX"):
            entity_type(name).task_types.add(TaskTypeFactory())
        assert count_queries(admin_client, "/data/asset-types") == one


class TestProjectTaskTypes:
    def test_in_the_order_they_were_added(self, admin_client):
        project = ProjectFactory()
        layout = TaskTypeFactory(name="Layout")
        anim = TaskTypeFactory(name="Anim")
        TaskTypeFactory(name="Unused")
        ProjectTaskTypeLink.objects.create(project=project, task_type=anim, priority=2)
        ProjectTaskTypeLink.objects.create(project=project, task_type=layout, priority=1)
        body = admin_client.get(f"/data/projects/{project.id}/task-types").json()
        assert [(row["id"], row["type"]) for row in body] == [
            (str(anim.id), "TaskType"),
            (str(layout.id), "TaskType"),
        ]

    @pytest.mark.parametrize("role", ROLES)
    def test_team_members_only(self, role_clients, role):
        project = ProjectFactory()
        person, client = role_clients[role]
        url = f"/data/projects/{project.id}/task-types"
        if role != "admin":
            assert (client.get(url).status_code, client.get(url).json()) == (403, FORBIDDEN)
            add_to_team(project, person)
        assert client.get(url).status_code == 200

    def test_unknown_project(self, admin_client):
        for project_id in (uuid.uuid4(), "bad"):
            response = admin_client.get(f"/data/projects/{project_id}/task-types")
            assert (response.status_code, response.json()) == (404, NOT_FOUND)

    def test_query_count(self, admin_client):
        project = ProjectFactory()
        ProjectTaskTypeLink.objects.create(project=project, task_type=TaskTypeFactory())
        url = f"/data/projects/{project.id}/task-types"
        one = count_queries(admin_client, url)
        for _ in range(2):
            ProjectTaskTypeLink.objects.create(project=project, task_type=TaskTypeFactory())
        assert len(admin_client.get(url).json()) == 3
        assert count_queries(admin_client, url) == one


class TestProjectAssetTypes:
    def test_types_of_the_project_assets(self, admin_client):
        project = ProjectFactory()
        asset(project, "Hero", "Character")
        asset(project, "Villain", "Character")
        asset(project, "Sword", "Prop", canceled=True)
        asset(ProjectFactory(), "Tree", "Environment")
        body = admin_client.get(f"/data/projects/{project.id}/asset-types").json()
        assert [(row["name"], row["type"]) for row in body] == [
            ("Character", "AssetType"),
            ("Prop", "AssetType"),
        ]
        assert "task_types" not in body[0]

    def test_errors_and_roles(self, admin_client, role_clients):
        bad = admin_client.get("/data/projects/bad/asset-types")
        assert (bad.status_code, bad.json()["message"]) == (400, "Invalid UUID value: bad")
        assert admin_client.get(f"/data/projects/{uuid.uuid4()}/asset-types").json() == []
        project = ProjectFactory()
        person, client = role_clients["vendor"]
        url = f"/data/projects/{project.id}/asset-types"
        assert client.get(url).status_code == 403
        add_to_team(project, person)
        assert client.get(url).status_code == 200

    def test_query_count(self, admin_client):
        project = ProjectFactory()
        asset(project, "Hero", "Character")
        url = f"/data/projects/{project.id}/asset-types"
        one = count_queries(admin_client, url)
        asset(project, "Sword", "Prop")
        asset(project, "Tree", "Environment")
        assert len(admin_client.get(url).json()) == 3
        assert count_queries(admin_client, url) == one


class TestTaskTypeLinks:
    def test_create_then_update(self, admin, admin_client, django_capture_on_commit_callbacks):
        project = ProjectFactory()
        task_type = TaskTypeFactory()
        body = {"project_id": str(project.id), "task_type_id": str(task_type.id), "priority": 3}
        with django_capture_on_commit_callbacks(execute=True):
            created = admin_client.post("/data/task-type-links", body, format="json")
        assert created.status_code == 201
        link = ProjectTaskTypeLink.objects.get()
        assert created.json() == {
            "project_id": str(project.id),
            "task_type_id": str(task_type.id),
            "priority": 3,
            "hd_bitrate_compression": None,
            "ld_bitrate_compression": None,
            "is_client_visible": True,
            "id": str(link.id),
            "created_at": created.json()["created_at"],
            "updated_at": created.json()["updated_at"],
            "type": "ProjectTaskTypeLink",
        }
        again = admin_client.post(
            "/data/task-type-links",
            {"project_id": str(project.id), "task_type_id": str(task_type.id)},
            format="json",
        )
        assert again.status_code == 201
        assert (again.json()["id"], again.json()["priority"]) == (str(link.id), 1)
        event = ApiEvent.objects.get()
        assert (event.name, event.data, event.project_id) == (
            "project:update",
            {"project_id": str(project.id)},
            project.id,
        )

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ({}, "Missing required parameter: project_id"),
            ({"project_id": "P"}, "Missing required parameter: task_type_id"),
            (
                {"project_id": "P", "task_type_id": "bad"},
                "task_type_id is required and must be a valid UUID",
            ),
            (
                {"project_id": "P", "task_type_id": "T", "priority": "x"},
                "Wrong value for parameter priority.",
            ),
        ],
    )
    def test_bad_bodies(self, admin_client, body, message):
        project = ProjectFactory()
        task_type = TaskTypeFactory()
        ids = {"P": str(project.id), "T": str(task_type.id)}
        body = {key: ids.get(value, value) for key, value in body.items()}
        response = admin_client.post("/data/task-type-links", body, format="json")
        assert (response.status_code, response.json()["message"]) == (400, message)

    def test_unknown_rows(self, admin_client):
        project = ProjectFactory()
        unknown = uuid.uuid4()
        response = admin_client.post(
            "/data/task-type-links",
            {"project_id": str(project.id), "task_type_id": str(unknown)},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["message"] == f"TaskType with id {unknown} not found"
        response = admin_client.post(
            "/data/task-type-links",
            {"project_id": str(unknown), "task_type_id": str(TaskTypeFactory().id)},
            format="json",
        )
        assert (response.status_code, response.json()) == (404, NOT_FOUND)

    @pytest.mark.parametrize("role", ROLES)
    def test_managers_of_the_project_only(self, role_clients, role):
        project = ProjectFactory()
        person, client = role_clients[role]
        if role != "admin":
            add_to_team(project, person)
        body = {"project_id": str(project.id), "task_type_id": str(TaskTypeFactory().id)}
        response = client.post("/data/task-type-links", body, format="json")
        assert response.status_code == (201 if role in ("admin", "manager") else 403)


class TestTaskStatusLinks:
    def test_create_then_update_resets_roles(self, admin_client):
        project = ProjectFactory()
        status = TaskStatusFactory()
        body = {
            "project_id": str(project.id),
            "task_status_id": str(status.id),
            "priority": 4,
            "roles_for_board": ["admin", "user"],
        }
        created = admin_client.post("/data/task-status-links", body, format="json")
        assert created.status_code == 201
        link = ProjectTaskStatusLink.objects.get()
        assert {key: created.json()[key] for key in created.json() if "_at" not in key} == {
            "project_id": str(project.id),
            "task_status_id": str(status.id),
            "priority": 4,
            "roles_for_board": ["admin", "user"],
            "is_client_allowed": None,
            "id": str(link.id),
            "type": "ProjectTaskStatusLink",
        }
        body = {"project_id": str(project.id), "task_status_id": str(status.id)}
        updated = admin_client.post("/data/task-status-links", body, format="json").json()
        assert (updated["id"], updated["priority"], updated["roles_for_board"]) == (
            str(link.id),
            1,
            [],
        )
        body["roles_for_board"] = "supervisor"
        updated = admin_client.post("/data/task-status-links", body, format="json").json()
        assert updated["roles_for_board"] == ["supervisor"]

    def test_bad_role_and_missing_status(self, admin_client):
        project = ProjectFactory()
        status = TaskStatusFactory()
        response = admin_client.post(
            "/data/task-status-links",
            {
                "project_id": str(project.id),
                "task_status_id": str(status.id),
                "roles_for_board": ["boss"],
            },
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["message"] == "Wrong value for parameter roles_for_board."
        response = admin_client.post(
            "/data/task-status-links", {"project_id": str(project.id)}, format="json"
        )
        assert response.json()["message"] == "Missing required parameter: task_status_id"

    def test_supervisor_refused(self, role_clients):
        project = ProjectFactory()
        person, client = role_clients["supervisor"]
        add_to_team(project, person)
        body = {"project_id": str(project.id), "task_status_id": str(TaskStatusFactory().id)}
        response = client.post("/data/task-status-links", body, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)


class TestReorders:
    def test_task_types(self, admin_client, django_capture_on_commit_callbacks):
        layout = TaskTypeFactory(name="Layout", priority=5)
        anim = TaskTypeFactory(name="Anim", priority=5)
        body = {"task_type_ids": [str(anim.id), str(uuid.uuid4()), str(layout.id)]}
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post("/actions/task-types/reorder", body, format="json")
        assert response.status_code == 200
        assert [(row["id"], row["priority"]) for row in response.json()] == [
            (str(anim.id), 1),
            (str(layout.id), 3),
        ]
        assert dict(TaskType.objects.values_list("name", "priority")) == {"Anim": 1, "Layout": 3}
        assert not ApiEvent.objects.exists()

    @pytest.mark.parametrize(
        "url",
        [
            "/actions/task-types/reorder",
            "/actions/projects/{project}/task-type-links/reorder",
            "/actions/projects/{project}/task-status-links/reorder",
        ],
    )
    @pytest.mark.parametrize("body", [{}, [], {"task_type_ids": "x", "task_status_ids": "x"}])
    def test_body_must_hold_the_id_list(self, admin_client, url, body):
        project = ProjectFactory()
        key = "task_status_ids" if "status" in url else "task_type_ids"
        response = admin_client.post(url.format(project=project.id), body, format="json")
        assert response.status_code == 400
        assert response.json()["message"] == (
            f"Request body must be a JSON object with a '{key}' list."
        )

    def test_malformed_id_in_list(self, admin_client):
        response = admin_client.post(
            "/actions/task-types/reorder", {"task_type_ids": ["bad"]}, format="json"
        )
        assert (response.status_code, response.json()["message"]) == (400, "Malformed ID.")

    @pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
    def test_task_types_admin_only(self, role_clients, role):
        _, client = role_clients[role]
        response = client.post("/actions/task-types/reorder", {"task_type_ids": []}, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)

    def test_project_task_type_links(self, admin_client, django_capture_on_commit_callbacks):
        project = ProjectFactory()
        layout, anim, unused = TaskTypeFactory(), TaskTypeFactory(), TaskTypeFactory()
        ProjectTaskTypeLink.objects.create(project=project, task_type=layout, priority=1)
        ProjectTaskTypeLink.objects.create(project=project, task_type=anim, priority=2)
        body = {"task_type_ids": [str(anim.id), str(unused.id), str(layout.id)]}
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                f"/actions/projects/{project.id}/task-type-links/reorder", body, format="json"
            )
        assert response.status_code == 200
        assert [(row["task_type_id"], row["priority"], row["type"]) for row in response.json()] == [
            (str(anim.id), 1, "ProjectTaskTypeLink"),
            (str(layout.id), 3, "ProjectTaskTypeLink"),
        ]
        assert ProjectTaskTypeLink.objects.count() == 2
        assert list(ApiEvent.objects.values_list("name", flat=True)) == ["project:update"]

    def test_project_task_status_links_keep_board_roles(self, admin_client):
        project = ProjectFactory()
        todo, wip = TaskStatusFactory(), TaskStatusFactory()
        ProjectTaskStatusLink.objects.create(
            project=project, task_status=todo, priority=1, roles_for_board=["admin"]
        )
        ProjectTaskStatusLink.objects.create(project=project, task_status=wip, priority=2)
        response = admin_client.post(
            f"/actions/projects/{project.id}/task-status-links/reorder",
            {"task_status_ids": [str(wip.id), str(todo.id)]},
            format="json",
        )
        assert response.status_code == 200
        assert [
            (row["task_status_id"], row["priority"], row["roles_for_board"])
            for row in response.json()
        ] == [(str(wip.id), 1, []), (str(todo.id), 2, ["admin"])]

    @pytest.mark.parametrize("role", ROLES)
    def test_project_reorders_for_managers(self, role_clients, role):
        project = ProjectFactory()
        person, client = role_clients[role]
        if role != "admin":
            add_to_team(project, person)
        for path, key in (
            ("task-type-links", "task_type_ids"),
            ("task-status-links", "task_status_ids"),
        ):
            response = client.post(
                f"/actions/projects/{project.id}/{path}/reorder", {key: []}, format="json"
            )
            assert response.status_code == (200 if role in ("admin", "manager") else 403)

    def test_unknown_project(self, admin_client):
        response = admin_client.post(
            f"/actions/projects/{uuid.uuid4()}/task-type-links/reorder",
            {"task_type_ids": []},
            format="json",
        )
        assert (response.status_code, response.json()) == (404, NOT_FOUND)

"""A project's pipeline settings: asset types, task types, task statuses, automations,
preview backgrounds and the batch route."""

import pytest

from production.models import (
    PreviewBackgroundFile,
    Project,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    StatusAutomation,
)
from tests.production.factories import (
    ProjectFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    entity_type,
)
from tests.production.projects_helpers import (
    FORBIDDEN,
    NOT_FOUND,
    Caller,
    allowed,
    count_queries,
    events,
    make_callers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db) -> Project:
    return ProjectFactory(name="Caminandes")


@pytest.fixture
def callers(project) -> dict[str, Caller]:
    return make_callers(project)


MANAGERS = ["admin", "manager_in"]


def automation() -> StatusAutomation:
    return StatusAutomation.objects.create(
        in_task_type=TaskTypeFactory(),
        in_task_status=TaskStatusFactory(),
        out_field_type="status",
        out_task_type=TaskTypeFactory(),
        out_task_status=TaskStatusFactory(),
    )


def managers_only(outcome: dict[str, bool]) -> list[str]:
    return [kind for kind, ok in outcome.items() if ok]


class TestAssetTypes:
    def test_add_and_remove(self, project, callers, django_capture_on_commit_callbacks):
        character = entity_type("Character")
        url = f"/data/projects/{project.id}/settings/asset-types"
        outcome = allowed(
            callers,
            lambda c: c.post(url, {"asset_type_id": str(character.id)}, format="json"),
            expect_ok=201,
        )
        assert managers_only(outcome) == MANAGERS
        assert list(project.asset_types.all()) == [character]
        body = callers["admin"].client.get(f"/data/projects/{project.id}").json()
        assert body["asset_types"] == [str(character.id)]
        outcome = allowed(callers, lambda c: c.delete(f"{url}/{character.id}"), expect_ok=204)
        assert managers_only(outcome) == MANAGERS
        assert not project.asset_types.exists()
        with django_capture_on_commit_callbacks(execute=True):
            callers["admin"].client.post(url, {"asset_type_id": str(character.id)}, format="json")
        assert events() == [("project:update", {"project_id": str(project.id)}, str(project.id))]

    def test_errors(self, admin_client, project):
        url = f"/data/projects/{project.id}/settings/asset-types"
        response = admin_client.post(url, {}, format="json")
        assert response.json()["data"] == {
            "errors": [{"field": "asset_type_id", "message": "Field required"}]
        }
        missing = "a522891a-0ae1-486e-97cc-a6e443d0fa69"
        response = admin_client.post(url, {"asset_type_id": missing}, format="json")
        assert response.status_code == 400
        assert response.json()["message"] == f"EntityType with id {missing} not found"
        response = admin_client.post(url, {"asset_type_id": "zz"}, format="json")
        assert response.status_code == 400
        assert admin_client.delete(f"{url}/{missing}").status_code == 204
        response = admin_client.post(
            "/data/projects/a522891a-0ae1-486e-97cc-a6e443d0fa69/settings/asset-types",
            {"asset_type_id": missing},
            format="json",
        )
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


class TestTaskTypes:
    def test_add_with_priority_and_remove(self, admin_client, project):
        modeling, shading = TaskTypeFactory(), TaskTypeFactory()
        url = f"/data/projects/{project.id}/settings/task-types"
        assert (
            admin_client.post(url, {"task_type_id": str(modeling.id)}, format="json").status_code
            == 201
        )
        response = admin_client.post(
            url, {"task_type_id": str(shading.id), "priority": 5}, format="json"
        )
        assert response.status_code == 201
        # Adding an existing link keeps its priority, as the reference does.
        admin_client.post(url, {"task_type_id": str(modeling.id), "priority": 3}, format="json")
        priorities = dict(ProjectTaskTypeLink.objects.values_list("task_type_id", "priority"))
        assert priorities == {modeling.id: None, shading.id: 5}
        assert admin_client.delete(f"{url}/{shading.id}").status_code == 204
        assert list(project.task_types.all()) == [modeling]
        missing = "a522891a-0ae1-486e-97cc-a6e443d0fa69"
        response = admin_client.post(url, {"task_type_id": missing}, format="json")
        assert response.json()["message"] == f"TaskType with id {missing} not found"

    def test_roles(self, project, callers):
        task_type = TaskTypeFactory()
        url = f"/data/projects/{project.id}/settings/task-types"
        outcome = allowed(
            callers,
            lambda c: c.post(url, {"task_type_id": str(task_type.id)}, format="json"),
            expect_ok=201,
        )
        assert managers_only(outcome) == MANAGERS


class TestTaskStatuses:
    def test_list_add_update_remove(self, project, callers):
        wip = TaskStatusFactory(name="WIP", short_name="wip")
        todo = TaskStatusFactory(name="Todo", short_name="todo")
        url = f"/data/projects/{project.id}/settings/task-status"
        admin = callers["admin"].client
        for status in (todo, wip):
            response = admin.post(url, {"task_status_id": str(status.id)}, format="json")
            assert response.status_code == 201
        link = ProjectTaskStatusLink.objects.get(task_status=wip)
        assert link.roles_for_board == ["user", "admin", "supervisor", "manager", "vendor"]
        outcome = allowed(callers, lambda c: c.get(url), expect_ok=200)
        assert not outcome["user_out"] and outcome["vendor_in"] and outcome["client_in"]
        rows = admin.get(url).json()
        assert [row["id"] for row in rows] == [str(wip.id), str(todo.id)]
        assert rows[0]["type"] == "TaskStatus" and rows[0]["short_name"] == "wip"
        response = admin.put(f"{url}/{wip.id}", {"is_client_allowed": False}, format="json")
        assert response.status_code == 200
        body = response.json()
        assert body["type"] == "ProjectTaskStatusLink"
        assert (body["task_status_id"], body["is_client_allowed"]) == (str(wip.id), False)
        response = admin.put(f"{url}/{wip.id}", {"priority": 3}, format="json")
        assert response.json()["data"] == {
            "errors": [{"field": "is_client_allowed", "message": "Field required"}]
        }
        other = TaskStatusFactory()
        response = admin.put(f"{url}/{other.id}", {"is_client_allowed": True}, format="json")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
        response = callers["user_in"].client.delete(f"{url}/{wip.id}")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        assert callers["manager_in"].client.delete(f"{url}/{wip.id}").status_code == 204
        assert [row["id"] for row in admin.get(url).json()] == [str(todo.id)]

    def test_list_query_count(self, admin_client):
        project = ProjectFactory()
        url = f"/data/projects/{project.id}/settings/task-status"
        ProjectTaskStatusLink.objects.create(project=project, task_status=TaskStatusFactory())
        one = count_queries(admin_client, url)
        for _ in range(2):
            ProjectTaskStatusLink.objects.create(project=project, task_status=TaskStatusFactory())
        assert count_queries(admin_client, url) == one


class TestAutomationsAndBackgrounds:
    def test_status_automations(self, project, callers):
        rule = automation()
        url = f"/data/projects/{project.id}/settings/status-automations"
        outcome = allowed(
            callers,
            lambda c: c.post(url, {"status_automation_id": str(rule.id)}, format="json"),
            expect_ok=201,
        )
        assert managers_only(outcome) == MANAGERS
        outcome = allowed(callers, lambda c: c.get(url), expect_ok=200)
        assert managers_only(outcome) == MANAGERS
        rows = callers["manager_in"].client.get(url).json()
        assert [(row["id"], row["type"]) for row in rows] == [(str(rule.id), "StatusAutomation")]
        assert callers["manager_in"].client.delete(f"{url}/{rule.id}").status_code == 204
        assert callers["admin"].client.get(url).json() == []

    def test_preview_backgrounds(self, project, callers):
        background = PreviewBackgroundFile.objects.create(name="Studio")
        url = f"/data/projects/{project.id}/settings/preview-background-files"
        response = callers["manager_in"].client.post(
            url, {"preview_background_file_id": str(background.id)}, format="json"
        )
        assert response.status_code == 201
        outcome = allowed(callers, lambda c: c.get(url), expect_ok=200)
        assert outcome["vendor_in"] and not outcome["user_out"]
        rows = callers["user_in"].client.get(url).json()
        assert [(row["id"], row["name"]) for row in rows] == [(str(background.id), "Studio")]
        assert callers["user_in"].client.delete(f"{url}/{background.id}").status_code == 403
        assert callers["admin"].client.delete(f"{url}/{background.id}").status_code == 204
        assert callers["admin"].client.get(url).json() == []

    @pytest.mark.parametrize("kind", ["status-automations", "preview-background-files"])
    def test_query_counts(self, admin_client, kind):
        project = ProjectFactory()
        url = f"/data/projects/{project.id}/settings/{kind}"

        def add() -> None:
            if kind == "status-automations":
                project.status_automations.add(automation())
            else:
                project.preview_background_files.add(PreviewBackgroundFile.objects.create(name="B"))

        add()
        one = count_queries(admin_client, url)
        add()
        add()
        assert count_queries(admin_client, url) == one


class TestBatch:
    def test_batch_links_what_exists(self, project, callers):
        character = entity_type("Character")
        modeling = TaskTypeFactory()
        todo = TaskStatusFactory()
        rule = automation()
        url = f"/data/projects/{project.id}/settings/batch"
        body = {
            "asset_type_ids": [str(character.id), "a522891a-0ae1-486e-97cc-a6e443d0fa69"],
            "task_types": [{"task_type_id": str(modeling.id), "priority": 3}],
            "task_status_ids": [str(todo.id)],
            "status_automation_ids": [str(rule.id)],
        }
        response = callers["user_in"].client.post(url, body, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        response = callers["manager_in"].client.post(url, body, format="json")
        assert response.status_code == 200
        assert response.json()["id"] == str(project.id)
        assert list(project.asset_types.all()) == [character]
        assert ProjectTaskTypeLink.objects.get(project=project).priority == 3
        assert list(project.task_statuses.all()) == [todo]
        assert list(project.status_automations.all()) == [rule]
        response = callers["admin"].client.post(url, {"asset_type_ids": "x"}, format="json")
        assert response.json()["data"] == {
            "errors": [{"field": "asset_type_ids", "message": "Input should be a valid list"}]
        }

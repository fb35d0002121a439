"""Project templates: the resource, its pipeline links, snapshots from projects and applying
one to a project."""

import pytest

from production.models import (
    MetadataDescriptor,
    PreviewBackgroundFile,
    Project,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTemplate,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
    StatusAutomation,
)
from tests.factories import DepartmentFactory
from tests.production.factories import (
    ProjectFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    entity_type,
)
from tests.production.projects_helpers import (
    FORBIDDEN,
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


RELATIONS = {
    "task_types",
    "task_statuses",
    "asset_types",
    "status_automations",
    "preview_background_files",
}


@pytest.fixture
def template(db) -> ProjectTemplate:
    return ProjectTemplate.objects.create(name="Feature")


class TestResource:
    def test_crud(self, admin_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post("/data/project-templates", {"name": "Tpl"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["type"] == "ProjectTemplate"
        assert body["metadata_descriptors"] == [] and body["fps"] == "25"
        assert not RELATIONS & set(body)
        url = f"/data/project-templates/{body['id']}"
        assert set(admin_client.get(url).json()) >= RELATIONS
        assert admin_client.put(url, {"fps": "30"}, format="json").json()["fps"] == "30"
        assert admin_client.delete(url).status_code == 204
        assert events() == [("project-template:new", {"project_template_id": body["id"]}, None)]

    def test_roles(self, callers, template):
        outcome = allowed(callers, lambda c: c.get("/data/project-templates"), expect_ok=200)
        assert [kind for kind, ok in outcome.items() if ok] == [
            "admin",
            "manager_in",
            "manager_out",
        ]
        outcome = allowed(
            callers,
            lambda c: c.post(
                "/data/project-templates",
                {"name": f"T{ProjectTemplate.objects.count()}"},
                format="json",
            ),
            expect_ok=201,
        )
        assert [kind for kind, ok in outcome.items() if ok] == ["admin"]

    def test_list_query_count(self, admin_client):
        ProjectTemplate.objects.create(name="A")
        one = count_queries(admin_client, "/data/project-templates")
        ProjectTemplate.objects.create(name="B")
        ProjectTemplate.objects.create(name="C")
        assert count_queries(admin_client, "/data/project-templates") == one


class TestLinks:
    def test_task_types(self, admin_client, template):
        shading, rigging, modeling = (
            TaskTypeFactory(name=n) for n in ("Shading", "Rigging", "Modeling")
        )
        url = f"/data/project-templates/{template.id}/task-types"
        response = admin_client.post(
            url, {"task_type_id": str(modeling.id), "priority": 2}, format="json"
        )
        assert response.status_code == 201
        link = response.json()
        assert (link["type"], link["priority"], link["task_type_id"]) == (
            "ProjectTemplateTaskTypeLink",
            2,
            str(modeling.id),
        )
        admin_client.post(url, {"task_type_id": str(shading.id)}, format="json")
        admin_client.post(url, {"task_type_id": str(rigging.id), "priority": 1}, format="json")
        rows = admin_client.get(url).json()
        assert [(row["name"], row["priority"]) for row in rows] == [
            ("Shading", None),
            ("Rigging", 1),
            ("Modeling", 2),
        ]
        assert rows[0]["type"] == "TaskType" and rows[0]["is_client_visible"] is True
        response = admin_client.post(
            f"/actions/project-templates/{template.id}/task-types/reorder",
            {"task_type_ids": [str(modeling.id), str(rigging.id)]},
            format="json",
        )
        assert [(row["task_type_id"], row["priority"]) for row in response.json()] == [
            (str(modeling.id), 1),
            (str(rigging.id), 2),
        ]
        assert admin_client.delete(f"{url}/{rigging.id}").status_code == 204
        assert ProjectTemplateTaskTypeLink.objects.count() == 2

    def test_task_statuses(self, admin_client, template):
        wip, todo = TaskStatusFactory(name="WIP"), TaskStatusFactory(name="Todo")
        url = f"/data/project-templates/{template.id}/task-statuses"
        response = admin_client.post(
            url,
            {"task_status_id": str(wip.id), "priority": 2, "roles_for_board": ["admin"]},
            format="json",
        )
        assert response.json()["roles_for_board"] == ["admin"]
        admin_client.post(url, {"task_status_id": str(todo.id)}, format="json")
        rows = admin_client.get(url).json()
        assert [(row["name"], row["priority"], row["roles_for_board"]) for row in rows] == [
            ("Todo", None, ["user", "admin", "supervisor", "manager", "vendor"]),
            ("WIP", 2, ["admin"]),
        ]
        assert rows[0]["link_is_client_allowed"] is None
        response = admin_client.post(
            f"/actions/project-templates/{template.id}/task-statuses/reorder",
            {"task_status_ids": [str(todo.id)]},
            format="json",
        )
        assert [row["priority"] for row in response.json()] == [1]
        assert admin_client.delete(f"{url}/{wip.id}").status_code == 204
        response = admin_client.post(
            f"/actions/project-templates/{template.id}/task-statuses/reorder", {}, format="json"
        )
        assert response.status_code == 400

    def test_asset_types_automations_backgrounds(self, admin_client, callers, template):
        character = entity_type("Character")
        base = f"/data/project-templates/{template.id}"
        response = admin_client.post(
            f"{base}/asset-types", {"asset_type_id": str(character.id)}, format="json"
        )
        assert response.json() == {"id": str(character.id), "name": "Character"}
        assert admin_client.get(f"{base}/asset-types").json() == [
            {"id": str(character.id), "name": "Character"}
        ]
        background = PreviewBackgroundFile.objects.create(name="Studio")
        admin_client.post(
            f"{base}/preview-background-files",
            {"preview_background_file_id": str(background.id)},
            format="json",
        )
        assert admin_client.get(f"{base}/preview-background-files").json() == [
            {"id": str(background.id), "name": "Studio", "is_default": False}
        ]
        rule = StatusAutomation.objects.create(out_field_type="status")
        response = admin_client.post(
            f"{base}/status-automations", {"status_automation_id": str(rule.id)}, format="json"
        )
        assert response.json()["type"] == "StatusAutomation"
        assert [r["id"] for r in admin_client.get(f"{base}/status-automations").json()] == [
            str(rule.id)
        ]
        response = admin_client.put(
            f"{base}/default-preview-background-file",
            {"default_preview_background_file_id": str(background.id)},
            format="json",
        )
        assert response.json()["default_preview_background_file_id"] == str(background.id)
        for kind, target in (
            ("asset-types", character),
            ("preview-background-files", background),
            ("status-automations", rule),
        ):
            response = callers["manager_in"].client.delete(f"{base}/{kind}/{target.id}")
            assert (response.status_code, response.json()) == (403, FORBIDDEN)
            assert admin_client.delete(f"{base}/{kind}/{target.id}").status_code == 204
        assert not template.asset_types.exists() and not template.status_automations.exists()

    def test_descriptors_snapshot(self, admin_client, template):
        response = admin_client.put(
            f"/data/project-templates/{template.id}/metadata-descriptors",
            {"metadata_descriptors": [{"name": "Tpl Field", "entity_type": "Asset"}]},
            format="json",
        )
        assert response.status_code == 200
        assert response.json()["metadata_descriptors"] == [
            {
                "name": "Tpl Field",
                "choices": [],
                "position": None,
                "data_type": None,
                "field_name": "tpl_field",
                "for_client": False,
                "departments": [],
                "entity_type": "Asset",
                "task_type_id": None,
            }
        ]


class TestProjects:
    def test_from_project(self, admin_client, project, django_capture_on_commit_callbacks):
        modeling = TaskTypeFactory()
        todo = TaskStatusFactory()
        department = DepartmentFactory()
        ProjectTaskTypeLink.objects.create(project=project, task_type=modeling, priority=3)
        ProjectTaskStatusLink.objects.create(project=project, task_status=todo, priority=1)
        project.asset_types.add(entity_type("Prop"))
        level = MetadataDescriptor.objects.create(
            project=project, entity_type="Asset", name="Level", field_name="level", choices=None
        )
        level.departments.add(department)
        project.fps = "30"
        project.save()
        url = f"/data/project-templates/from-project/{project.id}"
        response = admin_client.post(url, {}, format="json")
        assert response.json()["data"]["errors"] == [{"field": "name", "message": "Field required"}]
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, {"name": "Snap"}, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["fps"] == "30" and not RELATIONS & set(body)
        assert body["metadata_descriptors"][0]["departments"] == [str(department.id)]
        assert body["metadata_descriptors"][0]["choices"] == []
        template = ProjectTemplate.objects.get(name="Snap")
        assert template.task_type_links.get().priority == 3
        assert list(template.task_statuses.all()) == [todo]
        assert template.asset_types.count() == 1
        assert events() == [("project-template:new", {"project_template_id": body["id"]}, None)]
        response = admin_client.post(url, {"name": "Snap"}, format="json")
        assert response.status_code == 400

    def test_apply(
        self, admin_client, callers, project, template, django_capture_on_commit_callbacks
    ):
        modeling, shading = TaskTypeFactory(), TaskTypeFactory()
        ProjectTaskTypeLink.objects.create(project=project, task_type=modeling, priority=9)
        ProjectTemplateTaskTypeLink.objects.create(
            project_template=template, task_type=modeling, priority=1
        )
        ProjectTemplateTaskTypeLink.objects.create(
            project_template=template, task_type=shading, priority=2
        )
        ProjectTemplateTaskStatusLink.objects.create(
            project_template=template, task_status=TaskStatusFactory(), roles_for_board=["admin"]
        )
        template.fps = "12"
        template.production_type = "tvshow"
        template.metadata_descriptors = [{"name": "Level", "entity_type": "Asset"}]
        template.save()
        url = f"/data/projects/{project.id}/apply-template/{template.id}"
        response = callers["manager_in"].client.post(url)
        assert (response.status_code, response.json()) == (403, FORBIDDEN)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url)
        assert response.status_code == 200
        body = response.json()
        assert (body["fps"], body["production_type"]) == ("12", "tvshow")
        priorities = dict(
            ProjectTaskTypeLink.objects.filter(project=project).values_list(
                "task_type_id", "priority"
            )
        )
        assert priorities == {modeling.id: 9, shading.id: 2}  # existing links are kept
        assert ProjectTaskStatusLink.objects.get(project=project).roles_for_board == ["admin"]
        assert list(project.metadata_descriptors.values_list("field_name", flat=True)) == ["level"]
        assert [name for name, _, _ in events()] == [
            "metadata-descriptor:new",
            "project:update",
            "episode:new",
        ]
        admin_client.post(url)
        assert project.metadata_descriptors.count() == 1

"""The studio-wide settings resources: task types and statuses, entity types, project statuses,
status automations, custom actions and preview backgrounds (CRUD, rules, events, roles)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import CONFLICT_MESSAGE, FORBIDDEN_MESSAGE
from kitsu_site.api.models import ApiEvent
from production.models import (
    CustomAction,
    EntityType,
    PreviewBackgroundFile,
    ProjectStatus,
    ProjectTaskTypeLink,
    StatusAutomation,
    TaskStatus,
    TaskType,
)
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    entity_type,
)

FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"]


def make_row(resource: str):
    """One row of the resource, and a valid creation body for another."""
    if resource == "task-types":
        return TaskTypeFactory(name="Layout"), {"name": "Anim", "for_entity": "Shot"}
    if resource == "task-status":
        return TaskStatusFactory(name="Todo", short_name="todo"), {
            "name": "Review",
            "short_name": "rev",
            "color": "#00ff00",
        }
    if resource == "entity-types":
        return entity_type("Prop"), {"name": "Vehicle"}
    if resource == "project-status":
        return ProjectStatus.objects.create(name="Open", color="#000000"), {
            "name": "Paused",
            "color": "#111111",
        }
    if resource == "status-automations":
        return StatusAutomation.objects.create(out_field_type="status"), {"entity_type": "shot"}
    if resource == "custom-actions":
        return CustomAction.objects.create(name="Render"), {"name": "Publish", "url": "http://x"}
    return PreviewBackgroundFile.objects.create(name="Studio"), {"name": "Sky"}


EVERYONE_READS = [
    "task-types",
    "task-status",
    "entity-types",
    "project-status",
    "preview-background-files",
]
NOT_VENDORS = ["status-automations", "custom-actions"]
RESOURCES = EVERYONE_READS + NOT_VENDORS


class TestRoles:
    @pytest.mark.parametrize("resource", RESOURCES)
    @pytest.mark.parametrize("role", ROLES)
    def test_read(self, role_clients, resource, role):
        row, _ = make_row(resource)
        _, client = role_clients[role]
        allowed = resource in EVERYONE_READS or role != "vendor"
        listing = client.get(f"/data/{resource}")
        single = client.get(f"/data/{resource}/{row.id}")
        if allowed:
            assert listing.status_code == 200
            assert [item["id"] for item in listing.json()] == [str(row.id)]
            assert single.status_code == 200
            assert single.json()["id"] == str(row.id)
        else:
            assert (listing.status_code, listing.json()) == (403, FORBIDDEN)
            assert (single.status_code, single.json()) == (403, FORBIDDEN)

    @pytest.mark.parametrize("resource", RESOURCES)
    @pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
    def test_writes_are_admin_only(self, role_clients, resource, role):
        row, body = make_row(resource)
        _, client = role_clients[role]
        created = client.post(f"/data/{resource}", body, format="json")
        updated = client.put(f"/data/{resource}/{row.id}", {"name": "Renamed"}, format="json")
        deleted = client.delete(f"/data/{resource}/{row.id}")
        assert [created.status_code, updated.status_code, deleted.status_code] == [403] * 3
        assert type(row).objects.filter(pk=row.pk).exists()

    @pytest.mark.parametrize("resource", RESOURCES)
    def test_admin_crud_and_events(
        self, admin, admin_client, resource, django_capture_on_commit_callbacks
    ):
        row, body = make_row(resource)
        with django_capture_on_commit_callbacks(execute=True):
            created = admin_client.post(f"/data/{resource}", body, format="json")
        assert created.status_code == 201, created.json()
        new_id = created.json()["id"]
        field, value = (
            ("name", "Other")
            if resource in ("project-status", "custom-actions")
            else ("archived", True)
        )
        with django_capture_on_commit_callbacks(execute=True):
            updated = admin_client.put(f"/data/{resource}/{new_id}", {field: value}, format="json")
        assert updated.status_code == 200
        assert updated.json()[field] == value
        with django_capture_on_commit_callbacks(execute=True):
            deleted = admin_client.delete(f"/data/{resource}/{new_id}")
        assert deleted.status_code == 204
        assert not type(row).objects.filter(pk=new_id).exists()
        stem = (
            "asset-type"
            if resource == "entity-types"
            else type(row)._meta.db_table.replace("_", "-")
        )
        key = f"{stem.replace('-', '_')}_id"
        events = ApiEvent.objects.order_by("created_at")
        assert [(event.name, event.data, event.user_id) for event in events] == [
            (f"{stem}:new", {key: new_id}, admin.id),
            (f"{stem}:update", {key: new_id}, admin.id),
            (f"{stem}:delete", {key: new_id}, admin.id),
        ]


def extra_row(resource: str, index: int) -> None:
    """Another row of the resource, with its relations filled where it has some."""
    if resource == "task-types":
        TaskTypeFactory()
    elif resource == "task-status":
        TaskStatusFactory()
    elif resource == "entity-types":
        entity_type(f"Kind {index}").task_types.add(TaskTypeFactory())
    elif resource == "project-status":
        ProjectStatus.objects.create(name=f"Status {index}", color="#000000")
    elif resource == "status-automations":
        StatusAutomation.objects.create(out_field_type="ready_for")
    elif resource == "custom-actions":
        CustomAction.objects.create(name=f"Action {index}")
    else:
        PreviewBackgroundFile.objects.create(name=f"Background {index}")


class TestQueryCounts:
    @pytest.mark.parametrize("resource", RESOURCES)
    def test_list_queries_do_not_grow(self, admin_client, resource):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = admin_client.get(f"/data/{resource}?relations=true")
            assert response.status_code == 200
            return len(queries)

        make_row(resource)
        one = count()
        extra_row(resource, 1)
        extra_row(resource, 2)
        assert len(admin_client.get(f"/data/{resource}").json()) == 3
        assert count() == one


class TestTaskTypes:
    def test_create_body(self, admin_client):
        response = admin_client.post(
            "/data/task-types", {"name": "Anim", "for_entity": "Shot"}, format="json"
        )
        assert response.status_code == 201
        task_type = TaskType.objects.get(name="Anim")
        body = response.json()
        assert body["id"] == str(task_type.id)
        assert {key: body[key] for key in ("name", "for_entity", "color", "priority", "type")} == {
            "name": "Anim",
            "for_entity": "Shot",
            "color": "#FFFFFF",
            "priority": 1,
            "type": "TaskType",
        }

    @pytest.mark.parametrize("name", ["Layout", "LAYOUT"])
    def test_name_taken_whatever_the_kind_and_case(self, admin_client, name):
        TaskTypeFactory(name="Layout", for_entity="Shot")
        response = admin_client.post(
            "/data/task-types", {"name": name, "for_entity": "Asset"}, format="json"
        )
        assert response.status_code == 400
        assert response.json()["message"] == "A task type with similar name already exists"
        assert TaskType.objects.count() == 1

    def test_rename_to_taken_name_refused_but_same_name_kept(self, admin_client):
        TaskTypeFactory(name="Layout")
        anim = TaskTypeFactory(name="Anim")
        refused = admin_client.put(f"/data/task-types/{anim.id}", {"name": "layout"}, format="json")
        assert refused.status_code == 400
        assert refused.json()["message"] == "A task type with similar name already exists"
        kept = admin_client.put(
            f"/data/task-types/{anim.id}", {"name": "Anim", "color": "#000000"}, format="json"
        )
        assert kept.status_code == 200
        assert kept.json()["color"] == "#000000"

    def test_delete_linked_to_project_needs_force(self, admin_client):
        task_type = TaskTypeFactory()
        project = ProjectFactory()
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type, priority=1)
        refused = admin_client.delete(f"/data/task-types/{task_type.id}")
        assert refused.status_code == 400
        assert refused.json()["message"] == (
            "Task type is attached to projects. Re-issue the request with force=true to detach."
        )
        assert TaskType.objects.filter(pk=task_type.pk).exists()
        forced = admin_client.delete(f"/data/task-types/{task_type.id}?force=true")
        assert forced.status_code == 204
        assert not TaskType.objects.filter(pk=task_type.pk).exists()
        assert not ProjectTaskTypeLink.objects.exists()

    def test_delete_with_tasks_refused_even_forced(self, admin_client):
        task = TaskFactory()
        ProjectTaskTypeLink.objects.create(project=task.project, task_type=task.task_type)
        response = admin_client.delete(f"/data/task-types/{task.task_type_id}?force=true")
        assert response.status_code == 400
        assert response.json()["message"] == CONFLICT_MESSAGE
        # the forced detach is rolled back with the refused delete
        assert ProjectTaskTypeLink.objects.count() == 1

    def test_delete_in_asset_type_workflow_refused(self, admin_client):
        task_type = TaskTypeFactory()
        entity_type("Prop").task_types.add(task_type)
        response = admin_client.delete(f"/data/task-types/{task_type.id}")
        assert response.status_code == 400
        assert response.json()["message"] == CONFLICT_MESSAGE


class TestTaskStatuses:
    def test_default_clears_the_other_default_of_the_same_kind(self, admin_client):
        todo = TaskStatusFactory(name="Todo", short_name="todo", is_default=True)
        neutral = TaskStatusFactory(
            name="Neutral", short_name="neutral", is_default=True, for_concept=True
        )
        response = admin_client.post(
            "/data/task-status",
            {"name": "Ready", "short_name": "ready", "color": "#000000", "is_default": True},
            format="json",
        )
        assert response.status_code == 201
        assert response.json()["is_default"] is True
        defaults = set(TaskStatus.objects.filter(is_default=True).values_list("short_name"))
        assert defaults == {("ready",), ("neutral",)}
        todo.refresh_from_db()
        assert todo.is_default is False

        updated = admin_client.put(
            f"/data/task-status/{todo.id}", {"is_default": True}, format="json"
        )
        assert updated.status_code == 200
        assert updated.json()["is_default"] is True
        defaults = set(TaskStatus.objects.filter(is_default=True).values_list("short_name"))
        assert defaults == {("todo",), ("neutral",)}
        neutral.refresh_from_db()
        assert neutral.is_default is True

    def test_delete_used_status_refused(self, admin_client):
        task = TaskFactory()
        response = admin_client.delete(f"/data/task-status/{task.task_status_id}")
        assert response.status_code == 400
        assert response.json()["message"] == CONFLICT_MESSAGE


class TestEntityTypes:
    def test_workflow_written_and_read_as_id_list(self, admin_client):
        modeling = TaskTypeFactory(name="Modeling")
        created = admin_client.post("/data/entity-types", {"name": "Vehicle"}, format="json")
        assert created.status_code == 201
        assert created.json()["task_types"] == []
        assert created.json()["type"] == "EntityType"
        vehicle_id = created.json()["id"]
        updated = admin_client.put(
            f"/data/entity-types/{vehicle_id}", {"task_types": [str(modeling.id)]}, format="json"
        )
        assert updated.status_code == 200
        assert updated.json()["task_types"] == [str(modeling.id)]
        single = admin_client.get(f"/data/entity-types/{vehicle_id}").json()
        assert single["task_types"] == [str(modeling.id)]
        listed = admin_client.get("/data/entity-types?name=vehicle").json()
        assert "task_types" not in listed[0]
        assert admin_client.get("/data/entity-types?relations=true").json()[0]["task_types"] == [
            str(modeling.id)
        ]

    def test_delete_used_entity_type_refused(self, admin_client):
        project = ProjectFactory()
        prop = entity_type("Prop")
        project.asset_types.add(prop)
        response = admin_client.delete(f"/data/entity-types/{prop.id}")
        assert response.status_code == 400
        assert EntityType.objects.filter(pk=prop.pk).exists()


class TestStatusAutomations:
    def test_out_field_type_defaults_to_status(self, admin_client):
        response = admin_client.post(
            "/data/status-automations", {"entity_type": "asset"}, format="json"
        )
        assert response.status_code == 201
        assert response.json()["out_field_type"] == "status"
        assert response.json()["type"] == "StatusAutomation"

    def test_automation_used_by_a_project_cannot_be_deleted(self, admin_client):
        automation = StatusAutomation.objects.create(out_field_type="status")
        project = ProjectFactory()
        project.status_automations.add(automation)
        response = admin_client.delete(f"/data/status-automations/{automation.id}")
        assert response.status_code == 400
        assert response.json()["message"] == "This automation is used in a project."
        project.status_automations.remove(automation)
        assert admin_client.delete(f"/data/status-automations/{automation.id}").status_code == 204


class TestPreviewBackgroundFiles:
    def test_metadata_defaults(self, admin_client):
        response = admin_client.post(
            "/data/preview-background-files", {"name": "Sky"}, format="json"
        )
        assert response.status_code == 201
        body = response.json()
        assert {key: body[key] for key in ("name", "is_default", "file_size", "type")} == {
            "name": "Sky",
            "is_default": False,
            "file_size": 0,
            "type": "PreviewBackgroundFile",
        }

    def test_name_taken(self, admin_client):
        sky = PreviewBackgroundFile.objects.create(name="Sky")
        other = PreviewBackgroundFile.objects.create(name="Studio")
        message = "A preview background file with similar name already exists"
        created = admin_client.post(
            "/data/preview-background-files", {"name": "Sky"}, format="json"
        )
        assert (created.status_code, created.json()["message"]) == (400, message)
        renamed = admin_client.put(
            f"/data/preview-background-files/{other.id}", {"name": "Sky"}, format="json"
        )
        assert (renamed.status_code, renamed.json()["message"]) == (400, message)
        same = admin_client.put(
            f"/data/preview-background-files/{sky.id}", {"name": "Sky"}, format="json"
        )
        assert same.status_code == 200

    def test_only_one_default(self, admin_client):
        sky = PreviewBackgroundFile.objects.create(name="Sky", is_default=True)
        created = admin_client.post(
            "/data/preview-background-files", {"name": "Studio", "is_default": True}, format="json"
        )
        assert created.status_code == 201
        sky.refresh_from_db()
        assert sky.is_default is False
        admin_client.put(
            f"/data/preview-background-files/{sky.id}", {"is_default": True}, format="json"
        )
        defaults = PreviewBackgroundFile.objects.filter(is_default=True)
        assert list(defaults.values_list("name", flat=True)) == ["Sky"]

    def test_background_used_by_a_project_cannot_be_deleted(self, admin_client):
        sky = PreviewBackgroundFile.objects.create(name="Sky")
        ProjectFactory().preview_background_files.add(sky)
        response = admin_client.delete(f"/data/preview-background-files/{sky.id}")
        assert response.status_code == 400
        assert response.json()["message"] == CONFLICT_MESSAGE

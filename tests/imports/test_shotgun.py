"""`/import/shotgun/...`: a ShotGrid export replayed, and the errors a migration keeps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imports.models import DataImportError
from people.models import Person
from production.models import Entity, Project, ProjectPersonLink, Task, TaskStatus, TaskType
from reviews.models import Comment, PreviewFile
from tests.production.factories import open_status

pytestmark = pytest.mark.django_db

SG_PROJECT = {"id": 70, "name": "SG Show", "sg_status": "Active", "sg_budget": 12, "sg_note": None}
SG_PERSON = {
    "id": 11,
    "firstname": "Ada",
    "lastname": "Lovelace",
    "email": "ada@studio.com",
    "login": "ada",
    "sg_status_list": "act",
    "permission_rule_set": {"name": "Manager"},
    "department": {"name": "Animation"},
}


def post(client, path, body):
    response = client.post(f"/import/shotgun/{path}", body, format="json")
    assert response.status_code in (200, 201), response.json()
    return response.json()


def production(client):
    """The ShotGrid rows of a small show, imported in the order a migration script uses."""
    post(client, "projects", [SG_PROJECT])
    post(client, "persons", [SG_PERSON])
    post(client, "steps", [{"id": 5, "code": "Anim Blocking", "color": "255,0,16"}])
    post(client, "status", [{"id": 8, "name": "In progress", "code": "ip", "bg_color": None}])
    project = {"id": 70, "name": "SG Show"}
    post(
        client, "episodes", [{"id": 20, "code": "E01", "description": "pilot", "project": project}]
    )
    post(
        client,
        "sequences",
        [{"id": 21, "code": "SQ01", "description": "", "project": project, "episode": {"id": 20}}],
    )
    post(
        client,
        "assets",
        [
            {
                "id": 40,
                "code": "Castle",
                "description": "",
                "sg_asset_type": "Set",
                "project": {"id": 70},
            },
            {
                "id": 41,
                "code": "Door",
                "description": "",
                "sg_asset_type": "Prop",
                "project": {"id": 70},
                "parents": [{"id": 40}],
            },
        ],
    )
    post(
        client,
        "shots",
        [
            {
                "id": 30,
                "code": "SH010",
                "project": project,
                "sg_sequence": {"id": 21},
                "sg_cut_in": 101,
                "sg_cut_duration": 47,
                "sg_camera": "A",
                "assets": [{"id": 40}],
            }
        ],
    )
    post(
        client,
        "tasks",
        [
            {
                "id": 50,
                "cached_display_name": "Blocking",
                "start_date": "2024-03-01",
                "due_date": "2024-03-08",
                "sg_sort_order": 2,
                "duration": 480,
                "step": {"id": 5},
                "sg_status_list": "ip",
                "project": {"id": 70},
                "entity": {"type": "Shot", "id": 30},
                "created_by": {"id": 11},
                "task_assignees": [{"id": 11}],
            },
            {"id": 51, "step": None, "project": {"id": 70}},
        ],
    )


def test_every_route_is_admin_only(role_clients):
    _, manager = role_clients["manager"]
    for path in ("projects", "remove/project", "errors"):
        response = manager.post(f"/import/shotgun/{path}", [], format="json")
        assert response.status_code == 403, path
    assert manager.get("/import/shotgun/errors").status_code == 403
    assert not Project.objects.exists()


def test_entries_must_be_a_list(admin_client):
    response = admin_client.post("/import/shotgun/projects", {"id": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "A list of entities is expected."


def test_project_with_its_status_and_custom_fields(admin_client):
    body = post(admin_client, "projects", [SG_PROJECT])
    project = Project.objects.get()
    assert body[0]["id"] == str(project.id)
    assert (body[0]["name"], body[0]["shotgun_id"], body[0]["data"]) == (
        "SG Show",
        70,
        {"sg_budget": 12},
    )
    assert project.project_status.name == "Active"
    post(admin_client, "projects", [{**SG_PROJECT, "name": "SG Show renamed"}])
    assert list(Project.objects.values_list("name", flat=True)) == ["SG Show renamed"]


def test_persons_are_created_once_with_role_and_department(admin_client):
    fake = {**SG_PERSON, "id": 12, "email": "changeme@email.com"}
    body = post(admin_client, "persons", [SG_PERSON, fake])
    assert len(body) == 1
    assert body[0]["email"] == "ada@studio.com"
    assert body[0]["role"] == "manager"
    assert "password" not in body[0]
    person = Person.objects.get(shotgun_id=11)
    assert [department.name for department in person.departments.all()] == ["Animation"]
    assert not person.has_usable_password()
    post(admin_client, "persons", [SG_PERSON])
    assert Person.objects.filter(email="ada@studio.com").count() == 1


def test_a_whole_show(admin_client):
    production(admin_client)
    step = TaskType.objects.get(shotgun_id=5)
    assert (step.name, step.color, step.for_entity, step.department.name) == (
        "Anim Blocking",
        "#ff0010",
        "Asset",
        "Anim",
    )
    assert TaskStatus.objects.get(shotgun_id=8).color == "#000000"
    episode = Entity.objects.get(shotgun_id=20, entity_type__name="Episode")
    sequence = Entity.objects.get(shotgun_id=21)
    assert sequence.parent == episode
    shot = Entity.objects.get(shotgun_id=30, entity_type__name="Shot")
    assert shot.parent == sequence
    assert shot.data == {"sg_camera": "A", "sg_cut_duration": 47, "frame_in": 101, "frame_out": 148}
    castle, door = Entity.objects.get(shotgun_id=40), Entity.objects.get(shotgun_id=41)
    assert list(shot.entities_out.all()) == [castle]
    assert list(castle.entities_out.all()) == [door]
    assert castle.entity_type.name == "Set"
    task = Task.objects.get()
    assert (task.name, task.entity, task.task_type, task.task_status.short_name) == (
        "Blocking",
        shot,
        step,
        "ip",
    )
    assert [person.email for person in task.assignees.all()] == ["ada@studio.com"]
    assert task.start_date.isoformat() == "2024-03-01T00:00:00+00:00"


def test_replaying_the_show_changes_nothing(admin_client):
    production(admin_client)
    counts = [model.objects.count() for model in (Project, Person, Entity, Task, TaskType)]
    production(admin_client)
    assert [model.objects.count() for model in (Project, Person, Entity, Task, TaskType)] == counts


def test_versions_notes_and_connections(admin_client):
    production(admin_client)
    versions = [
        {
            "id": 60,
            "code": "blocking_v001",
            "description": "first",
            "user": {"id": 11},
            "sg_task": {"id": 50},
            "sg_uploaded_movie": {"url": "https://sg.example/v1.mp4", "name": "v1.mp4"},
        },
        {"id": 61, "code": "orphan", "sg_task": None},
    ]
    body = post(admin_client, "versions", versions)
    assert [row["name"] for row in body] == ["blocking_v001"]
    preview = PreviewFile.objects.get()
    assert (preview.source, preview.uploaded_movie_name, preview.person.shotgun_id) == (
        "Shotgun",
        "v1.mp4",
        11,
    )
    notes = [
        {
            "id": 80,
            "content": "Faster please",
            "tasks": [{"id": 50}],
            "user": {"id": 11},
            "created_at": "2024-03-02T09:30:00Z",
        },
        {"id": 81, "content": "lost", "tasks": [{"id": 999}], "user": {"id": 11}},
    ]
    body = post(admin_client, "notes", notes)
    assert [(row["text"], row["created_at"]) for row in body] == [
        ("Faster please", "2024-03-02T09:30:00")
    ]
    assert Comment.objects.get().object_id == Task.objects.get().id
    connection = {"id": 90, "project": {"id": 70}, "user": {"id": 11}}
    body = post(admin_client, "project-connections", [connection])
    assert body[0]["name"] == "SG Show"
    link = ProjectPersonLink.objects.get()
    assert (link.shotgun_id, link.person.email) == (90, "ada@studio.com")
    assert post(admin_client, "projectconnections", [connection])[0]["name"] == "SG Show"


def test_removals(admin_client):
    production(admin_client)
    post(
        admin_client, "project-connections", [{"id": 90, "project": {"id": 70}, "user": {"id": 11}}]
    )
    status = TaskStatus.objects.get(shotgun_id=8)
    assert post(admin_client, "remove/status", {"id": 8}) == {
        "removed_instance_id": str(status.id),
        "success": False,
    }
    task = Task.objects.get()
    assert post(admin_client, "remove/task", {"id": 50}) == {
        "removed_instance_id": str(task.id),
        "success": True,
    }
    assert post(admin_client, "remove/status", {"id": 8})["success"] is True
    assert post(admin_client, "remove/status", {"id": 8}) == {"success": True}
    assert post(admin_client, "remove/asset", {"id": 41})["success"] is True
    assert not Entity.objects.filter(shotgun_id=41).exists()
    assert post(admin_client, "remove/projectconnection", {"id": 90})["success"] is True
    assert not ProjectPersonLink.objects.exists()


@pytest.mark.parametrize("body", [{}, {"id": "abc"}, [1]])
def test_remove_needs_an_id(admin_client, body):
    response = admin_client.post("/import/shotgun/remove/shot", body, format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {
        "errors": [{"field": "id", "message": "The ShotGrid id is required."}]
    }


class TestImportErrors:
    def test_create_list_delete(self, admin_client):
        created = admin_client.post("/import/shotgun/errors", {"event": "x"}, format="json")
        assert created.status_code == 201
        body = created.json()
        error = DataImportError.objects.get()
        assert body == {
            "event_data": {"event": "x"},
            "source": "shotgun",
            "id": str(error.id),
            "created_at": body["created_at"],
            "updated_at": body["updated_at"],
            "type": "DataImportError",
        }
        DataImportError.objects.create(event_data={"row": 1}, source="csv")
        assert admin_client.get("/import/shotgun/errors").json() == [body]
        deleted = admin_client.delete(f"/import/shotgun/errors/{error.id}")
        assert deleted.status_code == 204
        assert admin_client.get("/import/shotgun/errors").json() == []

    def test_delete_unknown_or_malformed(self, admin_client):
        assert admin_client.delete(f"/import/shotgun/errors/{open_status().id}").status_code == 404
        assert admin_client.delete("/import/shotgun/errors/nope").status_code == 400

    def test_list_query_count(self, admin_client, django_assert_num_queries):
        DataImportError.objects.create(event_data={}, source="shotgun")
        with CaptureQueriesContext(connection) as one:
            admin_client.get("/import/shotgun/errors")
        DataImportError.objects.bulk_create(
            DataImportError(event_data={"n": n}, source="shotgun") for n in range(2)
        )
        with django_assert_num_queries(len(one.captured_queries)):
            assert len(admin_client.get("/import/shotgun/errors").json()) == 3

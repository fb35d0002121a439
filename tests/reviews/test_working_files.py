"""`/data/working-files` and the stored file of a working file."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from reviews.models import WorkingFile
from tests.production.factories import TaskFactory, add_to_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(role_clients):
    task = TaskFactory()
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(task.project, person)
    return task


def test_create_and_read(task, admin_client):
    body = {
        "name": "scene",
        "task_id": str(task.pk),
        "entity_id": str(task.entity_id),
        "revision": 1,
    }
    response = admin_client.post("/data/working-files", body, format="json")
    assert response.status_code == 201
    working_file = WorkingFile.objects.get()
    expected = {
        "shotgun_id": None,
        "name": "scene",
        "description": None,
        "comment": None,
        "revision": 1,
        "size": None,
        "checksum": None,
        "path": None,
        "data": None,
        "validation_status": "neutral",
        "task_id": str(task.pk),
        "entity_id": str(task.entity_id),
        "person_id": None,
        "software_id": None,
        "outputs": [],
        "id": str(working_file.pk),
        "created_at": working_file.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": working_file.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "WorkingFile",
    }
    assert response.json() == expected
    assert admin_client.get(f"/data/working-files/{working_file.pk}").json() == expected


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        (Role.MANAGER, 200, 403),
        (Role.USER, 200, 403),
        (Role.CLIENT, 200, 403),
        (Role.VENDOR, 403, 403),
    ],
)
def test_roles(task, role_clients, role, read, write):
    working_file = WorkingFile.objects.create(name="scene", task=task, entity=task.entity)
    client = role_clients[role][1]
    assert client.get(f"/data/working-files/{working_file.pk}").status_code == read
    assert client.get("/data/working-files").status_code == read
    body = {"name": "x", "task_id": str(task.pk)}
    assert client.post("/data/working-files", body, format="json").status_code == write
    response = client.put(f"/data/working-files/{working_file.pk}", {"name": "y"}, format="json")
    assert response.status_code == write
    assert client.delete(f"/data/working-files/{working_file.pk}").status_code == write


def test_list_query_count(task, admin_client):
    WorkingFile.objects.create(name="a", task=task)
    with CaptureQueriesContext(connection) as one:
        admin_client.get("/data/working-files?relations=true")
    WorkingFile.objects.create(name="b", task=task)
    WorkingFile.objects.create(name="c", task=task)
    with CaptureQueriesContext(connection) as three:
        rows = admin_client.get("/data/working-files?relations=true").json()
    assert len(rows) == 3
    assert len(three) == len(one)


def test_file_download(media_root, task, role_clients):
    working_file = WorkingFile.objects.create(name="scene.blend", task=task)
    admin_client = role_clients[Role.ADMIN][1]
    url = f"/data/working-files/{working_file.pk}/file"
    response = admin_client.get(url)
    assert response.status_code == 404
    assert response.json() == {
        "error": True,
        "message": f"Working file not found for: {working_file.pk}",
    }
    default_storage.save(f"working-files/{working_file.pk}", ContentFile(b"blend data"))
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"blend data"
    assert 'filename="scene.blend"' in response["Content-Disposition"]
    assert role_clients[Role.USER][1].get(url).status_code == 200
    assert role_clients[Role.VENDOR][1].get(url).status_code == 403
    assert admin_client.get("/data/working-files/abc/file").status_code == 404

"""`PUT /actions/preview-files/<id>/set-main-preview`: the entity's main preview, by role."""

from __future__ import annotations

import pytest

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Entity
from reviews.models import PreviewFile
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    sequence,
    shot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod(role_clients):
    project = ProjectFactory(name="Previews Prod")
    sh010 = shot(project, sequence(project), "SH010")
    task = TaskFactory(entity=sh010, project=project, task_type=TaskTypeFactory(for_entity="Shot"))
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    task.assignees.add(role_clients[Role.VENDOR][0])
    picture = PreviewFile.objects.create(task=task, name="a", extension="png", status="ready")
    movie = PreviewFile.objects.create(task=task, name="b", revision=2, extension="mp4")
    return sh010, picture, movie


def test_set_main_preview_answers_the_entity(
    prod, admin_client, django_capture_on_commit_callbacks
):
    sh010, picture, _ = prod
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            f"/actions/preview-files/{picture.pk}/set-main-preview", {}, format="json"
        )
    assert response.status_code == 200
    sh010.refresh_from_db()
    assert sh010.preview_file_id == picture.pk
    body = response.json()
    assert body["id"] == str(sh010.pk)
    assert body["type"] == "Entity"
    assert body["preview_file_id"] == str(picture.pk)
    assert body["preview_file_status"] == "ready"
    event = ApiEvent.objects.get(name="preview-file:set-main")
    assert event.data == {
        "entity_id": str(sh010.pk),
        "preview_file_id": str(picture.pk),
        "preview_file_status": "ready",
        "project_id": str(sh010.project_id),
    }
    assert ApiEvent.objects.get(name="shot:update").data["shot_id"] == str(sh010.pk)


def test_frame_number_only_for_movies(prod, admin_client):
    sh010, picture, movie = prod
    response = admin_client.put(
        f"/actions/preview-files/{picture.pk}/set-main-preview", {"frame_number": 3}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Can't use a given frame on non movie preview",
        "data": None,
    }
    response = admin_client.put(
        f"/actions/preview-files/{movie.pk}/set-main-preview", {"frame_number": 3}, format="json"
    )
    assert response.status_code == 200
    assert Entity.objects.get(pk=sh010.pk).preview_file_id == movie.pk


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.MANAGER, 200),
        (Role.SUPERVISOR, 200),
        (Role.USER, 200),
        (Role.VENDOR, 200),
        (Role.CLIENT, 403),
    ],
)
def test_set_main_preview_roles(prod, role_clients, role, code):
    picture = prod[1]
    response = role_clients[role][1].put(
        f"/actions/preview-files/{picture.pk}/set-main-preview", {}, format="json"
    )
    assert response.status_code == code


def test_set_main_preview_outsider_and_bad_ids(prod, make_person, admin_client):
    from tests.conftest import client_for

    picture = prod[1]
    outsider = client_for(make_person(role=Role.MANAGER))
    url = f"/actions/preview-files/{picture.pk}/set-main-preview"
    assert outsider.put(url, {}, format="json").status_code == 403
    assert admin_client.put("/actions/preview-files/abc/set-main-preview").status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.put(f"/actions/preview-files/{missing}/set-main-preview").status_code == 404

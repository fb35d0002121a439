"""Project thumbnails: upload by the project's managers, 400x400 PNGs, 404 until one exists."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Project
from tests.production.factories import ProjectFactory, add_to_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(role_clients):
    project = ProjectFactory(name="Thumbs")
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    return project


def png(size=(1000, 500), color=(20, 50, 200)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


def upload(client, project, content: bytes, name="pic.png"):
    return client.post(
        f"/pictures/thumbnails/projects/{project.pk}",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_upload_fits_picture_in_400_square(
    media_root, project, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(admin_client, project, png())
    assert response.status_code == 201
    path = f"pictures/thumbnails/projects/{project.pk}.png"
    assert response.json() == {"thumbnail_path": path}
    assert Project.objects.get(pk=project.pk).has_avatar is True
    assert (media_root / path).exists()
    response = admin_client.get(f"/pictures/thumbnails/projects/{project.pk}.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert picture.size == (400, 400)
    assert picture.mode == "RGBA"
    assert picture.getbbox() == (0, 100, 400, 300)
    assert picture.getpixel((0, 0)) == (0, 0, 0, 0)
    assert picture.getpixel((200, 200)) == (20, 50, 200, 255)
    event = ApiEvent.objects.get(name="project:set-thumbnail")
    assert event.data == {"project_id": str(project.pk)}
    assert event.project_id is None
    assert admin_client.get(f"/pictures/thumbnails/projects/{project.pk}").status_code == 200


def test_small_picture_is_scaled_up(media_root, project, admin_client):
    upload(admin_client, project, png((200, 100), (0, 255, 0)))
    response = admin_client.get(f"/pictures/thumbnails/projects/{project.pk}.png")
    picture = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert picture.size == (400, 400)
    assert picture.getbbox() == (0, 100, 400, 300)


@pytest.mark.parametrize(
    "content",
    [b"", b"notanimage", png()[:300]],
    ids=["empty", "not-an-image", "truncated"],
)
def test_unreadable_pictures_are_refused(media_root, project, admin_client, content):
    response = upload(admin_client, project, content)
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Uploaded file is not a readable picture.",
        "data": None,
    }
    assert Project.objects.get(pk=project.pk).has_avatar is False


def test_decompression_bomb_is_refused(media_root, project, admin_client, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    response = upload(admin_client, project, png((200, 200)))
    assert response.status_code == 400


def test_missing_file_and_missing_thumbnail(media_root, project, admin_client):
    response = admin_client.post(f"/pictures/thumbnails/projects/{project.pk}")
    assert response.status_code == 400
    assert response.json()["message"] == "File not provided."
    assert admin_client.get(f"/pictures/thumbnails/projects/{project.pk}.png").status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(f"/pictures/thumbnails/projects/{missing}.png").status_code == 404
    assert admin_client.get("/pictures/thumbnails/projects/abc.png").status_code == 404


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.MANAGER, 201),
        (Role.SUPERVISOR, 403),
        (Role.USER, 403),
        (Role.CLIENT, 403),
        (Role.VENDOR, 403),
    ],
)
def test_only_managers_upload(media_root, project, role_clients, role, code):
    assert upload(role_clients[role][1], project, png()).status_code == code

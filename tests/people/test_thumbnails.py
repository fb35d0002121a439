"""Avatars of persons: upload (self or admin), read (anyone logged in), refusal of bad files."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kitsu_site.api import pictures
from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import Person
from tests.conftest import client_for
from tests.factories import PersonFactory

NOT_A_PICTURE = {"error": True, "message": "Uploaded file is not a readable picture.", "data": None}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def picture(size=(800, 600), fmt="PNG", color=(200, 10, 10)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format=fmt)
    return output.getvalue()


def upload(data: bytes, name: str = "avatar.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def read_png(response) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def artist(db):
    return PersonFactory(first_name="Ann", last_name="Artist")


def url(person, suffix=""):
    return f"/pictures/thumbnails/persons/{person.id}{suffix}"


def test_upload_fits_the_picture_in_a_transparent_square(
    admin, admin_client, artist, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url(artist), {"file": upload(picture())}, format="multipart")
    assert response.status_code == 201
    assert response.json() == {"thumbnail_path": f"pictures/thumbnails/persons/{artist.id}.png"}
    artist.refresh_from_db()
    assert artist.has_avatar is True
    assert default_storage.exists(f"thumbnails/persons/{artist.id}.png")
    names = list(ApiEvent.objects.order_by("created_at").values_list("name", "data"))
    assert names == [
        ("person:update", {"person_id": str(artist.id)}),
        ("person:set-thumbnail", {"person_id": str(artist.id)}),
    ]
    for suffix in (".png", ""):
        response = admin_client.get(url(artist, suffix))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        image = read_png(response)
        assert (image.size, image.mode) == ((400, 400), "RGBA")
        assert image.getbbox() == (0, 50, 400, 350)  # 800x600 → 400x300, centred
        assert image.getpixel((0, 0)) == (0, 0, 0, 0)
        assert image.getpixel((200, 200)) == (200, 10, 10, 255)


def test_small_pictures_are_scaled_up(admin_client, artist):
    data = picture(size=(100, 50), fmt="JPEG")
    admin_client.post(url(artist, ".png"), {"file": upload(data, "a.jpg")}, format="multipart")
    image = read_png(admin_client.get(url(artist, ".png")))
    assert image.getbbox() == (0, 100, 400, 300)


def test_a_new_upload_replaces_the_old_one(admin_client, artist):
    admin_client.post(url(artist), {"file": upload(picture())}, format="multipart")
    admin_client.post(url(artist), {"file": upload(picture(size=(50, 100)))}, format="multipart")
    image = read_png(admin_client.get(url(artist, ".png")))
    assert image.getbbox() == (100, 0, 300, 400)
    assert default_storage.listdir("thumbnails/persons")[1] == [f"{artist.id}.png"]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(picture()[: len(picture()) // 2], id="truncated"),
        pytest.param(b"hello, not a picture", id="not-an-image"),
        pytest.param(b"", id="empty"),
    ],
)
def test_unreadable_uploads_are_refused(admin_client, artist, data):
    response = admin_client.post(url(artist), {"file": upload(data)}, format="multipart")
    assert response.status_code == 400
    assert response.json() == NOT_A_PICTURE
    artist.refresh_from_db()
    assert artist.has_avatar is False


def test_decompression_bombs_are_refused(admin_client, artist, monkeypatch):
    monkeypatch.setattr(pictures, "MAX_PIXELS", 100)
    response = admin_client.post(url(artist), {"file": upload(picture())}, format="multipart")
    assert response.status_code == 400
    assert response.json() == NOT_A_PICTURE


def test_missing_file(admin_client, artist):
    for body in ({}, {"other": upload(picture())}):
        response = admin_client.post(url(artist), body, format="multipart")
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": "File not provided.", "data": None}


def test_who_may_upload_and_read(role_clients, artist):
    data = picture()
    own = client_for(artist).post(url(artist), {"file": upload(data)}, format="multipart")
    assert own.status_code == 201
    for role, (_, client) in role_clients.items():
        response = client.post(url(artist), {"file": upload(data)}, format="multipart")
        assert (role, response.status_code) == (role, 201 if role == "admin" else 403)
        if role != "admin":
            assert response.json() == {"error": True, "message": FORBIDDEN_MESSAGE}
        assert client.get(url(artist, ".png")).status_code == 200


def test_no_avatar_and_unknown_person_are_404(admin_client, artist):
    for path in (url(artist, ".png"), url(artist), "/pictures/thumbnails/persons/xxx.png"):
        response = admin_client.get(path)
        assert response.status_code == 404
        assert response.json() == {"error": True, "message": NOT_FOUND_MESSAGE}
    missing = "/pictures/thumbnails/persons/00000000-0000-0000-0000-000000000000"
    response = admin_client.post(missing, {"file": upload(picture())}, format="multipart")
    assert response.status_code == 404


def test_clear_avatar_removes_the_file(admin_client, artist, django_capture_on_commit_callbacks):
    admin_client.post(url(artist), {"file": upload(picture())}, format="multipart")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.delete(f"/actions/persons/{artist.id}/clear-avatar")
    assert not default_storage.exists(f"thumbnails/persons/{artist.id}.png")
    assert admin_client.get(url(artist, ".png")).status_code == 404
    assert Person.objects.get(pk=artist.pk).has_avatar is False

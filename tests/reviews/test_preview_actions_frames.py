"""Frames extracted from stored previews: movie frames, tiles, annotated frames, zip and PDF."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from people.models import Role
from reviews.media.paths import preview_storage_path
from reviews.models import PreviewFile
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
)
from tests.reviews.preview_media_helpers import movie_bytes

pytestmark = pytest.mark.django_db

ACTION = "/actions/preview-files/{}/{}"
RED = "#ff0000"


def store_test_movie(preview: PreviewFile, tmp_path) -> None:
    """Two seconds of ffmpeg's test pattern, 320x240 at 25 fps, where the media pipeline keeps
    normalised movies."""
    content = movie_bytes(tmp_path, size="320x240", rate=25, duration=2)
    path = preview_storage_path("movies/originals", preview.pk, "mp4")
    default_storage.save(path, ContentFile(content))


def store_test_picture(preview: PreviewFile) -> None:
    """A plain grey 1200x900 picture as its 1200-wide preview."""
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (128, 128, 128)).save(buffer, "PNG")
    path = preview_storage_path("pictures/previews", preview.pk, "png")
    default_storage.save(path, ContentFile(buffer.getvalue()))


def rect(object_id: str, left: int, top: int) -> dict:
    return {
        "id": object_id,
        "type": "rect",
        "left": left,
        "top": top,
        "width": 50,
        "height": 40,
        "stroke": RED,
        "strokeWidth": 4,
        "fill": "rgba(0,0,0,0)",
        "canvasWidth": 600,
        "canvasHeight": 450,
    }


@pytest.fixture
def media(role_clients, tmp_path):
    project = ProjectFactory(name="Frames Prod")
    hero = asset(project, "Hero")
    task = TaskFactory(entity=hero, project=project, task_type=TaskTypeFactory(name="Modeling"))
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    task.assignees.add(role_clients[Role.VENDOR][0])
    movie = PreviewFile.objects.create(task=task, name="movie", extension="mp4", status="ready")
    picture = PreviewFile.objects.create(
        task=task, name="picture", extension="png", status="ready", revision=2, position=2
    )
    store_test_movie(movie, tmp_path)
    store_test_picture(picture)
    return movie, picture


def png(response) -> Image.Image:
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "image/png"
    return Image.open(io.BytesIO(response.content))


def test_extract_frame(media, admin_client):
    movie, _ = media
    first = png(admin_client.get(ACTION.format(movie.pk, "extract-frame")))
    later = png(admin_client.get(ACTION.format(movie.pk, "extract-frame") + "?frame_number=30"))
    assert first.size == later.size == (320, 240)
    assert first.tobytes() != later.tobytes()
    past_the_end = admin_client.get(ACTION.format(movie.pk, "extract-frame") + "?frame_number=999")
    assert png(past_the_end).size == (320, 240)


def test_extract_frame_refusals(media, admin_client):
    movie, picture = media
    bad = admin_client.get(ACTION.format(movie.pk, "extract-frame") + "?frame_number=x")
    assert bad.status_code == 400
    assert bad.json() == {
        "error": True,
        "message": "Wrong value for parameter frame_number.",
        "data": None,
    }
    assert admin_client.get(ACTION.format(picture.pk, "extract-frame")).status_code == 404
    default_storage.delete(preview_storage_path("movies/originals", movie.pk, "mp4"))
    missing = admin_client.get(ACTION.format(movie.pk, "extract-frame"))
    assert missing.status_code == 404
    assert missing.json() == {
        "error": True,
        "message": f"404 Not Found: No stored movie for preview file {movie.pk}.",
    }


def test_extract_tile(media, admin_client):
    movie, picture = media
    tile = png(admin_client.get(ACTION.format(movie.pk, "extract-tile")))
    # 50 frames, 133x100 each, eight a row.
    assert tile.size == (8 * 133, 7 * 100)
    refused = admin_client.get(ACTION.format(picture.pk, "extract-tile"))
    assert refused.status_code == 400
    assert refused.json() == {"error": True, "message": "Preview file is not a movie", "data": None}


def test_annotated_picture_frame_draws_the_objects(media, admin_client):
    _, picture = media
    picture.annotations = [{"time": 0, "drawing": {"objects": [rect("r", 100, 100)]}}]
    picture.save()
    image = png(admin_client.get(ACTION.format(picture.pk, "extract-annotated-frame")))
    assert image.size == (1200, 900)
    # The canvas was 600 wide: the rectangle's left edge lands at x=200, its inside stays grey.
    assert image.getpixel((201, 240)) == (255, 0, 0)
    assert image.getpixel((250, 240)) == (128, 128, 128)


def test_annotated_movie_frame(media, admin_client):
    movie, _ = media
    movie.annotations = [{"time": 0.4, "frame": 10, "drawing": {"objects": [rect("r", 0, 0)]}}]
    movie.save()
    url = ACTION.format(movie.pk, "extract-annotated-frame")
    required = admin_client.get(url)
    assert required.status_code == 400
    assert required.json()["message"] == "frame_number is required for movie previews"
    image = png(admin_client.get(url + "?frame_number=11"))
    assert image.size == (320, 240)
    assert image.getpixel((1, 20)) == (255, 0, 0)
    for value, message in (
        ("0", "Input should be greater than or equal to 1"),
        ("x", "Input should be a valid integer, unable to parse string as an integer"),
    ):
        response = admin_client.get(f"{url}?frame_number={value}")
        assert response.status_code == 400
        assert response.json()["data"] == {
            "errors": [{"field": "frame_number", "message": message}]
        }


def annotate_twice(preview: PreviewFile) -> None:
    preview.annotations = [
        {"time": 1.0, "frame": 25, "drawing": {"objects": [rect("b", 10, 10)]}},
        {"time": 0, "frame": 0, "drawing": {"objects": [rect("a", 10, 10)]}},
    ]
    preview.save()


def test_annotated_frames_zip(media, admin_client):
    movie, picture = media
    for preview in (movie, picture):
        annotate_twice(preview)
    response = admin_client.get(ACTION.format(picture.pk, "extract-annotated-frames"))
    assert response.status_code == 200
    stem = "frames_prod_character_hero_modeling_v2-2"
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f"attachment; filename={stem}_annotated_frames.zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == [f"{stem}_frame_1.png", f"{stem}_frame_2.png"]
    assert Image.open(io.BytesIO(archive.read(f"{stem}_frame_1.png"))).size == (1200, 900)
    movie_zip = admin_client.get(ACTION.format(movie.pk, "extract-annotated-frames"))
    stem = "frames_prod_character_hero_modeling_v1"
    assert zipfile.ZipFile(io.BytesIO(movie_zip.content)).namelist() == [
        f"{stem}_frame_1.png",
        f"{stem}_frame_26.png",
    ]


def test_annotated_frames_pdf(media, admin_client):
    movie, _ = media
    annotate_twice(movie)
    response = admin_client.get(ACTION.format(movie.pk, "extract-annotated-frames-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=frames_prod_character_hero_modeling_v1_annotated_frames.pdf"
    )
    assert response.content.startswith(b"%PDF")
    assert re.findall(rb"/Count (\d+)", response.content) == [b"2"]
    # 320x240 pixels at 150 dpi.
    assert (
        re.findall(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", response.content)
        == [(b"153.6", b"115.2")] * 2
    )


def test_no_annotations(media, admin_client):
    movie, _ = media
    for route in ("extract-annotated-frames", "extract-annotated-frames-pdf"):
        response = admin_client.get(ACTION.format(movie.pk, route))
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": "Preview file has no annotations"}


@pytest.mark.parametrize(
    ("role", "manager_only", "tile"),
    [
        (Role.MANAGER, 200, 200),
        (Role.SUPERVISOR, 403, 200),
        (Role.USER, 403, 200),
        (Role.CLIENT, 403, 200),
        (Role.VENDOR, 403, 200),
    ],
)
def test_extraction_roles(media, role_clients, role, manager_only, tile):
    movie, picture = media
    annotate_twice(picture)
    client = role_clients[role][1]
    assert client.get(ACTION.format(movie.pk, "extract-frame")).status_code == manager_only
    assert client.get(ACTION.format(movie.pk, "extract-tile")).status_code == tile
    for route in (
        "extract-annotated-frame",
        "extract-annotated-frames",
        "extract-annotated-frames-pdf",
    ):
        assert client.get(ACTION.format(picture.pk, route)).status_code == manager_only


def test_vendor_off_the_task_gets_no_tile(media, role_clients):
    movie, _ = media
    movie.task.assignees.clear()
    client = role_clients[Role.VENDOR][1]
    assert client.get(ACTION.format(movie.pk, "extract-tile")).status_code == 403


def test_frames_from_s3_storage(media, admin_client, s3_storage, tmp_path):
    movie, _ = media
    store_test_movie(movie, tmp_path)
    image = png(admin_client.get(ACTION.format(movie.pk, "extract-frame") + "?frame_number=5"))
    assert image.size == (320, 240)

"""`POST /pictures/preview-files/<id>` with pictures and other files, and the routes serving
what the pipeline made of them (spec/domain.md 5.2). Sizes are the reference's, measured."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from kitsu_site.api.models import ApiEvent
from production.models import Entity, Task
from reviews.models import PreviewFile
from tests.reviews.preview_media_helpers import (
    content_of,
    media_prod,
    new_preview,
    picture_bytes,
    png_of,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod(admin):
    return media_prod(admin)


@pytest.fixture
def sent(admin_client, django_capture_on_commit_callbacks):
    """Upload as the admin; the processing job runs when the upload commits."""

    def send(preview: PreviewFile, name: str, content: bytes, query: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(admin_client, preview, name, content, query)
        preview.refresh_from_db()
        return response

    return send


def served(client, path: str) -> tuple[tuple[int, int], tuple[int, int, int, int] | None]:
    """Size and opaque area of the PNG served at `path`."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "image/png"
    image = png_of(response)
    return image.size, image.convert("RGBA").getchannel("A").getbbox()


def served_sizes(client, preview: PreviewFile) -> dict:
    return {
        area: served(client, f"/pictures/{area}/preview-files/{preview.pk}.png")
        for area in ("originals", "previews", "thumbnails", "thumbnails-square")
    }


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (
            (1600, 900),
            {
                "originals": ((1600, 900), (0, 0, 1600, 900)),
                "previews": ((1200, 675), (0, 0, 1200, 675)),
                "thumbnails": ((150, 100), (0, 7, 150, 92)),
                "thumbnails-square": ((100, 100), (0, 21, 100, 78)),
            },
        ),
        (
            (301, 500),
            {
                "originals": ((301, 500), (0, 0, 301, 500)),
                "previews": ((1200, 1994), (0, 0, 1200, 1994)),
                "thumbnails": ((150, 100), (44, 0, 105, 100)),
                "thumbnails-square": ((100, 100), (19, 0, 80, 100)),
            },
        ),
        (
            (333, 101),
            {
                "originals": ((333, 101), (0, 0, 333, 101)),
                "previews": ((1200, 364), (0, 0, 1200, 364)),
                "thumbnails": ((150, 100), (0, 27, 150, 73)),
                "thumbnails-square": ((100, 100), (0, 34, 100, 65)),
            },
        ),
    ],
)
def test_picture_renditions_have_the_reference_sizes(prod, admin_client, sent, size, expected):
    preview = new_preview(prod)
    response = sent(preview, "wide.png", picture_bytes(size))
    assert response.status_code == 201
    assert served_sizes(admin_client, preview) == expected
    assert (preview.status, preview.extension, preview.width, preview.height) == (
        "ready",
        "png",
        *size,
    )


def test_a_jpeg_is_kept_as_a_png_original(prod, admin_client, sent):
    preview = new_preview(prod)
    response = sent(preview, "Hero Pose.JPG", picture_bytes(fmt="JPEG"))
    assert response.status_code == 201
    original = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}.png")
    content = content_of(original)
    assert content.startswith(b"\x89PNG")
    assert (preview.original_name, preview.extension, preview.file_size) == (
        "Hero Pose",
        "png",
        len(content),
    )
    assert (
        admin_client.get(f"/pictures/originals/preview-files/{preview.pk}.jpg").status_code == 404
    )


@pytest.mark.parametrize("fmt", ["GIF", "TIFF", "WEBP"])
def test_gif_tiff_and_webp_are_pictures_too(prod, admin_client, sent, fmt):
    preview = new_preview(prod)
    assert (
        sent(preview, f"still.{fmt.lower()}", picture_bytes((640, 480), fmt=fmt)).status_code == 201
    )
    assert served_sizes(admin_client, preview)["previews"] == ((1200, 900), (0, 0, 1200, 900))
    assert (preview.status, preview.extension) == ("ready", "png")


def test_upload_answers_the_preview_and_announces_it(prod, admin, admin_client, sent):
    preview = new_preview(prod)
    response = sent(preview, "wide.png", picture_bytes())
    body = response.json()
    assert body["id"] == str(preview.pk)
    assert body["type"] == "PreviewFile"
    assert (body["original_name"], body["file_size"]) == ("wide", len(picture_bytes()))
    events = [(e.name, e.data) for e in ApiEvent.objects.order_by("created_at", "id")]
    ids = {
        "preview_file_id": str(preview.pk),
        "project_id": str(prod.project.pk),
    }
    assert events == [
        ("preview-file:update", {**ids, "status": "processing"}),
        ("preview-file:update", {**ids, "status": "ready"}),
        (
            "comment:update",
            {
                "comment_id": str(prod.comment.pk),
                "task_id": str(prod.task.pk),
                "person_id": str(admin.pk),
                "for_client": False,
                "project_id": str(prod.project.pk),
            },
        ),
        (
            "preview-file:add-file",
            {
                **ids,
                "comment_id": str(prod.comment.pk),
                "task_id": str(prod.task.pk),
                "revision": 1,
                "extension": "png",
                "status": "ready",
            },
        ),
    ]


def test_a_ready_preview_becomes_the_tasks_last_and_the_main_one_when_automated(
    admin, admin_client, sent
):
    prod = media_prod(admin, is_set_preview_automated=True)
    preview = new_preview(prod)
    sent(preview, "a.png", picture_bytes((64, 64)))
    assert Task.objects.get(pk=prod.task.pk).last_preview_file_id == preview.pk
    assert Entity.objects.get(pk=prod.shot.pk).preview_file_id == preview.pk
    assert ApiEvent.objects.filter(name="preview-file:set-main").count() == 1


def test_without_automation_the_main_preview_stays(prod, sent):
    preview = new_preview(prod)
    sent(preview, "a.png", picture_bytes((64, 64)))
    assert Task.objects.get(pk=prod.task.pk).last_preview_file_id == preview.pk
    assert Entity.objects.get(pk=prod.shot.pk).preview_file_id is None


@pytest.mark.parametrize("extension", ["pdf", "zip", "blend", "psd", "glb"])
def test_other_allowed_files_are_kept_as_uploaded(prod, admin_client, sent, extension):
    preview = new_preview(prod)
    content = b"%PDF-1.4 anything at all"
    assert sent(preview, f"notes.{extension}", content).status_code == 201
    assert (preview.status, preview.extension, preview.file_size, preview.width) == (
        "ready",
        extension,
        len(content),
        0,
    )
    response = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}.{extension}")
    assert content_of(response) == content
    download = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}/download")
    assert content_of(download) == content
    assert download["Content-Disposition"] == (
        f'attachment; filename="media_prod_sq01_sh010_animation_v1.{extension}"'
    )
    assert (
        admin_client.get(f"/pictures/thumbnails/preview-files/{preview.pk}.png").status_code == 404
    )


def bomb() -> bytes:
    """A small PNG file of 64 million pixels, over the cap."""
    output = io.BytesIO()
    Image.new("1", (8_000, 8_000)).save(output, format="PNG")
    return output.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Wrong file format, extension: txt"),
        ("program.exe", b"MZ", "Wrong file format, extension: exe"),
        ("noext", b"hello", "Wrong file format, extension: noext"),
        ("still.png", b"", "The uploaded file is empty."),
        ("still.png", b"not a png at all", "Uploaded file is not a readable picture."),
        ("still.png", picture_bytes((320, 200))[:60], "Uploaded file is not a readable picture."),
        ("still.jpg", picture_bytes(fmt="JPEG")[:400], "Uploaded file is not a readable picture."),
        ("bomb.png", bomb(), "Uploaded file is not a readable picture."),
    ],
    ids=[
        "txt",
        "exe",
        "no-extension",
        "empty",
        "corrupt",
        "truncated-png",
        "truncated-jpg",
        "bomb",
    ],
)
def test_a_bad_upload_is_refused_and_may_be_sent_again(
    prod, admin_client, sent, name, content, message
):
    preview = new_preview(prod)
    response = sent(preview, name, content)
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": message, "data": None}
    assert (preview.status, preview.original_name) == ("broken", None)
    assert preview.comments.get() == prod.comment  # nothing else is lost
    again = sent(preview, "good.png", picture_bytes((64, 64)))
    assert again.status_code == 201
    assert preview.status == "ready"


def test_a_preview_takes_one_upload_only(prod, sent):
    preview = new_preview(prod)
    sent(preview, "a.png", picture_bytes((64, 64)))
    response = sent(preview, "b.png", picture_bytes((64, 64)))
    assert response.status_code == 400
    assert response.json()["message"] == "A file was already uploaded for this preview."
    assert preview.original_name == "a"


def test_upload_needs_a_file_and_a_preview(prod, admin_client):
    preview = new_preview(prod)
    response = admin_client.post(f"/pictures/preview-files/{preview.pk}", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["message"] == "No file was sent in the `file` field."
    for missing in ("8b6a0e4e-7bd4-4a60-8c36-3a0c1f7c3c00", "not-an-id"):
        response = admin_client.post(f"/pictures/preview-files/{missing}", {}, format="multipart")
        assert response.status_code == 404


def test_a_failing_job_marks_the_preview_broken(prod, sent, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("reviews.services.preview_media.picture_renditions", explode)
    preview = new_preview(prod)
    response = sent(preview, "a.png", picture_bytes((64, 64)))
    assert response.status_code == 201
    assert preview.status == "broken"
    add_file = ApiEvent.objects.get(name="preview-file:add-file")
    assert add_file.data["status"] == "broken"


def test_pictures_are_stored_on_s3_too(prod, admin_client, sent, s3_storage):
    preview = new_preview(prod)
    assert sent(preview, "wide.png", picture_bytes()).status_code == 201
    assert served_sizes(admin_client, preview)["thumbnails"] == ((150, 100), (0, 7, 150, 92))
    download = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}/download")
    assert download["Content-Disposition"] == (
        'attachment; filename="media_prod_sq01_sh010_animation_v1.png"'
    )

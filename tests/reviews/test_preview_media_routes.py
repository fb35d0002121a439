"""Who may upload and read preview media (spec/domain.md section 3), the previews still
processing, and the other served pictures: backgrounds, the organisation, attachments."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kitsu_site.api.models import ApiEvent
from people.models import Organisation, Role
from production.models import PreviewBackgroundFile
from reviews.media.ffmpeg import run_ffmpeg
from reviews.models import AttachmentFile, PreviewFile
from reviews.services.comments import attachment_path
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.reviews.preview_media_helpers import (
    content_of,
    media_prod,
    new_preview,
    picture_bytes,
    png_of,
    team_of,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod(admin, role_clients):
    prod = media_prod(admin)
    team_of(prod, role_clients)
    return prod


@pytest.fixture
def ready_preview(prod, admin_client, django_capture_on_commit_callbacks):
    preview = new_preview(prod)
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, preview, "a.png", picture_bytes((64, 64)))
    return preview


def outsider_client():
    return client_for(PersonFactory(role=Role.MANAGER, email="outsider@example.com"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ADMIN, 201),
        (Role.MANAGER, 201),
        (Role.SUPERVISOR, 201),  # no department: every task type
        (Role.USER, 403),  # not assigned
        (Role.CLIENT, 201),
        (Role.VENDOR, 201),  # assigned to the task
    ],
)
def test_upload_needs_action_rights_on_the_task(prod, role_clients, role, expected):
    preview = new_preview(prod)
    response = upload(role_clients[role][1], preview, "a.png", picture_bytes((64, 64)))
    assert response.status_code == expected
    preview.refresh_from_db()
    assert preview.original_name == ("a" if expected == 201 else None)


def test_an_assigned_artist_uploads_an_outsider_does_not(prod, role_clients):
    artist, client = role_clients[Role.USER]
    prod.task.assignees.add(artist)
    assert upload(client, new_preview(prod), "a.png", picture_bytes((64, 64))).status_code == 201
    refused = upload(outsider_client(), new_preview(prod, 2), "a.png", b"x")
    assert refused.status_code == 403


MEDIA_PATHS = [
    "/pictures/thumbnails/preview-files/{id}.png",
    "/pictures/originals/preview-files/{id}/download",
    "/movies/originals/preview-files/{id}.mp4",
]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.ADMIN, [200, 200, 404]),
        (Role.MANAGER, [200, 200, 404]),
        (Role.SUPERVISOR, [200, 200, 404]),
        (Role.USER, [200, 200, 404]),
        (Role.CLIENT, [200, 200, 404]),
        (Role.VENDOR, [200, 200, 404]),
    ],
)
def test_the_team_reads_preview_media(ready_preview, role_clients, role, expected):
    client = role_clients[role][1]
    codes = [client.get(path.format(id=ready_preview.pk)).status_code for path in MEDIA_PATHS]
    assert codes == expected


def test_vendors_off_the_task_and_outsiders_are_kept_out(ready_preview, prod, role_clients):
    vendor = role_clients[Role.VENDOR][0]
    prod.task.assignees.remove(vendor)
    for client in (role_clients[Role.VENDOR][1], outsider_client()):
        codes = {client.get(path.format(id=ready_preview.pk)).status_code for path in MEDIA_PATHS}
        assert codes == {403}


def test_clients_do_not_see_rejected_previews(ready_preview, role_clients):
    PreviewFile.objects.filter(pk=ready_preview.pk).update(validation_status="rejected")
    path = f"/pictures/thumbnails/preview-files/{ready_preview.pk}.png"
    assert role_clients[Role.CLIENT][1].get(path).status_code == 403
    assert role_clients[Role.MANAGER][1].get(path).status_code == 200


def test_media_of_unknown_previews_is_not_found(admin_client):
    for path in MEDIA_PATHS + ["/movies/tiles/preview-files/{id}.png"]:
        assert admin_client.get(path.format(id="not-an-id")).status_code == 404
        missing = path.format(id="8b6a0e4e-7bd4-4a60-8c36-3a0c1f7c3c00")
        assert admin_client.get(missing).status_code == 404


# -- previews still processing -----------------------------------------------------------------
def test_running_previews_are_the_processing_and_broken_ones(prod, admin_client):
    processing = new_preview(prod, 1)
    broken = new_preview(prod, 2, status="broken")
    new_preview(prod, 3, status="ready")
    response = admin_client.get("/data/playlists/preview-files/running")
    assert response.status_code == 200
    rows = response.json()
    assert [row["id"] for row in rows] == [str(broken.pk), str(processing.pk)]
    extra = {key: rows[0][key] for key in ("project_id", "task_type_id", "full_entity_name")}
    assert extra == {
        "project_id": str(prod.project.pk),
        "task_type_id": str(prod.task.task_type_id),
        "full_entity_name": "SQ01 / SH010",
    }
    assert (rows[0]["type"], rows[0]["status"], rows[0]["revision"]) == ("PreviewFile", "broken", 2)


@pytest.mark.parametrize(
    "role", [Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.CLIENT, Role.VENDOR]
)
def test_running_previews_are_for_admins(prod, role_clients, role):
    response = role_clients[role][1].get("/data/playlists/preview-files/running")
    assert response.status_code == 403


def test_running_previews_take_a_fixed_number_of_queries(
    prod, admin_client, django_assert_num_queries
):
    new_preview(prod, 1)
    with django_assert_num_queries(3):  # the caller (2), the previews with their tasks
        assert len(admin_client.get("/data/playlists/preview-files/running").json()) == 1
    new_preview(prod, 2)
    new_preview(prod, 3)
    with django_assert_num_queries(3):
        assert len(admin_client.get("/data/playlists/preview-files/running").json()) == 3


# -- batch comments go through the pipeline ------------------------------------------------------
def test_batch_comment_previews_are_processed(
    prod, admin_client, django_capture_on_commit_callbacks
):
    from tests.production.factories import TaskStatusFactory

    wip = TaskStatusFactory(short_name="wip")
    body = {
        "comments": json.dumps(
            [{"task_id": str(prod.task.pk), "task_status_id": str(wip.pk), "text": "two"}]
        ),
        "preview_file-0-0": SimpleUploadedFile("good.png", picture_bytes((64, 64))),
        "preview_file-0-1": SimpleUploadedFile("bad.png", b"not a png"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/actions/tasks/batch-comment", body, format="multipart")
    assert response.status_code == 201, response.json()
    previews = PreviewFile.objects.filter(task=prod.task).order_by("position")
    assert [(p.original_name, p.extension, p.status) for p in previews] == [
        ("good", "png", "ready"),
        ("bad", "png", "broken"),
    ]
    thumbnail = admin_client.get(f"/pictures/thumbnails/preview-files/{previews[0].pk}.png")
    assert png_of(thumbnail).size == (150, 100)


# -- preview backgrounds -------------------------------------------------------------------------
def hdr_bytes(tmp_path) -> bytes:
    target = tmp_path / "sky.hdr"
    run_ffmpeg("-f", "lavfi", "-i", "testsrc=size=64x32", "-frames:v", "1", str(target))
    return target.read_bytes()


def test_a_background_takes_an_hdr_file_with_a_thumbnail(
    admin_client, tmp_path, role_clients, django_capture_on_commit_callbacks
):
    background = PreviewBackgroundFile.objects.create(name="Studio")
    content = hdr_bytes(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/pictures/preview-background-files/{background.pk}",
            {"file": SimpleUploadedFile("sky.hdr", content)},
            format="multipart",
        )
    assert response.status_code == 201
    body = response.json()
    assert {
        key: body[key] for key in ("id", "original_name", "extension", "file_size", "type")
    } == {
        "id": str(background.pk),
        "original_name": "sky",
        "extension": "hdr",
        "file_size": len(content),
        "type": "PreviewBackgroundFile",
    }
    artist = role_clients[Role.USER][1]
    served = artist.get(f"/pictures/preview-background-files/{background.pk}.hdr")
    assert content_of(served) == content
    assert artist.get(f"/pictures/preview-background-files/{background.pk}.png").status_code == 404
    thumbnail = artist.get(f"/pictures/thumbnails/preview-background-files/{background.pk}.png")
    assert png_of(thumbnail).size == (150, 100)
    assert ApiEvent.objects.filter(name="preview-background-file:update").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sky.png", b"png", "Wrong file format, extension: png"),
        ("sky.hdr", b"", "The uploaded file is empty."),
        ("sky.hdr", b"junk", "Uploaded file is not a readable background picture."),
    ],
)
def test_a_bad_background_is_refused_and_kept(admin_client, name, content, message):
    background = PreviewBackgroundFile.objects.create(name="Studio")
    response = admin_client.post(
        f"/pictures/preview-background-files/{background.pk}",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert (response.status_code, response.json()["message"]) == (400, message)
    background.refresh_from_db()
    assert background.extension is None


def test_only_admins_upload_backgrounds_and_their_thumbnails(role_clients):
    background = PreviewBackgroundFile.objects.create(name="Studio")
    manager = role_clients[Role.MANAGER][1]
    file = {"file": SimpleUploadedFile("sky.hdr", b"x")}
    path = f"/pictures/preview-background-files/{background.pk}"
    assert manager.post(path, file, format="multipart").status_code == 403
    thumbnail_path = f"/pictures/thumbnails/preview-background-files/{background.pk}.png"
    picture = {"file": SimpleUploadedFile("t.png", picture_bytes((300, 300)))}
    assert manager.post(thumbnail_path, picture, format="multipart").status_code == 403
    admin = role_clients[Role.ADMIN][1]
    picture = {"file": SimpleUploadedFile("t.png", picture_bytes((300, 300)))}
    response = admin.post(thumbnail_path, picture, format="multipart")
    assert response.status_code == 201
    assert response.json() == {
        "thumbnail_path": f"preview-backgrounds/thumbnails/{background.pk}.png"
    }
    assert png_of(manager.get(thumbnail_path)).getchannel("A").getbbox() == (25, 0, 125, 100)


# -- the organisation's avatar -------------------------------------------------------------------
def test_the_organisation_avatar(role_clients, django_capture_on_commit_callbacks):
    organisation = Organisation.current()
    admin, artist = role_clients[Role.ADMIN][1], role_clients[Role.USER][1]
    path = f"/pictures/thumbnails/organisations/{organisation.pk}.png"
    assert artist.get(path).status_code == 404
    picture = {"file": SimpleUploadedFile("logo.jpg", picture_bytes((800, 400), fmt="JPEG"))}
    assert artist.post(path, picture, format="multipart").status_code == 403
    picture = {"file": SimpleUploadedFile("logo.jpg", picture_bytes((800, 400), fmt="JPEG"))}
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/pictures/thumbnails/organisations/{organisation.pk}", picture)
    assert response.status_code == 201
    assert response.json() == {
        "thumbnail_path": f"pictures/thumbnails/organisations/{organisation.pk}.png"
    }
    assert png_of(artist.get(path)).size == (400, 400)
    organisation.refresh_from_db()
    assert organisation.has_avatar is True
    names = sorted(ApiEvent.objects.values_list("name", flat=True))
    assert names == ["organisation:set-thumbnail", "organisation:update"]
    bad = admin.post(path, {"file": SimpleUploadedFile("x.png", b"nope")}, format="multipart")
    assert (bad.status_code, bad.json()["message"]) == (
        400,
        "Uploaded file is not a readable picture.",
    )


# -- attachment thumbnails -----------------------------------------------------------------------
def attachment(prod, name: str, content: bytes) -> AttachmentFile:
    attached = AttachmentFile.objects.create(
        name=name, extension=name.rsplit(".", 1)[-1], size=len(content), comment=prod.comment
    )
    default_storage.save(attachment_path(attached), io.BytesIO(content))
    return attached


def test_picture_attachments_have_a_thumbnail(prod, role_clients):
    picture = attachment(prod, "ref.png", picture_bytes((1000, 800)))
    notes = attachment(prod, "notes.pdf", b"%PDF")
    manager = role_clients[Role.MANAGER][1]
    thumbnail = manager.get(f"/pictures/thumbnails/attachment-files/{picture.pk}.png")
    assert png_of(thumbnail).size == (150, 100)
    assert manager.get(f"/pictures/thumbnails/attachment-files/{notes.pk}.png").status_code == 404
    assert (
        outsider_client().get(f"/pictures/thumbnails/attachment-files/{picture.pk}.png").status_code
        == 403
    )

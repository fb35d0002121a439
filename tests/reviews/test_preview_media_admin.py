"""The console shows preview thumbnails: in the preview file list and as the main preview of
each entity, served through the console so the staff's session is enough."""

from __future__ import annotations

import pytest
from django.test import Client

from people.models import Role
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, sequence, shot
from tests.reviews.preview_media_helpers import media_prod, new_preview, picture_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def console() -> Client:
    client = Client()
    client.force_login(PersonFactory(role=Role.ADMIN))
    return client


@pytest.fixture
def ready_preview(admin, admin_client, django_capture_on_commit_callbacks):
    preview = new_preview(media_prod(admin))
    with django_capture_on_commit_callbacks(execute=True):
        upload(admin_client, preview, "a.png", picture_bytes((64, 64)))
    return preview


def thumbnail_img(preview_id) -> str:
    return (
        f'<img src="/admin/reviews/previewfile/{preview_id}/thumbnail/" alt="" '
        'width="75" height="50">'
    )


def test_the_preview_list_shows_thumbnails_served_to_the_console(console, ready_preview):
    html = console.get("/admin/reviews/previewfile/").content.decode()
    assert f'<td class="field-thumbnail">{thumbnail_img(ready_preview.pk)}</td>' in html
    served = console.get(f"/admin/reviews/previewfile/{ready_preview.pk}/thumbnail/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")


def test_console_thumbnails_need_a_staff_session(ready_preview, console):
    assert (
        Client().get(f"/admin/reviews/previewfile/{ready_preview.pk}/thumbnail/").status_code == 302
    )
    missing = "/admin/reviews/previewfile/8b6a0e4e-7bd4-4a60-8c36-3a0c1f7c3c00/thumbnail/"
    assert console.get(missing).status_code == 404


def test_the_entity_list_shows_the_main_preview_thumbnail(console, ready_preview):
    project = ProjectFactory(name="Console")
    sq = sequence(project)
    shot(project, sq, name="SH010", preview_file_id=ready_preview.pk)
    shot(project, sq, name="SH020")
    html = console.get("/admin/production/entity/").content.decode()
    assert f'<td class="field-thumbnail">{thumbnail_img(ready_preview.pk)}</td>' in html
    assert '<td class="field-thumbnail">-</td>' in html

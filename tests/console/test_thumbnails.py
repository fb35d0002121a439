"""Thumbnails on the console lists: persons with their avatar (served by a console page, to
staff only), entities and previews with their preview's."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from people.thumbnails import person_thumbnail_set
from tests.console.console_helpers import console_for, preview_of, studio, task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png_upload() -> SimpleUploadedFile:
    output = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 10, 10)).save(output, format="PNG")
    return SimpleUploadedFile("avatar.png", output.getvalue(), content_type="image/png")


def avatar_url(person) -> str:
    return f"/admin/people/person/{person.pk}/avatar/"


def test_person_list_shows_avatars(django_capture_on_commit_callbacks):
    s = studio()
    with django_capture_on_commit_callbacks(execute=True):
        person_thumbnail_set(actor=s.admin, person=s.artist, upload=png_upload())
    console = console_for(s.admin)
    html = console.get("/admin/people/person/").content.decode()
    assert f'<img src="{avatar_url(s.artist)}" alt="" width="32" height="32">' in html
    assert avatar_url(s.manager) not in html  # no avatar: a dash
    response = console.get(avatar_url(s.artist))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (image.size, image.getpixel((200, 200))) == ((400, 400), (200, 10, 10, 255))


def test_avatar_page_answers_404_without_avatar_and_is_for_staff_only(
    django_capture_on_commit_callbacks,
):
    s = studio()
    with django_capture_on_commit_callbacks(execute=True):
        person_thumbnail_set(actor=s.admin, person=s.admin, upload=png_upload())
    assert console_for(s.manager).get(avatar_url(s.admin)).status_code == 200
    assert console_for(s.admin).get(avatar_url(s.manager)).status_code == 404
    unknown = "/admin/people/person/00000000-0000-0000-0000-000000000000/avatar/"
    assert console_for(s.admin).get(unknown).status_code == 404
    response = console_for(s.artist).get(avatar_url(s.admin))
    assert (response.status_code, response.url) == (
        302,
        f"/admin/login/?next={avatar_url(s.admin)}",
    )


def test_entity_and_preview_lists_show_the_preview_thumbnail():
    s = studio()
    preview = preview_of(task(s, s.hero, s.modeling, s.statuses.wip))
    s.hero.preview_file_id = preview.pk
    s.hero.save()
    thumbnail = (
        f'<img src="/admin/reviews/previewfile/{preview.pk}/thumbnail/" alt="" width="75" '
        'height="50">'
    )
    console = console_for(s.manager)
    assert thumbnail in console.get("/admin/production/entity/").content.decode()
    assert thumbnail in console.get("/admin/reviews/previewfile/").content.decode()

"""Uploads: the size cap, content sniffing rather than trusting names, and stored files served
with types a browser cannot run."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kitsu_site.api.storage import safe_content_type
from reviews.models import PreviewFile
from tests.reviews.preview_media_helpers import (
    content_of,
    media_prod,
    new_preview,
    picture_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

SCRIPTED_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
)
# The start of a Windows executable: the "MZ" header and its DOS stub.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


@pytest.fixture
def prod(admin):
    return media_prod(admin)


@pytest.fixture
def sent(admin_client, django_capture_on_commit_callbacks):
    def send(preview: PreviewFile, name: str, content: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(admin_client, preview, name, content)
        preview.refresh_from_db()
        return response

    return send


def test_a_request_over_the_size_cap_is_refused_before_it_is_read(prod, sent, settings):
    settings.MAX_UPLOAD_SIZE = 10_000
    preview = new_preview(prod)

    response = sent(preview, "big.png", picture_bytes((1600, 900), color=(1, 2, 3)) * 4)

    assert (response.status_code, response.json()) == (
        413,
        {"error": True, "message": "The request is too large (at most 10000 bytes)."},
    )
    assert (preview.status, preview.original_name, preview.file_size) == ("processing", None, 0)


def test_a_request_within_the_cap_goes_through(prod, sent, settings):
    content = picture_bytes((64, 64))
    settings.MAX_UPLOAD_SIZE = len(content) + 1_000
    preview = new_preview(prod)

    assert sent(preview, "small.png", content).status_code == 201
    assert preview.status == "ready"


def test_form_fields_over_djangos_limit_are_a_413_json_answer(api_client, settings, db):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = api_client.post(
        "/auth/login",
        {"email": "ann@example.com", "password": "x" * 2_000, "file": SimpleUploadedFile("a", b"")},
        format="multipart",
    )

    assert (response.status_code, response.json()) == (
        413,
        {"error": True, "message": "Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE."},
    )


def test_an_executable_named_png_is_refused(prod, sent):
    preview = new_preview(prod)

    response = sent(preview, "setup.png", EXECUTABLE)

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "Uploaded file is not a readable picture.", "data": None},
    )
    assert preview.status == "broken"


def test_a_picture_named_mp4_is_no_movie(prod, sent, admin_client):
    preview = new_preview(prod)

    response = sent(preview, "clip.mp4", picture_bytes((64, 48)))

    assert response.status_code == 201
    assert (preview.status, preview.extension, preview.width) == ("broken", "mp4", 0)
    served = admin_client.get(f"/movies/originals/preview-files/{preview.pk}.mp4")
    assert served.status_code == 404


def test_a_stored_svg_is_served_as_bytes_never_as_a_page(prod, sent, admin_client):
    preview = new_preview(prod)
    assert sent(preview, "logo.svg", SCRIPTED_SVG).status_code == 201

    response = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert content_of(response) == SCRIPTED_SVG


def test_a_stored_pdf_keeps_its_type_and_downloads_are_attachments(prod, sent, admin_client):
    preview = new_preview(prod)
    sent(preview, "notes.pdf", b"%PDF-1.4 notes")

    shown = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}.pdf")
    download = admin_client.get(f"/pictures/originals/preview-files/{preview.pk}/download")

    assert shown["Content-Type"] == "application/pdf"
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == (
        'attachment; filename="media_prod_sq01_sh010_animation_v1.pdf"'
    )
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("given", "path", "sent_type"),
    [
        ("image/png", "a.png", "image/png"),
        ("video/mp4", "a.mp4", "video/mp4"),
        (None, "a.pdf", "application/pdf"),
        (None, "a.mp3", "audio/mpeg"),
        (None, "a.glb", "model/gltf-binary"),
        (None, "a.svg", "application/octet-stream"),
        (None, "a.html", "application/octet-stream"),
        (None, "a.blend", "application/octet-stream"),
        ("text/html", "a.png", "application/octet-stream"),
        ("text/html; charset=utf-8", "a", "application/octet-stream"),
        ("application/xhtml+xml", "a", "application/octet-stream"),
        ("image/SVG+xml", "a", "application/octet-stream"),
        ("text/javascript", "a.js", "application/octet-stream"),
        ("application/xml", "a.xml", "application/octet-stream"),
    ],
)
def test_types_a_browser_could_run_are_never_sent(given, path, sent_type):
    assert safe_content_type(given, path) == sent_type

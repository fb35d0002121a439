"""Movie previews: a real movie comes back as a playable H.264 mp4 at the project's format,
with its low-definition copy, frame pictures and tile strip; bad movies end broken."""

from __future__ import annotations

import av
import pytest

from kitsu_site.api.models import ApiEvent
from reviews.models import PreviewFile
from tests.reviews.preview_media_helpers import (
    content_of,
    media_prod,
    movie_bytes,
    new_preview,
    png_of,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_encoding(settings):
    settings.MEDIA_X264_PRESET = "ultrafast"


@pytest.fixture
def prod(admin):
    return media_prod(admin, resolution="320x180", fps="25")


@pytest.fixture
def sent(admin_client, django_capture_on_commit_callbacks):
    def send(preview: PreviewFile, name: str, content: bytes, query: str = ""):
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(admin_client, preview, name, content, query)
        preview.refresh_from_db()
        return response

    return send


def probed(client, path: str, tmp_path) -> dict:
    """What PyAV reads in the movie served at `path`."""
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"] == "video/mp4"
    target = tmp_path / "served.mp4"
    target.write_bytes(content_of(response))
    with av.open(str(target)) as container:
        video = container.streams.video[0]
        frames = sum(1 for _ in container.decode(video=0))
        return {
            "codec": video.codec_context.name,
            "pix_fmt": video.codec_context.pix_fmt,
            "size": (video.codec_context.width, video.codec_context.height),
            "fps": float(video.average_rate),
            "duration": round(container.duration / av.time_base, 1),
            "frames": frames,
            "audio": [stream.codec_context.name for stream in container.streams.audio],
        }


def test_a_movie_is_normalised_to_the_projects_format(prod, admin_client, sent, tmp_path):
    preview = new_preview(prod)
    content = movie_bytes(tmp_path, size="640x360", rate=30, duration=2)
    response = sent(preview, "clip.mov", content)
    assert response.status_code == 201
    assert (preview.status, preview.extension, preview.width, preview.height) == (
        "ready",
        "mp4",
        320,
        180,
    )
    assert round(preview.duration, 1) == 2.0
    movie = probed(admin_client, f"/movies/originals/preview-files/{preview.pk}.mp4", tmp_path)
    assert movie == {
        "codec": "h264",
        "pix_fmt": "yuv420p",
        "size": (320, 180),
        "fps": 25.0,
        "duration": 2.0,
        "frames": 50,
        "audio": ["aac"],  # a silent track, as the reference adds
    }
    low = probed(admin_client, f"/movies/low/preview-files/{preview.pk}.mp4", tmp_path)
    assert (low["codec"], low["size"], low["fps"], low["frames"]) == ("h264", (320, 180), 25.0, 50)
    source = admin_client.get(f"/movies/source/preview-files/{preview.pk}.mp4")
    assert content_of(source) == content
    stored = admin_client.get(f"/movies/originals/preview-files/{preview.pk}/download")
    assert preview.file_size == len(content_of(stored))
    assert stored["Content-Disposition"] == (
        'attachment; filename="media_prod_sq01_sh010_animation_v1.mp4"'
    )
    assert preview.data == {
        "original_width": 640,
        "original_height": 360,
        "original_duration": 2.0,
        "original_file_size": len(content),
    }


def test_a_movie_gets_frame_pictures_and_a_tile_strip(prod, admin_client, sent, tmp_path):
    preview = new_preview(prod)
    sent(preview, "clip.mp4", movie_bytes(tmp_path, duration=2))
    sizes = {
        area: png_of(admin_client.get(f"/pictures/{area}/preview-files/{preview.pk}.png")).size
        for area in ("originals", "previews", "thumbnails", "thumbnails-square")
    }
    assert sizes == {
        "originals": (320, 180),
        "previews": (1200, 675),
        "thumbnails": (150, 100),
        "thumbnails-square": (100, 100),
    }
    tiles = png_of(admin_client.get(f"/movies/tiles/preview-files/{preview.pk}.png"))
    # 50 frames, 8 a row: 7 rows of frames 178x100 (320x180 scaled to 100 high).
    assert tiles.size == (8 * 178, 7 * 100)


def test_a_portrait_movie_is_padded_not_stretched(prod, admin_client, sent, tmp_path):
    preview = new_preview(prod)
    sent(preview, "tall.mp4", movie_bytes(tmp_path, size="180x320", rate=25, duration=1))
    frame = png_of(admin_client.get(f"/pictures/originals/preview-files/{preview.pk}.png"))
    assert frame.size == (320, 180)
    black = frame.convert("RGB").getpixel((5, 90))
    assert max(black) < 20  # the sides are padding
    assert max(frame.convert("RGB").getpixel((160, 90))) > 20


def test_the_sound_of_a_movie_is_kept(prod, admin_client, sent, tmp_path):
    preview = new_preview(prod)
    sent(preview, "clip.mp4", movie_bytes(tmp_path, duration=1, audio=True))
    movie = probed(admin_client, f"/movies/originals/preview-files/{preview.pk}.mp4", tmp_path)
    assert movie["audio"] == ["aac"]
    assert movie["duration"] == 1.0


def test_without_normalisation_the_upload_is_served_as_is(prod, admin_client, sent, tmp_path):
    preview = new_preview(prod)
    content = movie_bytes(tmp_path, size="640x360", rate=30, duration=1)
    sent(preview, "clip.mp4", content, "?normalize=false")
    served = admin_client.get(f"/movies/originals/preview-files/{preview.pk}.mp4")
    assert content_of(served) == content
    assert (preview.status, preview.width, preview.height) == ("ready", 640, 360)


@pytest.mark.parametrize("damage", ["truncated", "not-a-movie"])
def test_a_broken_movie_ends_broken(prod, admin_client, sent, tmp_path, damage):
    preview = new_preview(prod)
    content = movie_bytes(tmp_path, duration=2)
    content = content[: len(content) // 2] if damage == "truncated" else b"\x00" * 2048
    response = sent(preview, "clip.mp4", content)
    assert response.status_code == 201
    assert (preview.status, preview.original_name, preview.file_size) == (
        "broken",
        "clip",
        len(content),
    )
    assert ApiEvent.objects.get(name="preview-file:add-file").data["status"] == "broken"
    assert admin_client.get(f"/movies/originals/preview-files/{preview.pk}.mp4").status_code == 404


def test_movies_are_served_by_byte_ranges(prod, admin_client, sent, tmp_path):
    preview = new_preview(prod)
    sent(preview, "clip.mp4", movie_bytes(tmp_path, duration=1))
    path = f"/movies/originals/preview-files/{preview.pk}.mp4"
    whole = content_of(admin_client.get(path))
    size = len(whole)
    plain = admin_client.get(path)
    assert (plain.status_code, plain["Accept-Ranges"]) == (200, "bytes")
    cases = {
        "bytes=0-99": (0, 99),
        "bytes=100-": (100, size - 1),
        "bytes=-50": (size - 50, size - 1),
        f"bytes=10-{size + 500}": (10, size - 1),
    }
    for header, (start, end) in cases.items():
        response = admin_client.get(path, HTTP_RANGE=header)
        assert response.status_code == 206, header
        assert response["Content-Range"] == f"bytes {start}-{end}/{size}"
        assert response["Content-Length"] == str(end - start + 1)
        assert content_of(response) == whole[start : end + 1]
    outside = admin_client.get(path, HTTP_RANGE=f"bytes={size}-")
    assert outside.status_code == 416
    assert outside["Content-Range"] == f"bytes */{size}"
    assert outside.json() == {"error": True, "message": "The requested range is outside the file."}
    several = admin_client.get(path, HTTP_RANGE="bytes=0-1,5-6")
    assert (several.status_code, content_of(several)) == (200, whole)


def test_a_movie_on_s3_is_served_by_ranges(prod, admin_client, sent, tmp_path, s3_storage):
    preview = new_preview(prod)
    sent(preview, "clip.mp4", movie_bytes(tmp_path, duration=1))
    assert preview.status == "ready"
    response = admin_client.get(
        f"/movies/low/preview-files/{preview.pk}.mp4", HTTP_RANGE="bytes=0-7"
    )
    assert response.status_code == 206
    assert content_of(response)[4:8] == b"ftyp"

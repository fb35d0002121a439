"""Playlist movies built as jobs, their downloads and the playlist zip."""

from __future__ import annotations

import io
import zipfile

import av
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kitsu_site.api.models import ApiEvent
from people.models import Role
from reviews.media.paths import preview_storage_path
from reviews.models import BuildJob
from reviews.playlist_jobs import build_path
from tests.conftest import client_for
from tests.production.factories import add_to_team
from tests.reviews.playlist_helpers import build_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    return build_production()


def job_wire(job: BuildJob) -> dict:
    job.refresh_from_db()
    return {
        "status": job.status,
        "job_type": "movie",
        "ended_at": job.ended_at.strftime("%Y-%m-%dT%H:%M:%S") if job.ended_at else None,
        "message": job.message,
        "playlist_id": str(job.playlist_id),
        "id": str(job.pk),
        "created_at": job.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": job.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "BuildJob",
    }


def build(client, playlist, capture) -> tuple[dict, BuildJob]:
    with capture(execute=True):
        response = client.get(f"/data/playlists/{playlist.pk}/build/mp4")
    assert response.status_code == 200, response.content
    return response.json(), BuildJob.objects.get(pk=response.json()["id"])


def test_build_concatenates_movies_and_pictures(
    prod, admin_client, django_capture_on_commit_callbacks
):
    body, job = build(admin_client, prod.playlist, django_capture_on_commit_callbacks)
    assert body["status"] == "running"  # answered before the job ran (on commit)
    assert job.status == "succeeded"
    assert job.ended_at is not None
    response = admin_client.get(f"/data/playlists/{prod.playlist.pk}/jobs/{job.pk}")
    assert response.json() == job_wire(job)
    with default_storage.open(build_path(job.pk), "rb") as movie:
        container = av.open(io.BytesIO(movie.read()))
    stream = container.streams.video[0]
    assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 320, 240)
    assert stream.average_rate == 24
    frames = sum(1 for _ in container.decode(video=0))
    assert frames == 48  # 1 s of movie + 1 s of still picture at 24 fps
    names = list(ApiEvent.objects.order_by("created_at").values_list("name", flat=True))
    assert names == ["build-job:new", "build-job:update"]


def test_download_build_and_project_jobs(prod, admin_client, django_capture_on_commit_callbacks):
    _, job = build(admin_client, prod.playlist, django_capture_on_commit_callbacks)
    url = f"/data/playlists/{prod.playlist.pk}/jobs/{job.pk}/build/mp4"
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    stamp = job.created_at.strftime("%Y%m%d%H%M%S")
    assert response["Content-Disposition"] == (
        f'attachment; filename="big_buck_daily_review_{stamp}.mp4"'
    )
    assert b"".join(response.streaming_content)[4:8] == b"ftyp"
    response = admin_client.get(f"/data/projects/{prod.project.pk}/build-jobs")
    assert response.json() == [job_wire(job)]


def test_broken_input_fails_the_job(prod, admin_client, django_capture_on_commit_callbacks):
    path = preview_storage_path("movies/originals", prod.movie.pk, "mp4")
    default_storage.delete(path)
    default_storage.save(path, ContentFile(b"not a movie at all"))
    body, job = build(admin_client, prod.playlist, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert job.ended_at is not None
    assert "Invalid data found when processing input" in job.message
    assert not default_storage.exists(build_path(job.pk))
    url = f"/data/playlists/{prod.playlist.pk}/jobs/{job.pk}/build/mp4"
    assert admin_client.get(url).status_code == 404


def test_missing_media_and_empty_playlist_fail(
    prod, admin_client, django_capture_on_commit_callbacks
):
    default_storage.delete(preview_storage_path("pictures/originals", prod.picture.pk, "png"))
    _, job = build(admin_client, prod.playlist, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    missing = preview_storage_path("pictures/originals", prod.picture.pk, "png")
    assert job.message == f"Missing stored file {missing}"
    prod.playlist.shots = []
    prod.playlist.save()
    _, job = build(admin_client, prod.playlist, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert job.message == "The playlist has no movie or picture to play."


def test_one_build_at_a_time(prod, admin_client):
    BuildJob.objects.create(playlist=prod.playlist)
    response = admin_client.get(f"/data/playlists/{prod.playlist.pk}/build/mp4")
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "A movie of this playlist is already being built.",
        "data": None,
    }


def test_delete_job_removes_its_movie(prod, admin_client, django_capture_on_commit_callbacks):
    _, job = build(admin_client, prod.playlist, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"/data/playlists/{prod.playlist.pk}/jobs/{job.pk}")
    assert response.status_code == 204
    assert not BuildJob.objects.exists()
    assert not default_storage.exists(build_path(job.pk))
    assert ApiEvent.objects.filter(name="build-job:delete").count() == 1
    response = admin_client.get(f"/data/playlists/{prod.playlist.pk}/jobs/{job.pk}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "build_code", "read_code"),
    [
        (Role.MANAGER, 200, 200),
        (Role.SUPERVISOR, 403, 200),
        (Role.USER, 403, 200),
        (Role.CLIENT, 403, 200),
        (Role.VENDOR, 403, 403),
    ],
)
def test_build_rights(prod, role_clients, role, build_code, read_code):
    person, client = role_clients[role]
    add_to_team(prod.project, person)
    job = BuildJob.objects.create(playlist=prod.playlist, status="succeeded")
    playlist_url = f"/data/playlists/{prod.playlist.pk}"
    assert client.get(f"{playlist_url}/jobs/{job.pk}").status_code == read_code
    assert client.get(f"{playlist_url}/download/zip").status_code == read_code
    expected_delete = 204 if build_code == 200 else 403
    assert client.get(f"/data/projects/{prod.project.pk}/build-jobs").status_code == build_code
    assert client.delete(f"{playlist_url}/jobs/{job.pk}").status_code == expected_delete
    assert client.get(f"{playlist_url}/build/mp4").status_code == build_code


def test_outsider_and_unknown_ids(prod, make_person, admin_client):
    outsider = client_for(make_person(role=Role.MANAGER))
    playlist_url = f"/data/playlists/{prod.playlist.pk}"
    assert outsider.get(f"{playlist_url}/build/mp4").status_code == 403
    assert outsider.get(f"{playlist_url}/download/zip").status_code == 403
    assert admin_client.get("/data/playlists/nope/build/mp4").status_code == 404
    assert admin_client.get(f"{playlist_url}/jobs/nope").status_code == 404
    other = BuildJob.objects.create(playlist=build_production(store=False, name="Other").playlist)
    assert admin_client.get(f"{playlist_url}/jobs/{other.pk}").status_code == 404


def test_project_build_jobs_query_count(prod, admin_client, django_assert_num_queries):
    BuildJob.objects.create(playlist=prod.playlist)
    url = f"/data/projects/{prod.project.pk}/build-jobs"
    with django_assert_num_queries(4) as one:
        assert len(admin_client.get(url).json()) == 1
    BuildJob.objects.create(playlist=prod.playlist, status="failed")
    BuildJob.objects.create(playlist=prod.playlist, status="failed")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(admin_client.get(url).json()) == 3


def test_zip_streams_the_previews(prod, admin_client):
    response = admin_client.get(f"/data/playlists/{prod.playlist.pk}/download/zip")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="big_buck_daily_review.zip"'
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [
        "big_buck_e01_sq01_sh010_animation_v1.mp4",
        "big_buck_e01_sq01_sh020_animation_v1.png",
    ]
    picture_path = preview_storage_path("pictures/originals", prod.picture.pk, "png")
    with default_storage.open(picture_path, "rb") as stored:
        assert archive.read("big_buck_e01_sq01_sh020_animation_v1.png") == stored.read()


def test_zip_on_s3(s3_storage, admin_client):
    prod = build_production()
    response = admin_client.get(f"/data/playlists/{prod.playlist.pk}/download/zip")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 2

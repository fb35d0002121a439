"""A review coordinator's script: playlists, their movie build (run by a Celery worker in a
separate process) and zip, share links, via gazu; and what artists of the team, and outside it,
may do with them."""

import zipfile

import av
import gazu
import pytest
from gazu.exception import NotAllowedException, RouteNotFoundException

from people.models import Role
from tests.e2e.conftest import ADMIN_EMAIL, log_in_as
from tests.e2e.worker import wait_for, worker_process  # noqa: F401  (the `worker` fixture)
from tests.factories import PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.playlist_helpers import build_production, make_preview

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIST_EMAIL = "artist@studio.example"
OUTSIDER_EMAIL = "outsider@studio.example"


@pytest.fixture
def review(worker, admin_session):
    prod = build_production()
    add_to_team(prod.project, admin_session)
    add_to_team(prod.project, PersonFactory(role=Role.USER, email=ARTIST_EMAIL))
    PersonFactory(role=Role.USER, email=OUTSIDER_EMAIL)
    return prod


def finished_build(playlist: dict, job: dict) -> dict:
    """The build job once the worker has ended it."""
    wait_for(
        lambda: gazu.playlist.get_build_job(playlist, job)["status"] != "running",
        120,
        "the worker to build the playlist movie",
    )
    return gazu.playlist.get_build_job(playlist, job)


def test_playlist_script(review, worker, tmp_path):
    project = {"id": str(review.project.pk)}
    sh010, sh020 = str(review.sh010.pk), str(review.sh020.pk)
    playlist = gazu.playlist.new_playlist(project, "Client review", for_client=True)
    assert gazu.playlist.new_playlist(project, "Client review")["id"] == playlist["id"]
    names = [p["name"] for p in gazu.playlist.all_playlists_for_project(project)]
    assert names == ["Client review", "Daily review"]
    assert gazu.playlist.get_playlist_by_name(project, "Client review")["id"] == playlist["id"]
    assert gazu.playlist.get_playlist(playlist)["for_client"] is True
    previews = gazu.playlist.get_entity_preview_files(sh010)
    assert [p["id"] for p in previews[str(review.anim010.task_type_id)]] == [str(review.movie.pk)]
    playlist = gazu.playlist.add_entity_to_playlist(playlist, sh010)
    assert playlist["shots"] == [{"entity_id": sh010, "preview_file_id": str(review.movie.pk)}]
    playlist = gazu.playlist.add_entity_to_playlist(playlist, sh020)
    playlist["name"] = "Client review v2"
    assert gazu.playlist.update_playlist(playlist)["name"] == "Client review v2"
    shots = gazu.playlist.all_shots_for_playlist(playlist)
    assert [s["entity_id"] for s in shots] == [sh010, sh020]
    retake = make_preview(review.anim010, extension="mp4", revision=2)
    gazu.playlist.update_entity_preview(playlist, sh010, str(retake.pk))
    assert gazu.playlist.get_playlist(playlist)["shots"][0]["preview_file_id"] == str(retake.pk)

    job = gazu.playlist.build_playlist_movie(playlist)
    assert job["status"] == "running"  # the worker has it
    job = finished_build(playlist, job)
    assert job["status"] == "succeeded"
    assert b"reviews.build_playlist_movie" in worker.read_bytes()
    assert [j["id"] for j in gazu.playlist.all_build_jobs_for_project(project)] == [job["id"]]
    target = tmp_path / "review.mp4"
    gazu.playlist.download_playlist_build(playlist, job, str(target))
    with av.open(str(target)) as movie:
        video = movie.streams.video[0]
        assert (video.codec_context.name, video.width, video.height) == ("h264", 320, 240)
        assert round(movie.duration / av.time_base) == 2  # a 1s movie and a 1s still
    archive = tmp_path / "review.zip"
    gazu.playlist.download_playlist_zip(playlist, str(archive))
    with zipfile.ZipFile(archive) as opened:
        assert opened.namelist() == [
            "big_buck_e01_sq01_sh010_animation_v2.mp4",
            "big_buck_e01_sq01_sh020_animation_v1.png",
        ]
    gazu.playlist.remove_build_job(playlist, job)
    assert gazu.playlist.all_build_jobs_for_project(project) == []

    playlist = gazu.playlist.remove_entity_from_playlist(playlist, sh020)
    assert [s["entity_id"] for s in gazu.playlist.get_playlist(playlist)["shots"]] == [sh010]
    temp = gazu.playlist.generate_temp_playlist(project, {"task_ids": [str(review.anim020.pk)]})
    assert [(e["id"], e["preview_file_id"]) for e in temp] == [(sh020, str(review.picture.pk))]
    assert gazu.playlist.notify_clients_playlist_ready(playlist) == {"status": "success"}
    link = gazu.playlist.new_share_link(playlist, password="secret123")
    assert link["has_password"] is True
    assert [lk["token"] for lk in gazu.playlist.all_share_links_for_playlist(playlist)] == [
        link["token"]
    ]
    gazu.playlist.remove_share_link(playlist, link["token"])
    assert gazu.playlist.all_share_links_for_playlist(playlist) == []
    gazu.playlist.delete_playlist(playlist)
    assert [p["name"] for p in gazu.playlist.all_playlists()] == ["Daily review"]


def test_an_episode_lists_its_playlists(review):
    project = {"id": str(review.project.pk)}
    episode = gazu.shot.get_episode_by_name(project, "E01")
    gazu.playlist.new_playlist(project, "E01 dailies", episode=episode)
    assert [p["name"] for p in gazu.playlist.all_playlists_for_episode(episode)] == ["E01 dailies"]
    assert [p["name"] for p in gazu.playlist.all_playlists_for_episode(episode["id"])] == [
        "E01 dailies"
    ]


def test_an_artist_of_the_team_watches_but_does_not_edit(review, tmp_path):
    playlist = {"id": str(review.playlist.pk)}
    job = finished_build(playlist, gazu.playlist.build_playlist_movie(playlist))
    log_in_as(ARTIST_EMAIL)
    project = {"id": str(review.project.pk)}
    assert [p["name"] for p in gazu.playlist.all_playlists()] == ["Daily review"]
    assert [p["name"] for p in gazu.playlist.all_playlists_for_project(project)] == ["Daily review"]
    assert gazu.playlist.get_playlist(playlist)["name"] == "Daily review"
    assert len(gazu.playlist.all_shots_for_playlist(playlist)) == 2
    assert list(gazu.playlist.get_entity_preview_files(str(review.sh010.pk))) == [
        str(review.anim010.task_type_id)
    ]
    assert gazu.playlist.get_build_job(playlist, job)["status"] == "succeeded"
    gazu.playlist.download_playlist_build(playlist, job, str(tmp_path / "daily.mp4"))
    assert (tmp_path / "daily.mp4").read_bytes()[4:8] == b"ftyp"
    gazu.playlist.download_playlist_zip(playlist, str(tmp_path / "daily.zip"))
    assert zipfile.is_zipfile(tmp_path / "daily.zip")
    refused = (
        lambda: gazu.playlist.new_playlist(project, "Mine"),
        lambda: gazu.playlist.update_playlist({**playlist, "name": "Renamed"}),
        lambda: gazu.playlist.add_entity_to_playlist(playlist, str(review.sh010.pk)),
        lambda: gazu.playlist.build_playlist_movie(playlist),
        lambda: gazu.playlist.all_build_jobs_for_project(project),
        lambda: gazu.playlist.remove_build_job(playlist, job),
        lambda: gazu.playlist.new_share_link(playlist),
        lambda: gazu.playlist.all_share_links_for_playlist(playlist),
        lambda: gazu.playlist.notify_clients_playlist_ready(playlist),
        lambda: gazu.playlist.delete_playlist(playlist),
    )
    for call in refused:
        with pytest.raises(NotAllowedException):
            call()
    log_in_as(ADMIN_EMAIL)
    assert gazu.playlist.get_playlist(playlist)["name"] == "Daily review"


def test_an_artist_outside_the_team_sees_no_playlist(review, tmp_path):
    playlist = {"id": str(review.playlist.pk)}
    log_in_as(OUTSIDER_EMAIL)
    project = {"id": str(review.project.pk)}
    assert gazu.playlist.all_playlists() == []
    refused = (
        lambda: gazu.playlist.all_playlists_for_project(project),
        lambda: gazu.playlist.get_playlist(playlist),
        lambda: gazu.playlist.get_entity_preview_files(str(review.sh010.pk)),
        lambda: gazu.playlist.download_playlist_zip(playlist, str(tmp_path / "no.zip")),
        lambda: gazu.playlist.generate_temp_playlist(project, {"task_ids": []}),
    )
    for call in refused:
        with pytest.raises((NotAllowedException, RouteNotFoundException)):
            call()

"""A review coordinator's script: playlists, their movie build and zip, share links, via gazu."""

import gazu
import pytest

from people.models import Role
from production.services.defaults import defaults_seed
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.playlist_helpers import build_production

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(live_server):
    defaults_seed()
    admin = PersonFactory(role=Role.ADMIN, email="coord@studio.example")
    gazu.set_host(f"{live_server.url}/api")
    gazu.log_in("coord@studio.example", DEFAULT_PASSWORD)
    yield admin
    gazu.client.set_tokens({})


def test_playlist_script(session, tmp_path):
    prod = build_production()
    add_to_team(prod.project, session)
    project = {"id": str(prod.project.pk)}
    playlist = gazu.playlist.new_playlist(project, "Client review", for_client=True)
    assert gazu.playlist.new_playlist(project, "Client review")["id"] == playlist["id"]
    names = [p["name"] for p in gazu.playlist.all_playlists_for_project(project)]
    assert names == ["Client review", "Daily review"]
    playlist = gazu.playlist.add_entity_to_playlist(playlist, str(prod.sh010.pk))
    assert playlist["shots"] == [
        {"entity_id": str(prod.sh010.pk), "preview_file_id": str(prod.movie.pk)}
    ]
    playlist = gazu.playlist.add_entity_to_playlist(playlist, str(prod.sh020.pk))
    playlist["name"] = "Client review v2"
    assert gazu.playlist.update_playlist(playlist)["name"] == "Client review v2"

    job = gazu.playlist.build_playlist_movie(playlist)
    job = gazu.playlist.get_build_job(playlist, job)
    assert job["status"] == "succeeded"
    assert [j["id"] for j in gazu.playlist.all_build_jobs_for_project(project)] == [job["id"]]
    target = tmp_path / "review.mp4"
    gazu.playlist.download_playlist_build(playlist, job, str(target))
    assert target.read_bytes()[4:8] == b"ftyp"
    archive = tmp_path / "review.zip"
    gazu.playlist.download_playlist_zip(playlist, str(archive))
    assert archive.read_bytes()[:2] == b"PK"
    gazu.playlist.remove_build_job(playlist, job)
    assert gazu.playlist.all_build_jobs_for_project(project) == []

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

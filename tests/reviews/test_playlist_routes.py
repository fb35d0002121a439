"""The project-side playlist routes: all of a project's playlists, one with its previews, the
episode lists, adding several entities, temporary playlists and notifying clients."""

from __future__ import annotations

import pytest
from django.core import mail

from kitsu_site.api.models import ApiEvent
from people.models import Role
from reviews.models import Notification, Playlist
from tests.conftest import client_for
from tests.production.factories import add_to_team
from tests.reviews.playlist_helpers import build_production

pytestmark = pytest.mark.django_db
STAMP = "%Y-%m-%dT%H:%M:%S"


@pytest.fixture
def prod():
    return build_production(store=False)


def light(preview) -> dict:
    return {
        "id": str(preview.pk),
        "revision": 1,
        "extension": preview.extension,
        "width": 160,
        "height": 120,
        "duration": 0.0,
        "status": "Ready",
        "created_at": preview.created_at.strftime(STAMP),
        "task_id": str(preview.task_id),
        "previews": [],
    }


def test_project_playlist_carries_previews(prod, admin_client):
    url = f"/data/projects/{prod.project.pk}/playlists/{prod.playlist.pk}"
    body = admin_client.get(url).json()
    assert body["build_jobs"] == []
    task_type_id = str(prod.anim010.task_type_id)
    assert body["shots"][0] == {
        "entity_id": str(prod.sh010.pk),
        "preview_file_id": str(prod.movie.pk),
        "id": str(prod.sh010.pk),
        "preview_files": {task_type_id: [light(prod.movie)]},
        "preview_file_extension": "mp4",
        "preview_file_revision": 1,
        "preview_file_width": 160,
        "preview_file_height": 120,
        "preview_file_duration": 0.0,
        "preview_file_status": "Ready",
        "preview_file_task_id": str(prod.anim010.pk),
        "preview_file_previews": [],
    }
    other = build_production(store=False, name="Other")
    wrong = f"/data/projects/{other.project.pk}/playlists/{prod.playlist.pk}"
    assert admin_client.get(wrong).status_code == 404


def test_project_playlist_query_count(prod, admin_client, django_assert_num_queries):
    url = f"/data/projects/{prod.project.pk}/playlists/{prod.playlist.pk}"
    with django_assert_num_queries(5):
        admin_client.get(url)


def test_all_playlists_and_roles(prod, role_clients, make_person):
    studio = Playlist.objects.create(name="Studio only", project=prod.project)
    url = f"/data/projects/{prod.project.pk}/playlists/all"
    for role, (person, _) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(prod.project, person)
    names = [row["name"] for row in role_clients[Role.ADMIN][1].get(url).json()]
    assert names == ["Daily review", "Studio only"]
    rows = role_clients[Role.CLIENT][1].get(url).json()
    assert [row["name"] for row in rows] == ["Daily review"]
    assert rows[0]["shots"] == prod.playlist.shots
    assert rows[0]["build_jobs"] == []
    assert role_clients[Role.VENDOR][1].get(url).status_code == 403
    assert client_for(make_person(role=Role.MANAGER)).get(url).status_code == 403
    assert studio.pk


def test_all_playlists_query_count(prod, admin_client, django_assert_num_queries):
    url = f"/data/projects/{prod.project.pk}/playlists/all"
    with django_assert_num_queries(5) as one:
        assert len(admin_client.get(url).json()) == 1
    Playlist.objects.create(name="B", project=prod.project)
    Playlist.objects.create(name="C", project=prod.project)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(admin_client.get(url).json()) == 3


def test_episode_playlists(prod, admin_client, django_assert_num_queries):
    episode = prod.sh010.parent.parent
    in_episode = Playlist.objects.create(name="Ep", project=prod.project, episode=episode)
    Playlist.objects.create(name="For all", project=prod.project, is_for_all=True)
    base = f"/data/projects/{prod.project.pk}/episodes"
    assert [row["id"] for row in admin_client.get(f"{base}/{episode.pk}/playlists").json()] == [
        str(in_episode.pk)
    ]
    assert [row["name"] for row in admin_client.get(f"{base}/main/playlists").json()] == [
        "Daily review"
    ]
    assert [row["name"] for row in admin_client.get(f"{base}/all/playlists").json()] == ["For all"]
    assert admin_client.get(f"{base}/nope/playlists").status_code == 404
    with django_assert_num_queries(4):
        admin_client.get(f"{base}/main/playlists")


def test_add_entities(prod, admin_client, django_capture_on_commit_callbacks):
    prod.playlist.shots = []
    prod.playlist.save()
    url = f"/actions/playlists/{prod.playlist.pk}/add-entities"
    entities = [
        {"entity_id": str(prod.sh020.pk)},
        {"entity_id": str(prod.sh010.pk), "preview_file_id": str(prod.movie.pk)},
        {"entity_id": str(prod.sh020.pk)},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"entities": entities}, format="json")
    assert response.status_code == 200
    assert response.json()["shots"] == [
        {"entity_id": str(prod.sh020.pk), "preview_file_id": str(prod.picture.pk)},
        {"entity_id": str(prod.sh010.pk), "preview_file_id": str(prod.movie.pk)},
    ]
    assert ApiEvent.objects.filter(name="playlist:add_entity").count() == 2
    response = admin_client.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {
        "errors": [{"field": "entities", "message": "Field required"}]
    }


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.MANAGER, 200), (Role.SUPERVISOR, 403), (Role.USER, 403), (Role.CLIENT, 403)],
)
def test_add_entities_rights(prod, role_clients, role, code):
    person, client = role_clients[role]
    add_to_team(prod.project, person)
    url = f"/actions/playlists/{prod.playlist.pk}/add-entities"
    body = {"entities": [{"entity_id": str(prod.sh010.pk)}]}
    assert client.post(url, body, format="json").status_code == code


def test_temp_playlist(prod, admin_client, django_assert_num_queries):
    url = f"/data/projects/{prod.project.pk}/playlists/temp"
    body = {"task_ids": [str(prod.anim020.pk)]}
    with django_assert_num_queries(6):
        response = admin_client.post(url, body, format="json")
    episode = prod.sh020.parent.parent
    task_type_id = str(prod.anim020.task_type_id)
    row = response.json()[0]
    assert {key: value for key, value in row.items() if key != "preview_files"} == {
        "id": str(prod.sh020.pk),
        "name": "SH020",
        "preview_file_task_id": str(prod.anim020.pk),
        "parent_name": "SQ01",
        "episode_id": str(episode.pk),
        "episode_name": "E01",
        "sequence_id": str(prod.sh020.parent_id),
        "sequence_name": "SQ01",
        "asset_type_id": "",
        "asset_type_name": "",
        "preview_file_id": str(prod.picture.pk),
        "preview_file_extension": "png",
        "preview_file_width": 160,
        "preview_file_height": 120,
        "preview_file_duration": 0.0,
        "preview_file_revision": 1,
        "preview_file_status": "ready",
        "preview_file_annotations": [],
        "preview_file_previews": [],
    }
    assert [p["id"] for p in row["preview_files"][task_type_id]] == [str(prod.picture.pk)]
    assert admin_client.post(url, {}, format="json").json() == []
    response = admin_client.post(url, {"task_ids": ["x"]}, format="json")
    assert response.status_code == 400
    assert response.json()["data"]["errors"][0]["field"] == "task_ids.0"


def test_notify_clients(prod, admin, admin_client, make_person, django_capture_on_commit_callbacks):
    mailed = make_person(role=Role.CLIENT, notifications_enabled=True, email="c1@example.com")
    quiet = make_person(role=Role.CLIENT, email="c2@example.com")
    artist = make_person(role=Role.USER)
    for person in (mailed, quiet, artist):
        add_to_team(prod.project, person)
    url = f"/data/playlists/{prod.playlist.pk}/notify-clients"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {}, format="json")
    assert response.json() == {"status": "success"}
    notified = Notification.objects.filter(notification_type="playlist-ready")
    assert sorted(notified.values_list("person_id", flat=True)) == sorted([mailed.pk, quiet.pk])
    assert {n.playlist_id for n in notified} == {prod.playlist.pk}
    assert [message.to for message in mail.outbox] == [["c1@example.com"]]
    assert str(prod.playlist.pk) in mail.outbox[0].body
    supervisor = make_person(role=Role.SUPERVISOR)
    add_to_team(prod.project, supervisor)
    assert client_for(supervisor).post(url, {}, format="json").status_code == 403

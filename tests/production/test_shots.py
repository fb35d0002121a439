"""Shots: lists, one shot, PUT with versions, delete, creation, sub-lists and permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Entity, EntityVersion
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import (
    ProjectFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)
from tests.production.temporal_helpers import count_queries, shot_task

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def tree():
    project = ProjectFactory(name="Big Show")
    ep = episode(project, "E01")
    sq = sequence(project, "SQ01", episode=ep)
    sh = shot(project, sq, "SH010", nb_frames=24, data={"frame_in": 1, "frame_out": 24})
    return project, ep, sq, sh


def test_list_shots_adds_project_and_sequence_names(admin_client, tree):
    project, _, sq, sh = tree
    for path in ("/data/shots", "/data/shots/all"):
        response = admin_client.get(path, {"sequence_id": str(sq.id)})
        assert response.status_code == 200
        [row] = response.json()
        assert row["id"] == str(sh.id)
        assert row["project_name"] == "Big Show"
        assert row["sequence_name"] == "SQ01"
        assert row["type"] == "Shot"
        assert row["data"] == {"frame_in": 1, "frame_out": 24}


def test_list_shots_query_count(admin_client, tree):
    project, _, sq, _ = tree
    first, _ = count_queries(lambda: admin_client.get("/data/shots"))
    shot(project, sq, "SH020")
    shot(project, sq, "SH030")
    second, response = count_queries(lambda: admin_client.get("/data/shots"))
    assert len(response.json()) == 3
    assert first == second


def test_list_shots_is_team_scoped(role_clients, tree):
    project, _, _, sh = tree
    person, client = role_clients["user"]
    assert client.get("/data/shots").json() == []
    add_to_team(project, person)
    assert [row["id"] for row in client.get("/data/shots").json()] == [str(sh.id)]
    vendor, vendor_client = role_clients["vendor"]
    add_to_team(project, vendor)
    assert vendor_client.get("/data/shots").json() == []
    shot_task(sh, assignees=[vendor])
    assert [row["id"] for row in vendor_client.get("/data/shots").json()] == [str(sh.id)]


def test_get_shot(admin_client, tree):
    project, ep, sq, sh = tree
    task = shot_task(sh)
    response = admin_client.get(f"/data/shots/{sh.id}")
    assert response.status_code == 200
    body = response.json()
    assert body["episode_id"] == str(ep.id)
    assert body["episode_name"] == "E01"
    assert body["sequence_name"] == "SQ01"
    assert body["frame_in"] == 1
    assert body["frame_out"] == 24
    assert body["fps"] is None
    assert [t["id"] for t in body["tasks"]] == [str(task.id)]
    assert body["entities_in"] == []
    assert body["entities_out"] == []
    assert body["status"] == "running"


def test_get_shot_errors(admin_client, tree):
    _, _, sq, _ = tree
    assert admin_client.get("/data/shots/nope").status_code == 404
    assert admin_client.delete("/data/shots/nope").status_code == 404
    assert admin_client.get(f"/data/shots/{sq.id}").status_code == 404


@pytest.mark.parametrize(
    ("role", "in_team", "code"),
    [
        ("manager", True, 200),
        ("user", True, 200),
        ("client", True, 200),
        ("vendor", True, 403),
        ("user", False, 403),
        ("manager", False, 403),
    ],
)
def test_get_shot_permissions(role_clients, tree, role, in_team, code):
    project, _, _, sh = tree
    person, client = role_clients[role]
    if in_team:
        add_to_team(project, person)
    assert client.get(f"/data/shots/{sh.id}").status_code == code


def test_put_shot_versions_the_previous_values(
    role_clients, tree, django_capture_on_commit_callbacks
):
    project, _, _, sh = tree
    manager, client = role_clients["manager"]
    add_to_team(project, manager)
    Entity.objects.filter(pk=sh.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.put(
            f"/data/shots/{sh.id}", {"name": "SH011", "data": {"frame_out": 30}}, format="json"
        )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "SH011"
    assert body["data"] == {"frame_in": 1, "frame_out": 30}
    [version] = EntityVersion.objects.filter(entity=sh)
    assert (version.name, version.data, version.person_id) == (
        "SH010",
        {"frame_in": 1, "frame_out": 24},
        manager.id,
    )
    # A second change within the minute is not versioned again.
    client.put(f"/data/shots/{sh.id}", {"name": "SH012"}, format="json")
    assert EntityVersion.objects.filter(entity=sh).count() == 1
    versions = client.get(f"/data/shots/{sh.id}/versions").json()
    assert [(row["name"], row["type"]) for row in versions] == [("SH010", "EntityVersion")]
    assert ApiEvent.objects.filter(name="shot:update").exists()


def test_put_shot_forbidden_for_artist(role_clients, tree):
    project, _, _, sh = tree
    person, client = role_clients["user"]
    add_to_team(project, person)
    assert client.put(f"/data/shots/{sh.id}", {"name": "X"}, format="json").status_code == 403


def test_delete_shot_cancels_when_tasks_and_force_deletes(admin_client, tree):
    _, _, _, sh = tree
    shot_task(sh)
    assert admin_client.delete(f"/data/shots/{sh.id}").status_code == 204
    sh.refresh_from_db()
    assert sh.canceled is True
    assert admin_client.delete(f"/data/shots/{sh.id}?force=true").status_code == 204
    assert not Entity.objects.filter(pk=sh.pk).exists()


def test_create_shot_is_idempotent(role_clients, tree, django_capture_on_commit_callbacks):
    project, _, sq, _ = tree
    manager, client = role_clients["manager"]
    add_to_team(project, manager, role=Role.MANAGER)
    body = {"name": "SH100", "sequence_id": str(sq.id), "nb_frames": 30, "data": {"fps": 24}}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/data/projects/{project.id}/shots", body, format="json")
    assert first.status_code == 201
    created = first.json()
    assert created["name"] == "SH100"
    assert created["parent_id"] == str(sq.id)
    assert created["nb_frames"] == 30
    assert created["data"] == {"fps": 24}
    assert created["created_by"] == str(manager.id)
    assert created["type"] == "Shot"
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            f"/data/projects/{project.id}/shots", {"name": "SH100", "sequence_id": str(sq.id)}
        )
    assert again.status_code == 201
    assert again.json()["id"] == created["id"]
    assert ApiEvent.objects.filter(name="shot:new").count() == 1
    assert ApiEvent.objects.get(name="shot:new").data == {
        "shot_id": created["id"],
        "project_id": str(project.id),
    }


def test_create_shot_validation_and_permissions(role_clients, tree):
    project, _, sq, _ = tree
    manager, client = role_clients["manager"]
    add_to_team(project, manager)
    missing = client.post(f"/data/projects/{project.id}/shots", {"sequence_id": str(sq.id)})
    assert missing.status_code == 400
    assert missing.json()["data"] == {"errors": [{"field": "name", "message": "Field required"}]}
    artist, artist_client = role_clients["user"]
    add_to_team(project, artist)
    assert (
        artist_client.post(f"/data/projects/{project.id}/shots", {"name": "X"}).status_code == 403
    )
    assert client.post("/data/projects/nope/shots", {"name": "X"}).status_code == 404


def test_project_shots_list(admin_client, tree):
    project, _, _, sh = tree
    rows = admin_client.get(f"/data/projects/{project.id}/shots").json()
    assert [row["id"] for row in rows] == [str(sh.id)]
    assert "project_name" not in rows[0]


def test_shot_tasks_and_task_types(admin_client, tree):
    _, _, _, sh = tree
    task = shot_task(sh, "Animation")
    tasks = admin_client.get(f"/data/shots/{sh.id}/tasks").json()
    assert [(row["id"], row["task_type_name"], row["entity_name"]) for row in tasks] == [
        (str(task.id), "Animation", "SH010")
    ]
    assert tasks[0]["entity_type_name"] == "Shot"
    assert tasks[0]["project_name"] == "Big Show"
    types = admin_client.get(f"/data/shots/{sh.id}/task-types").json()
    assert [row["name"] for row in types] == ["Animation"]


def test_shot_assets(admin_client, tree):
    project, _, _, sh = tree
    hero = asset(project, "Hero")
    sh.entities_out.add(hero)
    assert [row["id"] for row in admin_client.get(f"/data/shots/{sh.id}/assets").json()] == [
        str(hero.id)
    ]
    types = admin_client.get(f"/data/shots/{sh.id}/asset-types").json()
    assert [(row["name"], row["type"]) for row in types] == [("Character", "AssetType")]


def test_shots_with_tasks_route(admin_client, tree):
    project, ep, sq, sh = tree
    other_episode = episode(project, "E02")
    shot(project, sequence(project, "SQ02", episode=other_episode), "SH500")
    task = shot_task(sh, assignees=[PersonFactory()])
    rows = admin_client.get(
        "/data/shots/with-tasks", {"project_id": str(project.id), "episode_id": str(ep.id)}
    ).json()
    assert [row["name"] for row in rows] == ["SH010"]
    assert rows[0]["tasks"][0]["id"] == str(task.id)
    all_rows = admin_client.get("/data/shots/with-tasks", {"project_id": str(project.id)}).json()
    assert [row["name"] for row in all_rows] == ["SH010", "SH500"]


def test_shots_with_tasks_refuses_outsiders(tree):
    project, _, _, _ = tree
    client = client_for(PersonFactory(role=Role.USER))
    response = client.get("/data/shots/with-tasks", {"project_id": str(project.id)})
    assert response.status_code == 403

"""Episodes, sequences, scenes and edits: lists, one entity, creation, sub-lists, permissions."""

from __future__ import annotations

import pytest

from people.models import Role
from production.models import Entity
from tests.production.factories import (
    ProjectFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)
from tests.production.temporal_helpers import count_queries, edit, scene, shot_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    project = ProjectFactory(name="Big Show")
    ep = episode(project, "E01")
    sq = sequence(project, "SQ01", episode=ep)
    sh = shot(project, sq, "SH010")
    return project, ep, sq, sh


def test_get_episode_sequence_scene(admin_client, tree):
    project, ep, sq, sh = tree
    sc = scene(project, sq, "SC01")
    episode_body = admin_client.get(f"/data/episodes/{ep.id}").json()
    assert episode_body["project_name"] == "Big Show"
    assert episode_body["type"] == "Episode"
    sequence_body = admin_client.get(f"/data/sequences/{sq.id}").json()
    assert (sequence_body["episode_id"], sequence_body["episode_name"]) == (str(ep.id), "E01")
    scene_body = admin_client.get(f"/data/scenes/{sc.id}").json()
    assert scene_body["sequence_name"] == "SQ01"
    assert scene_body["episode_id"] == str(ep.id)
    assert scene_body["episode_name"] == "E01"
    assert admin_client.get(f"/data/episodes/{sq.id}").status_code == 404


def test_get_edit_is_its_with_tasks_row(admin_client, tree):
    project, ep, _, _ = tree
    ed = edit(project, "Edit01", episode=ep)
    task = shot_task(ed, "Editing")
    body = admin_client.get(f"/data/edits/{ed.id}").json()
    assert body["episode_name"] == "E01"
    assert body["project_name"] == "Big Show"
    assert [t["id"] for t in body["tasks"]] == [str(task.id)]
    assert admin_client.get(f"/data/edits/{ed.id}/versions").json() == []
    all_edits = admin_client.get("/data/edits/all").json()
    assert [(row["id"], row["project_name"]) for row in all_edits] == [(str(ed.id), "Big Show")]


def test_lists(admin_client, tree):
    project, ep, sq, sh = tree
    sc = scene(project, sq, "SC01")
    assert [row["id"] for row in admin_client.get("/data/episodes").json()] == [str(ep.id)]
    assert [row["id"] for row in admin_client.get("/data/sequences").json()] == [str(sq.id)]
    scenes = admin_client.get("/data/scenes/all").json()
    assert [(row["id"], row["sequence_name"]) for row in scenes] == [(str(sc.id), "SQ01")]
    assert [row["id"] for row in admin_client.get(f"/data/episodes/{ep.id}/shots").json()] == [
        str(sh.id)
    ]
    assert [row["id"] for row in admin_client.get(f"/data/episodes/{ep.id}/sequences").json()] == [
        str(sq.id)
    ]
    assert [row["id"] for row in admin_client.get(f"/data/sequences/{sq.id}/scenes").json()] == [
        str(sc.id)
    ]


def test_sequence_lists_query_count(admin_client, tree):
    project, ep, _, _ = tree
    first, _ = count_queries(lambda: admin_client.get("/data/sequences/with-tasks"))
    for name in ("SQ02", "SQ03"):
        shot_task(sequence(project, name, episode=ep), "Storyboard")
    second, response = count_queries(lambda: admin_client.get("/data/sequences/with-tasks"))
    assert len(response.json()) == 3
    assert first + 2 >= second  # the empty list stops after the entities query


def test_episode_task_lists(admin_client, tree):
    project, ep, sq, sh = tree
    shot_task_row = shot_task(sh, "Animation")
    hero = asset(project, "Hero", source=ep)
    asset_task = shot_task(hero, "Modeling")
    ed = edit(project, "Edit01", episode=ep)
    edit_task = shot_task(ed, "Editing")
    shot_tasks = admin_client.get(f"/data/episodes/{ep.id}/shot-tasks").json()
    assert [row["id"] for row in shot_tasks] == [str(shot_task_row.id)]
    asset_tasks = admin_client.get(f"/data/episodes/{ep.id}/asset-tasks").json()
    assert [row["id"] for row in asset_tasks] == [str(asset_task.id)]
    edit_tasks = admin_client.get(f"/data/episodes/{ep.id}/edit-tasks").json()
    assert [row["id"] for row in edit_tasks] == [str(edit_task.id)]
    types = admin_client.get(f"/data/episodes/{ep.id}/task-types").json()
    assert [row["name"] for row in types] == ["Animation"]
    assert [row["id"] for row in admin_client.get(f"/data/sequences/{sq.id}/tasks").json()] == [
        str(shot_task_row.id)
    ]


@pytest.mark.parametrize(
    ("path", "body", "parent_key"),
    [
        ("episodes", {"name": "E02"}, None),
        ("sequences", {"name": "SQ02"}, "episode_id"),
        ("scenes", {"name": "SC02"}, "sequence_id"),
        ("edits", {"name": "Edit02"}, "episode_id"),
    ],
)
def test_create_is_idempotent(role_clients, tree, path, body, parent_key):
    project, ep, sq, _ = tree
    manager, client = role_clients["manager"]
    add_to_team(project, manager)
    if parent_key:
        body = {**body, parent_key: str(sq.id if parent_key == "sequence_id" else ep.id)}
    first = client.post(f"/data/projects/{project.id}/{path}", body, format="json")
    assert first.status_code == 201
    second = client.post(f"/data/projects/{project.id}/{path}", body, format="json")
    assert second.json()["id"] == first.json()["id"]
    created = Entity.objects.get(pk=first.json()["id"])
    assert created.created_by_id == manager.id
    listed = client.get(f"/data/projects/{project.id}/{path}").json()
    assert first.json()["id"] in [row["id"] for row in listed]


@pytest.mark.parametrize("role", [Role.USER, Role.SUPERVISOR, Role.CLIENT, Role.VENDOR])
def test_create_needs_manager(role_clients, tree, role):
    project, _, _, _ = tree
    person, client = role_clients[role]
    add_to_team(project, person)
    assert client.post(f"/data/projects/{project.id}/episodes", {"name": "E09"}).status_code == 403


def test_delete_episode_without_tasks(admin_client, tree):
    project, _, _, _ = tree
    ep = episode(project, "E09")
    assert admin_client.delete(f"/data/episodes/{ep.id}").status_code == 204
    assert not Entity.objects.filter(pk=ep.pk).exists()


def test_scene_shots(admin_client, tree):
    project, _, sq, sh = tree
    sc = scene(project, sq, "SC01")
    response = admin_client.post(f"/data/scenes/{sc.id}/shots", {"shot_id": str(sh.id)})
    assert response.status_code == 201
    assert response.json()["source_id"] == str(sc.id)
    assert [row["id"] for row in admin_client.get(f"/data/scenes/{sc.id}/shots").json()] == [
        str(sh.id)
    ]
    assert admin_client.delete(f"/data/scenes/{sc.id}/shots/{sh.id}").status_code == 204
    sh.refresh_from_db()
    assert sh.source_id is None


def test_outsider_is_refused(role_clients, tree):
    _, ep, sq, _ = tree
    _, client = role_clients["user"]
    assert client.get(f"/data/episodes/{ep.id}").status_code == 403
    assert client.get(f"/data/sequences/{sq.id}/shots").status_code == 403
    assert client.get("/data/episodes").json() == []

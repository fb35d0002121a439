"""Asset routes: lists, one asset, creation, deletion (soft cancel vs force), sharing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role, TimeSpent
from production.models import Entity, EntityLink, ProjectTaskTypeLink, Task
from reviews.models import Comment, PreviewFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.assets_helpers import events, immediate_events, member  # noqa: F401
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    closed_status,
    entity_type,
    episode,
    sequence,
    shot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_events")]


@pytest.fixture
def project():
    return ProjectFactory(name="Assets Show", production_type="tvshow")


@pytest.fixture
def hero(project, admin):
    return asset(project, "Hero", description="the hero", data={"a": 1}, created_by=admin)


# -- lists -----------------------------------------------------------------------------------------
def test_asset_list_rows_and_filters(admin_client, project, hero):
    other = asset(project, "Tree", type_name="Environment")
    episode(project)
    response = admin_client.get("/data/assets")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["Hero", "Tree"]
    row = response.json()[0]
    assert row["id"] == str(hero.id)
    assert row["type"] == "Asset"
    assert row["project_id"] == str(project.id)
    assert row["data"] == {"a": 1}
    response = admin_client.get("/data/assets/all", {"entity_type_id": str(other.entity_type_id)})
    assert [row["name"] for row in response.json()] == ["Tree"]
    assert admin_client.get("/data/assets", {"project_id": "bad"}).status_code == 400


def test_asset_list_visibility(project, hero):
    other_project = ProjectFactory()
    asset(other_project, "Other")
    closed = ProjectFactory(project_status=closed_status())
    asset(closed, "Closed")
    artist, artist_client = member(project, Role.USER)
    add_to_team(closed, artist)
    assert [row["name"] for row in artist_client.get("/data/assets").json()] == ["Hero"]
    vendor, vendor_client = member(project, Role.VENDOR)
    assert vendor_client.get("/data/assets").json() == []
    task = TaskFactory(entity=hero)
    task.assignees.add(vendor)
    assert [row["name"] for row in vendor_client.get("/data/assets").json()] == ["Hero"]


def test_asset_list_query_count(admin_client, project):
    asset(project, "A1")
    with CaptureQueriesContext(connection) as one:
        assert len(admin_client.get("/data/assets").json()) == 1
    asset(project, "A2")
    asset(project, "A3")
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get("/data/assets").json()) == 3
    assert len(one) == len(three)


def test_project_assets_and_asset_type_assets(admin_client, project, hero):
    tree = asset(project, "Tree", type_name="Environment")
    asset(ProjectFactory(), "Elsewhere")
    response = admin_client.get(f"/data/projects/{project.id}/assets")
    assert [row["id"] for row in response.json()] == [str(hero.id), str(tree.id)]
    response = admin_client.get(
        f"/data/projects/{project.id}/asset-types/{tree.entity_type_id}/assets"
    )
    assert [row["name"] for row in response.json()] == ["Tree"]
    assert (
        admin_client.get(f"/data/projects/{project.id}/asset-types/bad/assets").status_code == 400
    )
    assert admin_client.get("/data/projects/bad/assets").status_code == 400
    shot_type = entity_type("Shot")
    url = f"/data/projects/{project.id}/asset-types/{shot_type.id}/assets"
    assert admin_client.get(url).status_code == 404


def test_project_assets_query_count(admin_client, project):
    asset(project, "A1")
    url = f"/data/projects/{project.id}/assets"
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    asset(project, "A2")
    asset(project, "A3")
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url).json()) == 3
    assert len(one) == len(three)


@pytest.mark.parametrize(
    ("role", "in_team", "code"),
    [
        (Role.MANAGER, True, 200),
        (Role.SUPERVISOR, True, 200),
        (Role.USER, True, 200),
        (Role.CLIENT, True, 200),
        (Role.VENDOR, True, 200),
        (Role.USER, False, 403),
        (Role.MANAGER, False, 403),
    ],
)
def test_project_assets_roles(project, hero, role, in_team, code):
    person = PersonFactory(role=role)
    if in_team:
        add_to_team(project, person)
    response = client_for(person).get(f"/data/projects/{project.id}/assets")
    assert response.status_code == code
    if code == 200:
        expected = [] if role == Role.VENDOR else [str(hero.id)]
        assert [row["id"] for row in response.json()] == expected


# -- one asset -------------------------------------------------------------------------------------
def test_get_asset(admin_client, project, hero, admin):
    ep = episode(project)
    hero.source = ep
    hero.save()
    modeling = TaskTypeFactory(name="Modeling")
    task = TaskFactory(entity=hero, task_type=modeling)
    task.assignees.add(admin)
    shot_ = shot(project, sequence(project, episode=ep))
    EntityLink.objects.create(entity_in=shot_, entity_out=hero)
    EntityLink.objects.create(entity_in=ep, entity_out=hero)
    body = admin_client.get(f"/data/assets/{hero.id}").json()
    assert body["id"] == str(hero.id)
    assert body["type"] == "Asset"
    assert body["project_name"] == "Assets Show"
    assert body["asset_type_name"] == "Character"
    assert body["asset_type_id"] == str(hero.entity_type_id)
    assert body["episode_id"] == str(ep.id)
    assert body["casting_episode_ids"] == [str(ep.id)]
    assert body["preview_file_id"] == ""
    assert body["ready_for"] == "None"
    assert sorted(body["entities_in"]) == sorted([str(shot_.id), str(ep.id)])
    assert body["entities_out"] == []
    assert "nb_frames" not in body and "source_id" not in body
    assert [t["id"] for t in body["tasks"]] == [str(task.id)]
    assert body["tasks"][0]["assignees"] == [str(admin.id)]


def test_get_asset_errors(admin_client, project):
    ep = episode(project)
    assert admin_client.get(f"/data/assets/{ep.id}").status_code == 404
    assert admin_client.get("/data/assets/bad").json()["message"] == "Malformed ID."
    outsider = client_for(PersonFactory(role=Role.USER))
    assert outsider.get(f"/data/assets/{asset(project).id}").status_code == 403


def test_asset_tasks_and_task_types(admin_client, project, hero):
    modeling = TaskTypeFactory(name="Modeling")
    rigging = TaskTypeFactory(name="Rigging")
    TaskFactory(entity=hero, task_type=rigging)
    TaskFactory(entity=hero, task_type=modeling)
    tasks = admin_client.get(f"/data/assets/{hero.id}/tasks").json()
    assert [t["task_type_name"] for t in tasks] == ["Modeling", "Rigging"]
    assert tasks[0]["project_name"] == "Assets Show"
    assert tasks[0]["entity_name"] == "Hero"
    assert tasks[0]["entity_type_name"] == "Character"
    assert tasks[0]["task_status_name"] == "Todo"
    assert tasks[0]["type"] == "Task"
    types = admin_client.get(f"/data/assets/{hero.id}/task-types").json()
    assert [t["name"] for t in types] == ["Modeling", "Rigging"]
    assert types[0]["type"] == "TaskType"


def test_asset_tasks_query_count(admin_client, project, hero):
    url = f"/data/assets/{hero.id}/tasks"
    TaskFactory(entity=hero)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    TaskFactory(entity=hero)
    TaskFactory(entity=hero)
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url).json()) == 3
    assert len(one) == len(three)


def test_assets_with_tasks(admin_client, project, hero):
    ep = episode(project)
    tree = asset(project, "Tree", type_name="Environment", source=ep)
    TaskFactory(entity=hero)
    asset(ProjectFactory(), "Elsewhere")
    body = admin_client.get("/data/assets/with-tasks", {"project_id": str(project.id)}).json()
    assert [row["name"] for row in body] == ["Hero", "Tree"]
    assert len(body[0]["tasks"]) == 1
    body = admin_client.get(
        "/data/assets/with-tasks", {"project_id": str(project.id), "episode_id": str(ep.id)}
    ).json()
    assert [row["id"] for row in body] == [str(tree.id)]
    outsider = client_for(PersonFactory(role=Role.USER))
    response = outsider.get("/data/assets/with-tasks", {"project_id": str(project.id)})
    assert response.status_code == 403


def test_assets_with_tasks_query_count(admin_client, project):
    url = "/data/assets/with-tasks"
    TaskFactory(entity=asset(project, "A1"))
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url, {"project_id": str(project.id)})
    TaskFactory(entity=asset(project, "A2"))
    TaskFactory(entity=asset(project, "A3"))
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url, {"project_id": str(project.id)}).json()) == 3
    assert len(one) == len(three)


# -- creation --------------------------------------------------------------------------------------
def test_create_asset(admin_client, admin, project):
    ep = episode(project)
    character = entity_type("Character")
    url = f"/data/projects/{project.id}/asset-types/{character.id}/assets/new"
    response = admin_client.post(
        url,
        {"name": "Hero", "description": "d", "data": {"k": 1}, "episode_id": str(ep.id)},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Hero"
    assert body["type"] == "Asset"
    assert body["source_id"] == str(ep.id)
    assert body["data"] == {"k": 1}
    assert body["created_by"] == str(admin.id)
    assert events("asset:new") == [
        {"asset_id": body["id"], "asset_type": str(character.id), "project_id": str(project.id)}
    ]
    # The reference accepts a second asset of the same name.
    assert admin_client.post(url, {"name": "Hero"}, format="json").status_code == 201
    response = admin_client.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {"errors": [{"field": "name", "message": "Field required"}]}


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.MANAGER, 201), (Role.SUPERVISOR, 403), (Role.USER, 403), (Role.CLIENT, 403)],
)
def test_create_asset_roles(project, role, code):
    _, client = member(project, role)
    url = f"/data/projects/{project.id}/asset-types/{entity_type('Prop').id}/assets/new"
    assert client.post(url, {"name": "Cup"}, format="json").status_code == code


# -- deletion --------------------------------------------------------------------------------------
def test_delete_asset_without_tasks(admin_client, project, hero):
    assert admin_client.delete(f"/data/assets/{hero.id}").status_code == 204
    assert not Entity.objects.filter(pk=hero.pk).exists()
    assert events("asset:delete") == [{"asset_id": str(hero.id), "project_id": str(project.id)}]


def test_delete_asset_with_tasks_cancels_it(admin_client, project, hero, admin):
    task = TaskFactory(entity=hero)
    task.assignees.add(admin)
    assert admin_client.delete(f"/data/assets/{hero.id}").status_code == 204
    hero.refresh_from_db()
    assert hero.canceled is True
    assert Task.objects.filter(pk=task.pk).exists()
    assert events("asset:update") == [{"asset_id": str(hero.id), "project_id": str(project.id)}]
    assert admin_client.get(f"/data/assets/{hero.id}").json()["canceled"] is True


def test_force_delete_asset(admin_client, project, hero, admin):
    task = TaskFactory(entity=hero)
    task.assignees.add(admin)
    shot_ = shot(project, sequence(project), nb_entities_out=1)
    EntityLink.objects.create(entity_in=shot_, entity_out=hero)
    assert admin_client.delete(f"/data/assets/{hero.id}?force=true").status_code == 204
    assert not Entity.objects.filter(pk=hero.pk).exists()
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not EntityLink.objects.exists()
    shot_.refresh_from_db()
    assert shot_.nb_entities_out == 0
    assert events("task:delete") == [
        {
            "task_id": str(task.id),
            "entity_id": str(hero.id),
            "task_type_id": str(task.task_type_id),
            "project_id": str(project.id),
        }
    ]
    assert events("asset:delete") == [{"asset_id": str(hero.id), "project_id": str(project.id)}]
    assert admin_client.get(f"/data/assets/{hero.id}").status_code == 404


def test_delete_asset_roles(project):
    manager, manager_client = member(project, Role.MANAGER)
    artist, artist_client = member(project, Role.USER)
    created = asset(project, "Mine", created_by=artist)
    other = asset(project, "Theirs", created_by=manager)
    assert artist_client.delete(f"/data/assets/{other.id}").status_code == 403
    assert artist_client.delete(f"/data/assets/{created.id}").status_code == 204
    assert manager_client.delete(f"/data/assets/{other.id}").status_code == 204
    outsider = client_for(PersonFactory(role=Role.MANAGER))
    assert outsider.delete(f"/data/assets/{asset(project).id}").status_code == 403


# -- sharing ---------------------------------------------------------------------------------------
def test_share_assets(admin_client, project, hero):
    tree = asset(project, "Tree", type_name="Environment")
    response = admin_client.post("/actions/assets/share", {"asset_ids": [str(hero.id)]}, "json")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [str(hero.id)]
    assert response.json()[0]["is_shared"] is True
    response = admin_client.post(f"/actions/projects/{project.id}/assets/share", {}, "json")
    assert {row["id"] for row in response.json()} == {str(hero.id), str(tree.id)}
    url = f"/actions/projects/{project.id}/asset-types/{tree.entity_type_id}/assets/share"
    response = admin_client.post(url, {"is_shared": False}, "json")
    assert [row["id"] for row in response.json()] == [str(tree.id)]
    tree.refresh_from_db()
    hero.refresh_from_db()
    assert (hero.is_shared, tree.is_shared) == (True, False)
    assert admin_client.post("/actions/assets/share", {}, "json").json() == []
    response = admin_client.post("/actions/assets/share", {"asset_ids": ["abc"]}, "json")
    assert response.status_code == 400


def test_share_assets_roles(project, hero):
    _, supervisor = member(project, Role.SUPERVISOR)
    _, manager = member(project, Role.MANAGER)
    body = {"asset_ids": [str(hero.id)]}
    assert supervisor.post("/actions/assets/share", body, "json").status_code == 403
    assert (
        supervisor.post(f"/actions/projects/{project.id}/assets/share", {}, "json").status_code
        == 403
    )
    assert manager.post("/actions/assets/share", body, "json").status_code == 200


def test_shared_assets_used(admin_client, project):
    library = ProjectFactory(name="Library")
    shared = asset(library, "Shared Tree", is_shared=True)
    asset(library, "Private", is_shared=False)
    ep = episode(project)
    ep2 = episode(project, "E02")
    shot_ = shot(project, sequence(project, episode=ep))
    EntityLink.objects.create(entity_in=shot_, entity_out=shared)
    response = admin_client.get(f"/data/projects/{project.id}/assets/shared-used")
    assert [row["id"] for row in response.json()] == [str(shared.id)]
    url = f"/data/projects/{project.id}/episodes/{ep.id}/assets/shared-used"
    assert [row["id"] for row in admin_client.get(url).json()] == [str(shared.id)]
    url = f"/data/projects/{project.id}/episodes/{ep2.id}/assets/shared-used"
    assert admin_client.get(url).json() == []
    assert admin_client.get(f"/data/projects/{library.id}/assets/shared-used").json() == []


def test_shared_assets_used_query_count(admin_client, project):
    library = ProjectFactory(name="Library")
    shot_ = shot(project, sequence(project))
    url = f"/data/projects/{project.id}/assets/shared-used"

    def add(name):
        EntityLink.objects.create(entity_in=shot_, entity_out=asset(library, name, is_shared=True))

    add("S1")
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    add("S2")
    add("S3")
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url).json()) == 3
    assert len(one) == len(three)


def test_entity_tasks_skip_disabled_types(admin_client, project, hero):
    enabled = TaskTypeFactory(name="Modeling")
    ProjectTaskTypeLink.objects.create(project=project, task_type=enabled)
    TaskTypeFactory(name="Disabled")
    body = admin_client.post(f"/data/entities/{hero.id}/tasks", {}, "json").json()
    assert [row["task_type_name"] for row in body] == ["Modeling"]


def test_force_delete_asset_whose_task_has_a_history(admin_client, hero, admin):
    task = TaskFactory(entity=hero)
    comment = Comment.objects.create(object=task, person=admin, text="first pass")
    preview = PreviewFile.objects.create(task=task, person=admin, name="preview")
    comment.previews.add(preview)
    TimeSpent.objects.create(task=task, person=admin, date="2026-11-02", duration=60)

    assert admin_client.delete(f"/data/assets/{hero.id}?force=true").status_code == 204

    assert not Task.objects.filter(pk=task.pk).exists()
    assert not Comment.objects.exists()
    assert not PreviewFile.objects.exists()
    assert not TimeSpent.objects.exists()

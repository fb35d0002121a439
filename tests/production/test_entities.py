"""The generic /data/entities resource, entity task creation, linked entities, batch deletion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from production.models import (
    Entity,
    EntityLink,
    MetadataDescriptor,
    ProjectTaskTypeLink,
    Task,
)
from production.services.entities import entity_delete, entity_update
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.assets_helpers import events, immediate_events, member  # noqa: F401
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    asset,
    entity_type,
    episode,
    sequence,
    shot,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_events")]


@pytest.fixture
def project():
    return ProjectFactory(name="Entity Show")


# -- reads -----------------------------------------------------------------------------------------
def test_list_entities_typed_per_row(admin_client, project):
    hero = asset(project, "Hero")
    ep = episode(project)
    sq = sequence(project, episode=ep)
    rows = admin_client.get("/data/entities", {"project_id": str(project.id)}).json()
    assert {row["id"]: row["type"] for row in rows} == {
        str(hero.id): "Asset",
        str(ep.id): "Episode",
        str(sq.id): "Sequence",
    }


def test_list_entities_scoped(project):
    hero = asset(project, "Hero")
    asset(ProjectFactory(), "Other")
    _, artist = member(project, Role.USER)
    assert [row["id"] for row in artist.get("/data/entities").json()] == [str(hero.id)]
    vendor, vendor_client = member(project, Role.VENDOR)
    assert vendor_client.get("/data/entities").json() == []
    TaskFactory(entity=hero).assignees.add(vendor)
    assert [row["id"] for row in vendor_client.get("/data/entities").json()] == [str(hero.id)]


def test_list_entities_query_count(admin_client, project):
    asset(project, "A1")
    with CaptureQueriesContext(connection) as one:
        admin_client.get("/data/entities")
    asset(project, "A2")
    asset(project, "A3")
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get("/data/entities").json()) == 3
    assert len(one) == len(three)


def test_get_entity(admin_client, project):
    hero = asset(project, "Hero")
    shot_ = shot(project, sequence(project))
    EntityLink.objects.create(entity_in=shot_, entity_out=hero)
    body = admin_client.get(f"/data/entities/{hero.id}").json()
    assert body["type"] == "Asset"
    assert body["entities_in"] == [str(shot_.id)]
    body = admin_client.get(f"/data/entities/{shot_.id}").json()
    assert body["type"] == "Shot"
    assert body["entities_out"] == [str(hero.id)]
    assert admin_client.get("/data/entities/bad").status_code == 400
    outsider = client_for(PersonFactory())
    assert outsider.get(f"/data/entities/{hero.id}").status_code == 403
    vendor, vendor_client = member(project, Role.VENDOR)
    assert vendor_client.get(f"/data/entities/{hero.id}").status_code == 403


# -- create ----------------------------------------------------------------------------------------
def test_create_entity(admin_client, admin, project):
    body = {
        "name": "Cup",
        "project_id": str(project.id),
        "entity_type_id": str(entity_type("Prop").id),
    }
    response = admin_client.post("/data/entities", body, format="json")
    assert response.status_code == 201
    assert response.json()["type"] == "Asset"
    assert response.json()["created_by"] == str(admin.id)
    assert events("asset:new") == [
        {"asset_id": response.json()["id"], "project_id": str(project.id)}
    ]
    _, artist = member(project, Role.USER)
    assert artist.post("/data/entities", body, format="json").status_code == 403
    _, manager = member(project, Role.MANAGER)
    assert (
        manager.post("/data/entities", {**body, "name": "Cup 2"}, format="json").status_code == 201
    )


# -- update ----------------------------------------------------------------------------------------
def test_put_merges_data(admin_client, project):
    hero = asset(project, "Hero", data={"a": 1, "b": 2})
    response = admin_client.put(
        f"/data/entities/{hero.id}",
        {"data": {"b": 3, "c": 4}, "description": "new", "project_id": str(ProjectFactory().id)},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"a": 1, "b": 3, "c": 4}
    assert body["description"] == "new"
    assert body["project_id"] == str(project.id)
    assert body["entities_in"] == []
    assert events("asset:update") == [{"asset_id": str(hero.id), "project_id": str(project.id)}]


def test_put_unique_name_and_bad_values(admin_client, project):
    hero = asset(project, "Hero")
    asset(project, "Villain")
    response = admin_client.put(f"/data/entities/{hero.id}", {"name": "Villain"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"An entity with name 'Villain', project_id '{project.id}', entity_type_id "
        f"'{hero.entity_type_id}', and parent_id 'None' already exists. The combination of "
        "these fields must be unique."
    )
    response = admin_client.put(f"/data/entities/{hero.id}", {"nb_frames": "abc"}, format="json")
    assert response.status_code == 400
    assert (
        admin_client.put(f"/data/entities/{hero.id}", {"bogus": 1}, format="json").status_code
        == 200
    )


def test_put_roles(project):
    hero = asset(project, "Hero")
    modeling = DepartmentFactory(name="Modeling")
    descriptor = MetadataDescriptor.objects.create(
        project=project, entity_type="Asset", name="Look", field_name="look"
    )
    descriptor.departments.add(modeling)
    MetadataDescriptor.objects.create(
        project=project, entity_type="Asset", name="Size", field_name="size"
    )
    supervisor, supervisor_client = member(project, Role.SUPERVISOR)
    supervisor.departments.add(modeling)
    url = f"/data/entities/{hero.id}"
    assert supervisor_client.put(url, {"data": {"look": "red"}}, format="json").status_code == 200
    assert supervisor_client.put(url, {"data": {"size": 2}}, format="json").status_code == 403
    assert supervisor_client.put(url, {"name": "New"}, format="json").status_code == 403
    artist, artist_client = member(project, Role.USER)
    assert artist_client.put(url, {"description": "x"}, format="json").status_code == 403
    mine = asset(project, "Mine", created_by=artist)
    response = artist_client.put(f"/data/entities/{mine.id}", {"description": "x"}, format="json")
    assert response.status_code == 200
    _, manager = member(project, Role.MANAGER)
    assert manager.put(url, {"name": "Renamed"}, format="json").status_code == 200
    hero.refresh_from_db()
    assert (hero.name, hero.data) == ("Renamed", {"look": "red"})


# -- delete ----------------------------------------------------------------------------------------
def test_delete_entity_soft_and_force(admin_client, admin, project):
    sq = sequence(project)
    sh = shot(project, sq)
    task = TaskFactory(entity=sh)
    task.assignees.add(admin)
    assert admin_client.delete(f"/data/entities/{sh.id}").status_code == 204
    sh.refresh_from_db()
    assert sh.canceled is True
    assert events("shot:update") == [{"shot_id": str(sh.id), "project_id": str(project.id)}]
    assert admin_client.delete(f"/data/entities/{sh.id}?force=true").status_code == 204
    assert not Entity.objects.filter(pk=sh.pk).exists()
    assert not Task.objects.exists()
    assert events("shot:delete") == [{"shot_id": str(sh.id), "project_id": str(project.id)}]


def test_delete_entity_with_children_is_refused(admin_client, project):
    sq = sequence(project)
    shot(project, sq)
    response = admin_client.delete(f"/data/entities/{sq.id}")
    assert response.status_code == 400
    assert Entity.objects.filter(pk=sq.pk).exists()


def test_delete_entity_roles(project):
    artist, artist_client = member(project, Role.USER)
    _, supervisor = member(project, Role.SUPERVISOR)
    mine = asset(project, "Mine", created_by=artist)
    other = asset(project, "Other")
    assert supervisor.delete(f"/data/entities/{other.id}").status_code == 403
    assert artist_client.delete(f"/data/entities/{other.id}").status_code == 403
    assert artist_client.delete(f"/data/entities/{mine.id}").status_code == 204
    _, manager = member(project, Role.MANAGER)
    assert manager.delete(f"/data/entities/{other.id}").status_code == 204


def test_services_called_directly(admin, project):
    sq = sequence(project)
    sh = shot(project, sq)
    updated = entity_update(actor=admin, entity=sh, fields={"data": {"frame_in": 1}})
    assert updated.data == {"frame_in": 1}
    TaskFactory(entity=sh)
    sequence_id, shot_id = str(sq.id), str(sh.id)
    entity_delete(actor=admin, entity=sq, force=True)
    assert not Entity.objects.filter(pk__in=[sequence_id, shot_id]).exists()
    assert [data["shot_id"] for data in events("shot:delete")] == [shot_id]
    assert [data["sequence_id"] for data in events("sequence:delete")] == [sequence_id]


# -- entity tasks ----------------------------------------------------------------------------------
def test_create_entity_tasks(admin_client, admin, project):
    hero = asset(project, "Hero")
    modeling = TaskTypeFactory(name="Modeling", priority=1)
    rigging = TaskTypeFactory(name="Rigging", priority=2)
    disabled = TaskTypeFactory(name="Disabled")
    shot_type = TaskTypeFactory(name="Layout", for_entity="Shot")
    for task_type in (modeling, rigging, shot_type):
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type)
    todo = TaskStatusFactory(name="Todo", short_name="todo", is_default=True)
    url = f"/data/entities/{hero.id}/tasks"
    response = admin_client.post(url, {"task_type_ids": [str(modeling.id)]}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert [row["task_type_name"] for row in body] == ["Modeling"]
    assert body[0]["name"] == "main"
    assert body[0]["task_status_id"] == str(todo.id)
    assert body[0]["task_status_short_name"] == "todo"
    assert body[0]["assigner_id"] == str(admin.id)
    assert body[0]["assignees"] == []
    assert body[0]["duration"] == 0.0
    response = admin_client.post(url, {}, format="json")
    assert [row["task_type_name"] for row in response.json()] == ["Rigging"]
    assert admin_client.post(url, {}, format="json").json() == []
    response = admin_client.post(url, {"task_type_ids": [str(disabled.id)]}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"Task type {disabled.id} is not enabled in project {project.id}."
    )
    response = admin_client.post(url, {"task_type_ids": [str(shot_type.id)]}, format="json")
    assert response.json()["message"] == (
        f"Task type {shot_type.id} is for Shot entities, got Asset."
    )
    assert admin_client.post(url, {"task_type_ids": "x"}, format="json").status_code == 400
    assert len(events("task:new")) == 2


def test_create_entity_tasks_follows_workflow(admin_client, project):
    hero = asset(project, "Hero")
    modeling = TaskTypeFactory(name="Modeling")
    rigging = TaskTypeFactory(name="Rigging")
    for task_type in (modeling, rigging):
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type)
    hero.entity_type.task_types.add(rigging)
    response = admin_client.post(f"/data/entities/{hero.id}/tasks", {}, format="json")
    assert [row["task_type_name"] for row in response.json()] == ["Rigging"]


@pytest.mark.parametrize(
    ("role", "code"), [(Role.MANAGER, 201), (Role.SUPERVISOR, 403), (Role.USER, 403)]
)
def test_create_entity_tasks_roles(project, role, code):
    hero = asset(project, "Hero")
    _, client = member(project, role)
    assert client.post(f"/data/entities/{hero.id}/tasks", {}, format="json").status_code == code


# -- linked entities and batch deletion ------------------------------------------------------------
def test_entities_linked_with_tasks(admin_client, project):
    sh = shot(project, sequence(project))
    hero = asset(project, "Hero")
    asset(project, "Unused")
    EntityLink.objects.create(entity_in=sh, entity_out=hero)
    TaskFactory(entity=hero)
    rows = admin_client.get(f"/data/entities/{sh.id}/entities-linked/with-tasks").json()
    assert [row["id"] for row in rows] == [str(hero.id)]
    assert len(rows[0]["tasks"]) == 1
    outsider = client_for(PersonFactory())
    url = f"/data/entities/{sh.id}/entities-linked/with-tasks"
    assert outsider.get(url).status_code == 403


def test_entities_linked_query_count(admin_client, project):
    sh = shot(project, sequence(project))
    url = f"/data/entities/{sh.id}/entities-linked/with-tasks"

    def link(name):
        created = asset(project, name)
        EntityLink.objects.create(entity_in=sh, entity_out=created)
        TaskFactory(entity=created)

    link("A1")
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    link("A2")
    link("A3")
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url).json()) == 3
    assert len(one) == len(three)


def test_delete_entities(admin_client, project):
    plain = asset(project, "Plain")
    worked = asset(project, "Worked")
    TaskFactory(entity=worked)
    elsewhere = asset(ProjectFactory(), "Elsewhere")
    url = f"/actions/projects/{project.id}/delete-entities"
    response = admin_client.post(
        url, [str(plain.id), str(worked.id), str(elsewhere.id)], format="json"
    )
    assert response.status_code == 200
    assert sorted(response.json()) == sorted([str(plain.id), str(worked.id)])
    assert not Entity.objects.filter(pk=plain.pk).exists()
    worked.refresh_from_db()
    assert worked.canceled is True
    assert Entity.objects.filter(pk=elsewhere.pk).exists()
    response = admin_client.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Request body must be a JSON array."
    _, supervisor = member(project, Role.SUPERVISOR)
    assert supervisor.post(url, [str(worked.id)], format="json").status_code == 403


# -- console ---------------------------------------------------------------------------------------
def test_admin_pages(client, admin, project):
    sq = sequence(project)
    sh = shot(project, sq)
    TaskFactory(entity=sh).assignees.add(admin)
    client.force_login(admin)
    assert client.get("/admin/production/entity/", {"q": "SH"}).status_code == 200
    assert client.get("/admin/production/entity/", {"parent__id__exact": sq.id}).status_code == 200
    assert client.get(f"/admin/production/entity/{sh.id}/change/").status_code == 200
    assert client.get("/admin/production/task/").status_code == 200
    response = client.post(
        "/admin/production/entity/",
        {"action": "remove_entities", "_selected_action": [str(sh.id)]},
    )
    assert response.status_code == 302
    sh.refresh_from_db()
    assert sh.canceled is True

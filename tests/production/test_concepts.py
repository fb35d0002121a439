"""Concept routes: lists, idempotent creation, folders, moves, deletion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from production.models import Entity, EntityConceptLink
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.assets_helpers import events, immediate_events, member  # noqa: F401
from tests.production.factories import (
    EntityFactory,
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    asset,
    entity_type,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("immediate_events")]


@pytest.fixture
def project():
    return ProjectFactory(name="Concept Show")


def concept(project, name="C1", **fields):
    return EntityFactory(project=project, name=name, entity_type=entity_type("Concept"), **fields)


def test_create_concept_is_idempotent(admin_client, admin, project):
    hero = asset(project, "Hero")
    url = f"/data/projects/{project.id}/concepts"
    body = {"name": "Sketch", "description": "d", "entity_concept_links": [str(hero.id)]}
    response = admin_client.post(url, body, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["type"] == "Concept"
    assert created["name"] == "Sketch"
    assert created["created_by"] == str(admin.id)
    assert created["entity_concept_links"] == [str(hero.id)]
    again = admin_client.post(url, {"name": "Sketch", "description": "other"}, format="json")
    assert again.status_code == 201
    assert again.json()["id"] == created["id"]
    assert again.json()["description"] == "d"
    assert Entity.objects.of_type("Concept").count() == 1
    assert events("concept:new") == [{"concept_id": created["id"], "project_id": str(project.id)}]
    response = admin_client.post(url, {}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Validation error."


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.MANAGER, 201),
        (Role.SUPERVISOR, 201),
        (Role.USER, 201),
        (Role.CLIENT, 403),
        (Role.VENDOR, 403),
    ],
)
def test_create_concept_roles(project, role, code):
    _, client = member(project, role)
    url = f"/data/projects/{project.id}/concepts"
    assert client.post(url, {"name": "Sketch"}, format="json").status_code == code


def test_create_concept_outside_team(project):
    client = client_for(PersonFactory(role=Role.USER))
    url = f"/data/projects/{project.id}/concepts"
    assert client.post(url, {"name": "Sketch"}, format="json").status_code == 403


def test_concept_lists(admin_client, project):
    c1 = concept(project, "C1")
    hero = asset(project, "Hero")
    EntityConceptLink.objects.create(entity_in=c1, entity_out=hero)
    concept(ProjectFactory(), "Elsewhere")
    rows = admin_client.get(f"/data/projects/{project.id}/concepts").json()
    assert [row["id"] for row in rows] == [str(c1.id)]
    assert rows[0]["type"] == "Concept"
    assert rows[0]["entity_concept_links"] == [str(hero.id)]
    assert "project_name" not in rows[0]
    rows = admin_client.get("/data/concepts").json()
    assert [row["name"] for row in rows] == ["C1", "Elsewhere"]
    assert rows[0]["project_name"] == "Concept Show"
    assert rows[1]["entity_concept_links"] == []
    rows = admin_client.get("/data/concepts", {"project_id": str(project.id)}).json()
    assert [row["id"] for row in rows] == [str(c1.id)]


def test_concept_lists_roles(project):
    concept(project)
    _, vendor = member(project, Role.VENDOR)
    _, artist = member(project, Role.USER)
    assert vendor.get(f"/data/projects/{project.id}/concepts").status_code == 403
    assert vendor.get("/data/concepts").status_code == 403
    assert len(artist.get("/data/concepts").json()) == 1
    assert client_for(PersonFactory()).get("/data/concepts").json() == []


def test_concepts_with_tasks_and_detail(admin_client, admin, project):
    hero = asset(project, "Hero")
    c1 = concept(project, "C1", data={"a": 1}, created_by=admin)
    EntityConceptLink.objects.create(entity_in=c1, entity_out=hero)
    task = TaskFactory(entity=c1, task_type=TaskTypeFactory(name="Concept", for_entity="Concept"))
    task.assignees.add(admin)
    rows = admin_client.get("/data/concepts/with-tasks").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(c1.id)
    assert row["project_name"] == "Concept Show"
    assert row["entity_concept_links"] == [str(hero.id)]
    assert row["created_by"] == str(admin.id)
    assert row["preview_file_status"] is None
    assert [t["id"] for t in row["tasks"]] == [str(task.id)]
    assert row["tasks"][0]["assignees"] == [str(admin.id)]
    assert "difficulty" not in row["tasks"][0]
    detail = admin_client.get(f"/data/concepts/{c1.id}").json()
    assert detail["tasks"] == row["tasks"]
    assert detail["status"] == "running"
    assert detail["entities_in"] == []
    tasks = admin_client.get(f"/data/concepts/{c1.id}/tasks").json()
    assert [t["entity_name"] for t in tasks] == ["C1"]
    types = admin_client.get(f"/data/concepts/{c1.id}/task-types").json()
    assert [t["name"] for t in types] == ["Concept"]
    assert admin_client.get(f"/data/concepts/{hero.id}").status_code == 404


def test_concepts_with_tasks_query_count(admin_client, project):
    url = "/data/concepts/with-tasks"
    TaskFactory(entity=concept(project, "C1"))
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url, {"project_id": str(project.id)})
    TaskFactory(entity=concept(project, "C2"))
    TaskFactory(entity=concept(project, "C3"))
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url, {"project_id": str(project.id)}).json()) == 3
    assert len(one) == len(three)


@pytest.mark.parametrize("url", ["/data/concepts", "/data/projects/{project}/concepts"])
def test_concept_list_query_count(admin_client, project, url):
    url = url.format(project=project.id)
    concept(project, "C1")
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    concept(project, "C2")
    concept(project, "C3")
    with CaptureQueriesContext(connection) as three:
        assert len(admin_client.get(url).json()) == 3
    assert len(one) == len(three)


def test_delete_concept(admin_client, project):
    plain = concept(project, "Plain")
    worked = concept(project, "Worked")
    TaskFactory(entity=worked)
    assert admin_client.delete(f"/data/concepts/{plain.id}").status_code == 204
    assert admin_client.delete(f"/data/concepts/{worked.id}").status_code == 204
    worked.refresh_from_db()
    assert worked.canceled is True
    assert events("concept:delete") == [
        {"concept_id": str(plain.id), "project_id": str(project.id)}
    ]
    assert events("concept:update") == [
        {"concept_id": str(worked.id), "project_id": str(project.id)}
    ]
    assert admin_client.delete(f"/data/concepts/{worked.id}?force=true").status_code == 204
    assert not Entity.objects.filter(pk=worked.pk).exists()


def test_delete_concept_by_creator(project):
    artist, client = member(project, Role.USER)
    mine = concept(project, "Mine", created_by=artist)
    theirs = concept(project, "Theirs")
    assert client.delete(f"/data/concepts/{theirs.id}").status_code == 403
    assert client.delete(f"/data/concepts/{mine.id}").status_code == 204


def test_concept_folders_and_move(admin_client, project):
    url = f"/data/projects/{project.id}/concept-folders"
    response = admin_client.post(url, {"name": "Props"}, format="json")
    assert response.status_code == 201
    folder = response.json()
    assert folder["type"] == "ConceptFolder"
    assert admin_client.post(url, {"name": "Props"}, format="json").json()["id"] == folder["id"]
    assert [row["id"] for row in admin_client.get(url).json()] == [folder["id"]]
    c1 = concept(project, "C1")
    move = f"/actions/projects/{project.id}/move-concepts"
    body = {"concept_ids": [str(c1.id)], "concept_folder_id": folder["id"]}
    response = admin_client.post(move, body, format="json")
    assert response.json() == [str(c1.id)]
    c1.refresh_from_db()
    assert str(c1.parent_id) == folder["id"]
    response = admin_client.put(
        f"/data/concept-folders/{folder['id']}", {"name": "Sets"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Sets"
    assert admin_client.delete(f"/data/concept-folders/{folder['id']}").status_code == 204
    c1.refresh_from_db()
    assert c1.parent_id is None
    response = admin_client.post(move, {}, format="json")
    assert response.status_code == 400
    assert response.json()["data"]["errors"] == [
        {"field": "concept_ids", "message": "Field required"}
    ]


def test_concept_folders_roles(project):
    _, client = member(project, Role.CLIENT)
    url = f"/data/projects/{project.id}/concept-folders"
    assert client.post(url, {"name": "Props"}, format="json").status_code == 403
    move = f"/actions/projects/{project.id}/move-concepts"
    assert client.post(move, {"concept_ids": []}, format="json").status_code == 403

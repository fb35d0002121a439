"""The role matrix of episodes, sequences, scenes and edits: one entity, project lists,
creation and deletion, for every role of spec/domain.md section 3."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from people.models import Role
from production.models import Entity
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, add_to_team, episode, sequence
from tests.production.temporal_helpers import edit, scene, shot_task

pytestmark = pytest.mark.django_db

PLURALS = ("episodes", "sequences", "scenes", "edits")
KINDS = {"episodes": "Episode", "sequences": "Sequence", "scenes": "Scene", "edits": "Edit"}


@dataclass(frozen=True)
class Caller:
    role: str
    in_team: bool = True
    vendor_task: bool = False


CALLERS = {
    "admin": Caller(Role.ADMIN, in_team=False),
    "manager": Caller(Role.MANAGER),
    "manager-out": Caller(Role.MANAGER, in_team=False),
    "supervisor": Caller(Role.SUPERVISOR),
    "artist": Caller(Role.USER),
    "artist-out": Caller(Role.USER, in_team=False),
    "client": Caller(Role.CLIENT),
    "vendor": Caller(Role.VENDOR),
    "vendor-task": Caller(Role.VENDOR, vendor_task=True),
}

# Reading one entity: team membership; vendors only with a task on it.
GET_CODES = {
    "admin": 200,
    "manager": 200,
    "manager-out": 403,
    "supervisor": 200,
    "artist": 200,
    "artist-out": 403,
    "client": 200,
    "vendor": 403,
    "vendor-task": 200,
}
# Project lists: 403 out of the team; the entity listed or not (vendors without a task: empty).
LIST_ANSWERS = {
    "admin": True,
    "manager": True,
    "manager-out": 403,
    "supervisor": True,
    "artist": True,
    "artist-out": 403,
    "client": True,
    "vendor": False,
    "vendor-task": True,
}
# Creation: managers of the project (and admins) only.
CREATE_CODES = {
    "admin": 201,
    "manager": 201,
    "manager-out": 403,
    "supervisor": 403,
    "artist": 403,
    "artist-out": 403,
    "client": 403,
    "vendor": 403,
    "vendor-task": 403,
}
# Deletion of an entity someone else created: managers of the project (and admins) only.
DELETE_CODES = CREATE_CODES | {"admin": 204, "manager": 204}


@pytest.fixture
def tree():
    project = ProjectFactory(name="Big Show")
    ep = episode(project, "E01")
    sq = sequence(project, "SQ01", episode=ep)
    entities = {
        "episodes": ep,
        "sequences": sq,
        "scenes": scene(project, sq, "SC01"),
        "edits": edit(project, "Edit01", episode=ep),
    }
    return project, entities


def caller_client(project, case: str, entity: Entity | None = None):
    """The person and client of a `CALLERS` case, in the team and given a task as it says."""
    spec = CALLERS[case]
    person = PersonFactory(role=spec.role)
    if spec.in_team:
        add_to_team(project, person)
    if spec.vendor_task:
        shot_task(entity, assignees=[person])
    return person, client_for(person)


def leaf(project, plural: str, parents: dict[str, Entity], created_by=None) -> Entity:
    """A fresh entity of that kind with no children, so a DELETE removes it outright."""
    name = f"Leaf {plural}"
    if plural == "episodes":
        entity = episode(project, name)
    elif plural == "sequences":
        entity = sequence(project, name, episode=parents["episodes"])
    elif plural == "scenes":
        entity = scene(project, parents["sequences"], name)
    else:
        entity = edit(project, name, episode=parents["episodes"])
    if created_by is not None:
        Entity.objects.filter(pk=entity.pk).update(created_by=created_by)
    return entity


def create_body(plural: str, entities: dict[str, Entity]) -> dict[str, str]:
    body = {"name": "New one"}
    if plural in ("sequences", "edits"):
        body["episode_id"] = str(entities["episodes"].id)
    if plural == "scenes":
        body["sequence_id"] = str(entities["sequences"].id)
    return body


@pytest.mark.parametrize("plural", PLURALS)
@pytest.mark.parametrize("case", CALLERS)
def test_get_one(tree, plural, case):
    project, entities = tree
    entity = entities[plural]
    _, client = caller_client(project, case, entity)
    response = client.get(f"/data/{plural}/{entity.id}")
    assert response.status_code == GET_CODES[case]
    if response.status_code == 200:
        body = response.json()
        assert (body["id"], body["type"]) == (str(entity.id), KINDS[plural])


@pytest.mark.parametrize("plural", PLURALS)
@pytest.mark.parametrize("case", CALLERS)
def test_project_list(tree, plural, case):
    project, entities = tree
    entity = entities[plural]
    other = ProjectFactory(name="Other Show")
    leaf(other, "episodes", {})
    _, client = caller_client(project, case, entity)
    response = client.get(f"/data/projects/{project.id}/{plural}")
    expected = LIST_ANSWERS[case]
    if expected == 403:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == ([str(entity.id)] if expected else [])


@pytest.mark.parametrize("plural", PLURALS)
@pytest.mark.parametrize("case", CALLERS)
def test_create(tree, plural, case):
    project, entities = tree
    person, client = caller_client(project, case, entities[plural])
    before = Entity.objects.count()
    response = client.post(
        f"/data/projects/{project.id}/{plural}", create_body(plural, entities), format="json"
    )
    assert response.status_code == CREATE_CODES[case]
    if response.status_code != 201:
        assert Entity.objects.count() == before
        return
    body = response.json()
    assert (body["name"], body["type"], body["project_id"]) == (
        "New one",
        KINDS[plural],
        str(project.id),
    )
    assert body["created_by"] == str(person.id)
    assert Entity.objects.count() == before + 1


@pytest.mark.parametrize("plural", PLURALS)
@pytest.mark.parametrize("case", CALLERS)
def test_delete_by_role(tree, plural, case):
    project, entities = tree
    target = leaf(project, plural, entities, created_by=PersonFactory(role=Role.MANAGER))
    _, client = caller_client(project, case, target)
    response = client.delete(f"/data/{plural}/{target.id}")
    assert response.status_code == DELETE_CODES[case]
    assert Entity.objects.filter(pk=target.pk).exists() is (response.status_code != 204)


@pytest.mark.parametrize("plural", PLURALS)
@pytest.mark.parametrize(("case", "code"), [("artist", 204), ("artist-out", 403)])
def test_delete_by_creator(tree, plural, case, code):
    """A creator still in the team deletes its episode, scene or edit; sequences are for
    managers only (as the reference answers)."""
    if plural == "sequences" and code == 204:
        code = 403
    project, entities = tree
    person, client = caller_client(project, case)
    target = leaf(project, plural, entities, created_by=person)
    assert client.delete(f"/data/{plural}/{target.id}").status_code == code
    assert Entity.objects.filter(pk=target.pk).exists() is (code != 204)

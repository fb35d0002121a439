"""A small production to plan: a project with episodes, sequences, edits and assets, tasks of
three task types (two departments), a team with one person per role, and query counting."""

from __future__ import annotations

from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import (
    EntityFactory,
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    entity_type,
    episode,
    sequence,
    shot,
)

ROLES = ("manager", "supervisor", "user", "client", "vendor")


def build_plan() -> SimpleNamespace:
    """The project, its breakdown and tasks, and a client per role in its team (the
    supervisor of the animation department), plus a manager outside it."""
    p = SimpleNamespace()
    p.project = ProjectFactory(name="Planned")
    p.animation_dept = DepartmentFactory(name="Animation")
    p.modeling_dept = DepartmentFactory(name="Modeling")
    p.animation = TaskTypeFactory(name="Animation", for_entity="Shot", department=p.animation_dept)
    p.modeling = TaskTypeFactory(name="Modeling", for_entity="Asset", department=p.modeling_dept)
    p.editing = TaskTypeFactory(name="Editing", for_entity="Edit")
    p.concept = TaskTypeFactory(name="Concept", for_entity="Concept")
    p.e01, p.e02 = episode(p.project, "E01"), episode(p.project, "E02")
    p.sq01 = sequence(p.project, "SQ01", p.e01)
    p.sq02 = sequence(p.project, "SQ02", p.e02)
    p.sh01 = shot(p.project, p.sq01, "SH01")
    p.sh02 = shot(p.project, p.sq02, "SH02")
    p.hero = asset(p.project, "Hero", "Character", source=p.e01)
    p.sword = asset(p.project, "Sword", "Prop")
    p.edit = EntityFactory(project=p.project, name="E01_edit", entity_type=entity_type("Edit"))
    p.cut = EntityFactory(
        project=p.project, name="Cut", entity_type=entity_type("Edit"), canceled=True
    )
    p.persons, p.clients = {}, {}
    for role in ROLES:
        person = PersonFactory(role=role, email=f"plan-{role}@example.com")
        add_to_team(p.project, person)
        p.persons[role], p.clients[role] = person, client_for(person)
    p.persons["supervisor"].departments.add(p.animation_dept)
    outsider = PersonFactory(role="manager", email="plan-outsider@example.com")
    p.clients["outsider"] = client_for(outsider)
    p.anim_tasks = [
        TaskFactory(entity=entity, task_type=p.animation) for entity in (p.sh01, p.sh02)
    ]
    p.model_tasks = [
        TaskFactory(entity=entity, task_type=p.modeling) for entity in (p.hero, p.sword)
    ]
    p.edit_task = TaskFactory(entity=p.edit, task_type=p.editing)
    return p


def event_names() -> list[str]:
    return list(ApiEvent.objects.order_by("created_at").values_list("name", flat=True))


def count_queries(client, path: str) -> tuple[int, list]:
    """How many queries a GET runs, and its JSON body."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(queries), response.json()

"""A small production for the task tests: a tvshow with two episodes, shots, assets, task types
owned by departments and a team covering every role."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import Department, Person, Role
from production.models import Entity, Project, Task, TaskStatus, TaskType
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)


@dataclass
class Production:
    project: Project
    animation: Department
    modeling: Department
    anim_type: TaskType
    model_type: TaskType
    todo: TaskStatus
    done: TaskStatus
    episodes: list[Entity]
    sequences: list[Entity]
    shots: list[Entity]
    assets: list[Entity]
    people: dict[str, Person] = field(default_factory=dict)

    def client(self, key: str):
        return client_for(self.people[key])

    def task(self, entity: Entity, task_type: TaskType | None = None, **fields) -> Task:
        task_type = task_type or (self.anim_type if entity in self.shots else self.model_type)
        fields.setdefault("task_status", self.todo)
        return TaskFactory(entity=entity, project=self.project, task_type=task_type, **fields)


def build_production(admin: Person) -> Production:
    project = ProjectFactory(name="Tasks TV", production_type="tvshow")
    animation = DepartmentFactory(name="Animation")
    modeling = DepartmentFactory(name="Modeling")
    anim_type = TaskTypeFactory(name="Animation", for_entity="Shot", department=animation)
    model_type = TaskTypeFactory(name="Modeling", for_entity="Asset", department=modeling)
    project.task_types.add(anim_type, model_type)
    todo = TaskStatusFactory(short_name="todo", name="Todo", is_default=True)
    done = TaskStatusFactory(short_name="done", name="Done", is_done=True)
    e01, e02 = episode(project, "E01"), episode(project, "E02")
    sq1, sq2 = sequence(project, "SQ01", episode=e01), sequence(project, "SQ02", episode=e02)
    shots = [shot(project, sq1, "SH010"), shot(project, sq1, "SH020"), shot(project, sq2, "SH030")]
    assets = [asset(project, "Hero"), asset(project, "Villain")]
    production = Production(
        project,
        animation,
        modeling,
        anim_type,
        model_type,
        todo,
        done,
        [e01, e02],
        [sq1, sq2],
        shots,
        assets,
    )
    people = {"admin": admin}
    for key, role, department in (
        ("manager", Role.MANAGER, None),
        ("supervisor", Role.SUPERVISOR, animation),
        ("artist", Role.USER, animation),
        ("modeler", Role.USER, modeling),
        ("client", Role.CLIENT, None),
        ("vendor", Role.VENDOR, animation),
        ("outsider", Role.USER, animation),
    ):
        person = PersonFactory(role=role, first_name="tasks", last_name=key)
        if department is not None:
            person.departments.add(department)
        if key != "outsider":
            add_to_team(project, person)
        people[key] = person
    production.people = people
    return production


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        result = call()
    return len(context), result


def event_names(**filters) -> list[tuple[str, dict]]:
    return [
        (event.name, event.data)
        for event in ApiEvent.objects.filter(**filters).order_by("created_at")
    ]

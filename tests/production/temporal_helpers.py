"""Builders shared by the temporal tests (episodes, sequences, shots, scenes, edits)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from production.models import Entity, Project, TaskType
from tests.production.factories import (
    EntityFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    entity_type,
)


def scene(project: Project, sequence: Entity, name: str = "SC01") -> Entity:
    return EntityFactory(
        project=project, name=name, entity_type=entity_type("Scene"), parent=sequence
    )


def edit(project: Project, name: str = "Edit01", episode: Entity | None = None) -> Entity:
    return EntityFactory(
        project=project, name=name, entity_type=entity_type("Edit"), parent=episode
    )


def shot_task(entity: Entity, type_name: str = "Animation", assignees=(), **fields):
    """A task on `entity` of a task type made for its kind."""
    kind = entity.entity_type.name
    task_type = TaskType.objects.filter(name=type_name, for_entity=kind).first()
    task_type = task_type or TaskTypeFactory(name=type_name, for_entity=kind)
    task = TaskFactory(entity=entity, task_type=task_type, **fields)
    task.assignees.set(assignees)
    return task


def wip_status():
    return TaskStatusFactory(short_name="wip", name="WIP", is_wip=True)


def count_queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as context:
        result = call()
    return len(context), result

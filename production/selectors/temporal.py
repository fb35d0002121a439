"""Reads of the temporal breakdown: episodes, sequences, shots, scenes and edits."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet

from kitsu_site.api.errors import WrongParameter
from people.models import Person
from production.models import Entity, Task, TaskType
from production.permissions import scope_entities, scope_to_team
from production.selectors.common import tasks_seen_by


def parse_id(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise WrongParameter("Malformed ID.") from None


def visible_entities(person: Person, kind: str) -> QuerySet[Entity]:
    return scope_entities(person, Entity.objects.of_type(kind))


def shot_order(queryset: QuerySet[Entity]) -> QuerySet[Entity]:
    return queryset.order_by("parent__parent__name", "parent__name", "name")


def visible_tasks(person: Person, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks of the person's projects; vendors only get the ones assigned to them."""
    tasks = tasks_seen_by(person, scope_to_team(person, tasks))
    return tasks.order_by("task_type__priority", "task_type__name", "entity__name")


def tasks_under(entity: Entity, *, depth: int, kind: str | None = None) -> QuerySet[Task]:
    """Tasks of the entities `depth` levels below `entity` (1: children, 2: grandchildren)."""
    path = "__".join(["entity"] + ["parent"] * depth)
    tasks = Task.objects.filter(**{f"{path}_id": entity.pk})
    if kind is not None:
        tasks = tasks.filter(entity__entity_type__name=kind)
    return tasks


def task_types_of(tasks: QuerySet[Task]) -> QuerySet[TaskType]:
    """The task types used by `tasks`, in pipeline order."""
    return TaskType.objects.filter(
        pk__in=tasks.values("task_type_id").distinct().order_by()
    ).order_by("priority", "name")


def episode_filter(queryset: QuerySet[Entity], value: str) -> QuerySet[Entity]:
    """Shots and scenes of an episode: their sequence's parent."""
    return queryset.filter(parent__parent_id=parse_id(value))


def sequence_filter(queryset: QuerySet[Entity], value: str) -> QuerySet[Entity]:
    return queryset.filter(parent_id=parse_id(value))


def shots_cast_assets(shot: Entity) -> QuerySet[Entity]:
    return Entity.objects.filter(Q(links_in__entity_in=shot), ~Q(canceled=True)).order_by(
        "entity_type__name", "name"
    )

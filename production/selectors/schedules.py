"""Reads of a project's schedule: its schedule items and what they plan (task types, asset
types, episodes, sequences, edits), and the task links of production schedule versions."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import values_fast
from production.models import (
    Entity,
    ProductionScheduleVersionTaskLink,
    ScheduleItem,
    Task,
    TaskType,
)
from production.selectors.assets import in_episode
from production.selectors.config import project_asset_types
from production.selectors.planning import plain_rows

# The project routes list schedule items without audit columns or type.
SCHEDULE_ITEM_COLUMNS = (
    "id",
    "start_date",
    "end_date",
    "man_days",
    "project_id",
    "task_type_id",
    "object_id",
)
# Task types planned per project: those of the breakdown's entity kinds.
SCHEDULED_FOR_ENTITIES = ("Asset", "Shot", "Sequence", "Episode", "Edit")
# What a task type's schedule is split into, by route.
OBJECT_KINDS = ("asset-types", "episodes", "sequences", "edits")

Target = tuple[str, str]  # (object id, name)


def schedule_item_rows(queryset: QuerySet[ScheduleItem]) -> list[dict[str, Any]]:
    return plain_rows(queryset, SCHEDULE_ITEM_COLUMNS)


def scheduled_task_type_ids(*, project_id: uuid.UUID) -> list[str]:
    """The task types holding tasks in the project, for the entity kinds a schedule covers."""
    used = Task.objects.filter(project_id=project_id).values("task_type_id")
    queryset = TaskType.objects.filter(id__in=used, for_entity__in=SCHEDULED_FOR_ENTITIES)
    return [row["id"] for row in values_fast(queryset.order_by("name", "id"), ("id",))]


def task_type_schedule_items(*, project_id: uuid.UUID) -> QuerySet[ScheduleItem]:
    return ScheduleItem.objects.filter(project_id=project_id, object_id__isnull=True)


def _entity_targets(queryset: QuerySet[Entity]) -> list[Target]:
    rows = values_fast(queryset.order_by("name", "created_at", "id"), ("id", "name"))
    return [(row["id"], row["name"]) for row in rows]


def schedule_targets(
    *, kind: str, project_id: uuid.UUID, episode_id: uuid.UUID | None
) -> list[Target]:
    """What a task type's schedule is split into (`kind` is one of OBJECT_KINDS), by name;
    with an episode, only what belongs to it."""
    if kind == "asset-types":
        asset_types = project_asset_types(project_id=project_id)
        if episode_id is not None:
            assets = in_episode(Entity.objects.filter(project_id=project_id), episode_id)
            asset_types = asset_types.filter(id__in=assets.values("entity_type_id"))
        rows = values_fast(asset_types.order_by("name", "id"), ("id", "name"))
        return [(row["id"], row["name"]) for row in rows]
    entities = Entity.objects.filter(project_id=project_id)
    if kind == "episodes":
        entities = entities.filter(entity_type__name="Episode")
        if episode_id is not None:
            entities = entities.filter(id=episode_id)
    else:
        type_name = "Sequence" if kind == "sequences" else "Edit"
        entities = entities.filter(entity_type__name=type_name)
        if kind == "edits":
            entities = entities.filter(canceled=False)
        if episode_id is not None:
            entities = entities.filter(parent_id=episode_id)
    return _entity_targets(entities)


def object_schedule_items(
    *, project_id: uuid.UUID, task_type_id: uuid.UUID, object_ids: list[str]
) -> QuerySet[ScheduleItem]:
    return ScheduleItem.objects.filter(
        project_id=project_id, task_type_id=task_type_id, object_id__in=object_ids
    )


# -- production schedule versions ------------------------------------------------------------------
def version_task_links(
    *, version_id: uuid.UUID, task_type_id: uuid.UUID | None = None
) -> QuerySet[ProductionScheduleVersionTaskLink]:
    """A version's task links in creation order, optionally of one task type's tasks."""
    queryset = ProductionScheduleVersionTaskLink.objects.filter(
        production_schedule_version_id=version_id
    )
    if task_type_id is not None:
        queryset = queryset.filter(task__task_type_id=task_type_id)
    return queryset.order_by("created_at", "id")

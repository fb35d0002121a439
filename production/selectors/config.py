"""Reads of the production settings: asset types, and what a project uses of them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from production.models import Entity, EntityType, TaskType


def asset_types() -> QuerySet[EntityType]:
    """Entity types that are asset types: every kind but the temporal ones."""
    return EntityType.objects.exclude(name__in=EntityType.TEMPORAL_NAMES)


def project_task_types(*, project_id: Any) -> QuerySet[TaskType]:
    """The task types a project uses, in the order they were added to it."""
    return TaskType.objects.filter(project_links__project_id=project_id).order_by(
        "project_links__created_at", "project_links__id"
    )


def project_asset_types(*, project_id: Any) -> QuerySet[EntityType]:
    """The asset types of the project's assets (canceled ones included, as the reference)."""
    used = Entity.objects.filter(project_id=project_id).values("entity_type_id")
    return asset_types().filter(id__in=used).order_by("created_at", "id")

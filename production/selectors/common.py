"""Lookups every production area needs."""

from __future__ import annotations

from production.models import EntityType, TaskStatus


def temporal_entity_type(name: str) -> EntityType:
    """The entity type of a temporal kind (Shot, Sequence, Episode, Scene, Edit, Concept...),
    created on first use as the reference does."""
    entity_type, _ = EntityType.objects.get_or_create(name=name)
    return entity_type


def default_task_status(*, for_concept: bool = False) -> TaskStatus:
    """The status new tasks start in (Todo; Neutral for concepts), created when missing."""
    status = TaskStatus.objects.filter(is_default=True, for_concept=for_concept).first()
    if status is None:
        name, short_name = ("Neutral", "neutral") if for_concept else ("Todo", "todo")
        status, _ = TaskStatus.objects.get_or_create(
            short_name=short_name,
            defaults={
                "name": name,
                "color": "#f5f5f5",
                "is_default": True,
                "for_concept": for_concept,
            },
        )
    return status

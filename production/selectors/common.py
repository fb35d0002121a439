"""Lookups every production area needs."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import wire_values
from people.models import Person, Role
from production.models import EntityType, Task, TaskStatus


def temporal_entity_type(name: str) -> EntityType:
    """The entity type of a temporal kind (Shot, Sequence, Episode, Scene, Edit, Concept...),
    created on first use as the reference does."""
    entity_type, _ = EntityType.objects.get_or_create(name=name)
    return entity_type


def is_vendor(person: Person) -> bool:
    """Vendors (admins never are) only reach the tasks assigned to them."""
    return person.role == Role.VENDOR and not person.is_admin


def tasks_seen_by(person: Person, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """`tasks`, narrowed to those assigned to the person when a vendor."""
    return tasks.filter(assignees=person) if is_vendor(person) else tasks


def assignees_by_task(tasks: list[Any] | QuerySet[Task]) -> dict[str, list[str]]:
    """The assignee ids of each task, by task id text, in one query. A few tasks go as their
    ids; a whole list as its queryset, read back as a subquery."""
    task_ids = tasks.values("id") if isinstance(tasks, QuerySet) else tasks
    links = Task.assignees.through.objects.filter(task_id__in=task_ids).order_by("person_id")
    grouped: dict[str, list[str]] = defaultdict(list)
    for task_id, person_id in wire_values(links, ("task_id", "person_id")):
        grouped[task_id].append(person_id)
    return grouped


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

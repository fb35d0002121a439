"""Writes about production configuration."""

from __future__ import annotations

from django.db import transaction

from people.models import Department
from production import defaults
from production.models import EntityType, ProjectStatus, TaskStatus, TaskType


@transaction.atomic
def defaults_seed() -> dict[str, int]:
    """Create the reference default statuses, departments, entity and task types.

    Idempotent: rows that exist (by name, or short name for task statuses) are left as they
    are. Returns how many rows of each kind were created.
    """
    created = {
        "project statuses": 0,
        "departments": 0,
        "task statuses": 0,
        "entity types": 0,
        "task types": 0,
    }
    for name, color in defaults.PROJECT_STATUSES:
        created["project statuses"] += ProjectStatus.objects.get_or_create(
            name=name, defaults={"color": color}
        )[1]
    departments = {}
    for name, color in defaults.DEPARTMENTS:
        departments[name], was_created = Department.objects.get_or_create(
            name=name, defaults={"color": color}
        )
        created["departments"] += was_created
    for name, short_name, color, flags in defaults.TASK_STATUSES:
        _, was_created = TaskStatus.objects.get_or_create(
            short_name=short_name, defaults={"name": name, "color": color, **flags}
        )
        created["task statuses"] += was_created
    for name in defaults.ENTITY_TYPES:
        created["entity types"] += EntityType.objects.get_or_create(name=name)[1]
    for name, color, priority, for_entity, department_name in defaults.TASK_TYPES:
        _, was_created = TaskType.objects.get_or_create(
            name=name,
            for_entity=for_entity,
            department=departments.get(department_name),
            defaults={"color": color, "priority": priority},
        )
        created["task types"] += was_created
    return created

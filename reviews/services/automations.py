"""Status automations: a status reached on one task moves another step of the pipeline.

An automation of the project fires when the commented task's type and new status are its
input and the entity's kind matches (`asset` for any asset type, else the entity type name).
It never moves the pipeline backwards: an automation whose input type comes later in the
project's pipeline than its output type is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kitsu_site.api.events import emit
from people.models import Person
from production.models import (
    EntityLink,
    EntityType,
    ProjectTaskTypeLink,
    StatusAutomation,
    Task,
    TaskStatus,
)
from production.services.casting import casting_stats_refresh

# Posts an automatic comment: (task, status, text, author) → None.
CommentPoster = Callable[[Task, TaskStatus, str, Person], Any]


def _entity_kind(task: Task) -> str:
    name = task.entity.entity_type.name
    return name.lower() if name in EntityType.TEMPORAL_NAMES else "asset"


def _priorities(project_id: Any, task_type_ids: set[Any]) -> dict[Any, int]:
    links = ProjectTaskTypeLink.objects.filter(
        project_id=project_id, task_type_id__in=task_type_ids
    ).values_list("task_type_id", "priority", "task_type__priority")
    return {
        type_id: (priority if priority is not None else fallback)
        for type_id, priority, fallback in links
    }


def automations_apply(
    *, task: Task, status: TaskStatus, author: Person, post_comment: CommentPoster
) -> None:
    """Run the project's automations matching this task and status."""
    automations = list(
        StatusAutomation.objects.filter(
            projects__id=task.project_id,
            archived=False,
            in_task_type_id=task.task_type_id,
            in_task_status_id=status.pk,
            entity_type=_entity_kind(task),
        ).select_related("out_task_type", "out_task_status")
    )
    if not automations:
        return
    priorities = _priorities(
        task.project_id,
        {task.task_type_id, *(automation.out_task_type_id for automation in automations)},
    )
    for automation in automations:
        in_priority = priorities.get(task.task_type_id) or 0
        out_priority = priorities.get(automation.out_task_type_id) or 0
        if in_priority > out_priority:
            continue
        if automation.out_field_type == StatusAutomation.OutField.READY_FOR:
            _set_ready_for(task=task, automation=automation, author=author)
        elif automation.out_task_status is not None:
            target = Task.objects.filter(
                entity_id=task.entity_id, task_type_id=automation.out_task_type_id
            ).first()
            if target is None or target.task_status_id == automation.out_task_status_id:
                continue
            text = f"Change triggered by {task.task_type.name} set to {status.name}"
            post_comment(target, automation.out_task_status, text, author)


def _set_ready_for(*, task: Task, automation: StatusAutomation, author: Person) -> None:
    entity = task.entity
    if entity.ready_for_id == automation.out_task_type_id:
        return
    entity.ready_for_id = automation.out_task_type_id
    entity.save(update_fields=["ready_for", "updated_at"])
    emit(
        "asset:update",
        {"asset_id": entity.pk, "data": {"ready_for": str(automation.out_task_type_id)}},
        project_id=task.project_id,
        user_id=author.pk,
    )
    # The shots the asset is cast in now count it as ready (or not) for their task types.
    shot_ids = EntityLink.objects.filter(entity_out=entity).values_list("entity_in_id", flat=True)
    casting_stats_refresh(project=task.project, shot_ids=list(shot_ids))

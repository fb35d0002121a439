"""Status automations: a status reached on one task moves another step of the pipeline.

An automation of the project fires when the commented task's type and new status are its
input and the entity's kind matches (`asset` for any asset type, else the entity type name).
It never moves the pipeline backwards: an automation whose input type comes later in the
project's pipeline than its output type is skipped. A status automation that imports the last
revision also hands the commented task's latest previews to the task it moves.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import Max

from kitsu_site.api.events import changes_announced, emit
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
from production.wire import ENTITY_PLAIN_WIRE
from reviews.media.store import copy_stored
from reviews.models import Comment, PreviewFile, ValidationStatus
from reviews.selectors.preview_files import preview_file_stored_paths
from reviews.services.preview_media import preview_set_last
from reviews.wire import COMMENT_CHANGE_WIRE

# Posts an automatic comment: (task, status, text, author) → the comment.
CommentPoster = Callable[[Task, TaskStatus, str, Person], Comment]

# What a copied preview keeps of its source; the review state starts afresh.
COPIED_PREVIEW_FIELDS = (
    "original_name",
    "extension",
    "description",
    "source",
    "file_size",
    "status",
    "width",
    "height",
    "duration",
    "is_movie",
)


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
            comment = post_comment(target, automation.out_task_status, text, author)
            if automation.import_last_revision:
                previews_import_last_revision(
                    source=task, target=target, comment=comment, author=author
                )


def _set_ready_for(*, task: Task, automation: StatusAutomation, author: Person) -> None:
    entity = task.entity
    if entity.ready_for_id == automation.out_task_type_id:
        return
    with changes_announced(ENTITY_PLAIN_WIRE, [entity.pk]):
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


def previews_import_last_revision(
    *, source: Task, target: Task, comment: Comment, author: Person
) -> list[PreviewFile]:
    """Copy the previews of `source`'s last revision onto `comment` of `target`, as the next
    revision of `target` (positions kept). Their stored media are copied once the transaction
    commits; the first one becomes `target`'s last preview."""
    originals = _last_revision_previews(source)
    if not originals:
        return []
    latest = PreviewFile.objects.filter(task=target).aggregate(top=Max("revision"))["top"]
    revision = (latest or 0) + 1
    copies = [
        PreviewFile(
            **{name: getattr(original, name) for name in COPIED_PREVIEW_FIELDS},
            name=str(uuid.uuid4())[:13],
            revision=revision,
            position=original.position,
            task=target,
            person=author,
            validation_status=ValidationStatus.NEUTRAL,
            annotations=[],
        )
        for original in originals
    ]
    with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
        PreviewFile.objects.bulk_create(copies)
        comment.previews.add(*copies)
        comment.news.filter(preview_file__isnull=True).update(preview_file=copies[0])
        for original, copy in zip(originals, copies, strict=True):
            transaction.on_commit(lambda o=original, c=copy: _copy_media(o, c), robust=True)
        if copies[0].position == 1:
            preview_set_last(copies[0])
        _emit_imported(comment=comment, copies=copies, user_id=author.pk)
    return copies


def _last_revision_previews(task: Task) -> list[PreviewFile]:
    last = (
        PreviewFile.objects.filter(task=task)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    )
    if last is None:
        return []
    return list(
        PreviewFile.objects.filter(task=task, revision=last).order_by("position", "created_at")
    )


def _copy_media(original: PreviewFile, copy: PreviewFile) -> None:
    for path in preview_file_stored_paths(original):
        copy_stored(path, path.replace(str(original.pk), str(copy.pk)))


def _emit_imported(*, comment: Comment, copies: list[PreviewFile], user_id: Any) -> None:
    project_id = comment.object.project_id
    for copy in copies:
        emit(
            "preview-file:new",
            {"preview_file_id": copy.pk, "comment_id": comment.pk},
            project_id=project_id,
            user_id=user_id,
        )
    emit(
        "comment:update",
        {
            "comment_id": comment.pk,
            "task_id": comment.object_id,
            "person_id": comment.person_id,
            "for_client": comment.for_client,
        },
        project_id=project_id,
        user_id=user_id,
    )

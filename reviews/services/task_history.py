"""A task's state as its comment history says it should be.

The comment workflow stamps a task as comments arrive; when the history changes underneath
(a comment deleted, moved, or posted with a date older than the last one) the task is
recomputed from the whole history instead, with the replay rules of the reference:

- status: the last comment's status, or the default one when no comment is left;
- retake_count: the number of entries into a retake status (consecutive retakes count once);
- real_start_date: the first WIP comment; end_date: the first feedback request;
- done_date: the last done comment; last_comment_date: the last comment;
- duration: the sum of the time spent on the task.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from people.models import TimeSpent
from production.models import Task, TaskStatus
from production.selectors.common import default_task_status
from reviews.models import Comment

REBUILT_FIELDS = (
    "task_status",
    "retake_count",
    "real_start_date",
    "end_date",
    "done_date",
    "last_comment_date",
    "duration",
    "updated_at",
)


def is_concept_task(task: Task) -> bool:
    return task.entity.entity_type.name == "Concept"


def task_rebuild(*, task: Task) -> Any:
    """Recompute the task's workflow fields from its comments and save them.

    Returns the status id the task had before, so callers can tell whether it moved.
    """
    previous_status_id = task.task_status_id
    history = Comment.objects.filter(object_id=task.pk).order_by("created_at", "id")
    comments = list(history.values("task_status_id", "created_at"))
    statuses = {
        status.pk: status
        for status in TaskStatus.objects.filter(
            pk__in={row["task_status_id"] for row in comments if row["task_status_id"]}
        )
    }
    status: TaskStatus | None = None
    retake_count = 0
    real_start_date = end_date = done_date = None
    for row in comments:
        current = statuses.get(row["task_status_id"])
        if current is None:
            continue
        if current.is_retake and not (status is not None and status.is_retake):
            retake_count += 1
        if current.is_wip and real_start_date is None:
            real_start_date = row["created_at"]
        if current.is_feedback_request and end_date is None:
            end_date = row["created_at"]
        if current.is_done:
            done_date = row["created_at"]
        status = current
    if status is None:
        status = default_task_status(for_concept=is_concept_task(task))
    task.task_status = status
    task.retake_count = retake_count
    task.real_start_date = real_start_date
    task.end_date = end_date
    task.done_date = done_date
    task.last_comment_date = comments[-1]["created_at"] if comments else None
    task.duration = (
        TimeSpent.objects.filter(task_id=task.pk).aggregate(total=Sum("duration"))["total"] or 0
    )
    task.save(update_fields=REBUILT_FIELDS)
    return previous_status_id

"""A project's dashboard in the console: progress by task type and status (a stacked bar per
task type), late tasks, retakes, time spent against the estimates, and the latest previews.
Built in a fixed number of queries whatever the size of the production."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from production.models import Project, Task
from production.selectors.planning import hours_by_day
from reviews.models import PreviewFile

LATE_TASKS_SHOWN = 25
PREVIEWS_SHOWN = 12
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{3,8}$")
NEUTRAL_COLOR = "#999999"


@dataclass
class StatusSegment:
    name: str
    short_name: str
    color: str
    count: int
    percent: float = 0.0


@dataclass
class TaskTypeProgress:
    """One bar of the chart and one row of the table under it."""

    name: str
    total: int = 0
    done: int = 0
    late: int = 0
    retakes: int = 0
    estimated_days: float = 0.0
    spent_days: float = 0.0
    segments: list[StatusSegment] = field(default_factory=list)

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def over_estimate(self) -> bool:
        return self.spent_days > self.estimated_days > 0


def safe_color(color: str | None) -> str:
    """Colours come from studio data and land in a style attribute: hex codes only."""
    return color if color and COLOR_PATTERN.match(color) else NEUTRAL_COLOR


def task_type_progress(*, project_id: Any, now: dt.datetime) -> list[TaskTypeProgress]:
    """Per task type (in pipeline order) and status: task counts, late tasks, retakes and
    minutes estimated and spent, in one query."""
    late = Q(due_date__lt=now) & Q(task_status__is_done=False)
    cells = (
        Task.objects.filter(project_id=project_id)
        .values(
            "task_type_id",
            "task_type__name",
            "task_type__priority",
            "task_status__name",
            "task_status__short_name",
            "task_status__color",
            "task_status__priority",
            "task_status__is_done",
        )
        .annotate(
            count=Count("id"),
            late=Count("id", filter=late),
            retakes=Sum("retake_count"),
            estimation=Sum("estimation"),
            duration=Sum("duration"),
        )
        .order_by("task_type__priority", "task_type__name", "task_status__priority")
    )
    minutes_per_day = hours_by_day() * 60
    rows: dict[Any, TaskTypeProgress] = {}
    for cell in cells:
        row = rows.setdefault(cell["task_type_id"], TaskTypeProgress(cell["task_type__name"]))
        row.total += cell["count"]
        row.done += cell["count"] if cell["task_status__is_done"] else 0
        row.late += cell["late"]
        row.retakes += cell["retakes"] or 0
        row.estimated_days += (cell["estimation"] or 0) / minutes_per_day
        row.spent_days += (cell["duration"] or 0) / minutes_per_day
        row.segments.append(
            StatusSegment(
                name=cell["task_status__name"],
                short_name=cell["task_status__short_name"],
                color=safe_color(cell["task_status__color"]),
                count=cell["count"],
            )
        )
    for row in rows.values():
        row.estimated_days = round(row.estimated_days, 2)
        row.spent_days = round(row.spent_days, 2)
        for segment in row.segments:
            segment.percent = round(100 * segment.count / row.total, 2)
    return list(rows.values())


def late_tasks(*, project_id: Any, now: dt.datetime) -> list[Task]:
    """The open tasks whose due date has passed, the most overdue first."""
    return list(
        Task.objects.filter(project_id=project_id, due_date__lt=now, task_status__is_done=False)
        .select_related("entity", "task_type", "task_status")
        .order_by("due_date", "id")[:LATE_TASKS_SHOWN]
    )


def latest_previews(*, project_id: Any) -> list[PreviewFile]:
    return list(
        PreviewFile.objects.filter(task__project_id=project_id)
        .select_related("task__entity", "task__task_type")
        .order_by("-created_at", "-id")[:PREVIEWS_SHOWN]
    )


def project_dashboard(*, project: Project, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the dashboard page shows, in five queries."""
    now = now or timezone.now()
    progress = task_type_progress(project_id=project.pk, now=now)
    return {
        "progress": progress,
        "nb_tasks": sum(row.total for row in progress),
        "nb_late": sum(row.late for row in progress),
        "nb_retakes": sum(row.retakes for row in progress),
        "late_tasks": late_tasks(project_id=project.pk, now=now),
        "previews": latest_previews(project_id=project.pk),
    }

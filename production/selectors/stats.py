"""Production statistics of a project's episodes: tasks counted by status and by retake round.

Both reports cover the tasks of entities hanging two levels below an episode (shots and scenes,
through their sequence), grouped by episode, then task type. Each is built from one grouped
query, whatever the number of shots: the database counts and sums, Python only nests the rows.
`frames` sums the entities' `nb_frames`, `drawings` the tasks' `nb_drawings`.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce

from people.models import Person
from production.models import Task

ALL = "all"
BUCKETS = ("done", "retake", "other")

Totals = dict[str, int]


def _episode_tasks(project_id: uuid.UUID, assignee: Person | None) -> QuerySet[Task]:
    """Tasks under an episode: their entity's parent (a sequence) has a parent. Tasks on
    sequences, edits, assets or shots of a sequence without episode are left out."""
    tasks = Task.objects.filter(
        project_id=project_id, entity__parent__parent__isnull=False, task_status__isnull=False
    )
    if assignee is not None:
        tasks = tasks.filter(assignees=assignee)
    return tasks


def _aggregated(tasks: QuerySet[Task], *keys: str) -> Iterable[dict[str, Any]]:
    return (
        tasks.values("entity__parent__parent_id", "task_type_id", *keys)
        .annotate(
            count=Count("id"),
            frames=Coalesce(Sum("entity__nb_frames"), 0),
            drawings=Coalesce(Sum("nb_drawings"), 0),
        )
        .order_by()
    )


def _zero() -> Totals:
    return {"count": 0, "frames": 0, "drawings": 0}


def _add(totals: Totals, row: dict[str, Any]) -> None:
    for key in ("count", "frames", "drawings"):
        totals[key] += row[key]


def episode_stats(*, project_id: uuid.UUID, assignee: Person | None = None) -> dict[str, Any]:
    """`{episode_id: {task_type_id: {status_id: {name, color, count, frames, drawings}}}}`.

    Each episode also has an `all` task type (its statuses across task types), and the `all`
    episode gathers the project per task type and in total (`all`/`all`). Only the tasks
    assigned to `assignee` are counted when given. An empty project answers `{}`.
    """
    rows = _aggregated(
        _episode_tasks(project_id, assignee),
        "task_status_id",
        "task_status__short_name",
        "task_status__color",
    )
    stats: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for row in rows:
        episode_id = str(row["entity__parent__parent_id"])
        task_type_id = str(row["task_type_id"])
        status_id = str(row["task_status_id"])
        for episode_key in (episode_id, ALL):
            for task_type_key in (task_type_id, ALL):
                by_status = stats.setdefault(episode_key, {}).setdefault(task_type_key, {})
                entry = by_status.get(status_id)
                if entry is None:
                    entry = by_status[status_id] = {
                        "name": row["task_status__short_name"],
                        "color": row["task_status__color"],
                        **_zero(),
                    }
                _add(entry, row)
    return stats


def _bucket(is_done: bool, is_retake: bool) -> str:
    if is_done:
        return "done"
    if is_retake:
        return "retake"
    return "other"


class _RetakeGroup:
    """The tasks of one (episode, task type) cell, or of an aggregate of cells."""

    def __init__(self) -> None:
        self.max_retake_count = 0
        self.current = {bucket: _zero() for bucket in BUCKETS}
        # (retake_count, current bucket) -> totals, to replay every retake round.
        self.by_retakes: dict[tuple[int, str], Totals] = defaultdict(_zero)

    def add(self, row: dict[str, Any], bucket: str) -> None:
        retake_count = row["retake_count"] or 0
        self.max_retake_count = max(self.max_retake_count, retake_count)
        _add(self.current[bucket], row)
        _add(self.by_retakes[(retake_count, bucket)], row)

    def evolution(self) -> dict[str, dict[str, Totals]]:
        """Per retake round n: tasks retaken at least n times count as `retake`, the others
        by their current status (`done` or `other`, a current retake included)."""
        rounds = {}
        for round_number in range(1, self.max_retake_count + 1):
            totals = {bucket: _zero() for bucket in BUCKETS}
            for (retake_count, bucket), group in self.by_retakes.items():
                if retake_count >= round_number:
                    target = "retake"
                else:
                    target = "done" if bucket == "done" else "other"
                _add(totals[target], group)
            rounds[str(round_number)] = totals
        return rounds

    def render(self, *, with_evolution: bool) -> dict[str, Any]:
        return {
            "max_retake_count": self.max_retake_count,
            "evolution": self.evolution() if with_evolution else {},
            **self.current,
        }


def episode_retake_stats(
    *, project_id: uuid.UUID, assignee: Person | None = None
) -> dict[str, Any]:
    """`{episode_id: {task_type_id: {max_retake_count, evolution, done, retake, other}}}`.

    `done`/`retake`/`other` split the tasks by their current status; `evolution` replays each
    retake round up to the highest retake count of the cell. Each episode has an `all` task
    type; the `all` episode gathers the project per task type and in total, without evolution
    (as the reference). `all`/`all` is always there, zeroed for a project without tasks.
    """
    rows = _aggregated(
        _episode_tasks(project_id, assignee),
        "task_status__is_done",
        "task_status__is_retake",
        "retake_count",
    )
    groups: dict[str, dict[str, _RetakeGroup]] = {ALL: {ALL: _RetakeGroup()}}
    for row in rows:
        bucket = _bucket(row["task_status__is_done"], row["task_status__is_retake"])
        episode_id = str(row["entity__parent__parent_id"])
        task_type_id = str(row["task_type_id"])
        for episode_key in (ALL, episode_id):
            by_task_type = groups.setdefault(episode_key, {ALL: _RetakeGroup()})
            for task_type_key in (ALL, task_type_id):
                by_task_type.setdefault(task_type_key, _RetakeGroup()).add(row, bucket)
    return {
        episode_key: {
            task_type_key: group.render(with_evolution=episode_key != ALL)
            for task_type_key, group in by_task_type.items()
        }
        for episode_key, by_task_type in groups.items()
    }

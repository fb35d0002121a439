"""CSV exports of the studio's activity, as the reference writes them: every task of the open
projects, every time spent on them, and one playlist with each entity's review state.

Rows are read with `values_list` in a fixed number of queries, whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from people.models import Person, Role, TimeSpent
from production.models import Entity, Project, Task
from production.permissions import OPEN_STATUS_NAME
from reviews.models import Comment, Playlist, PreviewFile


def full_name(first: str | None, last: str | None) -> str:
    return " ".join(part for part in (first, last) if part).strip()


def day_of(value: dt.datetime | dt.date | None) -> str:
    """The date part, "" when unset."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).date()
    return value.isoformat()


def open_tasks(projects: QuerySet[Project]) -> QuerySet[Task]:
    return Task.objects.filter(project__in=projects, project__project_status__name=OPEN_STATUS_NAME)


class EntityNames:
    """Where an entity sits: (episode, sequence) names of shots, the shot's full path. Entities
    are looked up by their id as text (playlists hold ids as text)."""

    def __init__(self, entity_ids: Iterable[Any]):
        self.rows = {
            str(row[0]): row
            for row in Entity.objects.filter(pk__in=set(entity_ids)).values_list(
                "id",
                "name",
                "entity_type__name",
                "parent__name",
                "parent__parent__name",
                "nb_frames",
            )
        }

    def type_name(self, entity_id: Any) -> str:
        return self.rows[str(entity_id)][2]

    def name(self, entity_id: Any) -> str:
        return self.rows[str(entity_id)][1]

    def nb_frames(self, entity_id: Any) -> Any:
        return self.rows[str(entity_id)][5]

    def episode_and_sequence(self, entity_id: Any) -> tuple[str, str]:
        _, _, type_name, sequence, episode, _ = self.rows[str(entity_id)]
        if type_name != "Shot":
            return "", ""
        return episode or "", sequence or ""

    def full_name(self, entity_id: Any) -> str:
        """`E01 / SQ01 / SH010` for shots, the bare name for anything else."""
        episode, sequence = self.episode_and_sequence(entity_id)
        return " / ".join(part for part in (episode, sequence, self.name(entity_id)) if part)


# -- tasks -----------------------------------------------------------------------------------------
TASK_COLUMNS = [
    "Project",
    "Task Type",
    "Episode",
    "Sequence",
    "Entity Type",
    "Entity",
    "Assigner",
    "Assignees",
    "Duration",
    "Estimation",
    "Start date",
    "Due date",
    "WIP date",
    "Validation date",
    "Task Status",
]


def assignee_names(tasks: QuerySet[Task]) -> dict[Any, list[str]]:
    names: dict[Any, list[str]] = defaultdict(list)
    links = Task.assignees.through.objects.filter(task__in=tasks)
    for task_id, first, last in links.values_list(
        "task_id", "person__first_name", "person__last_name"
    ):
        names[task_id].append(full_name(first, last))
    return names


def tasks_rows(projects: QuerySet[Project]) -> Iterator[list[Any]]:
    """Every task of the open projects given, by project, task type and place in the
    breakdown."""
    yield TASK_COLUMNS
    tasks = open_tasks(projects)
    assignees = assignee_names(tasks)
    values = list(
        tasks.values_list(
            "id",
            "entity_id",
            "project__name",
            "task_type__name",
            "assigner__first_name",
            "assigner__last_name",
            "duration",
            "estimation",
            "start_date",
            "due_date",
            "real_start_date",
            "end_date",
            "task_status__name",
        )
    )
    names = EntityNames(row[1] for row in values)
    rows = []
    for task_id, entity_id, project, task_type, first, last, *numbers_and_dates, status in values:
        duration, estimation, start, due, wip, validation = numbers_and_dates
        rows.append(
            [
                project,
                task_type,
                *names.episode_and_sequence(entity_id),
                names.type_name(entity_id),
                names.name(entity_id),
                full_name(first, last),
                ", ".join(sorted(assignees[task_id])),
                float(duration),
                float(estimation),
                *(day_of(value) for value in (start, due, wip, validation)),
                status,
            ]
        )
    yield from sorted(rows, key=lambda row: row[:6])


# -- time spents -----------------------------------------------------------------------------------
TIME_SPENT_COLUMNS = [
    "Project",
    "Person",
    "Entity Type Name",
    "Entity",
    "Task Type",
    "Date",
    "Time spent",
]


def time_spents_file_name() -> str:
    return f"kitsu_{timezone.now():%Y_%m_%d}_open_projects_time_spents_export.csv"


def time_spents_rows(projects: QuerySet[Project]) -> Iterator[list[Any]]:
    """Every time spent on a task of the open projects given, by date (then as recorded)."""
    yield TIME_SPENT_COLUMNS
    spents = list(
        TimeSpent.objects.filter(task__in=open_tasks(projects))
        .order_by("date", "created_at", "id")
        .values_list(
            "task__project__name",
            "person__first_name",
            "person__last_name",
            "task__entity_id",
            "task__task_type__name",
            "date",
            "duration",
        )
    )
    names = EntityNames(row[3] for row in spents)
    for project, first, last, entity_id, task_type, date, duration in spents:
        yield [
            project,
            full_name(first, last),
            names.type_name(entity_id),
            names.full_name(entity_id),
            task_type,
            day_of(date),
            float(duration),
        ]


# -- playlists -------------------------------------------------------------------------------------
PLAYLIST_COLUMNS = [
    "Entity name",
    "Nb Frames",
    "Task Type",
    "Retake count",
    "Revision",
    "Task Status",
    "Last comment author",
    "Last comment date",
    "Last comment",
]


def playlist_file_name(playlist: Playlist) -> str:
    project = slugify(playlist.project.name).replace("-", "_")
    name = slugify(playlist.name).replace("-", "_")
    return f"kitsu_{project}_playlist_{name}.csv"


def local_time(value: dt.datetime | None, zone: zoneinfo.ZoneInfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S") if value else ""


def person_zone(person: Person) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(person.timezone or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def last_studio_comments(task_ids: set[Any]) -> dict[Any, tuple]:
    """Each task's latest comment written by the studio (clients' comments left out)."""
    comments = (
        Comment.objects.filter(object_id__in=task_ids)
        .exclude(person__role=Role.CLIENT)
        .order_by("created_at", "id")
        .values_list("object_id", "person__first_name", "person__last_name", "created_at", "text")
    )
    return {row[0]: row[1:] for row in comments}


def playlist_rows(playlist: Playlist, viewer: Person) -> Iterator[list[Any]]:
    """A title block (project, episode, kind, name, creation time in the viewer's zone), then
    one row per entity of the playlist with the review state of its previewed task."""
    zone = person_zone(viewer)
    where = playlist.project.name
    if playlist.episode is not None:
        where = f"{where} - {playlist.episode.name}"
    title = f"{where} | for {playlist.for_entity or 'shot'}s"
    yield ["Playlist", title, playlist.name, local_time(playlist.created_at, zone), "", "", ""]
    yield ["", "", "", "", "", "", ""]
    yield PLAYLIST_COLUMNS
    items = [item for item in playlist.shots or [] if item.get("entity_id")]
    names = EntityNames(item["entity_id"] for item in items)
    previews = {
        str(preview_id): rest
        for preview_id, *rest in PreviewFile.objects.filter(
            pk__in=[item["preview_file_id"] for item in items if item.get("preview_file_id")]
        ).values_list(
            "id",
            "revision",
            "task_id",
            "task__task_type__name",
            "task__retake_count",
            "task__task_status__name",
        )
    }
    comments = last_studio_comments({preview[1] for preview in previews.values()})
    for item in items:
        entity_id = item["entity_id"]
        if str(entity_id) not in names.rows:
            continue
        row = [names.full_name(entity_id), names.nb_frames(entity_id)]
        preview = previews.get(str(item.get("preview_file_id")))
        if preview is None:
            yield [*row, "", "", "", "", "", "", ""]
            continue
        revision, task_id, task_type, retakes, status = preview
        first, last, created_at, text = comments.get(task_id, (None, None, None, ""))
        yield [
            *row,
            task_type,
            retakes,
            revision,
            status,
            full_name(first, last),
            local_time(created_at, zone),
            text,
        ]

"""Reads of the task routes: detailed task lists, open tasks with their stats and burndown,
per-person lists and the full task, each in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum

from kitsu_site.api.wire import Row, WireFormat, wire_datetime, wire_uuid, wire_values
from people.models import Person
from people.wire import PERSON_WIRE
from production.models import Entity, Project, Task
from production.permissions import OPEN_STATUS_NAME
from production.selectors.common import assignees_by_task, is_vendor
from production.wire import (
    ENTITY_KIND_WIRE,
    ENTITY_PLAIN_WIRE,
    ENTITY_TYPE_PLAIN_WIRE,
    PROJECT_PLAIN_WIRE,
    TASK_RELATIONS_WIRE,
    TASK_STATUS_PLAIN_WIRE,
    TASK_TYPE_PLAIN_WIRE,
    TASK_WIRE,
)
from reviews.models import Comment, Subscription


def _text_id(value: Any) -> str:
    """Ids the reference stringifies with an empty string for none."""
    return wire_uuid(value) or ""


def _episode(raw: Row) -> tuple[Any, Any]:
    """The episode of a task's entity: the grandparent of a shot, the parent of an edit or a
    sequence."""
    if raw["entity__parent__entity_type__name"] == "Episode":
        return raw["entity__parent_id"], raw["entity__parent__name"]
    if raw["entity__parent__parent_id"] is not None:
        return raw["entity__parent__parent_id"], raw["entity__parent__parent__name"]
    return None, None


def _sequence_name(raw: Row) -> str | None:
    if raw["entity__parent__entity_type__name"] == "Sequence":
        return raw["entity__parent__name"]
    return None


def _copy(source: str) -> Any:
    return lambda raw: raw[source]


# The task's project and entity columns shared by every detailed task row.
ENTITY_COLUMNS = {
    "project_name": _copy("project__name"),
    "project_has_avatar": _copy("project__has_avatar"),
    "entity_name": _copy("entity__name"),
    "entity_description": _copy("entity__description"),
    "entity_preview_file_id": lambda raw: _text_id(raw["entity__preview_file_id"]),
    "entity_source_id": lambda raw: _text_id(raw["entity__source_id"]),
    "entity_type_name": _copy("entity__entity_type__name"),
    "entity_canceled": _copy("entity__canceled"),
    "task_type_for_entity": _copy("task_type__for_entity"),
}
DETAIL_SOURCES = (
    "project__name",
    "project__has_avatar",
    "entity__name",
    "entity__description",
    "entity__data",
    "entity__preview_file_id",
    "entity__source_id",
    "entity__entity_type__name",
    "entity__canceled",
    "entity__parent_id",
    "entity__parent__name",
    "entity__parent__entity_type__name",
    "entity__parent__parent_id",
    "entity__parent__parent__name",
    "task_type__for_entity",
    "task_type__name",
    "task_type__color",
    "task_status__name",
    "task_status__color",
    "task_status__short_name",
)

# GET /data/tasks/open-tasks rows: the sequence is the entity's parent, the episode its
# grandparent, whatever their types.
OPEN_TASK_WIRE = WireFormat(
    Task,
    relations=("assignees",),
    always_relations=True,
    computed_from=DETAIL_SOURCES,
    computed={
        **ENTITY_COLUMNS,
        "entity_data": _copy("entity__data"),
        "sequence_name": _copy("entity__parent__name"),
        "episode_id": lambda raw: _text_id(raw["entity__parent__parent_id"]),
        "episode_name": _copy("entity__parent__parent__name"),
        "type_name": _copy("task_type__name"),
        "status_name": _copy("task_status__name"),
        "type_color": _copy("task_type__color"),
        "status_color": _copy("task_status__color"),
        "status_short_name": _copy("task_status__short_name"),
    },
)

# To-do lists and a person's tasks: the sequence and episode found by the parents' types (an
# edit's parent is its episode).
DETAILED_TASK_WIRE = WireFormat(
    Task,
    computed={
        **ENTITY_COLUMNS,
        "entity_data": lambda raw: raw["entity__data"] or {},
        "sequence_name": _sequence_name,
        "episode_id": lambda raw: _text_id(_episode(raw)[0]),
        "episode_name": lambda raw: _episode(raw)[1],
        "task_estimation": _copy("estimation"),
        "task_duration": _copy("duration"),
        "task_start_date": lambda raw: wire_datetime(raw["start_date"]),
        "task_due_date": lambda raw: wire_datetime(raw["due_date"]),
        "task_type_name": _copy("task_type__name"),
        "task_status_name": _copy("task_status__name"),
        "task_type_color": _copy("task_type__color"),
        "task_status_color": _copy("task_status__color"),
        "task_status_short_name": _copy("task_status__short_name"),
    },
    computed_from=DETAIL_SOURCES,
    relations=(),
)


def last_comments(task_ids: list[str]) -> dict[str, Row]:
    """The latest comment of each task, as the to-do rows show it. One query."""
    latest = Comment.objects.filter(object_id=OuterRef("object_id")).order_by("-created_at", "-id")
    comments = Comment.objects.filter(object_id__in=task_ids).annotate(
        latest_id=Subquery(latest.values("id")[:1])
    )
    rows = wire_values(
        comments.filter(id=F("latest_id")), ("object_id", "text", "created_at", "person_id")
    )
    return {
        task_id: {"text": text, "date": created_at, "person_id": person_id}
        for task_id, text, created_at, person_id in rows
    }


def detailed_task_rows(queryset: QuerySet[Task]) -> list[Row]:
    """Tasks in the reference's to-do shape (to-do lists, a person's tasks): the task with its
    entity, project, type and status names, its assignees and its last comment. Three queries.

    The assignees and last comments are read by the ids of the rows: a person's lists hold
    hundreds of tasks at most, and running the list's joins again as a subquery cost more than
    the rows themselves."""
    rows = DETAILED_TASK_WIRE.rows(queryset)
    task_ids = [row["id"] for row in rows]
    assignees = assignees_by_task(task_ids)
    comments = last_comments(task_ids)
    for row in rows:
        row["assignees"] = assignees.get(row["id"], [])
        row["last_comment"] = comments.get(row["id"], {})
    return rows


# -- /data/tasks and per-project lists -------------------------------------------------------------
def visible_tasks(person: Person, tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Tasks of the person's projects; vendors only get the ones assigned to them."""
    if person.is_admin:
        return tasks
    tasks = tasks.filter(project__team_links__person=person)
    if is_vendor(person):
        tasks = tasks.filter(assignees=person)
    return tasks


def tasks_in_episode(tasks: QuerySet[Task], episode_id: Any) -> QuerySet[Task]:
    """Tasks of the shots whose sequence belongs to the episode."""
    return tasks.filter(entity__parent__parent_id=episode_id)


def task_rows(tasks: QuerySet[Task]) -> list[Row]:
    """Tasks with their assignee ids, in creation order."""
    return TASK_RELATIONS_WIRE.rows(tasks.order_by("created_at", "id"))


# -- open tasks ------------------------------------------------------------------------------------
def open_tasks_queryset(person: Person) -> QuerySet[Task]:
    """Tasks of the open projects the person may see (every open project for admins)."""
    tasks = Task.objects.filter(project__project_status__name=OPEN_STATUS_NAME)
    if not person.is_admin:
        tasks = tasks.filter(
            project_id__in=Project.objects.filter(team_links__person=person).values("id")
        )
    return tasks


def filter_open_tasks(tasks: QuerySet[Task], criteria: dict[str, Any]) -> QuerySet[Task]:
    """`start_date` keeps tasks starting from that day, `due_date` those due by that day."""
    for key in ("project_id", "task_type_id", "task_status_id"):
        if criteria.get(key) is not None:
            tasks = tasks.filter(**{key: criteria[key]})
    if criteria.get("person_id") is not None:
        tasks = tasks.filter(assignees__id=criteria["person_id"])
    if criteria.get("priority") is not None:
        tasks = tasks.filter(priority=criteria["priority"])
    if criteria.get("start_date") is not None:
        tasks = tasks.filter(start_date__date__gte=criteria["start_date"])
    if criteria.get("due_date") is not None:
        tasks = tasks.filter(due_date__date__lte=criteria["due_date"])
    return tasks


def open_tasks_page(tasks: QuerySet[Task], *, page: int, limit: int) -> dict[str, Any]:
    """A page of detailed open tasks with the stats of every matching task."""
    totals = tasks.aggregate(
        total=Count("id"), total_duration=Sum("duration"), total_estimation=Sum("estimation")
    )
    by_status = tasks.order_by().values("task_status_id").annotate(amount=Count("id")).order_by()
    offset = max(page - 1, 0) * limit
    ordered = tasks.order_by("project__name", "entity__name", "created_at", "id")
    rows = OPEN_TASK_WIRE.rows(ordered[offset : offset + limit]) if limit > 0 else []
    return {
        "data": rows,
        "stats": {
            "total_duration": float(totals["total_duration"] or 0),
            "total_estimation": float(totals["total_estimation"] or 0),
            "total": totals["total"],
            "status": sorted(
                (
                    {"task_status_id": wire_uuid(row["task_status_id"]), "amount": row["amount"]}
                    for row in by_status
                ),
                key=lambda item: str(item["task_status_id"]),
            ),
        },
        "limit": limit,
        "is_more": totals["total"] > offset + len(rows),
        "page": page,
    }


def open_tasks_stats(tasks: QuerySet[Task]) -> dict[str, Any]:
    """Per open project: task counts, done counts, durations and estimations, and the same per
    (task type, status)."""
    groups = (
        tasks.order_by()
        .values("project_id", "task_type_id", "task_status_id")
        .annotate(
            amount=Count("id"),
            amount_done=Count("id", filter=Q(task_status__is_done=True)),
            total_duration=Sum("duration"),
            total_estimation=Sum("estimation"),
        )
    )
    rows = sorted(groups, key=lambda row: (str(row["task_type_id"]), str(row["task_status_id"])))
    result: dict[str, Any] = {}
    for row in rows:
        project_id = str(row["project_id"])
        project = result.setdefault(
            project_id,
            {
                "amount": 0,
                "amount_done": 0,
                "total_duration": 0.0,
                "total_estimation": 0.0,
                "task_types": [],
            },
        )
        entry = {
            "task_status_id": wire_uuid(row["task_status_id"]),
            "task_type_id": str(row["task_type_id"]),
            "project_id": project_id,
            "amount": row["amount"],
            "amount_done": row["amount_done"],
            "total_duration": float(row["total_duration"] or 0),
            "total_estimation": float(row["total_estimation"] or 0),
        }
        project["task_types"].append(entry)
        for key in ("amount", "amount_done", "total_duration", "total_estimation"):
            project[key] += entry[key]
    return dict(sorted(result.items()))


def open_tasks_burndown(tasks: QuerySet[Task]) -> dict[str, Any]:
    """Totals, the schedule span (first start date, last due date) and tasks done per day."""
    totals = tasks.aggregate(
        total=Count("id"),
        total_estimation=Sum("estimation"),
        start_date=Min("start_date"),
        end_date=Max("due_date"),
    )
    done: dict[str, dict[str, Any]] = {}
    for done_date, estimation in (
        tasks.filter(done_date__isnull=False).order_by().values_list("done_date", "estimation")
    ):
        day = wire_datetime(done_date)[:10]
        bucket = done.setdefault(day, {"date": day, "done": 0, "done_estimation": 0.0})
        bucket["done"] += 1
        bucket["done_estimation"] += float(estimation or 0)
    return {
        "total": totals["total"],
        "total_estimation": float(totals["total_estimation"] or 0),
        "start_date": _day(totals["start_date"]),
        "end_date": _day(totals["end_date"]),
        "done_by_day": [done[day] for day in sorted(done)],
    }


def _day(value: Any) -> str | None:
    text = wire_datetime(value)
    return None if text is None else text[:10]


# -- per person ------------------------------------------------------------------------------------
def person_task_rows(*, person_id: Any, projects: QuerySet[Project], done: bool) -> list[Row]:
    """Tasks assigned to the person in those projects, done or not, with their last comment."""
    tasks = (
        Task.objects.filter(assignees__id=person_id, project__in=projects)
        .filter(task_status__is_done=done)
        .order_by("project__name", "task_type__name", "entity__name", "id")
    )
    return detailed_task_rows(tasks)


def person_related_task_rows(*, person_id: Any, task_type_id: Any) -> list[Row]:
    """Tasks of that type on every entity where the person holds a task."""
    entity_ids = Task.objects.filter(assignees__id=person_id).values("entity_id")
    tasks = Task.objects.filter(task_type_id=task_type_id, entity_id__in=entity_ids)
    return TASK_WIRE.rows(tasks.order_by("created_at", "id"))


def persons_task_dates() -> list[Row]:
    """For each active person holding tasks in open projects: the first start date and the
    last due date of those tasks."""
    rows = (
        Task.assignees.through.objects.filter(
            person__active=True, task__project__project_status__name=OPEN_STATUS_NAME
        )
        .values("person_id")
        .annotate(min_date=Min("task__start_date"), max_date=Max("task__due_date"))
        .order_by("person_id")
    )
    return [
        {
            "person_id": str(row["person_id"]),
            "min_date": wire_datetime(row["min_date"]),
            "max_date": wire_datetime(row["max_date"]),
            "busy_periods": [],
        }
        for row in rows
    ]


# -- one task --------------------------------------------------------------------------------------
def task_full(*, task: Task, person: Person) -> Row:
    """The task with its relations, entity, entity type, project, status, type, assigner,
    assignees (`persons`) and, for shots and scenes, its sequence and episode."""
    row = TASK_RELATIONS_WIRE.instance(task)
    entity = Entity.objects.select_related("entity_type").get(pk=task.entity_id)
    row["entity"] = ENTITY_PLAIN_WIRE.instance(entity)
    row["entity_type"] = ENTITY_TYPE_PLAIN_WIRE.instance(entity.entity_type)
    row["is_subscribed"] = Subscription.objects.filter(person=person, task=task).exists()
    assignees = Person.objects.filter(tasks=task)
    row["persons"] = PERSON_WIRE.rows(assignees)
    row["project"] = PROJECT_PLAIN_WIRE.instance(task.project)
    row["task_status"] = (
        TASK_STATUS_PLAIN_WIRE.instance(task.task_status) if task.task_status_id else None
    )
    row["task_type"] = TASK_TYPE_PLAIN_WIRE.instance(task.task_type)
    row["assigner"] = (
        PERSON_WIRE.instance(task.assigner, relations=True) if task.assigner_id else None
    )
    if entity.entity_type.name in ("Shot", "Scene") and entity.parent_id:
        parents = {
            parent.pk: parent
            for parent in Entity.objects.select_related("entity_type").filter(
                Q(pk=entity.parent_id) | Q(children__pk=entity.parent_id)
            )
        }
        sequence = parents.get(entity.parent_id)
        if sequence is not None:
            row["sequence"] = ENTITY_KIND_WIRE.instance(sequence)
            episode = parents.get(sequence.parent_id) if sequence.parent_id else None
            if episode is not None:
                row["episode"] = ENTITY_KIND_WIRE.instance(episode)
    return row


def entity_task_rows(*, entity_id: Any, task_type_id: Any) -> list[Row]:
    """GET /data/entities/<e>/task-types/<tt>/tasks"""
    tasks = Task.objects.filter(entity_id=entity_id, task_type_id=task_type_id)
    return TASK_WIRE.rows(tasks.order_by("name", "created_at"))

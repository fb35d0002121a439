"""Reads behind the per-user routes (`/data/user/...`): the to-do lists, the entities a person
works on, notifications, saved filters.

Every list here runs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from kitsu_site.api.wire import Row, wire_datetime, wire_uuid
from people.models import Person, Role
from production.models import Entity, EntityType, SearchFilter, SearchFilterGroup, Task, TaskType
from production.permissions import OPEN_STATUS_NAME, open_projects_of
from production.selectors.common import assignees_by_task
from reviews.models import Comment, Notification, Subscription


def _open_tasks() -> QuerySet[Task]:
    return Task.objects.filter(project__project_status__name=OPEN_STATUS_NAME)


def todo_tasks(*, person: Person) -> QuerySet[Task]:
    """Tasks of open projects assigned to the person and not done yet."""
    return (
        _open_tasks()
        .filter(assignees=person)
        .exclude(task_status__is_done=True)
        .order_by("project__name", "entity__name", "task_type__name", "id")
    )


def done_tasks(*, person: Person) -> QuerySet[Task]:
    return (
        _open_tasks()
        .filter(assignees=person, task_status__is_done=True)
        .order_by("-done_date", "id")
    )


def tasks_to_check(*, person: Person) -> QuerySet[Task]:
    """Tasks waiting for feedback that the person reviews: every one of their projects for
    admins and managers, those of their departments for supervisors, none for the others."""
    queryset = _open_tasks().filter(task_status__is_feedback_request=True)
    if person.is_admin:
        return queryset.order_by("project__name", "entity__name", "task_type__name", "id")
    if person.role not in (Role.MANAGER, Role.SUPERVISOR):
        return queryset.none()
    queryset = queryset.filter(project__team_links__person=person)
    if person.role == Role.SUPERVISOR:
        department_ids = list(person.departments.values_list("id", flat=True))
        if department_ids:
            queryset = queryset.filter(task_type__department_id__in=department_ids)
    return queryset.order_by("project__name", "entity__name", "task_type__name", "id")


def tasks_to_check_filter_values(*, person: Person) -> dict[str, list[str]]:
    """The distinct projects, task types, statuses, episodes and assignees of the tasks to
    check, for the list's filter menus."""
    queryset = tasks_to_check(person=person).order_by()
    rows = list(
        queryset.values_list(
            "id",
            "project_id",
            "task_type_id",
            "task_status_id",
            "entity__parent__entity_type__name",
            "entity__parent_id",
            "entity__parent__parent_id",
        )
    )
    values: dict[str, dict[str, None]] = {
        key: {} for key in ("project_ids", "task_type_ids", "task_status_ids", "episode_ids")
    }
    for _, project_id, task_type_id, status_id, parent_type, parent_id, grandparent_id in rows:
        values["project_ids"][str(project_id)] = None
        values["task_type_ids"][str(task_type_id)] = None
        values["task_status_ids"][str(status_id)] = None
        episode_id = parent_id if parent_type == "Episode" else grandparent_id
        if episode_id is not None:
            values["episode_ids"][str(episode_id)] = None
    persons: dict[str, None] = {}
    for person_ids in assignees_by_task([row[0] for row in rows]).values():
        persons.update(dict.fromkeys(person_ids))
    return {**{key: list(ids) for key, ids in values.items()}, "person_ids": list(persons)}


# -- what a person works on -----------------------------------------------------------------------
def assigned_tasks(*, person: Person) -> QuerySet[Task]:
    """Tasks of open projects assigned to the person."""
    return _open_tasks().filter(assignees=person)


def assigned_entities(*, person: Person, queryset: QuerySet[Entity]) -> QuerySet[Entity]:
    """Entities of the queryset holding a task assigned to the person (in an open project)."""
    entity_ids = assigned_tasks(person=person).values("entity_id")
    return queryset.filter(id__in=entity_ids)


def assigned_parents(*, person: Person, queryset: QuerySet[Entity], depth: int) -> QuerySet[Entity]:
    """Entities whose children (depth 1) or grandchildren (depth 2) hold a task assigned to
    the person: the sequences and episodes of their shots."""
    path = "__".join(["parent"] * depth)
    entity_ids = assigned_tasks(person=person).values(f"entity__{path}_id")
    return queryset.filter(id__in=entity_ids)


def assigned_asset_types(*, person: Person, project_id: Any) -> QuerySet[EntityType]:
    type_ids = (
        assigned_tasks(person=person).filter(project_id=project_id).values("entity__entity_type_id")
    )
    return (
        EntityType.objects.filter(id__in=type_ids)
        .exclude(name__in=EntityType.TEMPORAL_NAMES)
        .order_by("name")
    )


def assigned_task_types(*, person: Person, entity_id: Any) -> QuerySet[TaskType]:
    type_ids = assigned_tasks(person=person).filter(entity_id=entity_id).values("task_type_id")
    return TaskType.objects.filter(id__in=type_ids).order_by("name")


# -- notifications ---------------------------------------------------------------------------------
def entity_name_path(
    type_name: str, name: str, parent_name: str | None, grandparent_name: str | None
) -> str:
    """The name people read for an entity ("E01 / SQ01 / SH010"): `Type / Asset` for assets,
    the known `Episode / Sequence / Shot` parts for the temporal kinds."""
    if type_name not in EntityType.TEMPORAL_NAMES:
        return f"{type_name} / {name}"
    return " / ".join(part for part in (grandparent_name, parent_name, name) if part)


# What `full_entity_name` reads of an entity, each behind the prefix of the relation to it.
ENTITY_NAME_COLUMNS = (
    "name",
    "source_id",
    "entity_type__name",
    "parent_id",
    "parent__name",
    "parent__entity_type__name",
    "parent__parent_id",
    "parent__parent__name",
)


def full_entity_name(raw: Row, prefix: str = "task__entity__") -> tuple[str, Any]:
    """The entity's name path and its episode id, from a row of ENTITY_NAME_COLUMNS under
    `prefix`. An asset's episode is the one it was made in (`source_id`)."""
    type_name = raw[f"{prefix}entity_type__name"]
    name = entity_name_path(
        type_name,
        raw[f"{prefix}name"],
        raw[f"{prefix}parent__name"],
        raw[f"{prefix}parent__parent__name"],
    )
    if type_name not in EntityType.TEMPORAL_NAMES:
        return name, raw[f"{prefix}source_id"]
    episode_id = raw[f"{prefix}parent__parent_id"]
    if episode_id is None and raw[f"{prefix}parent__entity_type__name"] == "Episode":
        episode_id = raw[f"{prefix}parent_id"]
    return name, episode_id


NOTIFICATION_SOURCES = (
    "id",
    "notification_type",
    "author_id",
    "comment_id",
    "task_id",
    "task__task_type_id",
    "comment__task_status_id",
    "comment__text",
    "comment__replies",
    "comment__preview_file_id",
    "task__project_id",
    "task__project__name",
    "task__entity__preview_file_id",
    *(f"task__entity__{column}" for column in ENTITY_NAME_COLUMNS),
    "created_at",
    "read",
    "change",
    "playlist_id",
    "reply_id",
)


def _reply(raw: Row) -> Row:
    if raw["reply_id"] is None:
        return {}
    for reply in raw["comment__replies"] or []:
        if str(reply.get("id")) == str(raw["reply_id"]):
            return reply
    return {}


def notifications_queryset(*, person: Person, filters: dict[str, Any]) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(person=person)
    if filters.get("after") is not None:
        queryset = queryset.filter(created_at__gt=filters["after"])
    if filters.get("before") is not None:
        queryset = queryset.filter(created_at__lt=filters["before"])
    if filters.get("task_type_id") is not None:
        queryset = queryset.filter(task__task_type_id=filters["task_type_id"])
    if filters.get("task_status_id") is not None:
        queryset = queryset.filter(comment__task_status_id=filters["task_status_id"])
    if filters.get("type") is not None:
        queryset = queryset.filter(notification_type=filters["type"])
    if filters.get("read") is not None:
        queryset = queryset.filter(read=filters["read"])
    if filters.get("watching") is not None:
        subscribed = Subscription.objects.filter(person=person, task_id=OuterRef("task_id"))
        if filters["watching"]:
            queryset = queryset.filter(Q(Subquery(subscribed.values("id")[:1]) != None))  # noqa: E711
        else:
            queryset = queryset.exclude(task_id__in=subscribed.values("task_id"))
    return queryset.order_by("-created_at", "id")


def notification_rows(queryset: QuerySet[Notification], *, person: Person) -> list[Row]:
    """Notifications in the reference's shape. Four queries."""
    subscription = Subscription.objects.filter(person=person, task_id=OuterRef("task_id"))
    queryset = queryset.annotate(subscription_id=Subquery(subscription.values("id")[:1]))
    raws = list(queryset.values(*NOTIFICATION_SOURCES, "subscription_id"))
    comment_ids = [raw["comment_id"] for raw in raws if raw["comment_id"] is not None]
    mentions: dict[Any, list[str]] = defaultdict(list)
    for comment_id, person_id in Comment.mentions.through.objects.filter(
        comment_id__in=comment_ids
    ).values_list("comment_id", "person_id"):
        mentions[comment_id].append(str(person_id))
    department_mentions: dict[Any, list[str]] = defaultdict(list)
    for comment_id, department_id in Comment.department_mentions.through.objects.filter(
        comment_id__in=comment_ids
    ).values_list("comment_id", "department_id"):
        department_mentions[comment_id].append(str(department_id))
    rows = []
    for raw in raws:
        entity_name, episode_id = full_entity_name(raw)
        reply = _reply(raw)
        rows.append(
            {
                "id": str(raw["id"]),
                "type": "Notification",
                "notification_type": raw["notification_type"],
                "author_id": wire_uuid(raw["author_id"]),
                "comment_id": wire_uuid(raw["comment_id"]),
                "task_id": wire_uuid(raw["task_id"]),
                "task_type_id": wire_uuid(raw["task__task_type_id"]),
                "task_status_id": wire_uuid(raw["comment__task_status_id"]),
                "mentions": mentions.get(raw["comment_id"], []),
                "department_mentions": department_mentions.get(raw["comment_id"], []),
                "reply_mentions": [str(item) for item in reply.get("mentions", [])],
                "reply_department_mentions": [
                    str(item) for item in reply.get("department_mentions", [])
                ],
                "preview_file_id": wire_uuid(raw["comment__preview_file_id"]),
                "project_id": wire_uuid(raw["task__project_id"]),
                "project_name": raw["task__project__name"],
                "comment_text": raw["comment__text"],
                "reply_text": reply.get("text", ""),
                "created_at": wire_datetime(raw["created_at"]),
                "read": raw["read"],
                "change": raw["change"],
                "full_entity_name": entity_name,
                "episode_id": wire_uuid(episode_id),
                "entity_preview_file_id": wire_uuid(raw["task__entity__preview_file_id"]),
                "subscription_id": wire_uuid(raw["subscription_id"]),
                "playlist_id": wire_uuid(raw["playlist_id"]),
                "playlist_name": "",
                "playlist_for_entity": "",
                "playlist_is_for_all": False,
            }
        )
    return rows


def unread_notification_count(*, person: Person) -> int:
    return Notification.objects.filter(person=person, read=False).count()


# -- saved filters ---------------------------------------------------------------------------------
def _shared_with(person: Person) -> Q:
    """Filters the person sees: their own, and those shared with a team they are in (and, when
    the filter names a department, only with that department's members)."""
    team_project_ids = open_projects_of(person).values("id")
    department_ids = person.departments.values("id")
    shared = Q(is_shared=True, project_id__in=team_project_ids) & (
        Q(department_id__isnull=True) | Q(department_id__in=department_ids)
    )
    return Q(person=person) | shared


def visible_filters(*, person: Person) -> QuerySet[SearchFilter]:
    return SearchFilter.objects.filter(_shared_with(person)).order_by("name", "id")


def visible_filter_groups(*, person: Person) -> QuerySet[SearchFilterGroup]:
    return SearchFilterGroup.objects.filter(_shared_with(person)).order_by("name", "id")


def grouped_by_list_type(rows: list[Row]) -> dict[str, dict[str, list[Row]]]:
    """`{list_type: {project_id or "all": [rows]}}`, the shape Kitsu reads saved filters in."""
    grouped: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        by_project = grouped.setdefault(row["list_type"], {})
        by_project.setdefault(row["project_id"] or "all", []).append(row)
    return grouped


def today() -> dt.date:
    return dt.date.today()

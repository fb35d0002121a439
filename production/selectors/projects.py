"""Reads about projects: the extra data project answers carry, teams, descriptors, templates.

Every function here runs a fixed number of queries whatever the number of projects or rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import Row, wire_uuid
from people.models import Person, Role
from production.models import (
    Entity,
    MetadataDescriptor,
    Project,
    ProjectPersonLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
    TaskStatus,
    TaskType,
)

DESCRIPTOR_COLUMNS = (
    "id",
    "project_id",
    "name",
    "field_name",
    "data_type",
    "choices",
    "for_client",
    "entity_type",
    "task_type_id",
    "position",
)


def descriptor_departments(descriptor_ids: Sequence[Any]) -> dict[Any, list[str]]:
    links = MetadataDescriptor.departments.through.objects.filter(
        metadatadescriptor_id__in=descriptor_ids
    ).values_list("metadatadescriptor_id", "department_id")
    grouped: dict[Any, list[str]] = defaultdict(list)
    for descriptor_id, department_id in links:
        grouped[descriptor_id].append(str(department_id))
    return grouped


def visible_descriptors(
    queryset: QuerySet[MetadataDescriptor], *, role: str | None, person: Person
) -> QuerySet[MetadataDescriptor]:
    """Clients see the descriptors shared with clients; vendors those of their departments or
    of no department; everyone else sees them all."""
    if role == Role.CLIENT:
        return queryset.filter(for_client=True)
    if role == Role.VENDOR:
        department_ids = list(person.departments.values_list("id", flat=True))
        hidden = (
            MetadataDescriptor.objects.filter(departments__isnull=False)
            .exclude(departments__in=department_ids)
            .values("id")
        )
        return queryset.exclude(id__in=hidden)
    return queryset


def descriptor_summaries(
    project_ids: Sequence[Any], *, role: str | None = None, person: Person | None = None
) -> dict[Any, list[Row]]:
    """The `descriptors` list of each project, as project answers embed it."""
    queryset = MetadataDescriptor.objects.filter(project_id__in=project_ids)
    if person is not None:
        queryset = visible_descriptors(queryset, role=role, person=person)
    rows = list(queryset.order_by("entity_type", "position", "name").values(*DESCRIPTOR_COLUMNS))
    departments = descriptor_departments([row["id"] for row in rows])
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[str(row["project_id"])].append(
            {
                "id": str(row["id"]),
                "name": row["name"],
                "field_name": row["field_name"],
                "data_type": row["data_type"],
                "choices": row["choices"],
                "for_client": row["for_client"],
                "entity_type": row["entity_type"],
                "task_type_id": wire_uuid(row["task_type_id"]),
                "position": row["position"],
                "departments": departments.get(row["id"], []),
            }
        )
    return grouped


def first_episode_ids(project_ids: Sequence[Any]) -> dict[Any, str]:
    rows = (
        Entity.objects.filter(project_id__in=project_ids, entity_type__name="Episode")
        .order_by("project_id", "created_at", "name")
        .values_list("project_id", "id")
    )
    first: dict[Any, str] = {}
    for project_id, entity_id in rows:
        first.setdefault(str(project_id), str(entity_id))
    return first


def project_link_settings(project_ids: Sequence[Any]) -> dict[Any, dict[str, dict]]:
    """`task_type_links`, `task_types_priority` and `task_statuses_link` of each project."""
    settings: dict[Any, dict[str, dict]] = defaultdict(
        lambda: {"task_type_links": {}, "task_types_priority": {}, "task_statuses_link": {}}
    )
    type_links = ProjectTaskTypeLink.objects.filter(project_id__in=project_ids).order_by(
        "created_at", "id"
    )
    for link in type_links.values(
        "project_id",
        "task_type_id",
        "priority",
        "hd_bitrate_compression",
        "ld_bitrate_compression",
        "is_client_visible",
    ):
        key = str(link["task_type_id"])
        entry = settings[str(link["project_id"])]
        entry["task_type_links"][key] = {
            "priority": link["priority"],
            "hd_bitrate_compression": link["hd_bitrate_compression"],
            "ld_bitrate_compression": link["ld_bitrate_compression"],
            "is_client_visible": link["is_client_visible"],
        }
        entry["task_types_priority"][key] = link["priority"]
    status_links = ProjectTaskStatusLink.objects.filter(project_id__in=project_ids).order_by(
        "created_at", "id"
    )
    for link in status_links.values(
        "project_id", "task_status_id", "priority", "roles_for_board", "is_client_allowed"
    ):
        settings[str(link["project_id"])]["task_statuses_link"][str(link["task_status_id"])] = {
            "priority": link["priority"],
            "roles_for_board": link["roles_for_board"],
            "is_client_allowed": link["is_client_allowed"],
        }
    return settings


def add_project_extras(
    rows: list[Row],
    *,
    links: bool = True,
    episodes: bool = True,
    role: str | None = None,
    person: Person | None = None,
) -> list[Row]:
    """Complete project rows with their descriptors, and optionally their pipeline links and
    first episode (tvshows)."""
    project_ids = [str(row["id"]) for row in rows]
    descriptors = descriptor_summaries(project_ids, role=role, person=person)
    link_settings = project_link_settings(project_ids) if links else {}
    episodes_by_project = first_episode_ids(project_ids) if episodes else {}
    for row in rows:
        key = str(row["id"])
        row["descriptors"] = descriptors.get(key, [])
        if links:
            row.update(link_settings[key])
        if episodes and row["production_type"] == "tvshow":
            row["first_episode_id"] = episodes_by_project.get(key)
    return rows


def project_status_names(project_ids: Iterable[Any]) -> dict[str, str | None]:
    return {
        str(pk): name
        for pk, name in Project.objects.filter(id__in=list(project_ids)).values_list(
            "id", "project_status__name"
        )
    }


def team_links(project: Project) -> QuerySet[ProjectPersonLink]:
    return ProjectPersonLink.objects.filter(project=project)


def team_persons(project: Project) -> QuerySet[Person]:
    return Person.objects.filter(team_links__project=project).order_by(
        "last_name", "first_name", "id"
    )


def project_task_statuses(project: Project) -> QuerySet[TaskStatus]:
    return TaskStatus.objects.filter(project_links__project=project).order_by("created_at", "id")


def template_task_types(template_id: Any) -> list[tuple[TaskType, Row]]:
    """The task types of a template with their link (priority, bitrates), pipeline order."""
    links = ProjectTemplateTaskTypeLink.objects.filter(project_template_id=template_id)
    by_type = {
        link["task_type_id"]: link
        for link in links.values(
            "task_type_id",
            "priority",
            "hd_bitrate_compression",
            "ld_bitrate_compression",
            "is_client_visible",
        )
    }
    pairs = [
        (task_type, by_type[task_type.pk]) for task_type in TaskType.objects.filter(id__in=by_type)
    ]
    return sorted(pairs, key=_priority_order)


def template_task_statuses(template_id: Any) -> list[tuple[TaskStatus, Row]]:
    links = ProjectTemplateTaskStatusLink.objects.filter(project_template_id=template_id)
    by_status = {
        link["task_status_id"]: link
        for link in links.values(
            "task_status_id", "priority", "roles_for_board", "is_client_allowed"
        )
    }
    pairs = [
        (status, by_status[status.pk]) for status in TaskStatus.objects.filter(id__in=by_status)
    ]
    return sorted(pairs, key=_priority_order)


def _priority_order(pair: tuple[Any, Row]) -> tuple:
    """Links without a priority first, then by priority and name."""
    priority = pair[1]["priority"]
    return (priority is not None, priority or 0, pair[0].name)

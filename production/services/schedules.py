"""Writes of a project's schedule: schedule items created the first time a planning view lists
them, and production schedule versions copied from the production or from one another and
applied back to it."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import announcing_changes, changes_announced, emit
from people.models import Person
from production.models import (
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    Project,
    ScheduleItem,
    Task,
)
from production.selectors import schedules as selectors
from production.wire import (
    PROJECT_SETTINGS_WIRE,
    SCHEDULE_VERSION_PLAIN_WIRE,
    TASK_RELATIONS_WIRE,
)

Row = dict[str, Any]
LINK_COPIED_FIELDS = ("start_date", "due_date", "estimation")
TaskAssignment = Task.assignees.through
LinkAssignment = ProductionScheduleVersionTaskLink.assignees.through


# -- schedule items --------------------------------------------------------------------------------
def _create_schedule_items(
    *, actor: Person, project_id: uuid.UUID, keys: list[tuple[Any, Any]]
) -> None:
    """One item per (task type, object) key, planned from today to tomorrow, each announced by
    `schedule-item:new`. Rows a concurrent listing created meanwhile are skipped."""
    today = timezone.localdate()
    items = [
        ScheduleItem(
            project_id=project_id,
            task_type_id=task_type_id,
            object_id=object_id,
            start_date=today,
            end_date=today + dt.timedelta(days=1),
        )
        for task_type_id, object_id in keys
    ]
    ScheduleItem.objects.bulk_create(items, ignore_conflicts=True)
    created = ScheduleItem.objects.filter(pk__in=[item.pk for item in items])
    for item_id in created.values_list("pk", flat=True):
        emit(
            "schedule-item:new",
            {"schedule_item_id": item_id},
            project_id=project_id,
            user_id=actor.pk,
        )


@transaction.atomic
def task_type_schedule_items_list(*, actor: Person, project_id: uuid.UUID) -> list[Row]:
    """The project's task-type schedule items, one per task type its tasks use, created when
    missing; items of task types no task uses any more are left out. Sorted by start date."""
    task_type_ids = selectors.scheduled_task_type_ids(project_id=project_id)
    queryset = selectors.task_type_schedule_items(project_id=project_id)
    rows = selectors.schedule_item_rows(queryset)
    have = {row["task_type_id"] for row in rows}
    missing = [task_type_id for task_type_id in task_type_ids if task_type_id not in have]
    if missing:
        keys = [(task_type_id, None) for task_type_id in missing]
        _create_schedule_items(actor=actor, project_id=project_id, keys=keys)
        rows = selectors.schedule_item_rows(queryset)
    order = {task_type_id: index for index, task_type_id in enumerate(task_type_ids)}
    rows = [row for row in rows if row["task_type_id"] in order]
    return sorted(rows, key=lambda row: (row["start_date"] or "", order[row["task_type_id"]]))


@transaction.atomic
def object_schedule_items_list(
    *,
    actor: Person,
    project_id: uuid.UUID,
    task_type_id: uuid.UUID,
    kind: str,
    episode_id: uuid.UUID | None = None,
) -> list[Row]:
    """A task type's schedule items per asset type, episode, sequence or edit (`kind`), one
    per object, created when missing, each with the object's name; sorted by name."""
    targets = selectors.schedule_targets(kind=kind, project_id=project_id, episode_id=episode_id)
    names = dict(targets)
    queryset = selectors.object_schedule_items(
        project_id=project_id, task_type_id=task_type_id, object_ids=list(names)
    )
    rows = selectors.schedule_item_rows(queryset)
    have = {row["object_id"] for row in rows}
    missing = [(task_type_id, object_id) for object_id, _ in targets if object_id not in have]
    if missing:
        _create_schedule_items(actor=actor, project_id=project_id, keys=missing)
        rows = selectors.schedule_item_rows(queryset)
    order = {object_id: index for index, (object_id, _) in enumerate(targets)}
    rows.sort(key=lambda row: order[row["object_id"]])
    return [{**row, "name": names[row["object_id"]]} for row in rows]


# -- production schedule versions ------------------------------------------------------------------
def _emit_version_update(*, actor: Person, version: ProductionScheduleVersion) -> None:
    # The reference names this service event with an underscore, unlike its CRUD events.
    emit(
        "production_schedule_version:update",
        {"production_schedule_version_id": version.pk},
        project_id=version.project_id,
        user_id=actor.pk,
    )


def _upsert_links(*, version_id: uuid.UUID, sources: list[Row]) -> None:
    """Creates or refreshes the version's link of each source task (`task_id`, dates and
    estimation)."""
    links = [
        ProductionScheduleVersionTaskLink(
            production_schedule_version_id=version_id,
            task_id=source["task_id"],
            **{field: source[field] for field in LINK_COPIED_FIELDS},
        )
        for source in sources
    ]
    ProductionScheduleVersionTaskLink.objects.bulk_create(
        links,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["production_schedule_version", "task"],
        update_fields=[*LINK_COPIED_FIELDS, "updated_at"],
    )


def _replace_link_assignees(
    *, version_id: uuid.UUID, task_ids: set[Any], assignments: list[tuple[Any, Any]]
) -> None:
    """The assignees of the version's links of `task_ids` become `assignments` ((task id,
    person id) pairs); other links keep theirs."""
    link_ids = dict(
        ProductionScheduleVersionTaskLink.objects.filter(
            production_schedule_version_id=version_id, task_id__in=task_ids
        ).values_list("task_id", "id")
    )
    LinkAssignment.objects.filter(
        productionscheduleversiontasklink_id__in=link_ids.values()
    ).delete()
    LinkAssignment.objects.bulk_create(
        [
            LinkAssignment(productionscheduleversiontasklink_id=link_ids[task_id], person_id=pid)
            for task_id, pid in assignments
            if task_id in link_ids
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def _copy_summary(count: int) -> Row:
    return {"success": True, "task_link_count": count}


@transaction.atomic
def version_links_from_production(*, version: ProductionScheduleVersion) -> Row:
    """Copies every task of the project (dates, estimation, assignees) into the version."""
    tasks = Task.objects.filter(project_id=version.project_id)
    sources = [
        {"task_id": row["id"], **{field: row[field] for field in LINK_COPIED_FIELDS}}
        for row in tasks.values("id", *LINK_COPIED_FIELDS)
    ]
    _upsert_links(version_id=version.pk, sources=sources)
    assignments = TaskAssignment.objects.filter(task__project_id=version.project_id)
    _replace_link_assignees(
        version_id=version.pk,
        task_ids={source["task_id"] for source in sources},
        assignments=list(assignments.values_list("task_id", "person_id")),
    )
    return _copy_summary(len(sources))


@announcing_changes(SCHEDULE_VERSION_PLAIN_WIRE, of="version")
@transaction.atomic
def version_links_from_version(
    *, actor: Person, version: ProductionScheduleVersion, source: ProductionScheduleVersion
) -> Row:
    """Copies another version's task links (dates, estimation, assignees) of the same project
    into this one, and records where the version comes from."""
    if version.pk == source.pk:
        raise WrongParameter("A production schedule version cannot be copied onto itself.")
    if version.project_id != source.project_id:
        raise WrongParameter("Production schedule versions must belong to the same project.")
    source_links = selectors.version_task_links(version_id=source.pk)
    sources = list(source_links.values("task_id", *LINK_COPIED_FIELDS))
    _upsert_links(version_id=version.pk, sources=sources)
    assignments = LinkAssignment.objects.filter(
        productionscheduleversiontasklink__production_schedule_version_id=source.pk
    ).values_list("productionscheduleversiontasklink__task_id", "person_id")
    _replace_link_assignees(
        version_id=version.pk,
        task_ids={row["task_id"] for row in sources},
        assignments=list(assignments),
    )
    version.production_schedule_from = source
    version.save(update_fields=["production_schedule_from", "updated_at"])
    _emit_version_update(actor=actor, version=version)
    return _copy_summary(len(sources))


def _link_value(task_links: QuerySet, field: str) -> Subquery:
    return Subquery(task_links.filter(task_id=OuterRef("pk")).values(field)[:1])


@transaction.atomic
def version_apply_to_production(*, actor: Person, version: ProductionScheduleVersion) -> Row:
    """Writes the version's dates and estimations onto the project's tasks (`task:update`
    each), locks the version and marks the project as planned from it."""
    links = ProductionScheduleVersionTaskLink.objects.filter(production_schedule_version=version)
    task_ids = list(links.values_list("task_id", flat=True))
    with (
        changes_announced(PROJECT_SETTINGS_WIRE, [version.project_id]),
        changes_announced(SCHEDULE_VERSION_PLAIN_WIRE, [version.pk]),
        changes_announced(TASK_RELATIONS_WIRE, task_ids),
    ):
        Task.objects.filter(pk__in=task_ids).update(
            start_date=_link_value(links, "start_date"),
            due_date=_link_value(links, "due_date"),
            # A task always has an estimation; a link may not.
            estimation=Coalesce(_link_value(links, "estimation"), Value(0.0)),
            updated_at=timezone.now(),
        )
        for task_id in task_ids:
            emit(
                "task:update", {"task_id": task_id}, project_id=version.project_id, user_id=actor.pk
            )
        version.locked = True
        version.save(update_fields=["locked", "updated_at"])
        _emit_version_update(actor=actor, version=version)
        Project.objects.filter(pk=version.project_id).update(
            from_schedule_version_id=version.pk, updated_at=timezone.now()
        )
        emit(
            "project:update",
            {"project_id": version.project_id},
            project_id=version.project_id,
            user_id=actor.pk,
        )
    return {"success": True, "task_count": len(task_ids)}


@transaction.atomic
def version_delete(*, actor: Person, version: ProductionScheduleVersion) -> None:
    """Deletes the version and its task links; the project forgets it was planned from it and
    versions copied from it keep their links (`production-schedule-version:delete`)."""
    version_id, project_id = version.pk, version.project_id
    Project.objects.filter(from_schedule_version_id=version_id).update(
        from_schedule_version_id=None
    )
    version.delete()
    emit(
        "production-schedule-version:delete",
        {"production_schedule_version_id": version_id},
        project_id=project_id,
        user_id=actor.pk,
    )

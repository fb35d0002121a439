"""Reads of the asset and concept routes, shaped as the reference answers them.

Lists are read with `values()` in a fixed number of queries whatever their length.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q, QuerySet

from kitsu_site.api.wire import Row, WireFormat, wire_datetime, wire_uuid
from people.models import Person, Role
from production.models import (
    Entity,
    EntityConceptLink,
    EntityLink,
    EntityType,
    Project,
    Task,
    TaskType,
)
from production.selectors.common import assignees_by_task, is_vendor, tasks_seen_by
from production.selectors.with_tasks import entities_with_tasks

TASK_WIRE = WireFormat(Task, relations=())
TASK_TYPE_WIRE = WireFormat(TaskType)
# The columns the single-asset answer leaves out, as the reference does.
ASSET_DETAIL_DROPPED = ("nb_frames", "source_id")
ENTITY_RELATIONS = ("entities_out", "entity_concept_links", "instance_casting", "entities_in")


def visible_entities(person: Person, queryset: QuerySet[Entity]) -> QuerySet[Entity]:
    """Entities of the open projects the person is in; for vendors only those they work on."""
    if person.is_admin:
        return queryset
    queryset = queryset.filter(
        project__team_links__person=person, project__project_status__name="Open"
    )
    if is_vendor(person):
        queryset = queryset.filter(id__in=Task.objects.filter(assignees=person).values("entity_id"))
    return queryset


def only_assigned(person: Person, queryset: QuerySet[Entity], role: str) -> QuerySet[Entity]:
    """Inside a project a vendor (global or by project role) only sees entities they work on."""
    if role == Role.VENDOR:
        return queryset.filter(id__in=Task.objects.filter(assignees=person).values("entity_id"))
    return queryset


def in_episode(queryset: QuerySet[Entity], episode_id: Any) -> QuerySet[Entity]:
    """Assets whose main episode is `episode_id` or that are cast in it."""
    cast = EntityLink.objects.filter(entity_in_id=episode_id).values("entity_out_id")
    return queryset.filter(Q(source_id=episode_id) | Q(id__in=cast))


# -- single asset ----------------------------------------------------------------------------------
def _with_relations_wire() -> WireFormat:
    return WireFormat(
        Entity,
        relations=ENTITY_RELATIONS,
        type_of=lambda row: (
            row["entity_type__name"]
            if row["entity_type__name"] in EntityType.TEMPORAL_NAMES
            else "Asset"
        ),
        computed_from=("entity_type__name",),
    )


ENTITY_RELATIONS_WIRE = _with_relations_wire()


def entity_with_relations(entity: Entity) -> Row:
    """An entity with its casting and concept id lists (GET/PUT /data/entities/<id>)."""
    return ENTITY_RELATIONS_WIRE.instance(entity, relations=True)


def asset_detail(*, asset: Entity, person: Person) -> Row:
    """GET /data/assets/<id>: the asset, its project and type names, episodes and tasks."""
    row = entity_with_relations(asset)
    for key in ASSET_DETAIL_DROPPED:
        row.pop(key, None)
    row["preview_file_id"] = row["preview_file_id"] or ""
    row["ready_for"] = str(row["ready_for"])  # the reference stringifies a missing one: "None"
    summary = entities_with_tasks(entities=Entity.objects.filter(pk=asset.pk), person=person)
    tasks = summary[0]["tasks"] if summary else []
    casting_episode_ids = summary[0]["casting_episode_ids"] if summary else []
    row.update(
        project_name=asset.project.name,
        asset_type_id=str(asset.entity_type_id),
        asset_type_name=asset.entity_type.name,
        episode_id=wire_uuid(asset.source_id) or "",
        casting_episode_ids=casting_episode_ids,
        tasks=tasks,
    )
    return row


# -- tasks and task types of one entity ------------------------------------------------------------
def entity_task_rows(*, entity: Entity, person: Person) -> list[Row]:
    """GET /data/<kind>/<id>/tasks: the tasks with their project, type, status and entity names."""
    tasks = tasks_seen_by(person, Task.objects.filter(entity=entity))
    tasks = tasks.order_by("task_type__name", "created_at")
    rows = TASK_WIRE.rows(tasks)
    names = {
        str(task_id): (type_name, status_name)
        for task_id, type_name, status_name in tasks.values_list(
            "id", "task_type__name", "task_status__name"
        )
    }
    for row in rows:
        type_name, status_name = names.get(row["id"], (None, None))
        row.update(
            project_name=entity.project.name,
            task_type_name=type_name,
            task_status_name=status_name,
            entity_type_name=entity.entity_type.name,
            entity_name=entity.name,
        )
    return rows


def entity_task_type_rows(*, entity: Entity, person: Person) -> list[Row]:
    """GET /data/<kind>/<id>/task-types: the task types of the entity's tasks."""
    tasks = tasks_seen_by(person, Task.objects.filter(entity=entity))
    task_types = TaskType.objects.filter(id__in=tasks.values("task_type_id")).order_by("name")
    return TASK_TYPE_WIRE.rows(task_types)


# -- concepts --------------------------------------------------------------------------------------
CONCEPT_TASK_KEYS = (
    "id",
    "duration",
    "due_date",
    "end_date",
    "entity_id",
    "estimation",
    "last_comment_date",
    "nb_assets_ready",
    "priority",
    "real_start_date",
    "retake_count",
    "start_date",
    "task_status_id",
    "task_type_id",
    "data",
    "is_subscribed",
    "assignees",
)
CONCEPT_COLUMNS = (
    "id",
    "name",
    "code",
    "description",
    "shotgun_id",
    "canceled",
    "status",
    "is_shared",
    "data",
    "nb_frames",
    "nb_entities_out",
    "is_casting_standby",
    "preview_file_id",
    "project_id",
    "project__name",
    "entity_type_id",
    "parent_id",
    "source_id",
    "ready_for_id",
    "created_by_id",
    "created_at",
    "updated_at",
)
TASK_DATE_KEYS = ("due_date", "end_date", "real_start_date", "start_date", "last_comment_date")


def _concept_row(raw: Row) -> Row:
    data = raw["data"] or {}
    return {
        "canceled": raw["canceled"],
        "data": raw["data"],
        "description": raw["description"],
        "entity_type_id": wire_uuid(raw["entity_type_id"]),
        "fps": data.get("fps"),
        "frame_in": data.get("frame_in"),
        "frame_out": data.get("frame_out"),
        "id": str(raw["id"]),
        "name": raw["name"],
        "nb_frames": raw["nb_frames"],
        "parent_id": wire_uuid(raw["parent_id"]),
        "preview_file_id": wire_uuid(raw["preview_file_id"]),
        "preview_file_status": None,  # preview files are not stored yet
        "project_id": wire_uuid(raw["project_id"]),
        "project_name": raw["project__name"],
        "source_id": wire_uuid(raw["source_id"]),
        "nb_entities_out": raw["nb_entities_out"],
        "is_casting_standby": raw["is_casting_standby"],
        "tasks": [],
        "entity_concept_links": [],
        "type": "Concept",
        "updated_at": wire_datetime(raw["updated_at"]),
        "created_at": wire_datetime(raw["created_at"]),
        "created_by": wire_uuid(raw["created_by_id"]),
    }


def _concept_task(raw: Row, assignees: list[str]) -> Row:
    values = {
        **raw,
        "id": str(raw["id"]),
        "entity_id": str(raw["entity_id"]),
        "task_status_id": wire_uuid(raw["task_status_id"]),
        "task_type_id": wire_uuid(raw["task_type_id"]),
        "is_subscribed": False,
        "assignees": assignees,
    }
    for key in TASK_DATE_KEYS:
        values[key] = wire_datetime(raw[key])
    return {key: values[key] for key in CONCEPT_TASK_KEYS}


def concepts_with_tasks(*, concepts: QuerySet[Entity], person: Person) -> list[Row]:
    """The concept `with-tasks` rows: four queries whatever the number of concepts and tasks."""
    raw_concepts = list(concepts.order_by("created_at", "id").values(*CONCEPT_COLUMNS))
    if not raw_concepts:
        return []
    ids = [raw["id"] for raw in raw_concepts]
    rows = {raw["id"]: _concept_row(raw) for raw in raw_concepts}
    tasks = tasks_seen_by(person, Task.objects.filter(entity_id__in=ids))
    task_columns = [key for key in CONCEPT_TASK_KEYS if key not in ("is_subscribed", "assignees")]
    raw_tasks = list(tasks.order_by("task_type__name", "created_at").values(*task_columns))
    assignees = assignees_by_task([task["id"] for task in raw_tasks])
    for task in raw_tasks:
        rows[task["entity_id"]]["tasks"].append(_concept_task(task, assignees[str(task["id"])]))
    concept_links = EntityConceptLink.objects.filter(entity_in_id__in=ids).values_list(
        "entity_in_id", "entity_out_id"
    )
    for concept_id, asset_id in concept_links:
        rows[concept_id]["entity_concept_links"].append(str(asset_id))
    return list(rows.values())


def concept_rows(*, concepts: QuerySet[Entity], with_project_name: bool = False) -> list[Row]:
    """Concept list rows: the entity columns plus the linked asset ids (and project name)."""
    concepts = concepts.order_by("created_at", "id")
    rows = ENTITY_RELATIONS_WIRE.rows(concepts)
    ids = [row["id"] for row in rows]
    links: dict[str, list[str]] = defaultdict(list)
    pairs = EntityConceptLink.objects.filter(entity_in_id__in=ids).values_list(
        "entity_in_id", "entity_out_id"
    )
    for concept_id, asset_id in pairs:
        links[str(concept_id)].append(str(asset_id))
    names = {}
    if with_project_name and rows:
        names = {
            str(pk): name
            for pk, name in Project.objects.filter(
                id__in={row["project_id"] for row in rows}
            ).values_list("id", "name")
        }
    for row in rows:
        row["entity_concept_links"] = links.get(row["id"], [])
        if with_project_name:
            row["project_name"] = names.get(row["project_id"])
    return rows


def concept_detail(*, concept: Entity, person: Person) -> Row:
    """GET /data/concepts/<id>: the with-tasks row plus the remaining columns and relations."""
    rows = concepts_with_tasks(concepts=Entity.objects.filter(pk=concept.pk), person=person)
    row = rows[0]
    relations = entity_with_relations(concept)
    row.update(
        code=concept.code,
        shotgun_id=concept.shotgun_id,
        is_shared=concept.is_shared,
        status=concept.status,
        ready_for=wire_uuid(concept.ready_for_id),
        entities_out=relations["entities_out"],
        instance_casting=relations["instance_casting"],
        entities_in=relations["entities_in"],
    )
    return row


# -- shared assets ---------------------------------------------------------------------------------
def shared_assets_used(*, project_id: Any, episode_id: Any = None) -> QuerySet[Entity]:
    """Shared assets of other projects cast in the project (or in one of its episodes)."""
    holders = Entity.objects.filter(project_id=project_id)
    if episode_id is not None:
        holders = holders.filter(
            Q(id=episode_id) | Q(parent_id=episode_id) | Q(parent__parent_id=episode_id)
        )
    cast = EntityLink.objects.filter(entity_in__in=holders).values("entity_out_id")
    return (
        Entity.objects.assets()
        .filter(is_shared=True, id__in=cast)
        .exclude(project_id=project_id)
        .order_by("name")
    )

"""Wire formats of the temporal lists: entities with their parents' names, tasks with names."""

from __future__ import annotations

from kitsu_site.api.wire import WireFormat
from production.models import Entity, EntityVersion, Task
from production.serializers import entity_type_name

ENTITY_NAME_SOURCES = ("entity_type__name", "project__name", "parent__name", "parent__parent_id")


def _computed(*keys: str) -> dict:
    makers = {
        "project_name": lambda row: row["project__name"],
        "sequence_name": lambda row: row["parent__name"],
        "episode_name": lambda row: row["parent__name"],
    }
    return {key: makers[key] for key in keys}


def entity_wire(*extras: str) -> WireFormat:
    """Entity rows plus the reference's extra name columns (`project_name`, `sequence_name`)."""
    return WireFormat(
        Entity,
        type_of=entity_type_name,
        computed_from=ENTITY_NAME_SOURCES,
        computed=_computed(*extras),
        relations=(),
    )


PLAIN_ENTITY_WIRE = entity_wire()
PROJECT_NAMED_WIRE = entity_wire("project_name")
SEQUENCE_NAMED_WIRE = entity_wire("project_name", "sequence_name")


def _name(path: str):
    return lambda row: row[path]


TASK_LIST_WIRE = WireFormat(
    Task,
    relations=(),
    computed_from=(
        "project__name",
        "task_type__name",
        "task_status__name",
        "entity__entity_type__name",
        "entity__name",
    ),
    computed={
        "project_name": _name("project__name"),
        "task_type_name": _name("task_type__name"),
        "task_status_name": _name("task_status__name"),
        "entity_type_name": _name("entity__entity_type__name"),
        "entity_name": _name("entity__name"),
    },
)

ENTITY_VERSION_WIRE = WireFormat(EntityVersion)

"""The `.../with-tasks` lists: entities with their tasks embedded, the heaviest lists of the API.

A production holds about a thousand shots and seven thousand tasks, so the rows are built from
`wire_values()` (every value already in its wire form) in a fixed number of queries (entities,
tasks, assignees, followed tasks, plus the casting episodes when assets are listed), whatever
the number of entities and tasks. Each task dict is made in one step from its row.

Each kind has its own reference shape: shots and edits carry their project, sequence and episode
names; episodes, sequences and scenes a short summary (with the reference's stringified
`episode_id`); assets their type and the episodes they are cast in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import Row, wire_values
from people.models import Person
from production.models import Entity, EntityLink, EntityType, Task
from production.selectors.common import assignees_by_task, is_vendor, tasks_seen_by
from production.selectors.masking import hidden_fields, masked_data
from reviews.models import Subscription

# The task keys of each shape, in the reference order.
SHOT_TASK_KEYS = (
    "id",
    "duration",
    "due_date",
    "end_date",
    "done_date",
    "entity_id",
    "estimation",
    "is_subscribed",
    "last_comment_date",
    "last_preview_file_id",
    "nb_assets_ready",
    "priority",
    "real_start_date",
    "retake_count",
    "start_date",
    "difficulty",
    "nb_drawings",
    "task_status_id",
    "task_type_id",
    "assignees",
    "data",
)
ASSET_TASK_KEYS = (
    "id",
    "due_date",
    "done_date",
    "duration",
    "entity_id",
    "estimation",
    "end_date",
    "is_subscribed",
    "last_comment_date",
    "last_preview_file_id",
    "priority",
    "real_start_date",
    "retake_count",
    "start_date",
    "difficulty",
    "task_status_id",
    "task_type_id",
    "assignees",
    "data",
)
SUMMARY_TASK_KEYS = (
    "id",
    "estimation",
    "entity_id",
    "end_date",
    "due_date",
    "done_date",
    "duration",
    "last_comment_date",
    "last_preview_file_id",
    "priority",
    "real_start_date",
    "retake_count",
    "start_date",
    "difficulty",
    "task_status_id",
    "task_type_id",
    "data",
    "is_subscribed",
    "assignees",
)
EDIT_TASK_KEYS = (
    "id",
    "duration",
    "due_date",
    "entity_id",
    "end_date",
    "estimation",
    "last_comment_date",
    "last_preview_file_id",
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
TASK_COLUMNS = (
    "id",
    "entity_id",
    "duration",
    "estimation",
    "priority",
    "difficulty",
    "retake_count",
    "nb_assets_ready",
    "nb_drawings",
    "start_date",
    "due_date",
    "real_start_date",
    "end_date",
    "done_date",
    "last_comment_date",
    "last_preview_file_id",
    "task_status_id",
    "task_type_id",
    "data",
)
# A task row is its TASK_COLUMNS values followed by these two, computed per person.
TASK_EXTRAS = ("is_subscribed", "assignees")
TASK_POSITIONS = {key: index for index, key in enumerate((*TASK_COLUMNS, *TASK_EXTRAS))}
ENTITY_COLUMNS = (
    "id",
    "name",
    "description",
    "canceled",
    "status",
    "data",
    "nb_frames",
    "nb_entities_out",
    "is_casting_standby",
    "is_shared",
    "preview_file_id",
    "project_id",
    "entity_type_id",
    "parent_id",
    "source_id",
    "ready_for_id",
    "entity_type__name",
    "project__name",
    "parent__name",
    "parent__parent_id",
    "parent__parent__name",
)


def _kind(type_name: str) -> str:
    return type_name if type_name in EntityType.TEMPORAL_NAMES else "Asset"


def _frame_value(row: Row, key: str) -> Any:
    return (row["data"] or {}).get(key)


def _shot_row(row: Row) -> Row:
    return {
        "canceled": row["canceled"],
        "data": row["data"],
        "description": row["description"],
        "entity_type_id": row["entity_type_id"],
        "episode_id": row["parent__parent_id"],
        "episode_name": row["parent__parent__name"],
        "fps": _frame_value(row, "fps"),
        "frame_in": _frame_value(row, "frame_in"),
        "frame_out": _frame_value(row, "frame_out"),
        "id": row["id"],
        "name": row["name"],
        "nb_frames": row["nb_frames"],
        "parent_id": row["parent_id"],
        "preview_file_id": row["preview_file_id"],
        "project_id": row["project_id"],
        "project_name": row["project__name"],
        "sequence_id": row["parent_id"],
        "sequence_name": row["parent__name"],
        "source_id": row["source_id"],
        "nb_entities_out": row["nb_entities_out"],
        "is_casting_standby": row["is_casting_standby"],
        "tasks": [],
        "type": "Shot",
    }


def _edit_row(row: Row) -> Row:
    return {
        "canceled": row["canceled"],
        "data": row["data"],
        "description": row["description"],
        "entity_type_id": row["entity_type_id"],
        "episode_id": row["parent_id"],
        "episode_name": row["parent__name"],
        "id": row["id"],
        "name": row["name"],
        "parent_id": row["parent_id"],
        "preview_file_id": row["preview_file_id"],
        "project_id": row["project_id"],
        "project_name": row["project__name"],
        "source_id": row["source_id"],
        "nb_entities_out": row["nb_entities_out"],
        "tasks": [],
        "type": "Edit",
    }


def _summary_row(row: Row) -> Row:
    """Episodes, sequences and scenes: the reference stringifies the parent id (`"None"`)."""
    return {
        "id": row["id"],
        "name": row["name"],
        "status": row["status"],
        "episode_id": str(row["parent_id"]),
        "description": row["description"],
        "frame_in": _frame_value(row, "frame_in"),
        "frame_out": _frame_value(row, "frame_out"),
        "fps": _frame_value(row, "fps"),
        "preview_file_id": row["preview_file_id"] or "",
        "canceled": row["canceled"],
        "data": row["data"],
        "tasks": [],
    }


def _asset_row(row: Row) -> Row:
    return {
        "id": row["id"],
        "name": row["name"],
        "preview_file_id": row["preview_file_id"] or "",
        "description": row["description"],
        "asset_type_name": row["entity_type__name"],
        "asset_type_id": row["entity_type_id"],
        "canceled": row["canceled"],
        "ready_for": str(row["ready_for_id"]),
        "episode_id": row["source_id"] or "",
        "casting_episode_ids": [],
        "is_casting_standby": row["is_casting_standby"],
        "is_shared": row["is_shared"],
        "data": row["data"],
        "tasks": [],
    }


TaskShape = Callable[[Sequence[Any]], tuple[Any, ...]]


def _task_shape(keys: tuple[str, ...]) -> TaskShape:
    """Picks a task's values in the order of `keys` from its row (TASK_COLUMNS + TASK_EXTRAS)."""
    return itemgetter(*(TASK_POSITIONS[key] for key in keys))


SHAPES: dict[str, tuple[Callable[[Row], Row], tuple[str, ...]]] = {
    "Shot": (_shot_row, SHOT_TASK_KEYS),
    "Edit": (_edit_row, EDIT_TASK_KEYS),
    "Asset": (_asset_row, ASSET_TASK_KEYS),
}
SUMMARY_SHAPE = (_summary_row, SUMMARY_TASK_KEYS)
TASK_SHAPES = {keys: _task_shape(keys) for _, keys in (*SHAPES.values(), SUMMARY_SHAPE)}


def _casting_episodes(entities: QuerySet[Entity]) -> dict[str, list[str]]:
    """The episodes each of the entities (assets) is cast in, in one query."""
    links = EntityLink.objects.filter(
        entity_out_id__in=entities.values("pk"), entity_in__entity_type__name="Episode"
    )
    grouped: dict[str, list[str]] = defaultdict(list)
    for asset_id, episode_id in wire_values(links, ("entity_out_id", "entity_in_id")):
        grouped[asset_id].append(episode_id)
    return grouped


def _subscribed_task_ids(person: Person, tasks: QuerySet[Task]) -> set[str]:
    """The ids of the tasks the person follows, in one query."""
    subscriptions = Subscription.objects.filter(person=person, task_id__in=tasks.values("id"))
    return {task_id for (task_id,) in wire_values(subscriptions, ("task_id",))}


def entities_with_tasks(*, entities: QuerySet[Entity], person: Person) -> list[Row]:
    """The `with-tasks` rows of `entities` (already scoped and ordered by the caller).

    Vendors only get the tasks assigned to them, only the entities holding such a task, and
    the entities' `data` without the fields of descriptors restricted to other departments.
    Runs four queries (five when assets are listed, one more for vendors) whatever the number
    of rows.
    """
    raw_entities = [
        dict(zip(ENTITY_COLUMNS, values, strict=True))
        for values in wire_values(entities, ENTITY_COLUMNS)
    ]
    if not raw_entities:
        return []
    tasks = Task.objects.filter(entity_id__in=entities.values("pk"))
    vendor = is_vendor(person)
    tasks = tasks_seen_by(person, tasks)
    raw_tasks = wire_values(tasks.order_by("task_type__priority", "task_type__name"), TASK_COLUMNS)
    assignees = assignees_by_task(tasks)
    subscribed = _subscribed_task_ids(person, tasks)
    has_assets = any(_kind(row["entity_type__name"]) == "Asset" for row in raw_entities)
    casting = _casting_episodes(entities) if has_assets else {}
    hidden = hidden_fields(person, {row["project_id"] for row in raw_entities}) if vendor else set()

    rows: dict[str, tuple[Row, tuple[str, ...], TaskShape]] = {}
    for raw in raw_entities:
        shape, task_keys = SHAPES.get(_kind(raw["entity_type__name"]), SUMMARY_SHAPE)
        row = shape(raw)
        if "casting_episode_ids" in row:
            row["casting_episode_ids"] = casting.get(raw["id"], [])
        if hidden:
            row["data"] = masked_data(
                raw["data"], hidden, raw["project_id"], raw["entity_type__name"]
            )
        rows[raw["id"]] = (row, task_keys, TASK_SHAPES[task_keys])
    for values in raw_tasks:
        task_id, entity_id = values[0], values[1]
        if entity_id not in rows:
            continue  # an entity created since the entities were read
        row, task_keys, pick = rows[entity_id]
        task = (*values, task_id in subscribed, assignees.get(task_id, []))
        row["tasks"].append(dict(zip(task_keys, pick(task), strict=True)))
    output = [row for row, _, _ in rows.values()]
    if vendor:
        output = [row for row in output if row["tasks"]]
    return output

"""Reads hanging from one entity or task: its preview files (flat or grouped by task type and
revision), its news and its time spents, each in a fixed number of queries."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import Row, WireFormat, wire_datetime, wire_uuid
from people.models import TimeSpent
from people.wire import TIME_SPENT_WIRE
from production.models import Entity, Task
from reviews.models import News, PreviewFile, ValidationStatus
from reviews.selectors.feeds import NEWS_VALUES, news_row

PREVIEW_FILE_WIRE = WireFormat(PreviewFile)
ENTITY_NEWS_LIMIT = 2000

# The flat list of `/data/entities/<id>/preview-files`.
FLAT_COLUMNS = (
    "id",
    "name",
    "original_name",
    "extension",
    "revision",
    "position",
    "file_size",
    "status",
    "validation_status",
    "task_id",
    "person_id",
    "created_at",
    "token_in",
    "token_out",
)
# A revision in the grouped lists, and the extra keys of its other positions.
GROUPED_COLUMNS = (
    "id",
    "revision",
    "original_name",
    "extension",
    "width",
    "height",
    "duration",
    "status",
    "annotations",
)
ORIGINAL_KEYS = ("original_width", "original_height", "original_duration", "original_file_size")


def _preview_queryset(entity: Entity) -> QuerySet[PreviewFile]:
    return PreviewFile.objects.filter(task__entity=entity)


def entity_preview_files(*, entity: Entity) -> list[Row]:
    """Every preview of the entity's tasks, task by task (oldest task first), newest revision
    first and positions in order inside a revision."""
    rows = _preview_queryset(entity).order_by(
        "task__created_at", "task_id", "-revision", "position", "created_at"
    )
    return [
        {
            key: wire_datetime(value) if key == "created_at" else _wire_id(key, value)
            for key, value in row.items()
        }
        for row in rows.values(*FLAT_COLUMNS)
    ]


def _wire_id(key: str, value: Any) -> Any:
    return wire_uuid(value) if key == "id" or key.endswith("_id") else value


def _grouped_row(values: dict[str, Any], *, extra: bool) -> Row:
    """A revision (`extra` False) or one of its other positions, keys in the reference order."""
    row: Row = {"id": wire_uuid(values["id"]), "revision": values["revision"]}
    if extra:
        row["position"] = values["position"]
    row.update((key, values[key]) for key in GROUPED_COLUMNS[2:])
    if not extra:
        row["previews"] = []
    row["created_at"] = wire_datetime(values["created_at"])
    row["task_id"] = wire_uuid(values["task_id"])
    if extra:
        row["task_type_id"] = wire_uuid(values["task__task_type_id"])
    data = values["data"] if isinstance(values["data"], dict) else {}
    row.update((key, data.get(key)) for key in ORIGINAL_KEYS)
    return row


def previews_by_task_type(*, entity: Entity) -> dict[str, list[Row]]:
    """`{task_type_id: [revision...]}`: each revision is its position-1 preview, newest first,
    with the revision's other positions under `previews`. Task types come by priority, the
    later steps of the pipeline first."""
    values = _preview_queryset(entity).order_by(
        "-task__task_type__priority", "task__task_type__name", "-revision", "position", "created_at"
    )
    columns = (*GROUPED_COLUMNS, "position", "created_at", "task_id", "task__task_type_id", "data")
    grouped: dict[str, list[Row]] = {}
    revisions: dict[tuple[str, int], Row] = {}
    extras: dict[tuple[str, int], list[Row]] = defaultdict(list)
    for item in values.values(*columns):
        task_type_id = wire_uuid(item["task__task_type_id"])
        key = (task_type_id, item["revision"])
        if item["position"] == 1 and key not in revisions:
            row = _grouped_row(item, extra=False)
            row["previews"] = extras[key]
            revisions[key] = row
            grouped.setdefault(task_type_id, []).append(row)
        else:
            extras[key].append(_grouped_row(item, extra=True))
    return grouped


def task_previews(*, task: Task, hide_rejected: bool) -> list[Row]:
    """The task's previews, newest revision first; clients do not see rejected ones."""
    queryset = PreviewFile.objects.filter(task=task)
    if hide_rejected:
        queryset = queryset.exclude(validation_status=ValidationStatus.REJECTED)
    return PREVIEW_FILE_WIRE.rows(queryset.order_by("-revision", "position", "created_at"))


def entity_time_spents(*, entity: Entity) -> list[Row]:
    queryset = TimeSpent.objects.filter(task__entity=entity)
    return TIME_SPENT_WIRE.rows(queryset.order_by("-date", "created_at", "id"))


def entity_news(*, entity: Entity) -> dict[str, Any]:
    """The news of the entity's tasks, newest first, as one page of the reference's size."""
    queryset = News.objects.filter(task__entity=entity)
    rows = [
        news_row(values)
        for values in queryset.order_by("-created_at", "-id").values(*NEWS_VALUES)[
            :ENTITY_NEWS_LIMIT
        ]
    ]
    total = len(rows) if len(rows) < ENTITY_NEWS_LIMIT else queryset.count()
    return {
        "data": rows,
        "total": total,
        "nb_pages": math.ceil(total / ENTITY_NEWS_LIMIT),
        "limit": ENTITY_NEWS_LIMIT,
        "offset": 0,
        "page": 1,
    }

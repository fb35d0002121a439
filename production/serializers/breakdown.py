"""Request bodies of the asset, concept and entity routes, and the task shape they answer with.

The reference validates these bodies with pydantic: a missing or malformed field answers 400
`{"message": "Validation error.", "data": {"errors": [{"field", "message"}]}}`.
"""

from __future__ import annotations

import uuid
from typing import Any

from kitsu_site.api.errors import WrongParameter, validation_error
from kitsu_site.api.wire import Row, WireFormat
from production.models import Task

TASK_WIRE = WireFormat(Task, always_relations=True)


def required_str(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if value is None:
        raise validation_error((key, "Field required"))
    if not isinstance(value, str):
        raise validation_error((key, "Input should be a valid string"))
    return value


def optional_str(body: dict[str, Any], key: str, default: str | None = None) -> str | None:
    value = body.get(key, default)
    if value is not None and not isinstance(value, str):
        raise validation_error((key, "Input should be a valid string"))
    return value


def optional_bool(body: dict[str, Any], key: str, default: bool) -> bool:
    value = body.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise validation_error((key, "Input should be a valid boolean"))
    return value


def optional_dict(body: dict[str, Any], key: str) -> dict[str, Any] | None:
    value = body.get(key)
    if value is not None and not isinstance(value, dict):
        raise validation_error((key, "Input should be a valid dictionary"))
    return value


def _uuid(field: str, value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise validation_error((field, "Input should be a valid UUID")) from None


def optional_uuid(body: dict[str, Any], key: str) -> uuid.UUID | None:
    value = body.get(key)
    return None if value in (None, "") else _uuid(key, value)


def uuid_list(body: dict[str, Any], key: str, *, required: bool = False) -> list[uuid.UUID]:
    value = body.get(key)
    if value is None:
        if required:
            raise validation_error((key, "Field required"))
        return []
    if not isinstance(value, list):
        raise validation_error((key, "Input should be a valid list"))
    return [_uuid(f"{key}.{index}", item) for index, item in enumerate(value)]


def id_array(data: Any) -> list[uuid.UUID]:
    """A body that must be a JSON array of ids (batch deletion)."""
    if not isinstance(data, list):
        raise WrongParameter("Request body must be a JSON array.")
    return [_uuid(str(index), item) for index, item in enumerate(data)]


def created_task_rows(tasks: list[Task]) -> list[Row]:
    """Tasks just created for an entity, with their status and type names and colours."""
    rows = []
    for task in tasks:
        row = TASK_WIRE.instance(task, relations=True)
        row.update(
            task_status_name=task.task_status.name,
            task_status_short_name=task.task_status.short_name,
            task_status_color=task.task_status.color,
            task_type_name=task.task_type.name,
            task_type_color=task.task_type.color,
            task_type_priority=task.task_type.priority,
        )
        rows.append(row)
    return rows

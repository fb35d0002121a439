"""The request bodies the task routes read.

The reference validates these bodies with pydantic: a missing or malformed field answers 400
`{"message": "Validation error.", "data": {"errors": [{"field", "message"}]}}`.
"""

from __future__ import annotations

import uuid
from typing import Any

from kitsu_site.api.errors import validation_error


def _uuid(field: str, value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise validation_error((field, "Input should be a valid UUID")) from None


def required_id(body: dict[str, Any], key: str) -> str:
    """A required id kept as sent: an unknown or malformed one is the caller's business."""
    value = body.get(key)
    if value in (None, ""):
        raise validation_error((key, "Field required"))
    return str(value)


def optional_uuid(body: dict[str, Any], key: str) -> uuid.UUID | None:
    value = body.get(key)
    return None if value in (None, "") else _uuid(key, value)


def id_list(body: dict[str, Any], key: str) -> list[str]:
    """A required list of ids, kept as strings (unknown ones are skipped by the services)."""
    value = body.get(key)
    if value is None:
        raise validation_error((key, "Field required"))
    if not isinstance(value, list):
        raise validation_error((key, "Input should be a valid list"))
    return [str(item) for item in value]


def required_int(body: dict[str, Any], key: str) -> int:
    value = body.get(key)
    if value is None:
        raise validation_error((key, "Field required"))
    if isinstance(value, bool):
        raise validation_error((key, "Input should be a valid integer"))
    try:
        return int(value)
    except (TypeError, ValueError):
        raise validation_error(
            (key, "Input should be a valid integer, unable to parse string as an integer")
        ) from None

"""Reading request bodies the way the reference does: JSON, or form fields as a fallback."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from rest_framework.request import Request

from kitsu_site.api.errors import WrongParameter


def body_dict(request: Request) -> dict[str, Any]:
    """The body as a dict (form data flattened); anything else is a 400."""
    data = request.data
    if hasattr(data, "dict"):
        data = data.dict()
    if not isinstance(data, dict):
        raise WrongParameter("The request body must be a JSON object.")
    return data


def valid_uuids(values: Iterable[Any]) -> list[uuid.UUID]:
    """The well-formed ids of a list; the reference ignores the others."""
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return ids

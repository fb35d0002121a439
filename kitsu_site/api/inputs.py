"""Reading request bodies the way the reference does: JSON, or form fields as a fallback."""

from __future__ import annotations

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

"""View plumbing shared by the production routes: reading bodies and path ids the way the
reference answers them."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.db import models
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from kitsu_site.api.errors import NotFound, validation_error
from kitsu_site.api.listing import parse_flag
from kitsu_site.api.viewsets import parse_instance_id
from people.models import Person
from production.models import Entity, Project
from production.permissions import check_entity_access
from production.services.entities import entity_delete

M = TypeVar("M", bound=models.Model)

UNIQUE_NAME_BODY = {"message": "A record with the same unique values already exists."}


def body_of(request: Request) -> dict[str, Any]:
    data = request.data
    if hasattr(data, "dict"):
        data = data.dict()
    if not isinstance(data, dict):
        raise validation_error(("", "Input should be a valid dictionary"))
    return data


def require(data: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if data.get(name) in (None, "")]
    if missing:
        raise validation_error(*((name, "Field required") for name in missing))


def require_keys(data: dict[str, Any], *names: str) -> None:
    """Like `require`, but any value counts, null included."""
    missing = [name for name in names if name not in data]
    if missing:
        raise validation_error(*((name, "Field required") for name in missing))


def require_list(data: dict[str, Any], name: str, *, required: bool = False) -> list:
    value = data.get(name)
    if value is None:
        if required:
            raise validation_error((name, "Field required"))
        return []
    if not isinstance(value, list):
        raise validation_error((name, "Input should be a valid list"))
    return value


# -- lookups: a malformed id in a body or query is a 400, in most paths a 404 -------------------
def path_id(raw: Any) -> uuid.UUID:
    """An id taken from the path: a malformed one names nothing (404), as in the reference."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise NotFound() from None


def found(queryset: models.QuerySet[M], pk: uuid.UUID | None) -> M:
    """The row with that id in `queryset`, or 404."""
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        raise NotFound()
    return instance


def load(model: type[M], raw_id: Any) -> M:
    """The row named by `raw_id`: 400 when malformed, 404 when missing."""
    return found(model.objects.all(), parse_instance_id(raw_id))


def load_project(project_id: Any) -> Project:
    return load(Project, project_id)


def entity_or_404(queryset: models.QuerySet[Entity], pk: uuid.UUID) -> Entity:
    return found(queryset.select_related("entity_type", "project"), pk)


def get_entity(raw_id: Any, kind: str | None = None) -> Entity:
    """The entity a path names, 404 when malformed or missing; `kind` narrows it to "asset"
    (any asset type) or to one temporal type (Shot, Scene, Sequence...)."""
    queryset = Entity.objects.all()
    if kind == "asset":
        queryset = queryset.assets()
    elif kind is not None:
        queryset = queryset.of_type(kind)
    return entity_or_404(queryset, path_id(raw_id))


def readable_entity(person: Person, raw_id: Any, kind: str | None = None) -> Entity:
    """The entity a path names (see `get_entity`), once `person` may read it."""
    entity = get_entity(raw_id, kind)
    check_entity_access(person, entity)
    return entity


def entity_deleted(request: Request, entity: Entity) -> Response:
    """DELETE of an entity, forced with `?force=true`: the service's rules, then a 204."""
    force = parse_flag(request.query_params, "force")
    entity_delete(actor=request.user, entity=entity, force=force)
    return Response(status=status.HTTP_204_NO_CONTENT)


def uuid_list(data: dict[str, Any], key: str) -> list[uuid.UUID]:
    """A required, non-empty list of ids, with the reference's validation messages."""
    require_keys(data, key)
    values = data[key]
    if not isinstance(values, list):
        raise validation_error((key, "Input should be a valid list"))
    if not values:
        message = "List should have at least 1 item after validation, not 0"
        raise validation_error((key, message))
    ids = []
    for index, value in enumerate(values):
        if not isinstance(value, str):
            message = "UUID input should be a string, bytes or UUID object"
            raise validation_error((f"{key}.{index}", message))
        try:
            ids.append(uuid.UUID(str(value)))
        except ValueError:
            raise validation_error((f"{key}.{index}", _uuid_message(str(value)))) from None
    return ids


def _uuid_message(value: str) -> str:
    for position, char in enumerate(value, start=1):
        if char not in "0123456789abcdefABCDEF-":
            return f"Input should be a valid UUID, invalid character: found `{char}` at {position}"
    return "Input should be a valid UUID"

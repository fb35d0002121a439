"""Reading the event log: the `GET /data/events/last` query and the window parameters it shares
with the other "last rows" feeds (login logs, news).

Domain-free: callers pass the projects a reader may see; this module only knows `ApiEvent`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q
from django.http import QueryDict

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.models import ApiEvent
from kitsu_site.api.wire import Row, wire_datetime

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
DATE_FORMATS = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
# The reference names `before` whichever of the two bounds is malformed.
WRONG_DATE_MESSAGE = (
    "Wrong date format for before argument.Expected format: 2020-01-05T13:23:10 or 2020-01-05"
)
NAME_PART = re.compile(r"^[a-z0-9-]+$")
# `only_files=true`: the events announcing a new file.
FILE_EVENT_NAME = "preview-file:add-file"
THUMBNAIL_SUFFIX = ":set-thumbnail"


def parse_limit(params: QueryDict, default: int = DEFAULT_LIMIT, maximum: int = MAX_LIMIT) -> int:
    raw = params.get("limit")
    if raw in (None, ""):
        return default
    try:
        limit = int(raw)
    except ValueError:
        raise WrongParameter("Wrong value for parameter limit.") from None
    if limit < 0:
        raise WrongParameter("Wrong value for parameter limit.")
    return min(limit, maximum)


def parse_moment(raw: str | None) -> dt.datetime | None:
    """A `YYYY-MM-DDTHH:MM:SS` or `YYYY-MM-DD` bound, read as UTC."""
    if raw in (None, ""):
        return None
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, date_format).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise WrongParameter(WRONG_DATE_MESSAGE)


def parse_id(raw: str | None, key: str) -> uuid.UUID | None:
    if raw in (None, ""):
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise WrongParameter(f"The {key} parameter is not a valid id") from None


def parse_id_list(params: QueryDict, key: str) -> list[uuid.UUID]:
    try:
        return [uuid.UUID(value) for value in params.getlist(key)]
    except ValueError:
        raise WrongParameter(f"The {key} parameter contains an invalid id") from None


def parse_name_parts(params: QueryDict, key: str) -> list[str]:
    values = params.getlist(key)
    if any(not NAME_PART.match(value) for value in values):
        raise WrongParameter(f"The {key} parameter contains an invalid value")
    return values


@dataclass
class Window:
    """The rows wanted: a time window, an "older than this row" cursor and a count."""

    after: dt.datetime | None = None
    before: dt.datetime | None = None
    limit: int = DEFAULT_LIMIT
    cursor_id: uuid.UUID | None = None
    person_ids: list[uuid.UUID] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: QueryDict, *, cursor_key: str) -> Window:
        return cls(
            after=parse_moment(params.get("after")),
            before=parse_moment(params.get("before")),
            limit=parse_limit(params),
            cursor_id=parse_id(params.get(cursor_key), cursor_key),
            person_ids=parse_id_list(params, "person_ids"),
        )

    def apply(
        self, queryset: models.QuerySet, *, person_field: str, missing_cursor: str
    ) -> models.QuerySet:
        """The newest rows of the window, newest first, at most `limit` of them."""
        if self.cursor_id is not None:
            cursor = queryset.model.objects.filter(pk=self.cursor_id).values("created_at").first()
            if cursor is None:
                raise WrongParameter(f"{missing_cursor}: {self.cursor_id}")
            queryset = queryset.filter(created_at__lt=cursor["created_at"])
        if self.after is not None:
            queryset = queryset.filter(created_at__gt=self.after)
        if self.before is not None:
            queryset = queryset.filter(created_at__lt=self.before)
        if self.person_ids:
            queryset = queryset.filter(**{f"{person_field}__in": self.person_ids})
        return queryset.order_by("-created_at", "-id")[: self.limit]


@dataclass
class EventQuery:
    window: Window
    project_id: uuid.UUID | None = None
    name: str | None = None
    prefixes: list[str] = field(default_factory=list)
    suffixes: list[str] = field(default_factory=list)
    only_files: bool = False

    @classmethod
    def from_params(cls, params: QueryDict) -> EventQuery:
        return cls(
            window=Window.from_params(params, cursor_key="cursor_event_id"),
            project_id=parse_id(params.get("project_id"), "project_id"),
            name=params.get("name") or None,
            prefixes=parse_name_parts(params, "name_prefixes"),
            suffixes=parse_name_parts(params, "name_suffixes"),
            # Only the exact string, as the reference reads it.
            only_files=params.get("only_files") == "true",
        )


EVENT_COLUMNS = ("id", "created_at", "name", "user_id", "project_id", "data")


def event_row(values: dict[str, Any]) -> Row:
    return {
        "id": str(values["id"]),
        "created_at": wire_datetime(values["created_at"]),
        "name": values["name"],
        "user_id": None if values["user_id"] is None else str(values["user_id"]),
        "project_id": None if values["project_id"] is None else str(values["project_id"]),
        "data": values["data"],
    }


def last_events(query: EventQuery, *, project_ids: Collection[Any] | None = None) -> list[Row]:
    """The newest events matching `query`; `project_ids` limits them to those projects
    (None: every event, project-less ones included)."""
    queryset = ApiEvent.objects.all()
    if project_ids is not None:
        queryset = queryset.filter(project_id__in=list(project_ids))
    if query.project_id is not None:
        queryset = queryset.filter(project_id=query.project_id)
    if query.name:
        queryset = queryset.filter(name=query.name)
    if query.prefixes:
        matches = Q()
        for prefix in query.prefixes:
            matches |= Q(name__startswith=f"{prefix}:")
        queryset = queryset.filter(matches)
    if query.suffixes:
        matches = Q()
        for suffix in query.suffixes:
            matches |= Q(name__endswith=f":{suffix}")
        queryset = queryset.filter(matches)
    if query.only_files:
        queryset = queryset.filter(Q(name=FILE_EVENT_NAME) | Q(name__endswith=THUMBNAIL_SUFFIX))
    queryset = query.window.apply(
        queryset, person_field="user_id", missing_cursor="No event found with id"
    )
    return [event_row(values) for values in queryset.values(*EVENT_COLUMNS)]


def event_names() -> list[str]:
    """Every event name in the log, sorted."""
    return list(ApiEvent.objects.order_by("name").values_list("name", flat=True).distinct())

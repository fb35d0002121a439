"""Reads of the feeds: a project's news, login logs and search, each in a fixed number of
queries."""

from __future__ import annotations

import math
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.event_log import Window, parse_moment
from kitsu_site.api.listing import TRUE_STRINGS
from kitsu_site.api.wire import Row, wire_datetime, wire_uuid
from people.models import LoginLog, Person
from production.models import Entity, EntityType, ProjectPersonLink
from production.selectors.user import ENTITY_NAME_COLUMNS, full_entity_name
from reviews.models import News

NEWS_PAGE_SIZE = 50
SEARCH_LIMIT = 3
SEARCH_MIN_QUERY = 3
SEARCH_INDEXES = ("persons", "assets", "shots")


# -- news ----------------------------------------------------------------------------------------
def _positive(params: QueryDict, key: str, default: int) -> int:
    raw = params.get(key)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise WrongParameter(f"Wrong value for parameter {key}.") from None
    if value < 1:
        raise WrongParameter(f"Wrong value for parameter {key}.")
    return value


def _filter_id(params: QueryDict, key: str) -> uuid.UUID | None:
    raw = params.get(key)
    if raw in (None, ""):
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise WrongParameter(f"The {key} parameter is not a valid id") from None


@dataclass
class NewsQuery:
    page: int = 1
    limit: int = NEWS_PAGE_SIZE
    after: Any = None
    before: Any = None
    task_type_id: uuid.UUID | None = None
    task_status_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    episode_id: uuid.UUID | None = None
    only_preview: bool = False

    @classmethod
    def from_params(cls, params: QueryDict) -> NewsQuery:
        return cls(
            page=_positive(params, "page", 1),
            limit=_positive(params, "limit", NEWS_PAGE_SIZE),
            after=parse_moment(params.get("after")),
            before=parse_moment(params.get("before")),
            task_type_id=_filter_id(params, "task_type_id"),
            task_status_id=_filter_id(params, "task_status_id"),
            person_id=_filter_id(params, "person_id"),
            episode_id=_filter_id(params, "episode_id"),
            only_preview=(params.get("only_preview") or "").strip().lower() in TRUE_STRINGS,
        )

    def narrow(self, queryset: QuerySet[News]) -> QuerySet[News]:
        if self.after is not None:
            queryset = queryset.filter(created_at__gt=self.after)
        if self.before is not None:
            queryset = queryset.filter(created_at__lt=self.before)
        if self.task_type_id is not None:
            queryset = queryset.filter(task__task_type_id=self.task_type_id)
        if self.task_status_id is not None:
            queryset = queryset.filter(comment__task_status_id=self.task_status_id)
        if self.person_id is not None:
            queryset = queryset.filter(author_id=self.person_id)
        if self.episode_id is not None:
            queryset = queryset.filter(
                Q(task__entity__parent__parent_id=self.episode_id)
                | Q(task__entity__parent_id=self.episode_id)
            )
        if self.only_preview:
            queryset = queryset.filter(preview_file__isnull=False)
        return queryset


NEWS_VALUES = (
    "id",
    "author_id",
    "comment_id",
    "task_id",
    "task__task_type_id",
    "comment__task_status_id",
    "task__entity_id",
    "preview_file_id",
    "preview_file__extension",
    "preview_file__revision",
    "task__project_id",
    "task__project__name",
    "created_at",
    "change",
    "task__entity__preview_file_id",
    *(f"task__entity__{column}" for column in ENTITY_NAME_COLUMNS),
    "author__first_name",
    "author__last_name",
    "author__has_avatar",
    "author__role",
)


def news_row(values: dict[str, Any]) -> Row:
    entity_name, episode_id = full_entity_name(values)
    first_name, last_name = values["author__first_name"], values["author__last_name"]
    return {
        "id": str(values["id"]),
        "type": "News",
        "author_id": wire_uuid(values["author_id"]),
        "comment_id": wire_uuid(values["comment_id"]),
        "task_id": wire_uuid(values["task_id"]),
        "task_type_id": wire_uuid(values["task__task_type_id"]),
        "task_status_id": wire_uuid(values["comment__task_status_id"]),
        "task_entity_id": wire_uuid(values["task__entity_id"]),
        "preview_file_id": wire_uuid(values["preview_file_id"]),
        "preview_file_extension": values["preview_file__extension"],
        "preview_file_revision": values["preview_file__revision"],
        "project_id": wire_uuid(values["task__project_id"]),
        "project_name": values["task__project__name"],
        "created_at": wire_datetime(values["created_at"]),
        "change": values["change"],
        "full_entity_name": entity_name,
        "episode_id": wire_uuid(episode_id),
        "entity_preview_file_id": wire_uuid(values["task__entity__preview_file_id"]),
        "person": {
            "id": wire_uuid(values["author_id"]),
            "first_name": first_name,
            "last_name": last_name,
            "full_name": " ".join(part for part in (first_name, last_name) if part),
            "has_avatar": values["author__has_avatar"],
            "role": values["author__role"],
        },
    }


def news_feed(*, project_ids: Collection[Any], query: NewsQuery) -> dict[str, Any]:
    """One page of the news of `project_ids`, newest first, with the envelope and the count of
    status changes per status over the whole filtered feed (three queries)."""
    queryset = query.narrow(News.objects.filter(task__project_id__in=list(project_ids)))
    total = queryset.count()
    offset = (query.page - 1) * query.limit
    rows = queryset.order_by("-created_at", "-id").values(*NEWS_VALUES)[
        offset : offset + query.limit
    ]
    stats = (
        queryset.filter(change=True, comment__task_status_id__isnull=False)
        .values("comment__task_status_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {
        "data": [news_row(values) for values in rows],
        "total": total,
        "nb_pages": math.ceil(total / query.limit),
        "limit": query.limit,
        "offset": offset,
        "page": query.page,
        "stats": {str(row["comment__task_status_id"]): row["count"] for row in stats},
    }


def news_single(*, project_id: Any, news_id: Any) -> Row | None:
    values = (
        News.objects.filter(pk=news_id, task__project_id=project_id).values(*NEWS_VALUES).first()
    )
    return None if values is None else news_row(values)


# -- login logs ----------------------------------------------------------------------------------
LOGIN_LOG_VALUES = ("id", "created_at", "ip_address", "person_id", "origin")


def last_login_logs(window: Window) -> list[Row]:
    queryset = window.apply(
        LoginLog.objects.all(),
        person_field="person_id",
        missing_cursor="No login log found with id",
    )
    return [
        {
            "id": str(values["id"]),
            "created_at": wire_datetime(values["created_at"]),
            "ip_address": values["ip_address"],
            "person_id": wire_uuid(values["person_id"]),
            "origin": values["origin"],
        }
        for values in queryset.values(*LOGIN_LOG_VALUES)
    ]


# -- search --------------------------------------------------------------------------------------
@dataclass
class SearchQuery:
    text: str
    project_ids: Collection[Any] | None
    indexes: tuple[str, ...] = SEARCH_INDEXES
    limit: int = SEARCH_LIMIT
    offset: int = 0


def search_persons(query: SearchQuery, *, visible_to: Person) -> QuerySet[Person]:
    words = query.text.split()
    queryset = Person.objects.filter(is_bot=False, is_guest=False, active=True)
    for word in words:
        queryset = queryset.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
        )
    if not visible_to.is_admin:
        # Colleagues: the people of the caller's projects' teams.
        colleagues = ProjectPersonLink.objects.filter(
            project__team_links__person=visible_to
        ).values("person_id")
        queryset = queryset.filter(Q(pk=visible_to.pk) | Q(pk__in=colleagues))
    return queryset.order_by("last_name", "first_name", "id")


def search_entities(query: SearchQuery, *, shots: bool, entities: QuerySet[Entity]) -> QuerySet:
    queryset = entities.filter(canceled=False, name__icontains=query.text)
    if query.project_ids is not None:
        queryset = queryset.filter(project_id__in=list(query.project_ids))
    if shots:
        queryset = queryset.filter(entity_type__name="Shot")
    else:
        queryset = queryset.exclude(entity_type__name__in=EntityType.TEMPORAL_NAMES)
    return queryset.order_by("name", "id")

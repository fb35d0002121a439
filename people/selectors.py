"""Reads about people reused by several callers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat, Trim

from kitsu_site.api.wire import Row, WireFormat, wire_datetime, wire_uuid
from people.models import DesktopLoginLog, Person
from production.models import Entity, EntityType
from reviews.models import AttachmentFile


def person_for_login(login: str) -> Person | None:
    """The human account whose email or desktop login is `login` (bots never log in)."""
    login = login.strip()
    if not login:
        return None
    return (
        Person.objects.filter(is_bot=False)
        .filter(Q(email__iexact=login) | Q(desktop_login=login))
        .order_by("created_at")
        .first()
    )


def active_person_count() -> int:
    """Accounts that count against the user limit: active humans who are not guests."""
    return Person.objects.filter(active=True, is_bot=False, is_guest=False).count()


def persons_with_full_name(queryset: QuerySet[Person], full_name: str) -> QuerySet[Person]:
    """The persons whose `full_name` ("first last", trimmed) is exactly `full_name`."""
    return queryset.alias(
        computed_full_name=Trim(Concat("first_name", Value(" "), "last_name"))
    ).filter(computed_full_name=full_name)


def department_equipment_by_department(
    link_model: type[models.Model], item_field: str, wire: WireFormat
) -> dict[str, list[Row]]:
    """`{department_id: [item, ...]}` for software or hardware links: two queries."""
    links = link_model.objects.values_list("department_id", f"{item_field}_id")
    item_model = link_model._meta.get_field(item_field).related_model
    items = {
        row["id"]: row
        for row in wire.rows(item_model.objects.filter(department_links__isnull=False).distinct())
    }
    grouped: dict[str, list[Row]] = {}
    for department_id, item_id in links.order_by("created_at"):
        grouped.setdefault(wire_uuid(department_id), []).append(items[wire_uuid(item_id)])
    return grouped


def presence_days(*, year: int, month: int) -> dict[str, set[int]]:
    """The days of a month each person logged in at a workstation, by person id."""
    start = dt.datetime(year, month, 1, tzinfo=dt.UTC)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    days: dict[str, set[int]] = {}
    logs = DesktopLoginLog.objects.filter(date__gte=start, date__lt=end).values_list(
        "person_id", "date"
    )
    for person_id, date in logs:
        days.setdefault(wire_uuid(person_id), set()).add(date.astimezone(dt.UTC).day)
    return days


def user_chats(*, person: Person) -> list[Row]:
    """The chats a person joined, with the name, project and preview of their entity."""
    chats = list(person.chats.order_by("created_at").values_list("id", "object_id", "last_message"))
    entity_rows = Entity.objects.filter(id__in=[object_id for _, object_id, _ in chats]).values(
        "id",
        "name",
        "project_id",
        "preview_file_id",
        "entity_type__name",
        "parent__name",
        "parent__entity_type__name",
        "parent__parent__name",
    )
    entities = {wire_uuid(row["id"]): row for row in entity_rows}
    rows = []
    for chat_id, object_id, last_message in chats:
        entity = entities.get(wire_uuid(object_id))
        if entity is None:
            continue
        rows.append(
            {
                "id": wire_uuid(chat_id),
                "object_id": wire_uuid(object_id),
                "last_message": wire_datetime(last_message),
                "entity_name": _entity_name(entity),
                "project_id": wire_uuid(entity["project_id"]),
                "preview_file_id": wire_uuid(entity["preview_file_id"]),
            }
        )
    return rows


def _entity_name(row: Row) -> str:
    """`Type / Name` for assets; `Episode / Sequence / Shot` (as far as parents go) otherwise."""
    if row["entity_type__name"] not in EntityType.TEMPORAL_NAMES:
        return f"{row['entity_type__name']} / {row['name']}"
    parts = [row["parent__parent__name"], row["parent__name"], row["name"]]
    return " / ".join(part for part in parts if part)


def add_attachment_files(message_rows: list[dict[str, Any]]) -> None:
    """Each chat message row gets its `attachment_files` ({id, name, extension, size})."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    attachments = AttachmentFile.objects.filter(
        chat_message_id__in=[row["id"] for row in message_rows]
    ).order_by("created_at")
    for attachment in attachments.values("id", "name", "extension", "size", "chat_message_id"):
        message_id = str(attachment.pop("chat_message_id"))
        grouped[message_id].append({**attachment, "id": str(attachment["id"])})
    for row in message_rows:
        row["attachment_files"] = grouped.get(row["id"], [])

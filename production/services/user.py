"""Writes behind the per-user routes: saved filters, notification reads, subscriptions,
desktop logins, the avatar flag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from kitsu_site.api.events import emit
from people.models import DesktopLoginLog, Person, Role
from production.models import Entity, SearchFilter, SearchFilterGroup, Task, TaskType
from reviews.models import Notification, Subscription

FILTER_FIELDS = ("list_type", "entity_type", "name", "search_query", "project_id")
FILTER_GROUP_FIELDS = ("list_type", "entity_type", "name", "color", "project_id")


def _may_share(person: Person) -> bool:
    return person.role in (Role.ADMIN, Role.MANAGER, Role.SUPERVISOR)


@transaction.atomic
def search_filter_create(*, person: Person, values: dict[str, Any]) -> SearchFilter:
    """A saved search of the person; only managers and supervisors may share it."""
    search_filter = SearchFilter.objects.create(
        person=person,
        is_shared=bool(values.get("is_shared")) and _may_share(person),
        department_id=values.get("department_id") if _may_share(person) else None,
        search_filter_group_id=values.get("search_filter_group_id"),
        **{key: values.get(key) for key in FILTER_FIELDS},
    )
    return search_filter


@transaction.atomic
def search_filter_update(
    *, person: Person, search_filter: SearchFilter, values: dict[str, Any]
) -> SearchFilter:
    editable = ["name", "search_query", "search_filter_group_id"]
    if _may_share(person):
        editable += ["is_shared", "department_id"]
    for key in editable:
        if key in values:
            setattr(search_filter, key, values[key])
    search_filter.save()
    return search_filter


@transaction.atomic
def search_filter_group_create(*, person: Person, values: dict[str, Any]) -> SearchFilterGroup:
    return SearchFilterGroup.objects.create(
        person=person,
        is_shared=bool(values.get("is_shared")) and _may_share(person),
        department_id=values.get("department_id") if _may_share(person) else None,
        **{key: values.get(key) for key in FILTER_GROUP_FIELDS},
    )


@transaction.atomic
def search_filter_group_update(
    *, person: Person, group: SearchFilterGroup, values: dict[str, Any]
) -> SearchFilterGroup:
    editable = ["name", "color"]
    if _may_share(person):
        editable += ["is_shared", "department_id"]
    for key in editable:
        if key in values:
            setattr(group, key, values[key])
    group.save()
    return group


@transaction.atomic
def search_filter_group_delete(*, group: SearchFilterGroup) -> None:
    """Deleting a group deletes the filters it holds."""
    SearchFilter.objects.filter(search_filter_group=group).delete()
    group.delete()


@transaction.atomic
def notification_set_read(*, person: Person, notification: Notification, read: bool) -> None:
    notification.read = read
    notification.save(update_fields=["read", "updated_at"])
    emit(
        f"notification:{'read' if read else 'unread'}",
        {"notification_id": notification.id},
        user_id=person.id,
        persist=False,
    )


@transaction.atomic
def notifications_mark_all_read(*, person: Person) -> None:
    Notification.objects.filter(person=person, read=False).update(
        read=True, updated_at=timezone.now()
    )
    emit("notification:all-read", {"person_id": person.id}, user_id=person.id, persist=False)


@transaction.atomic
def task_subscribe(*, person: Person, task: Task) -> Subscription:
    subscription, _ = Subscription.objects.get_or_create(person=person, task=task)
    return subscription


@transaction.atomic
def task_unsubscribe(*, person: Person, task_ids: Sequence[Any]) -> None:
    Subscription.objects.filter(person=person, task_id__in=list(task_ids)).delete()


@transaction.atomic
def tasks_subscribe(*, person: Person, tasks: Sequence[Task]) -> list[Subscription]:
    return [task_subscribe(person=person, task=task) for task in tasks]


@transaction.atomic
def sequence_subscribe(*, person: Person, sequence: Entity, task_type: TaskType) -> Subscription:
    subscription, _ = Subscription.objects.get_or_create(
        person=person, entity=sequence, task_type=task_type, task=None
    )
    return subscription


@transaction.atomic
def sequence_unsubscribe(*, person: Person, sequence_id: Any, task_type_id: Any) -> None:
    Subscription.objects.filter(
        person=person, entity_id=sequence_id, task_type_id=task_type_id
    ).delete()


@transaction.atomic
def desktop_login_log_create(*, person: Person, date: dt.datetime | None) -> DesktopLoginLog:
    return DesktopLoginLog.objects.create(person=person, date=date or timezone.now())

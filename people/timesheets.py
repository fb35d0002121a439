"""Time spents on tasks: who may log time for whom, and what every write keeps in sync.

Rules (reference): time is only logged for an assignee of the task, by that person, an admin or
a manager of the project; each write recomputes the task's `duration` (the sum of its time
spents, in minutes), moves the person's `last_presence` forward to the logged date, and
announces `time-spent:new|update|delete` then `task:update`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from kitsu_site.api.errors import Forbidden, NotFound
from kitsu_site.api.events import changes_announced, emit
from people.models import Person, Role, TimeSpent
from people.wire import PERSON_MINIMAL_WIRE, TIME_SPENT_WIRE
from production.models import Task
from production.permissions import project_role
from production.wire import TASK_RELATIONS_WIRE

Mode = Literal["set", "add"]


def check_time_spent_write(*, actor: Person, task: Task, person: Person) -> None:
    """403 unless `person` is assigned to `task` and `actor` is that person, an admin or a
    manager of the task's project."""
    if not task.assignees.filter(pk=person.pk).exists():
        raise Forbidden()
    if actor.pk == person.pk or actor.is_admin:
        return
    if project_role(actor, task.project_id) != Role.MANAGER:
        raise Forbidden()


def _sync_task_duration(*, task: Task, actor: Person) -> None:
    total = TimeSpent.objects.filter(task=task).aggregate(total=Sum("duration"))["total"] or 0
    with changes_announced(TASK_RELATIONS_WIRE, [task.pk]):
        Task.objects.filter(pk=task.pk).update(duration=total, updated_at=timezone.now())
        emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)
    task.duration = total


def _mark_presence(*, person: Person, day: dt.date, actor: Person) -> None:
    """Moves `last_presence` forward only: logging an old day keeps the latest presence."""
    with changes_announced(PERSON_MINIMAL_WIRE, [person.pk]):
        updated = (
            Person.objects.filter(pk=person.pk)
            .exclude(last_presence__gte=day)
            .update(last_presence=day, updated_at=timezone.now())
        )
        if updated:
            person.last_presence = day
            emit("person:update", {"person_id": person.pk}, user_id=actor.pk)


@transaction.atomic
def time_spent_log(
    *, actor: Person, task: Task, person: Person, day: dt.date, duration: float, mode: Mode
) -> TimeSpent:
    """Sets (`set`) or increments (`add`) the person's time on the task for that day."""
    check_time_spent_write(actor=actor, task=task, person=person)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # serialises writes per task
    time_spent = (
        TimeSpent.objects.select_for_update().filter(task=task, person=person, date=day).first()
    )
    with changes_announced(TIME_SPENT_WIRE, [time_spent.pk] if time_spent else []):
        if time_spent is None:
            time_spent = TimeSpent.objects.create(
                task=task, person=person, date=day, duration=duration
            )
            verb = "new"
        else:
            new_duration = F("duration") + duration if mode == "add" else duration
            TimeSpent.objects.filter(pk=time_spent.pk).update(
                duration=new_duration, updated_at=timezone.now()
            )
            time_spent.refresh_from_db()
            verb = "update"
        _mark_presence(person=person, day=day, actor=actor)
        emit(
            f"time-spent:{verb}",
            {"time_spent_id": time_spent.pk},
            project_id=task.project_id,
            user_id=actor.pk,
        )
    _sync_task_duration(task=task, actor=actor)
    return time_spent


@transaction.atomic
def time_spent_delete(*, actor: Person, task: Task, person: Person, day: dt.date) -> TimeSpent:
    """Removes the person's time on the task for that day (404 when there is none); the returned
    instance is the removed row, its duration set to 0 as the reference answers it."""
    check_time_spent_write(actor=actor, task=task, person=person)
    Task.objects.select_for_update().filter(pk=task.pk).first()
    time_spent = TimeSpent.objects.filter(task=task, person=person, date=day).first()
    if time_spent is None:
        raise NotFound()
    time_spent_id = time_spent.pk
    time_spent.delete()
    time_spent.pk = time_spent_id
    time_spent.duration = 0
    emit(
        "time-spent:delete",
        {"time_spent_id": time_spent_id},
        project_id=task.project_id,
        user_id=actor.pk,
    )
    _sync_task_duration(task=task, actor=actor)
    return time_spent


def tasks_duration_sync(*, task_ids: set, actor: Person) -> None:
    """Recomputes `duration` of each task from its time spents (one aggregate query) and
    announces each change with `task:update`."""
    if not task_ids:
        return
    totals = dict(
        TimeSpent.objects.filter(task_id__in=task_ids)
        .order_by()
        .values("task_id")
        .annotate(total=Sum("duration"))
        .values_list("task_id", "total")
    )
    tasks = Task.objects.filter(pk__in=task_ids).values_list("pk", "project_id")
    with changes_announced(TASK_RELATIONS_WIRE, task_ids):
        for task_id, project_id in tasks:
            Task.objects.filter(pk=task_id).update(
                duration=totals.get(task_id, 0), updated_at=timezone.now()
            )
            emit("task:update", {"task_id": task_id}, project_id=project_id, user_id=actor.pk)


def _announce(verb: str, time_spent_id, actor: Person) -> None:
    emit(f"time-spent:{verb}", {"time_spent_id": time_spent_id}, user_id=actor.pk)


@transaction.atomic
def time_spent_record_create(*, actor: Person, fields: dict) -> TimeSpent:
    """A time spent written through the generic `/data/time-spents` resource (admins): no
    assignment rule, but the task's duration follows."""
    time_spent = TimeSpent.objects.create(**fields)
    _announce("new", time_spent.pk, actor)
    tasks_duration_sync(task_ids={time_spent.task_id}, actor=actor)
    return time_spent


@transaction.atomic
def time_spent_record_update(*, actor: Person, time_spent: TimeSpent, fields: dict) -> TimeSpent:
    """Updates the row; both the old and the new task get their duration recomputed."""
    task_ids = {time_spent.task_id}
    for name, value in fields.items():
        setattr(time_spent, name, value)
    time_spent.save()
    task_ids.add(time_spent.task_id)
    _announce("update", time_spent.pk, actor)
    tasks_duration_sync(task_ids=task_ids, actor=actor)
    return time_spent


def check_time_spent_record_delete(*, actor: Person, time_spent: TimeSpent) -> None:
    """Admins, or the rules of logging time: the assignee himself or a manager of the project."""
    if actor.is_admin:
        return
    check_time_spent_write(actor=actor, task=time_spent.task, person=time_spent.person)


@transaction.atomic
def time_spent_record_delete(*, actor: Person, time_spent: TimeSpent) -> None:
    time_spent_id, task_id = time_spent.pk, time_spent.task_id
    time_spent.delete()
    _announce("delete", time_spent_id, actor)
    tasks_duration_sync(task_ids={task_id}, actor=actor)

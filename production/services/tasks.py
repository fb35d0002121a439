"""Writing tasks: creation (one or in bulk), updates, assignment, priorities, main previews and
deletion, with the reference's rules, events and assignation notifications.

Bulk operations run a fixed number of queries whatever the number of tasks: studios create and
assign thousands of tasks at once. Events are emitted per task, after the commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from kitsu_site.api.bulk import bulk_insert
from kitsu_site.api.errors import CONFLICT_MESSAGE, ApiError, Forbidden, InvalidFormat
from kitsu_site.api.events import changes_announced, deliveries_batched, emit
from kitsu_site.api.wire import Row, UUIDText
from people.models import DepartmentLink, Person, Role, TimeSpent
from production.models import (
    Entity,
    EntityType,
    Project,
    ProjectPersonLink,
    Task,
    TaskStatus,
    TaskType,
)
from production.permissions import check_project_access
from production.selectors.common import default_task_status
from production.wire import TASK_RELATIONS_WIRE
from reviews.models import Comment, News, Notification, NotificationType, PreviewFile, Subscription
from reviews.tasks import notifications_send_schedule

TaskLink = Task.assignees.through
PROTECTED_FIELDS = frozenset({"id", "created_at", "updated_at", "project_id", "type"})
# What a supervisor who is not a manager of the project may change on a task.
SUPERVISOR_FIELDS = frozenset(
    {"priority", "start_date", "due_date", "estimation", "difficulty", "data"}
)
DATE_FIELDS = ("start_date", "due_date", "real_start_date", "end_date", "done_date")


class MessageError(ApiError):
    """A 400 whose body is only `{"message": ...}`, as some reference answers are."""

    def body(self) -> dict[str, Any]:
        return {"message": self.message}


class BareError(ApiError):
    """A 400 `{"error": true, "message"}` without the `data` key."""

    data_in_body = False


class AssigneeNotFound(ApiError):
    def __init__(self) -> None:
        super().__init__("Assignee doesn't exist in database.")

    def body(self) -> dict[str, Any]:
        return {"error": self.message}


def _user_id(actor: Person | None) -> Any:
    return getattr(actor, "pk", None)


def _bulk_write(service: Callable[..., Any]) -> Callable[..., Any]:
    """A service writing many rows: atomic, and its events logged in one insert and published
    in one round trip after the commit (see `deliveries_batched`)."""

    @functools.wraps(service)
    def write(*args: Any, **kwargs: Any) -> Any:
        with deliveries_batched(), transaction.atomic():
            return service(*args, **kwargs)

    return write


def entity_kind(type_name: str) -> str:
    """The `for_entity` value matching an entity type: its name, or Asset for asset types."""
    return type_name if type_name in EntityType.TEMPORAL_NAMES else "Asset"


# -- who may do what -------------------------------------------------------------------------------
def project_roles(actor: Person, project_ids: Iterable[Any]) -> dict[Any, str]:
    """The actor's effective role in each project he is in (one query)."""
    project_ids = set(project_ids)
    if actor.is_admin:
        return {project_id: Role.ADMIN for project_id in project_ids}
    links = ProjectPersonLink.objects.filter(person=actor, project_id__in=project_ids).values_list(
        "project_id", "role"
    )
    return {project_id: role or actor.role for project_id, role in links}


def departments_of(person_ids: Iterable[Any]) -> dict[Any, set[Any]]:
    """The department ids of each person (one query)."""
    departments: dict[Any, set[Any]] = defaultdict(set)
    for person_id, department_id in DepartmentLink.objects.filter(
        person_id__in=set(person_ids)
    ).values_list("person_id", "department_id"):
        departments[person_id].add(department_id)
    return departments


def may_assign(
    *,
    actor: Person,
    role: str | None,
    actor_departments: set[Any],
    task_department_id: Any,
    person_id: Any,
    person_departments: set[Any],
) -> bool:
    """Admins and managers assign anyone; a supervisor without department too, else only to
    tasks of his departments and people sharing one; anyone may take a task of his department."""
    if role is None:
        return False
    if role in (Role.ADMIN, Role.MANAGER):
        return True
    if role == Role.SUPERVISOR:
        if not actor_departments:
            return True
        if task_department_id in actor_departments and person_departments & actor_departments:
            return True
    return person_id == actor.pk and task_department_id in actor_departments


def may_unassign(
    *,
    actor: Person,
    role: str | None,
    actor_departments: set[Any],
    task_department_id: Any,
    person_id: Any,
) -> bool:
    """Managers and department supervisors unassign anyone; others only themselves."""
    if role is None:
        return False
    if role in (Role.ADMIN, Role.MANAGER):
        return True
    if role == Role.SUPERVISOR and (
        not actor_departments or task_department_id in actor_departments
    ):
        return True
    return person_id is not None and person_id == actor.pk


def may_supervise(
    *, role: str | None, actor_departments: set[Any], task_department_id: Any
) -> bool:
    """Managers, and supervisors without department or of the task type's department."""
    if role in (Role.ADMIN, Role.MANAGER):
        return True
    return role == Role.SUPERVISOR and (
        not actor_departments or task_department_id in actor_departments
    )


# -- creation --------------------------------------------------------------------------------------
def check_new_task(*, entity: Entity, task_type: TaskType, name: str, project_id: Any) -> None:
    """A task's type must be meant for its entity's kind, and (name, type, entity) is unique."""
    if task_type.for_entity != entity_kind(entity.entity_type.name):
        raise BareError("Task type of the task does not match entity type.")
    if Task.objects.filter(
        name=name, project_id=project_id, task_type=task_type, entity=entity
    ).exists():
        raise MessageError("Task already exists.")


def task_created(*, actor: Person | None, task: Task) -> None:
    emit("task:new", {"task_id": task.pk}, project_id=task.project_id, user_id=_user_id(actor))


@dataclass(frozen=True)
class NewTask:
    """A task `tasks_create_for_entities` made: what its callers answer without reading it
    again (no model instance per task: imports create tens of thousands)."""

    id: str
    entity_id: str
    task_status: TaskStatus

    @property
    def pk(self) -> uuid.UUID:
        return uuid.UUID(self.id)

    @property
    def task_status_id(self) -> Any:
        return self.task_status.pk


NEW_TASK_COLUMNS = (
    "id",
    "name",
    "project_id",
    "task_type_id",
    "task_status_id",
    "entity_id",
    "assigner_id",
)


@_bulk_write
def tasks_create_for_entities(
    *, actor: Person, project: Project, task_type: TaskType, entities: models.QuerySet[Entity]
) -> list[NewTask]:
    """A "main" task of that type, in the default status, for each entity lacking one, in the
    entities' name order, each announced by `task:new`.

    Fixed queries: entities, existing tasks, default statuses, one insert of the tasks and,
    after the commit, one of their events.
    """
    # Ids stay text from the query to the insert and the events: a Python UUID per id costs
    # more than the queries.
    rows = entities.order_by("name", "id").values_list(UUIDText("id"), "entity_type__name")
    existing = set(
        Task.objects.filter(task_type=task_type, entity_id__in=entities.values("id")).values_list(
            UUIDText("entity_id"), flat=True
        )
    )
    statuses: dict[bool, TaskStatus] = {}
    created = []
    for entity_id, type_name in rows:
        if entity_id in existing:
            continue
        is_concept = type_name == "Concept"
        if is_concept not in statuses:
            statuses[is_concept] = default_task_status(for_concept=is_concept)
        created.append(NewTask(str(uuid.uuid4()), entity_id, statuses[is_concept]))
        existing.add(entity_id)
    project_id, task_type_id = str(project.pk), str(task_type.pk)
    actor_id = None if actor is None else str(actor.pk)
    status_ids = {status.pk: str(status.pk) for status in statuses.values()}
    bulk_insert(
        Task,
        NEW_TASK_COLUMNS,
        [
            (
                task.id,
                "main",
                project_id,
                task_type_id,
                status_ids[task.task_status.pk],
                task.entity_id,
                actor_id,
            )
            for task in created
        ],
    )
    for task in created:
        emit("task:new", {"task_id": task.id}, project_id=project_id, user_id=actor_id)
    return created


# -- update ----------------------------------------------------------------------------------------
def _columns() -> dict[str, models.Field]:
    columns: dict[str, models.Field] = {}
    for field in Task._meta.concrete_fields:
        columns[field.column] = field
        columns[field.attname] = field
    return columns


def _parse_date(key: str, value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    text = str(value)
    try:
        parsed = parse_datetime(text)
        if parsed is None:
            day = parse_date(text)
            parsed = dt.datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ApiError(
            f"Invalid date format for '{key}': '{value}'. Expected an ISO 8601 date or datetime."
        )
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def _set(task: Task, key: str, field: models.Field, value: Any) -> None:
    if key in DATE_FIELDS:
        setattr(task, field.attname, _parse_date(key, value))
        return
    try:
        if field.is_relation:
            raw = None if value in (None, "") else field.target_field.to_python(value)
            setattr(task, field.attname, raw)
        else:
            if value is None and not field.null:
                raise ValidationError("null")
            setattr(task, field.attname, field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        raise MessageError(InvalidFormat().message) from None


def check_update_access(actor: Person, task: Task, fields: Iterable[str]) -> None:
    """Managers change anything; department supervisors only the scheduling fields."""
    role = check_project_access(actor, task.project_id)
    if role in (Role.ADMIN, Role.MANAGER):
        return
    if role != Role.SUPERVISOR or set(fields) - SUPERVISOR_FIELDS:
        raise Forbidden()
    departments = departments_of([actor.pk])[actor.pk]
    if departments and task.task_type.department_id not in departments:
        raise Forbidden()


@transaction.atomic
def task_update(
    *, actor: Person, task: Task, fields: dict[str, Any], check_access: bool = True
) -> Task:
    """Apply a PUT body: `data` is merged; `assignees` replaces the assignee list, announcing
    each change (task:assign / task:unassign) and notifying the new assignees."""
    fields = {key: value for key, value in fields.items() if key not in PROTECTED_FIELDS}
    if check_access:
        check_update_access(actor, task, fields)
    columns = _columns()
    for key, value in fields.items():
        field = columns.get(key)
        if field is None or field.primary_key:
            continue
        if key == "data":
            if value is not None and not isinstance(value, dict):
                raise MessageError(InvalidFormat().message)
            task.data = {**(task.data or {}), **(value or {})}
            continue
        _set(task, key, field, value)
    if not 1 <= task.difficulty <= 5:
        raise MessageError("The data conflicts with database integrity rules.")
    task.save()
    if "assignees" in fields:
        _replace_assignees(actor=actor, task=task, person_ids=fields["assignees"])
    emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)
    return task


def _replace_assignees(*, actor: Person, task: Task, person_ids: Any) -> None:
    if not isinstance(person_ids, list):
        raise MessageError(InvalidFormat().message)
    try:
        wanted = {uuid.UUID(str(person_id)) for person_id in person_ids}
    except ValueError:
        raise MessageError(InvalidFormat().message) from None
    known = set(Person.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if known != wanted:
        raise MessageError(CONFLICT_MESSAGE)
    current = set(TaskLink.objects.filter(task=task).values_list("person_id", flat=True))
    added, removed = wanted - current, current - wanted
    TaskLink.objects.filter(task=task, person_id__in=removed).delete()
    TaskLink.objects.bulk_create([TaskLink(task=task, person_id=pk) for pk in added])
    for person_id in sorted(removed, key=str):
        _emit_assignment("task:unassign", actor, task.pk, task.project_id, person_id)
    for person_id in sorted(added, key=str):
        _emit_assignment("task:assign", actor, task.pk, task.project_id, person_id)
    _notify_assignations(actor=actor, pairs=[(task, person_id) for person_id in added])


def _emit_assignment(name: str, actor: Person, task_id: Any, project_id: Any, person_id: Any):
    emit(
        name,
        {"task_id": task_id, "person_id": person_id},
        project_id=project_id,
        user_id=actor.pk,
    )


NOTIFICATION_COLUMNS = ("id", "person_id", "author_id", "task_id", "notification_type")


def _notify_assignations(*, actor: Person, pairs: list[tuple[Task | TaskRow, Any]]) -> None:
    """An `assignation` notification for each new assignee who is not the author, inserted in
    one statement from tuples (a bulk assignment makes one per task)."""
    notified = [
        (str(uuid.uuid4()), task, person_id) for task, person_id in pairs if person_id != actor.pk
    ]
    bulk_insert(
        Notification,
        NOTIFICATION_COLUMNS,
        [
            (notification_id, person_id, actor.pk, task.pk, NotificationType.ASSIGNATION)
            for notification_id, task, person_id in notified
        ],
    )
    notifications_send_schedule(
        Notification(id=notification_id, person_id=person_id)
        for notification_id, _, person_id in notified
    )
    for notification_id, task, person_id in notified:
        emit(
            "notification:new",
            {"notification_id": notification_id, "person_id": person_id},
            project_id=task.project_id,
            user_id=actor.pk,
            persist=False,
        )


# -- assignment ------------------------------------------------------------------------------------
class TaskRow(NamedTuple):
    """What the bulk services need of a task to apply the rules and announce their writes: a
    tuple, not a model instance, per task (studios send hundreds at once)."""

    pk: uuid.UUID
    project_id: uuid.UUID
    department_id: uuid.UUID | None  # its task type's
    is_bot_collaboration_enabled: bool  # its project's


def _task_rows(task_ids: Iterable[Any]) -> list[TaskRow]:
    rows = (
        Task.objects.filter(pk__in=list(task_ids))
        .order_by("created_at", "id")
        .values_list(
            "id", "project_id", "task_type__department_id", "project__is_bot_collaboration_enabled"
        )
    )
    return [TaskRow(*row) for row in rows]


def _assign(*, actor: Person, tasks: list[Task] | list[TaskRow], person: Person) -> list[Row]:
    """Link the person to the tasks (fixed queries), add him to their teams, notify him. The
    tasks are answered as read once assigned, in the transaction (`changes_announced`)."""
    if not tasks:
        return []
    with changes_announced(TASK_RELATIONS_WIRE, [task.pk for task in tasks]) as written:
        _link_assignee(actor=actor, tasks=tasks, person=person)
    _notify_assignations(actor=actor, pairs=[(task, person.pk) for task in tasks])
    return [written.rows[str(task.pk)] for task in tasks]


def _link_assignee(*, actor: Person, tasks: list[Task] | list[TaskRow], person: Person) -> None:
    task_ids = [task.pk for task in tasks]
    TaskLink.objects.bulk_create(
        [TaskLink(task_id=task_id, person_id=person.pk) for task_id in task_ids],
        ignore_conflicts=True,
    )
    Task.objects.filter(pk__in=task_ids).update(assigner=actor, updated_at=timezone.now())
    project_ids = {task.project_id for task in tasks}
    ProjectPersonLink.objects.bulk_create(
        [ProjectPersonLink(project_id=project_id, person=person) for project_id in project_ids],
        ignore_conflicts=True,
    )
    for task in tasks:
        _emit_assignment("task:assign", actor, task.pk, task.project_id, person.pk)
        emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)


def _bot_refused(person: Person, is_bot_collaboration_enabled: bool) -> bool:
    return person.is_bot and not is_bot_collaboration_enabled


def _assign_departments(roles: dict[Any, str], person_ids: list[Any]) -> dict[Any, set[Any]]:
    """The departments of the actor and the assignee, read only when a role needs them (not
    for managers and admins, who assign anyone: they make most bulk assignments)."""
    if all(role in (Role.ADMIN, Role.MANAGER) for role in roles.values()):
        return defaultdict(set)
    return departments_of(person_ids)


@transaction.atomic
def task_assign(*, actor: Person, task: Task, person: Person) -> Row:
    """Assign one task (403 when the rules refuse it); the task as answers show it."""
    if _bot_refused(person, task.project.is_bot_collaboration_enabled):
        raise Forbidden()
    role = project_roles(actor, [task.project_id]).get(task.project_id)
    departments = departments_of([actor.pk, person.pk])
    if not may_assign(
        actor=actor,
        role=role,
        actor_departments=departments[actor.pk],
        task_department_id=task.task_type.department_id,
        person_id=person.pk,
        person_departments=departments[person.pk],
    ):
        raise Forbidden()
    [row] = _assign(actor=actor, tasks=[task], person=person)
    return row


@_bulk_write
def tasks_assign(*, actor: Person, person: Person, task_ids: list[Any]) -> list[Row]:
    """Assign the tasks the rules allow; unknown and refused ones are skipped. The assigned
    tasks as answers show them, in their creation order."""
    tasks = _task_rows(task_ids)
    roles = project_roles(actor, {task.project_id for task in tasks})
    departments = _assign_departments(roles, [actor.pk, person.pk])
    allowed = [
        task
        for task in tasks
        if not _bot_refused(person, task.is_bot_collaboration_enabled)
        and may_assign(
            actor=actor,
            role=roles.get(task.project_id),
            actor_departments=departments[actor.pk],
            task_department_id=task.department_id,
            person_id=person.pk,
            person_departments=departments[person.pk],
        )
    ]
    return _assign(actor=actor, tasks=allowed, person=person)


@_bulk_write
def tasks_clear_assignation(
    *, actor: Person, task_ids: list[Any], person_id: Any = None
) -> list[str]:
    """Remove one person (or everyone) from the tasks the rules allow; answers their ids."""
    tasks = _task_rows(task_ids)
    roles = project_roles(actor, {task.project_id for task in tasks})
    actor_departments = departments_of([actor.pk])[actor.pk]
    allowed = [
        task
        for task in tasks
        if may_unassign(
            actor=actor,
            role=roles.get(task.project_id),
            actor_departments=actor_departments,
            task_department_id=task.department_id,
            person_id=person_id,
        )
    ]
    with changes_announced(TASK_RELATIONS_WIRE, [task.pk for task in allowed]):
        _unlink_assignees(actor=actor, tasks=allowed, person_id=person_id)
    return [str(task.pk) for task in allowed]


def _unlink_assignees(*, actor: Person, tasks: list[TaskRow], person_id: Any) -> None:
    links = TaskLink.objects.filter(task_id__in=[task.pk for task in tasks])
    if person_id is not None:
        links = links.filter(person_id=person_id)
    removed = list(links.order_by("id").values_list("task_id", "person_id"))
    links.delete()
    Task.objects.filter(pk__in=[task.pk for task in tasks]).update(updated_at=timezone.now())
    projects = {task.pk: task.project_id for task in tasks}
    for task_id, removed_person_id in removed:
        _emit_assignment("task:unassign", actor, task_id, projects[task_id], removed_person_id)
    for task in tasks:
        emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)


@transaction.atomic
def tasks_set_priority(*, actor: Person, task_ids: list[Any], priority: int) -> list[TaskRow]:
    """Set the priority of the tasks the actor supervises; others are skipped."""
    tasks = _task_rows(task_ids)
    roles = project_roles(actor, {task.project_id for task in tasks})
    actor_departments = departments_of([actor.pk])[actor.pk]
    allowed = [
        task
        for task in tasks
        if may_supervise(
            role=roles.get(task.project_id),
            actor_departments=actor_departments,
            task_department_id=task.department_id,
        )
    ]
    with changes_announced(TASK_RELATIONS_WIRE, [task.pk for task in allowed]):
        Task.objects.filter(pk__in=[task.pk for task in allowed]).update(
            priority=priority, updated_at=timezone.now()
        )
        for task in allowed:
            emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)
    return allowed


# -- main preview ----------------------------------------------------------------------------------
def last_preview_file(task: Task) -> PreviewFile | None:
    return (
        PreviewFile.objects.filter(task=task)
        .order_by("-revision", "-position", "-created_at")
        .first()
    )


@transaction.atomic
def task_set_main_preview(*, actor: Person, task: Task) -> Entity | None:
    """Make the task's last preview the thumbnail of its entity; None when it has none."""
    preview = last_preview_file(task)
    if preview is None:
        return None
    entity = Entity.objects.select_related("entity_type").get(pk=task.entity_id)
    entity.preview_file_id = preview.pk
    entity.save(update_fields=["preview_file_id", "updated_at"])
    emit(
        "preview-file:set-main",
        {"preview_file_id": preview.pk, "entity_id": entity.pk},
        project_id=task.project_id,
        user_id=actor.pk,
    )
    return entity


# -- deletion --------------------------------------------------------------------------------------
def has_history(task_ids: list[Any]) -> bool:
    """Whether comments, news, previews or time spents still point at the tasks."""
    return any(
        model.objects.filter(**{f"{field}__in": task_ids}).exists()
        for model, field in (
            (Comment, "object_id"),
            (News, "task_id"),
            (PreviewFile, "task_id"),
            (TimeSpent, "task_id"),
        )
    )


def tasks_purge(*, actor: Person | None, task_ids: list[Any]) -> list[Any]:
    """Remove tasks with everything hanging from them, in a fixed number of queries."""
    rows = list(
        Task.objects.filter(pk__in=task_ids).values_list(
            "id", "project_id", "entity_id", "task_type_id"
        )
    )
    ids = [row[0] for row in rows]
    if not ids:
        return []
    previews = PreviewFile.objects.filter(task_id__in=ids)
    Entity.objects.filter(preview_file_id__in=previews.values("id")).update(preview_file_id=None)
    Notification.objects.filter(task_id__in=ids).delete()
    News.objects.filter(task_id__in=ids).delete()
    Subscription.objects.filter(task_id__in=ids).delete()
    Comment.objects.filter(object_id__in=ids).delete()
    previews.delete()
    TimeSpent.objects.filter(task_id__in=ids).delete()
    TaskLink.objects.filter(task_id__in=ids).delete()
    Task.objects.filter(pk__in=ids).delete()
    for task_id, project_id, entity_id, task_type_id in rows:
        emit(
            "task:delete",
            {"task_id": task_id, "entity_id": entity_id, "task_type_id": task_type_id},
            project_id=project_id,
            user_id=_user_id(actor),
        )
    return ids


@transaction.atomic
def task_delete(*, actor: Person, task: Task, force: bool = False) -> None:
    """Delete a task; one with a history (comments, previews, time spents) needs `force`."""
    if not force and has_history([task.pk]):
        raise MessageError(CONFLICT_MESSAGE)
    tasks_purge(actor=actor, task_ids=[task.pk])


@transaction.atomic
def tasks_delete(*, actor: Person, project: Project, task_ids: list[Any]) -> None:
    """Delete the project's tasks among `task_ids`, with their history."""
    ids = Task.objects.filter(project=project, pk__in=task_ids).values_list("id", flat=True)
    tasks_purge(actor=actor, task_ids=list(ids))


@transaction.atomic
def tasks_delete_for_task_type(*, actor: Person, project: Project, task_type_id: Any) -> None:
    ids = Task.objects.filter(project=project, task_type_id=task_type_id).values_list(
        "id", flat=True
    )
    tasks_purge(actor=actor, task_ids=list(ids))

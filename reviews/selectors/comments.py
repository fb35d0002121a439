"""Who may read and act on a task's comments, and which comments each role sees.

Rules of spec/domain.md section 3: a task's comments are for its project's team (vendors: only
their tasks); clients see the comments meant for them, artists do not see the clients' ones.
Acting on a task (commenting with a status change, uploading a preview) needs "task action
access": admin, the project's managers and clients, the assignees, supervisors of the task
type's department (or of none), and the creator of the entity.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from kitsu_site.api.errors import Forbidden
from people.models import Person, Role
from production.models import Project, Task, TaskStatus
from production.permissions import check_project_access, project_role
from reviews.models import Comment

MANAGER_ROLES = (Role.ADMIN, Role.MANAGER)


def is_assignee(person: Person, task: Task) -> bool:
    return task.assignees.filter(pk=person.pk).exists()


def check_task_access(person: Person, task: Task) -> str:
    """Project access; vendors only on their tasks. Returns the effective role."""
    role = check_project_access(person, task.project_id)
    if role == Role.VENDOR and not is_assignee(person, task):
        raise Forbidden()
    return role


def has_task_action_access(person: Person, task: Task, role: str | None = None) -> bool:
    role = role if role is not None else project_role(person, task.project_id)
    if role == Role.ADMIN:
        return True
    if role is None:
        return False
    if role in (Role.MANAGER, Role.CLIENT):
        return True
    if is_assignee(person, task):
        return True
    if role == Role.SUPERVISOR:
        department_ids = set(person.departments.values_list("id", flat=True))
        if not department_ids or task.task_type.department_id in department_ids:
            return True
    return task.entity.created_by_id == person.pk


def check_task_action_access(person: Person, task: Task) -> str:
    role = check_task_access(person, task)
    if not has_task_action_access(person, task, role):
        raise Forbidden()
    return role


def has_mention_access(person: Person, task: Task, role: str | None) -> bool:
    """Someone mentioned on the task may answer it (without changing its status)."""
    if role is None or role == Role.VENDOR:
        return False
    return Comment.objects.filter(object_id=task.pk, mentions=person).exists()


def check_status_allowed(role: str, status: TaskStatus) -> None:
    """Artists may only use the artist statuses, clients the client ones."""
    if role in (Role.USER, Role.VENDOR) and not status.is_artist_allowed:
        raise Forbidden()
    if role == Role.CLIENT and not status.is_client_allowed:
        raise Forbidden()


def is_supervisor_of(person: Person, task: Task) -> bool:
    department_ids = set(person.departments.values_list("id", flat=True))
    return not department_ids or task.task_type.department_id in department_ids


def visible_comments(
    *, person: Person, role: str, project: Project, queryset: QuerySet[Comment]
) -> QuerySet[Comment]:
    """The comments of `queryset` this role may read.

    Clients: comments flagged for them, and the clients' own (their own only in an isolated
    project), plus studio comments carrying previews (their text is blanked by the caller).
    Other non-managers: everything but the clients' comments.
    """
    if role in MANAGER_ROLES:
        return queryset
    if role == Role.CLIENT:
        own = Q(person=person) if project.is_clients_isolated else Q(person__role=Role.CLIENT)
        has_previews = Exists(Comment.previews.through.objects.filter(comment_id=OuterRef("pk")))
        return queryset.filter(Q(for_client=True) | own | has_previews)
    return queryset.exclude(person__role=Role.CLIENT)


def blank_for_client(rows: list[dict[str, Any]], person: Person) -> list[dict[str, Any]]:
    """Studio comments a client only sees for their previews: no text, files, checklist or
    replies."""
    for row in rows:
        by_client = (row.get("person") or {}).get("role") == Role.CLIENT
        if not row["for_client"] and not by_client:
            row.update(text="", attachment_files=[], checklist=[], replies=[])
    return rows


def task_comments(*, task: Task, person: Person, role: str) -> QuerySet[Comment]:
    queryset = Comment.objects.filter(object_id=task.pk).order_by("-created_at")
    return visible_comments(person=person, role=role, project=task.project, queryset=queryset)


def project_comments(*, project: Project, person: Person, role: str) -> QuerySet[Comment]:
    queryset = Comment.objects.filter(object__project_id=project.pk).order_by("-updated_at")
    return visible_comments(person=person, role=role, project=project, queryset=queryset)

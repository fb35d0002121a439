"""Who may do what in a project (spec/domain.md section 3).

Team membership is the core gate: admins see everything, everyone else only the projects whose
team they are in. Inside a project a person's role may be overridden by the team link (never to
admin); that effective role decides manager and supervisor rights.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kitsu_site.api.errors import Forbidden
from people.models import Person, Role
from production.models import Entity, Project, ProjectPersonLink, Task

OPEN_STATUS_NAME = "Open"


def project_role(person: Person, project_id: Any) -> str | None:
    """The person's role inside the project, or None when not in its team. Admins are admins."""
    if person.is_admin:
        return Role.ADMIN
    link = ProjectPersonLink.objects.filter(project_id=project_id, person=person).first()
    if link is None:
        return None
    return link.role or person.role


def has_project_access(person: Person, project_id: Any) -> bool:
    return project_role(person, project_id) is not None


def check_project_access(person: Person, project_id: Any) -> str:
    """The caller's effective role in the project; 403 when not in its team."""
    role = project_role(person, project_id)
    if role is None:
        raise Forbidden()
    return role


def check_manager_project_access(person: Person, project_id: Any) -> None:
    if check_project_access(person, project_id) not in (Role.ADMIN, Role.MANAGER):
        raise Forbidden()


def check_supervisor_project_access(person: Person, project_id: Any) -> str:
    role = check_project_access(person, project_id)
    if role not in (Role.ADMIN, Role.MANAGER, Role.SUPERVISOR):
        raise Forbidden()
    return role


def check_not_vendor_or_client(person: Person, project_id: Any) -> str:
    role = check_project_access(person, project_id)
    if role in (Role.CLIENT, Role.VENDOR):
        raise Forbidden()
    return role


def check_not_vendor(person: Person, project_id: Any) -> str:
    """Project access for the whole team, clients included, vendors excepted."""
    role = check_project_access(person, project_id)
    if role == Role.VENDOR:
        raise Forbidden()
    return role


def check_entity_access(person: Person, entity: Entity) -> None:
    """Project access, and vendors only reach entities holding a task assigned to them."""
    role = check_project_access(person, entity.project_id)
    if role == Role.VENDOR and not Task.objects.filter(entity=entity, assignees=person).exists():
        raise Forbidden()


def projects_of(person: Person) -> QuerySet[Project]:
    """Every project the person may open, whatever its status."""
    if person.is_admin:
        return Project.objects.all()
    return Project.objects.filter(team_links__person=person)


def open_projects_of(person: Person) -> QuerySet[Project]:
    return projects_of(person).filter(project_status__name=OPEN_STATUS_NAME)


def scope_to_team(person: Person, queryset: QuerySet, project_field: str = "project") -> QuerySet:
    """Rows of projects the person is in (all rows for admins)."""
    if person.is_admin:
        return queryset
    return queryset.filter(**{f"{project_field}__team_links__person": person})


def scope_entities(person: Person, queryset: QuerySet[Entity]) -> QuerySet[Entity]:
    """Entities the person may list: their team's, and for vendors only those they work on."""
    queryset = scope_to_team(person, queryset)
    if person.role == Role.VENDOR:
        queryset = queryset.filter(Q(tasks__assignees=person)).distinct()
    return queryset

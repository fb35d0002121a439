"""CSV import routes: a multipart `file`, `?update=true` to change existing rows."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from imports.csv_import.reader import CsvFile, read_upload
from imports.services import (
    casting_csv_import,
    entities_csv_import,
    estimations_csv_import,
    persons_csv_import,
)
from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from people.models import Person
from production.models import Entity, Project, TaskType
from production.permissions import check_manager_project_access, check_project_access
from production.services.tasks import departments_of, may_supervise

TRUE_VALUES = ("true", "1")
FALSE_VALUES = ("", "false", "0")


def update_flag(request: Request) -> bool:
    value = str(request.query_params.get("update", request.data.get("update", ""))).lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise WrongParameter("update must be true or false.")


def uploaded_csv(request: Request) -> CsvFile:
    upload = request.FILES.get("file")
    if upload is None:
        raise WrongParameter("No file was sent: post the CSV as the multipart field `file`.")
    return read_upload(upload)


def found(queryset: QuerySet, raw_id: Any) -> Any:
    """The row of that id, else 404 (a malformed id included)."""
    try:
        pk = uuid.UUID(str(raw_id))
    except ValueError:
        raise NotFound() from None
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        raise NotFound()
    return instance


def project_of(raw_id: Any) -> Project:
    return found(Project.objects.all(), raw_id)


def check_estimations_access(person: Person, project: Project, task_type: TaskType) -> None:
    """Managers, and supervisors without department or of the task type's department."""
    role = check_project_access(person, project.pk)
    departments = departments_of([person.pk])[person.pk]
    if not may_supervise(
        role=role, actor_departments=departments, task_department_id=task_type.department_id
    ):
        raise Forbidden()


class EntitiesCsvImportView(APIView):
    """POST /import/csv/projects/<project_id>/assets|shots|edits (project managers)."""

    kind = ""

    def post(self, request: Request, project_id: str) -> Response:
        project = project_of(project_id)
        check_manager_project_access(request.user, project.pk)
        rows = entities_csv_import(
            kind=self.kind,
            actor=request.user,
            project=project,
            csv_file=uploaded_csv(request),
            update=update_flag(request),
        )
        return Response(rows, status=status.HTTP_201_CREATED)


class CastingCsvImportView(APIView):
    """POST /import/csv/projects/<project_id>/casting (project managers)."""

    def post(self, request: Request, project_id: str) -> Response:
        project = project_of(project_id)
        check_manager_project_access(request.user, project.pk)
        rows = casting_csv_import(
            actor=request.user, project=project, csv_file=uploaded_csv(request)
        )
        return Response(rows, status=status.HTTP_201_CREATED)


class PersonsCsvImportView(APIView):
    """POST /import/csv/persons (studio managers)."""

    def post(self, request: Request) -> Response:
        if not request.user.is_admin:
            raise Forbidden()
        rows = persons_csv_import(
            actor=request.user, csv_file=uploaded_csv(request), update=update_flag(request)
        )
        return Response(rows, status=status.HTTP_201_CREATED)


class EstimationsCsvImportView(APIView):
    """POST /import/csv/projects/<project_id>[/episodes/<episode_id>]/task-types/<task_type_id>/
    estimations (project managers, supervisors of the task type's department)."""

    def post(
        self, request: Request, project_id: str, task_type_id: str, episode_id: str | None = None
    ) -> Response:
        project = project_of(project_id)
        task_type = found(TaskType.objects.all(), task_type_id)
        episode = None
        if episode_id is not None:
            episodes = Entity.objects.of_type("Episode").filter(project=project)
            episode = found(episodes, episode_id)
        check_estimations_access(request.user, project, task_type)
        rows = estimations_csv_import(
            actor=request.user,
            project=project,
            task_type=task_type,
            csv_file=uploaded_csv(request),
            episode=episode,
        )
        return Response(rows, status=status.HTTP_201_CREATED)

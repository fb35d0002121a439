"""What hangs from one entity or task: its preview files, news and time spents.

Readers are the project's team; vendors only reach entities holding a task assigned to them,
and concepts are closed to clients and vendors.
"""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from people.models import Role
from production.models import Task
from production.permissions import (
    check_entity_access,
    check_not_vendor_or_client,
    project_role,
)
from production.selectors import previews_of as selectors
from production.views.common import found, get_entity, path_id, readable_entity


class EntityPreviewFilesView(APIView):
    """GET /data/entities/<id>/preview-files: a flat list, task by task."""

    def get(self, request: Request, entity_id: str) -> Response:
        entity = readable_entity(request.user, entity_id)
        return Response(selectors.entity_preview_files(entity=entity))


class PreviewsByTaskTypeView(APIView):
    """GET /data/{shots,edits,concepts}/<id>/preview-files: revisions grouped by task type."""

    kind = "Shot"

    def get(self, request: Request, entity_id: str) -> Response:
        if self.kind == "Concept":
            entity = get_entity(entity_id, self.kind)
            check_not_vendor_or_client(request.user, entity.project_id)
        else:
            entity = readable_entity(request.user, entity_id, self.kind)
        return Response(selectors.previews_by_task_type(entity=entity))


class TaskPreviewsView(APIView):
    """GET /data/tasks/<id>/previews"""

    def get(self, request: Request, task_id: str) -> Response:
        queryset = Task.objects.select_related("entity", "project")
        task = found(queryset, path_id(task_id))
        check_entity_access(request.user, task.entity)
        hide_rejected = project_role(request.user, task.project_id) == Role.CLIENT
        return Response(selectors.task_previews(task=task, hide_rejected=hide_rejected))


class EntityNewsView(APIView):
    """GET /data/entities/<id>/news: one page of 2,000, whatever the query string."""

    def get(self, request: Request, entity_id: str) -> Response:
        entity = readable_entity(request.user, entity_id)
        return Response(selectors.entity_news(entity=entity))


class EntityTimeSpentsView(APIView):
    """GET /data/entities/<id>/time-spents: newest day first."""

    def get(self, request: Request, entity_id: str) -> Response:
        entity = readable_entity(request.user, entity_id)
        return Response(selectors.entity_time_spents(entity=entity))

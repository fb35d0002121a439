"""Preview and file routes: setting an entity's main preview, project thumbnails, and working
files (`/data/working-files` and their stored file)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people.models import Role
from production.models import Project
from production.permissions import check_project_access, scope_to_team
from production.views.common import body_of, path_id
from reviews.models import PreviewFile, WorkingFile
from reviews.serializers.playlists import RAW_ENTITY_WIRE, WorkingFileSerializer, with_outputs
from reviews.services.previews import (
    preview_set_main,
    project_thumbnail_path,
    project_thumbnail_set,
    working_file_path,
)


class SetMainPreviewView(APIView):
    def put(self, request: Request, preview_file_id: str) -> Response:
        preview = (
            PreviewFile.objects.select_related("task").filter(pk=path_id(preview_file_id)).first()
        )
        if preview is None:
            raise NotFound()
        entity = preview_set_main(
            preview=preview,
            actor=request.user,
            frame_number=body_of(request).get("frame_number"),
        )
        return Response({**RAW_ENTITY_WIRE.instance(entity), "preview_file_status": preview.status})


class ProjectThumbnailView(APIView):
    """`GET` serves the project's thumbnail (404 until one is uploaded); `POST` stores one."""

    def get(self, request: Request, instance_id: str) -> FileResponse:
        project = Project.objects.filter(pk=path_id(instance_id)).first()
        if project is None or not project.has_avatar:
            raise NotFound()
        check_project_access(request.user, project.pk)
        path = project_thumbnail_path(project.pk)
        if not default_storage.exists(path):
            raise NotFound()
        return FileResponse(default_storage.open(path, "rb"), content_type="image/png")

    def post(self, request: Request, instance_id: str) -> Response:
        project = Project.objects.filter(pk=path_id(instance_id)).first()
        if project is None:
            raise NotFound()
        upload = request.FILES.get("file")
        if upload is None:
            raise WrongParameter("File not provided.")
        path = project_thumbnail_set(project=project, actor=request.user, upload=upload)
        return Response({"thumbnail_path": path}, status=status.HTTP_201_CREATED)


class WorkingFileWire(WireFormat):
    """Working file rows; with relations they carry their (not yet stored) output file ids."""

    def _finish(self, raw_rows, *, relations, fields):
        output = super()._finish(raw_rows, relations=relations, fields=fields)
        if relations and (not fields or "outputs" in fields):
            with_outputs(output)
        return output


WORKING_FILE_RELATIONS_WIRE = WorkingFileWire(WorkingFile)


def check_working_file_read(request: Request, working_file: WorkingFile) -> None:
    if request.user.is_admin:
        return
    if working_file.task_id is None:
        raise Forbidden()
    role = check_project_access(request.user, working_file.task.project_id)
    if role == Role.VENDOR:
        raise Forbidden()


class WorkingFileViewSet(ZouModelViewSet):
    """Admins write; the project's team, vendors excepted, reads."""

    queryset = WorkingFile.objects.select_related("task")
    serializer_class = WorkingFileSerializer

    def check_read(self, request: Request, instance: WorkingFile | None = None) -> None:
        if instance is not None:
            check_working_file_read(request, instance)
        elif request.user.role == Role.VENDOR:
            raise Forbidden()

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return scope_to_team(request.user, queryset, "task__project")

    def wire_for(self, request: Request, instance: Any = None) -> WireFormat:
        return WORKING_FILE_RELATIONS_WIRE


class WorkingFileFileView(APIView):
    """The file stored for a working file."""

    def get(self, request: Request, working_file_id: str) -> FileResponse:
        working_file = (
            WorkingFile.objects.select_related("task").filter(pk=path_id(working_file_id)).first()
        )
        if working_file is None:
            raise NotFound()
        check_working_file_read(request, working_file)
        path = working_file_path(working_file)
        if not default_storage.exists(path):
            raise NotFound(f"Working file not found for: {working_file.pk}")
        return FileResponse(
            default_storage.open(path, "rb"),
            as_attachment=True,
            filename=working_file.name or str(working_file.pk),
        )

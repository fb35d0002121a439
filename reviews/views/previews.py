"""Preview routes: setting an entity's main preview, project thumbnails."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound, WrongParameter
from production.models import Project
from production.permissions import check_project_access
from production.views.common import body_of, path_id
from reviews.models import PreviewFile
from reviews.serializers.playlists import RAW_ENTITY_WIRE
from reviews.services.previews import (
    preview_set_main,
    project_thumbnail_path,
    project_thumbnail_set,
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

"""Preview media routes: uploading a preview's file, serving every file made from it under
`/pictures/...` and `/movies/...`, the previews still processing, and the other served pictures
(preview backgrounds, the organisation's avatar, attachment thumbnails)."""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import HttpResponseBase
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound, WrongParameter
from kitsu_site.api.storage import stored_file_response
from kitsu_site.api.wire import WireFormat
from people.models import Organisation
from production.models import PreviewBackgroundFile
from production.views.common import found, path_id
from reviews.media.paths import (
    background_file_path,
    background_thumbnail_path,
    organisation_thumbnail_path,
    preview_storage_path,
)
from reviews.models import AttachmentFile, PreviewFile, PreviewStatus
from reviews.selectors.playlists import preview_download_name
from reviews.selectors.preview_files import check_preview_file_read
from reviews.serializers.comments import PREVIEW_FILE_WIRE
from reviews.services.comments import attachment_path
from reviews.services.preview_media import (
    attachment_thumbnail,
    background_file_upload,
    background_thumbnail_set,
    check_admin,
    check_attachment_read,
    entity_full_name,
    organisation_thumbnail_set,
    preview_file_upload,
)
from reviews.tasks import preview_processing_schedule

PREVIEW_BACKGROUND_WIRE = WireFormat(PreviewBackgroundFile)
PREVIEW_WITH_TASK = PreviewFile.objects.select_related(
    "task__project",
    "task__task_type",
    "task__entity__entity_type",
    "task__entity__parent__parent",
)


def uploaded_file(request: Request):
    upload = request.FILES.get("file")
    if upload is None:
        raise WrongParameter("No file was sent in the `file` field.")
    return upload


class PreviewFileUploadView(APIView):
    """`POST /pictures/preview-files/<id>`: the preview's file; 201 with the preview, ready
    when processed inline (`no_job=true` or no worker), else still processing."""

    def post(self, request: Request, instance_id: str) -> Response:
        preview = found(PREVIEW_WITH_TASK, path_id(instance_id))
        preview_file_upload(preview=preview, actor=request.user, upload=uploaded_file(request))
        preview_processing_schedule(
            preview_id=preview.pk,
            normalize=request.query_params.get("normalize", "true").lower() != "false",
            inline=request.query_params.get("no_job", "").lower() == "true",
        )
        preview.refresh_from_db()
        return Response(PREVIEW_FILE_WIRE.instance(preview), status=status.HTTP_201_CREATED)


class PreviewFileMediaView(APIView):
    """One stored file of a preview, for those who may see the preview. `extension` None
    takes it from the path; `download` names the file after the preview; `fallback_area` is
    served when `area` holds nothing (a movie without its low-definition copy)."""

    area = ""
    extension: str | None = "png"
    download = False
    fallback_area: str | None = None

    def get(self, request: Request, instance_id: str, extension: str = "") -> HttpResponseBase:
        preview = found(PREVIEW_WITH_TASK, path_id(instance_id))
        check_preview_file_read(request.user, preview)
        extension = self.extension or extension or preview.extension or ""
        path = preview_storage_path(self.area, preview.pk, extension)
        if self.fallback_area is not None and not default_storage.exists(path):
            path = preview_storage_path(self.fallback_area, preview.pk, extension)
        return stored_file_response(
            path,
            mimetypes.guess_type(f"file.{extension}")[0] or "application/octet-stream",
            download_name=preview_download_name(preview, extension) if self.download else None,
            request=request,
        )


class RunningPreviewFilesView(APIView):
    """Previews still processing or broken, newest first, for admins to watch the pipeline."""

    def get(self, request: Request) -> Response:
        check_admin(request.user)
        previews = PREVIEW_WITH_TASK.filter(
            status__in=(PreviewStatus.PROCESSING, PreviewStatus.BROKEN)
        ).order_by("-created_at", "-id")
        return Response([_running_row(preview) for preview in previews])


def _running_row(preview: PreviewFile) -> dict:
    task = preview.task
    return {
        **PREVIEW_FILE_WIRE.instance(preview),
        "project_id": str(task.project_id) if task else None,
        "task_type_id": str(task.task_type_id) if task else None,
        "full_entity_name": entity_full_name(task.entity) if task else None,
    }


class PreviewBackgroundFileUploadView(APIView):
    def post(self, request: Request, instance_id: str) -> Response:
        background = found(PreviewBackgroundFile.objects.all(), path_id(instance_id))
        background = background_file_upload(
            background=background, actor=request.user, upload=uploaded_file(request)
        )
        return Response(
            PREVIEW_BACKGROUND_WIRE.instance(background), status=status.HTTP_201_CREATED
        )


class PreviewBackgroundFileView(APIView):
    """The background's environment image, for every logged-in user."""

    def get(self, request: Request, instance_id: str, extension: str) -> HttpResponseBase:
        background = found(PreviewBackgroundFile.objects.all(), path_id(instance_id))
        if background.extension != extension.lower():
            raise NotFound()
        return stored_file_response(
            background_file_path(background.pk, background.extension),
            "application/octet-stream",
            request=request,
        )


class PreviewBackgroundThumbnailView(APIView):
    def get(self, request: Request, instance_id: str) -> HttpResponseBase:
        background = found(PreviewBackgroundFile.objects.all(), path_id(instance_id))
        return stored_file_response(background_thumbnail_path(background.pk), "image/png")

    def post(self, request: Request, instance_id: str) -> Response:
        background = found(PreviewBackgroundFile.objects.all(), path_id(instance_id))
        path = background_thumbnail_set(
            background=background, actor=request.user, upload=uploaded_file(request)
        )
        return Response({"thumbnail_path": path}, status=status.HTTP_201_CREATED)


class OrganisationThumbnailView(APIView):
    """`GET` the organisation's avatar (404 until one is set); `POST` sets it (admins)."""

    def get(self, request: Request, instance_id: str) -> HttpResponseBase:
        organisation = found(Organisation.objects.all(), path_id(instance_id))
        if not organisation.has_avatar:
            raise NotFound()
        return stored_file_response(organisation_thumbnail_path(organisation.pk), "image/png")

    def post(self, request: Request, instance_id: str) -> Response:
        organisation = found(Organisation.objects.all(), path_id(instance_id))
        path = organisation_thumbnail_set(
            organisation=organisation, actor=request.user, upload=uploaded_file(request)
        )
        return Response({"thumbnail_path": path}, status=status.HTTP_201_CREATED)


class AttachmentThumbnailView(APIView):
    """The thumbnail of a picture attached to a comment; 404 for other attachments."""

    def get(self, request: Request, attachment_file_id: str) -> HttpResponseBase:
        attachment = found(
            AttachmentFile.objects.select_related("comment__object"), path_id(attachment_file_id)
        )
        check_attachment_read(request.user, attachment)
        path = attachment_thumbnail(attachment=attachment, source_path=attachment_path(attachment))
        if path is None:
            raise NotFound()
        return stored_file_response(path, "image/png")

"""Preview file routes: `/data/preview-files`, annotations, positions and extracted frames."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpResponse
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound, WrongParameter, validation_error
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from production.views.common import body_of, path_id
from reviews.media.pictures import png_bytes
from reviews.models import PreviewFile
from reviews.selectors.playlists import preview_download_names
from reviews.selectors.preview_files import (
    check_preview_file_read,
    is_movie,
    preview_file_or_404,
    stored_movie_path,
    visible_preview_files,
)
from reviews.serializers.preview_files import PREVIEW_FILE_WIRE, PreviewFileSerializer
from reviews.services.preview_actions import (
    check_preview_file_manage,
    check_preview_file_update,
    movie_frame,
    movie_tile_png,
    pdf_bytes,
    preview_annotated_frame,
    preview_annotated_images,
    preview_file_annotations_update,
    preview_file_delete,
    preview_file_position_update,
    preview_file_revision_change,
    zip_bytes,
)

NOT_AN_INTEGER = "Input should be a valid integer, unable to parse string as an integer"


class PreviewFileViewSet(ZouModelViewSet):
    """Admins create; the team reads (vendors their tasks); managers, supervisors of the
    department and assignees update; managers delete."""

    queryset = PreviewFile.objects.select_related("task__task_type", "task__entity")
    serializer_class = PreviewFileSerializer

    def check_read(self, request: Request, instance: PreviewFile | None = None) -> None:
        if instance is not None:
            check_preview_file_read(request.user, instance)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return visible_preview_files(request.user, queryset)

    def wire_for(self, request: Request, instance: Any = None) -> WireFormat:
        return PREVIEW_FILE_WIRE

    def check_update(self, request: Request, instance: PreviewFile, data: dict[str, Any]) -> None:
        check_preview_file_update(request.user, instance)

    def check_delete(self, request: Request, instance: PreviewFile) -> None:
        check_preview_file_manage(request.user, instance)

    def perform_update(self, serializer: PreviewFileSerializer) -> PreviewFile:
        revision = serializer.validated_data.get("revision")
        if revision is not None:
            preview_file_revision_change(preview=serializer.instance, revision=revision)
        return super().perform_update(serializer)

    def perform_destroy(self, instance: PreviewFile) -> None:
        preview_file_delete(preview=instance, actor=self.request.user)


def _preview(preview_file_id: str) -> PreviewFile:
    return preview_file_or_404(path_id(preview_file_id))


def _query_int(request: Request, name: str, minimum: int) -> int | None:
    """An integer query parameter, answered with the reference's validation error."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise validation_error((name, NOT_AN_INTEGER)) from None
    if value < minimum:
        raise validation_error((name, f"Input should be greater than or equal to {minimum}"))
    return value


def _frame_index(request: Request) -> int:
    raw = request.query_params.get("frame_number", "0")
    if not raw.isdigit():
        raise WrongParameter("Wrong value for parameter frame_number.")
    return int(raw)


def _png(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="image/png")
    response["Content-Disposition"] = f"inline; filename={name}.png"
    return response


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename={name}"
    return response


def download_stem(preview: PreviewFile) -> str:
    """`<project>_<entity>_<task type>_v<revision>`, `-<position>` past the first file."""
    name = preview_download_names([preview.pk])[str(preview.pk)]
    stem = name.rsplit(".", 1)[0]
    return f"{stem}-{preview.position}" if preview.position > 1 else stem


class UpdateAnnotationsView(APIView):
    def put(self, request: Request, preview_file_id: str) -> Response:
        preview = _preview(preview_file_id)
        preview = preview_file_annotations_update(
            preview_id=preview.pk, actor=request.user, changes=body_of(request)
        )
        return Response(PREVIEW_FILE_WIRE.instance(preview))


class UpdatePositionView(APIView):
    def put(self, request: Request, preview_file_id: str) -> Response:
        preview = _preview(preview_file_id)
        position = body_of(request).get("position")
        if position is not None:
            if isinstance(position, bool) or not isinstance(position, (int, str)):
                raise validation_error(("position", NOT_AN_INTEGER))
            try:
                position = int(position)
            except ValueError:
                raise validation_error(("position", NOT_AN_INTEGER)) from None
            if position < 0:
                raise validation_error(("position", "Input should be greater than or equal to 0"))
        previews = preview_file_position_update(
            preview=preview, actor=request.user, position=position
        )
        return Response([PREVIEW_FILE_WIRE.instance(item) for item in previews])


class ExtractFrameView(APIView):
    """A frame of the movie (`frame_number`, 0-based), as PNG: managers."""

    def get(self, request: Request, preview_file_id: str) -> HttpResponse:
        preview = _preview(preview_file_id)
        check_preview_file_manage(request.user, preview)
        frame_index = _frame_index(request)
        if not is_movie(preview):
            raise NotFound()
        image = movie_frame(stored_movie_path(preview), frame_index)
        return _png(png_bytes(image), f"{preview.pk}-{frame_index}")


class ExtractTileView(APIView):
    """The movie's frames in rows of eight, 100 px high, as PNG: whoever reads the preview."""

    def get(self, request: Request, preview_file_id: str) -> HttpResponse:
        preview = _preview(preview_file_id)
        check_preview_file_read(request.user, preview)
        if not is_movie(preview):
            raise WrongParameter("Preview file is not a movie")
        return _png(movie_tile_png(stored_movie_path(preview)), f"{preview.pk}-tile")


class ExtractAnnotatedFrameView(APIView):
    def get(self, request: Request, preview_file_id: str) -> HttpResponse:
        preview = _preview(preview_file_id)
        check_preview_file_manage(request.user, preview)
        frame_number = _query_int(request, "frame_number", minimum=1)
        content = preview_annotated_frame(preview=preview, frame_number=frame_number)
        return _png(content, f"{preview.pk}-{frame_number or 1}")


class ExtractAnnotatedFramesView(APIView):
    """Every annotated frame drawn, as PNG files in a zip."""

    def get(self, request: Request, preview_file_id: str) -> HttpResponse:
        preview = _preview(preview_file_id)
        check_preview_file_manage(request.user, preview)
        frames = preview_annotated_images(preview)
        stem = download_stem(preview)
        files = [(f"{stem}_frame_{number}.png", png_bytes(image)) for number, image in frames]
        return _download(zip_bytes(files), "application/zip", f"{stem}_annotated_frames.zip")


class ExtractAnnotatedFramesPdfView(APIView):
    """Every annotated frame drawn, one PDF page each."""

    def get(self, request: Request, preview_file_id: str) -> HttpResponse:
        preview = _preview(preview_file_id)
        check_preview_file_manage(request.user, preview)
        images = [image for _number, image in preview_annotated_images(preview)]
        return _download(
            pdf_bytes(images), "application/pdf", f"{download_stem(preview)}_annotated_frames.pdf"
        )

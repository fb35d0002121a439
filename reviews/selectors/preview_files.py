"""Which preview files a person may see, and the reads the preview actions share.

Section 3 of the domain rules: the list holds the previews of the open projects whose team the
person is in (vendors: only those of their tasks; clients: not the rejected ones); one preview
needs project access (vendors: their tasks). Paths follow `reviews.media.paths`.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet

from kitsu_site.api.errors import Forbidden, NotFound
from people.models import Person, Role
from production.permissions import open_projects_of
from reviews.media.formats import MOVIE_EXTENSIONS
from reviews.media.paths import preview_storage_path
from reviews.models import PreviewFile, ValidationStatus
from reviews.selectors.comments import check_task_access


def visible_preview_files(person: Person, queryset: QuerySet[PreviewFile]) -> QuerySet[PreviewFile]:
    """The rows of `queryset` the person may list."""
    if person.is_admin:
        return queryset
    queryset = queryset.filter(task__project__in=open_projects_of(person))
    if person.role == Role.VENDOR:
        queryset = queryset.filter(task__assignees=person).distinct()
    elif person.role == Role.CLIENT:
        queryset = queryset.exclude(validation_status=ValidationStatus.REJECTED)
    return queryset


def check_preview_file_read(person: Person, preview: PreviewFile) -> str:
    """The caller's role in the preview's project, once they may read the preview."""
    if person.is_admin:
        return Role.ADMIN
    if preview.task is None:
        raise Forbidden()
    role = check_task_access(person, preview.task)
    if role == Role.CLIENT and preview.validation_status == ValidationStatus.REJECTED:
        raise Forbidden()
    return role


def preview_file_or_404(preview_id: Any) -> PreviewFile:
    preview = (
        PreviewFile.objects.select_related("task__task_type", "task__entity", "task__project")
        .filter(pk=preview_id)
        .first()
    )
    if preview is None:
        raise NotFound()
    return preview


def revision_preview_files(preview: PreviewFile) -> QuerySet[PreviewFile]:
    """The previews of the same task and revision, in their display order."""
    return PreviewFile.objects.filter(task_id=preview.task_id, revision=preview.revision).order_by(
        "position", "created_at"
    )


def is_movie(preview: PreviewFile) -> bool:
    return (preview.extension or "").lower() in MOVIE_EXTENSIONS


def stored_movie_path(preview: PreviewFile) -> str:
    """The normalised movie of a preview; 404 when none is stored."""
    path = preview_storage_path("movies/originals", preview.pk, "mp4")
    if not default_storage.exists(path):
        raise NotFound(f"404 Not Found: No stored movie for preview file {preview.pk}.")
    return path


def stored_picture_path(preview: PreviewFile) -> str:
    """The picture annotations are drawn on: the 1200-wide preview, else the original."""
    for area, extension in (
        ("pictures/previews", "png"),
        ("pictures/originals", (preview.extension or "png").lower()),
    ):
        path = preview_storage_path(area, preview.pk, extension)
        if default_storage.exists(path):
            return path
    raise NotFound()


def preview_file_stored_paths(preview: PreviewFile) -> list[str]:
    """Every path a preview's media may be stored at, whichever were made."""
    extension = (preview.extension or "png").lower()
    paths = {
        preview_storage_path("pictures/originals", preview.pk, extension),
        preview_storage_path("pictures/originals", preview.pk, "png"),
        preview_storage_path("pictures/previews", preview.pk, "png"),
        preview_storage_path("pictures/thumbnails", preview.pk, "png"),
        preview_storage_path("pictures/thumbnails-square", preview.pk, "png"),
        preview_storage_path("movies/originals", preview.pk, "mp4"),
        preview_storage_path("movies/low", preview.pk, "mp4"),
        preview_storage_path("movies/source", preview.pk, extension),
        preview_storage_path("movies/source", preview.pk, "mp4"),
        preview_storage_path("movies/tiles", preview.pk, "png"),
    }
    return sorted(paths)

"""Preview uploads (spec/domain.md 5.2): receiving the file, turning it into the media the
serving routes read (a background job, `reviews.tasks`), and announcing the result.

A preview goes `processing` when its file is received and ends `ready` or `broken`, never
stays in between: a refused upload marks it broken (and may be sent again), and a job that
fails for any reason marks it broken too.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.events import changes_announced, emit
from kitsu_site.api.pictures import square_png
from people.models import Organisation, Person
from people.wire import ORGANISATION_PUBLIC_WIRE
from production.models import Entity, PreviewBackgroundFile, Task
from production.selectors.user import entity_name_path
from production.wire import PREVIEW_BACKGROUND_FILE_PLAIN_WIRE
from reviews.media.errors import MediaError
from reviews.media.formats import (
    BACKGROUND_EXTENSIONS,
    PICTURE_EXTENSIONS,
    PreviewKind,
    preview_kind,
    split_name,
)
from reviews.media.movies import (
    first_frame_png,
    lowdef_movie,
    movie_format,
    normalise_movie,
    tile_png,
)
from reviews.media.paths import (
    attachment_thumbnail_path,
    background_file_path,
    background_thumbnail_path,
    organisation_thumbnail_path,
    preview_storage_path,
    preview_upload_path,
)
from reviews.media.pictures import (
    PictureRenditions,
    open_picture,
    picture_renditions,
    thumbnail_png,
)
from reviews.media.probe import probe_movie
from reviews.media.store import (
    delete_stored,
    fetch_to,
    store_bytes,
    store_file,
    store_preview_file,
    store_upload,
    working_folder,
)
from reviews.models import AttachmentFile, PreviewFile, PreviewStatus
from reviews.selectors.comments import check_task_access, check_task_action_access
from reviews.wire import COMMENT_CHANGE_WIRE, PREVIEW_FILE_PLAIN_WIRE

logger = logging.getLogger(__name__)

EMPTY_UPLOAD_MESSAGE = "The uploaded file is empty."
ALREADY_UPLOADED_MESSAGE = "A file was already uploaded for this preview."


# -- reading ---------------------------------------------------------------------------------------
def entity_full_name(entity: Entity) -> str:
    """The entity's name path, from the entity with its type and ancestors already loaded."""
    parent = entity.parent
    grandparent = parent.parent if parent else None
    return entity_name_path(
        entity.entity_type.name,
        entity.name,
        parent.name if parent else None,
        grandparent.name if grandparent else None,
    )


# -- receiving -------------------------------------------------------------------------------------
def preview_file_upload(*, preview: PreviewFile, actor: Person, upload: UploadedFile) -> None:
    """The route's upload: whoever may act on the preview's task, once per preview."""
    if preview.task is None:
        if not actor.is_admin:
            raise Forbidden()
    else:
        check_task_action_access(actor, preview.task)
    if preview.original_name:
        raise WrongParameter(ALREADY_UPLOADED_MESSAGE)
    preview_file_receive(preview=preview, upload=upload, actor_id=actor.pk)


def preview_file_receive(
    *, preview: PreviewFile, upload: UploadedFile, actor_id: Any, refuse_bad: bool = True
) -> bool:
    """Check the upload and keep it where the processing job reads it: the preview goes
    `processing` and True is returned; the caller schedules the job once this commits.

    A bad upload (wrong extension, empty, unreadable picture) marks the preview broken: with
    `refuse_bad` a 400 says why and the file may be sent again; without (a batch of comments,
    which must not be lost for one bad file) the preview keeps the file's name and stays
    broken.
    """
    stem, extension = split_name(upload.name or "")
    problem = _upload_problem(upload, extension)
    if problem is not None and refuse_bad:
        with changes_announced(PREVIEW_FILE_PLAIN_WIRE, [preview.pk]):
            _set_status(preview, PreviewStatus.BROKEN, actor_id)
        raise WrongParameter(problem)
    if problem is None:
        store_upload(preview_upload_path(preview.pk, extension), upload)
    with changes_announced(PREVIEW_FILE_PLAIN_WIRE, [preview.pk]):
        preview.original_name = stem[:250]
        preview.extension = extension[:6]
        preview.file_size = upload.size
        preview.save(update_fields=["original_name", "extension", "file_size", "updated_at"])
        status = PreviewStatus.PROCESSING if problem is None else PreviewStatus.BROKEN
        _set_status(preview, status, actor_id)
    return problem is None


def _upload_problem(upload: UploadedFile, extension: str) -> str | None:
    kind = preview_kind(extension)
    if kind is None:
        return f"Wrong file format, extension: {extension}"
    if not upload.size:
        return EMPTY_UPLOAD_MESSAGE
    if kind is PreviewKind.PICTURE:
        try:
            open_picture(upload)
        except MediaError as error:
            return str(error)
    return None


def _set_status(preview: PreviewFile, status: str, actor_id: Any) -> None:
    preview.status = status
    preview.save(update_fields=["status", "updated_at"])
    _emit_update(preview, actor_id)


def _project_id(preview: PreviewFile) -> Any:
    return preview.task.project_id if preview.task is not None else None


def _emit_update(preview: PreviewFile, actor_id: Any) -> None:
    emit(
        "preview-file:update",
        {"preview_file_id": preview.pk, "status": preview.status},
        project_id=_project_id(preview),
        user_id=actor_id,
    )


def preview_file_requeue(*, preview: PreviewFile, actor_id: Any) -> bool:
    """Send a broken preview whose upload is still stored back to processing (the job that
    broke it may have met a passing failure). False when there is nothing to process again;
    the caller schedules the job once this commits."""
    upload = preview_upload_path(preview.pk, preview.extension) if preview.extension else None
    if preview.status != PreviewStatus.BROKEN or not upload or not default_storage.exists(upload):
        return False
    with changes_announced(PREVIEW_FILE_PLAIN_WIRE, [preview.pk]):
        preview.status = PreviewStatus.PROCESSING
        preview.save(update_fields=["status", "updated_at"])
        _emit_update(preview, actor_id)
    return True


# -- processing (the job) --------------------------------------------------------------------------
def preview_file_process(*, preview_id: Any, normalize: bool = True) -> None:
    """Make every served file of a received preview and mark it ready, or broken when the
    upload cannot be converted. Does nothing for a preview no longer waiting."""
    preview = (
        PreviewFile.objects.select_related("task__project", "task__entity")
        .filter(pk=preview_id, status=PreviewStatus.PROCESSING)
        .exclude(original_name__isnull=True)
        .first()
    )
    if preview is None:
        return
    try:
        with working_folder() as folder:
            fields = PROCESSORS[preview_kind(preview.extension)](preview, folder, normalize)
    except MediaError as error:
        logger.info("Preview %s is broken: %s", preview.pk, error)
        _finish(preview, PreviewStatus.BROKEN, {})
    except Exception:
        # Whatever went wrong, the preview must not stay `processing` for ever.
        logger.exception("Preview %s could not be processed", preview.pk)
        _finish(preview, PreviewStatus.BROKEN, {})
    else:
        delete_stored(preview_upload_path(preview.pk, preview.extension))
        _finish(preview, PreviewStatus.READY, fields)


def _store_pictures(preview_id: Any, renditions: PictureRenditions) -> None:
    store_preview_file("pictures/originals", preview_id, "png", renditions.original)
    store_preview_file("pictures/previews", preview_id, "png", renditions.preview)
    store_preview_file("pictures/thumbnails", preview_id, "png", renditions.thumbnail)
    store_preview_file("pictures/thumbnails-square", preview_id, "png", renditions.square_thumbnail)


def _open_upload(preview: PreviewFile) -> IO[bytes]:
    return default_storage.open(preview_upload_path(preview.pk, preview.extension), "rb")


def _process_picture(preview: PreviewFile, folder: Path, normalize: bool) -> dict[str, Any]:
    with _open_upload(preview) as upload:
        renditions = picture_renditions(open_picture(upload))
    _store_pictures(preview.pk, renditions)
    return {
        "extension": "png",
        "width": renditions.width,
        "height": renditions.height,
        "file_size": len(renditions.original),
    }


def _process_file(preview: PreviewFile, folder: Path, normalize: bool) -> dict[str, Any]:
    with _open_upload(preview) as upload:
        store_upload(
            preview_storage_path("pictures/originals", preview.pk, preview.extension), upload
        )
    return {}


def _process_movie(preview: PreviewFile, folder: Path, normalize: bool) -> dict[str, Any]:
    source = fetch_to(
        preview_upload_path(preview.pk, preview.extension), folder / f"source.{preview.extension}"
    )
    original = probe_movie(source)
    normalised = folder / "normalised.mp4"
    if normalize:
        info = normalise_movie(source, normalised, _movie_format_of(preview))
    else:
        normalised, info = source, original
    lowdef_movie(normalised, folder / "low.mp4")
    with io.BytesIO(first_frame_png(normalised)) as frame:
        renditions = picture_renditions(open_picture(frame))
    tile = tile_png(normalised, info)
    store_file(preview_storage_path("movies/source", preview.pk, "mp4"), source)
    store_file(preview_storage_path("movies/originals", preview.pk, "mp4"), normalised)
    store_file(preview_storage_path("movies/low", preview.pk, "mp4"), folder / "low.mp4")
    if tile is not None:
        store_preview_file("movies/tiles", preview.pk, "png", tile)
    _store_pictures(preview.pk, renditions)
    return {
        "extension": "mp4",
        "width": info.width,
        "height": info.height,
        "duration": info.duration,
        "file_size": normalised.stat().st_size,
        "data": {
            **(preview.data or {}),
            "original_width": original.width,
            "original_height": original.height,
            "original_duration": original.duration,
            "original_file_size": source.stat().st_size,
        },
    }


def _movie_format_of(preview: PreviewFile):
    """The entity's own resolution and fps when its data sets them, else the project's."""
    task = preview.task
    if task is None:
        return movie_format(None, None)
    data = task.entity.data or {}
    return movie_format(
        data.get("resolution") or task.project.resolution, data.get("fps") or task.project.fps
    )


PROCESSORS: dict[PreviewKind | None, Callable[[PreviewFile, Path, bool], dict[str, Any]]] = {
    PreviewKind.PICTURE: _process_picture,
    PreviewKind.MOVIE: _process_movie,
    PreviewKind.FILE: _process_file,
}


def _finish(preview: PreviewFile, status: str, fields: dict[str, Any]) -> None:
    """Store the outcome; a ready first file of a revision becomes its task's last preview
    (and its entity's main preview when the project automates that). Its comments' update
    events announce no change of theirs: the preview they show is ready."""
    comment_ids = list(preview.comments.values_list("id", flat=True))
    with (
        changes_announced(COMMENT_CHANGE_WIRE, comment_ids),
        changes_announced(PREVIEW_FILE_PLAIN_WIRE, [preview.pk]),
    ):
        for name, value in fields.items():
            setattr(preview, name, value)
        preview.status = status
        preview.save(update_fields=[*fields, "status", "updated_at"])
        if status == PreviewStatus.READY and preview.task is not None and preview.position == 1:
            preview_set_last(preview)
        _emit_finished(preview)


def preview_set_last(preview: PreviewFile) -> None:
    """The preview becomes its task's last one (and its entity's main preview when the
    project automates that)."""
    task = preview.task
    Task.objects.filter(pk=task.pk).update(last_preview_file_id=preview.pk)
    if task.project.is_set_preview_automated:
        Entity.objects.filter(pk=task.entity_id).update(preview_file_id=preview.pk)
        emit(
            "preview-file:set-main",
            {"entity_id": task.entity_id, "preview_file_id": preview.pk},
            project_id=task.project_id,
            user_id=preview.person_id,
        )


def _emit_finished(preview: PreviewFile) -> None:
    project_id, user_id = _project_id(preview), preview.person_id
    _emit_update(preview, user_id)
    comments = list(preview.comments.values("id", "person_id", "for_client"))
    for comment in comments:
        emit(
            "comment:update",
            {
                "comment_id": comment["id"],
                "task_id": preview.task_id,
                "person_id": comment["person_id"],
                "for_client": comment["for_client"],
            },
            project_id=project_id,
            user_id=user_id,
        )
    emit(
        "preview-file:add-file",
        {
            "preview_file_id": preview.pk,
            "comment_id": comments[0]["id"] if comments else None,
            "task_id": preview.task_id,
            "revision": preview.revision,
            "extension": preview.extension,
            "status": preview.status,
        },
        project_id=project_id,
        user_id=user_id,
    )


# -- other pictures: preview backgrounds, the organisation, attachments ----------------------------
def check_admin(actor: Person) -> None:
    if not actor.is_admin:
        raise Forbidden()


def background_file_upload(
    *, background: PreviewBackgroundFile, actor: Person, upload: UploadedFile
) -> PreviewBackgroundFile:
    """Store an environment image (HDR) for a background, with a thumbnail made from it
    (admins only). Anything ffmpeg cannot read as an HDR picture is refused."""
    check_admin(actor)
    stem, extension = split_name(upload.name or "")
    if extension not in BACKGROUND_EXTENSIONS:
        raise WrongParameter(f"Wrong file format, extension: {extension}")
    if not upload.size:
        raise WrongParameter(EMPTY_UPLOAD_MESSAGE)
    with working_folder() as folder:
        local = folder / f"background.{extension}"
        with local.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            with io.BytesIO(first_frame_png(local)) as frame:
                thumbnail = thumbnail_png(frame)
        except MediaError:
            raise WrongParameter("Uploaded file is not a readable background picture.") from None
        store_file(background_file_path(background.pk, extension), local)
    store_bytes(background_thumbnail_path(background.pk), thumbnail)
    with changes_announced(PREVIEW_BACKGROUND_FILE_PLAIN_WIRE, [background.pk]):
        background.original_name = stem[:250]
        background.extension = extension
        background.file_size = upload.size
        background.save(update_fields=["original_name", "extension", "file_size", "updated_at"])
        emit(
            "preview-background-file:update",
            {"preview_background_file_id": background.pk},
            user_id=actor.pk,
        )
    return background


def background_thumbnail_set(
    *, background: PreviewBackgroundFile, actor: Person, upload: IO[bytes]
) -> str:
    """Replace a background's thumbnail with an uploaded picture (admins only)."""
    check_admin(actor)
    try:
        thumbnail = thumbnail_png(upload)
    except MediaError as error:
        raise WrongParameter(str(error)) from None
    path = background_thumbnail_path(background.pk)
    store_bytes(path, thumbnail)
    return path


def organisation_thumbnail_set(
    *, organisation: Organisation, actor: Person, upload: IO[bytes]
) -> str:
    """The organisation's 400x400 avatar (admins only); flags `has_avatar`."""
    check_admin(actor)
    path = organisation_thumbnail_path(organisation.pk)
    png = square_png(upload)
    with changes_announced(ORGANISATION_PUBLIC_WIRE, [organisation.pk]):
        store_bytes(path, png)
        organisation.has_avatar = True
        organisation.save(update_fields=["has_avatar", "updated_at"])
        emit("organisation:update", {"organisation_id": organisation.pk}, user_id=actor.pk)
        emit("organisation:set-thumbnail", {"organisation_id": organisation.pk}, user_id=actor.pk)
    return path


def check_attachment_read(person: Person, attachment: AttachmentFile) -> None:
    """Attachments of a comment are for its task's team; others (chat) for admins."""
    if person.is_admin:
        return
    if attachment.comment is None:
        raise Forbidden()
    check_task_access(person, attachment.comment.object)


def attachment_thumbnail(*, attachment: AttachmentFile, source_path: str) -> str | None:
    """Where the 150x100 thumbnail of a picture attachment is stored, made on first request;
    None for attachments that are not readable pictures."""
    path = attachment_thumbnail_path(attachment.pk)
    if default_storage.exists(path):
        return path
    if (attachment.extension or "").lower() not in PICTURE_EXTENSIONS:
        return None
    if not default_storage.exists(source_path):
        return None
    try:
        with default_storage.open(source_path, "rb") as source:
            store_bytes(path, thumbnail_png(source))
    except MediaError:
        return None
    return path

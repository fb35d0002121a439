"""Preview file actions: the generic resource's update and delete, annotations, positions,
and frames extracted from the stored media with their annotations drawn on them.

Annotations are merged, never replaced: each request adds, updates or deletes drawn objects by
id under a row lock, so two people annotating the same frame at once both keep their strokes.
"""

from __future__ import annotations

import copy
import io
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import av
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageColor, ImageDraw, ImageFont

from kitsu_site.api.errors import ApiError, Forbidden, validation_error
from kitsu_site.api.events import changes_announced, emit
from people.models import Person, Role
from production.models import Entity, Task
from production.permissions import check_manager_project_access
from production.wire import ENTITY_PLAIN_WIRE, TASK_RELATIONS_WIRE
from reviews.media.errors import MediaError
from reviews.media.movies import tile_png
from reviews.media.pictures import open_picture, png_bytes
from reviews.media.probe import probe_movie
from reviews.media.store import delete_stored, fetch_to, working_folder
from reviews.models import Comment, PreviewFile
from reviews.selectors.comments import (
    MANAGER_ROLES,
    has_task_action_access,
    is_assignee,
    is_supervisor_of,
)
from reviews.selectors.preview_files import (
    check_preview_file_read,
    is_movie,
    preview_file_stored_paths,
    revision_preview_files,
    stored_movie_path,
    stored_picture_path,
)
from reviews.services.previews import main_preview_change_emit

Annotation = dict[str, Any]


class PreviewFileError(ApiError):
    """A 400 the reference answers without a `data` key."""

    data_in_body = False


# -- who may do what ------------------------------------------------------------------------------
def check_preview_file_update(person: Person, preview: PreviewFile) -> None:
    """Managers; supervisors of the task's department; otherwise only its assignees."""
    role = check_preview_file_read(person, preview)
    if role in MANAGER_ROLES:
        return
    if role == Role.SUPERVISOR and is_supervisor_of(person, preview.task):
        return
    if role == Role.CLIENT or not is_assignee(person, preview.task):
        raise Forbidden()


def check_preview_file_annotate(person: Person, preview: PreviewFile) -> None:
    """Managers, clients and supervisors of the task's department draw on previews."""
    role = check_preview_file_read(person, preview)
    if role in (*MANAGER_ROLES, Role.CLIENT):
        return
    if role == Role.SUPERVISOR and is_supervisor_of(person, preview.task):
        return
    raise Forbidden()


def check_preview_file_reorder(person: Person, preview: PreviewFile) -> None:
    """Whoever may act on the task (post a comment with a status, upload a preview)."""
    role = check_preview_file_read(person, preview)
    if not has_task_action_access(person, preview.task, role):
        raise Forbidden()


def check_preview_file_manage(person: Person, preview: PreviewFile) -> None:
    """Managers of the project: deleting, extracting frames."""
    if preview.task is None:
        if not person.is_admin:
            raise Forbidden()
        return
    check_manager_project_access(person, preview.task.project_id)


# -- the generic resource -------------------------------------------------------------------------
def preview_file_revision_change(*, preview: PreviewFile, revision: int) -> None:
    """A position-1 preview carries its revision's other previews to the new revision, which must
    be free on the task."""
    if revision == preview.revision or preview.position != 1:
        return
    taken = PreviewFile.objects.filter(task_id=preview.task_id, revision=revision, position=1)
    if taken.exclude(pk=preview.pk).exists():
        raise PreviewFileError(
            f"Revision {revision} already exists for this task. Choose a different revision "
            "number, or omit it to let the revision auto-increment."
        )
    revision_preview_files(preview).exclude(pk=preview.pk).update(
        revision=revision, updated_at=timezone.now()
    )


def _clear_main_previews(preview: PreviewFile, actor: Person) -> None:
    for entity in Entity.objects.select_related("entity_type").filter(preview_file_id=preview.pk):
        with changes_announced(ENTITY_PLAIN_WIRE, [entity.pk]):
            entity.preview_file_id = None
            entity.save(update_fields=["preview_file_id", "updated_at"])
            main_preview_change_emit(entity=entity, preview=None, actor=actor)


def _clear_last_previews(preview: PreviewFile, actor: Person) -> None:
    for task in Task.objects.filter(last_preview_file_id=preview.pk):
        with changes_announced(TASK_RELATIONS_WIRE, [task.pk]):
            task.last_preview_file_id = None
            task.save(update_fields=["last_preview_file_id", "updated_at"])
            emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)


def _delete_stored_files(paths: Iterable[str]) -> None:
    for path in paths:
        delete_stored(path)


def preview_file_delete(*, preview: PreviewFile, actor: Person) -> None:
    """Remove a preview: entities and tasks stop pointing at it, comments drop it, and its
    stored media go once the deletion is committed."""
    check_preview_file_manage(actor, preview)
    paths = preview_file_stored_paths(preview)
    with transaction.atomic():
        _clear_main_previews(preview, actor)
        _clear_last_previews(preview, actor)
        Comment.objects.filter(preview_file_id=preview.pk).update(preview_file_id=None)
        preview_id = preview.pk
        preview.delete()
        emit("preview-file:delete", {"preview_file_id": preview_id}, user_id=actor.pk)
        transaction.on_commit(lambda: _delete_stored_files(paths))


# -- annotations ----------------------------------------------------------------------------------
def _objects_of(annotation: Annotation, field: str) -> list[dict[str, Any]]:
    drawing = annotation.get("drawing")
    objects = drawing.get("objects") if isinstance(drawing, dict) else None
    if objects is None:
        return []
    if not isinstance(objects, list) or not all(isinstance(obj, dict) for obj in objects):
        raise validation_error((f"{field}.drawing.objects", "Input should be a valid list"))
    return objects


def _checked_frames(items: Any, field: str) -> list[Annotation]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise validation_error((field, "Input should be a valid list"))
    for item in items:
        if not isinstance(item, dict) or "time" not in item:
            raise validation_error((field, "Each annotation needs a time."))
        _objects_of(item, field)
    return items


def _with_ids(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Objects keep their id; one drawn without is given one."""
    return [obj if obj.get("id") else {**obj, "id": str(uuid.uuid4())} for obj in objects]


def _add(annotations: list[Annotation], additions: list[Annotation]) -> None:
    by_time = {annotation.get("time"): annotation for annotation in annotations}
    for addition in additions:
        objects = _with_ids(_objects_of(addition, "additions"))
        current = by_time.get(addition["time"])
        if current is None:
            annotation = copy.deepcopy(addition)
            annotation.setdefault("drawing", {})["objects"] = objects
            annotations.append(annotation)
            by_time[addition["time"]] = annotation
            continue
        current.setdefault("drawing", {}).setdefault("objects", [])
        known = {obj.get("id") for obj in current["drawing"]["objects"]}
        current["drawing"]["objects"] += [obj for obj in objects if obj["id"] not in known]


def _update(annotations: list[Annotation], updates: list[Annotation]) -> None:
    """Objects already drawn are replaced (moved to the top); unknown ones are not added."""
    by_time = {annotation.get("time"): annotation for annotation in annotations}
    for update in updates:
        current = by_time.get(update["time"])
        if current is None:
            continue
        objects = current.get("drawing", {}).get("objects", [])
        known = {obj.get("id") for obj in objects}
        replacing = [obj for obj in _objects_of(update, "updates") if obj.get("id") in known]
        replaced = {obj["id"] for obj in replacing}
        current["drawing"]["objects"] = [
            obj for obj in objects if obj.get("id") not in replaced
        ] + replacing


def _delete(annotations: list[Annotation], deletions: list[Any]) -> None:
    by_time = {annotation.get("time"): annotation for annotation in annotations}
    for deletion in deletions:
        ids = deletion.get("objects") or []
        if not isinstance(ids, list):
            raise validation_error(("deletions.objects", "Input should be a valid list"))
        current = by_time.get(deletion["time"])
        if current is None:
            continue
        objects = current.get("drawing", {}).get("objects", [])
        current["drawing"]["objects"] = [obj for obj in objects if obj.get("id") not in ids]


def annotations_merged(
    current: list[Annotation] | None,
    *,
    additions: list[Annotation],
    updates: list[Annotation],
    deletions: list[Annotation],
) -> list[Annotation]:
    """The annotations once the changes are applied; frames left without objects go."""
    annotations = copy.deepcopy(current or [])
    _add(annotations, additions)
    _update(annotations, updates)
    _delete(annotations, deletions)
    return [annotation for annotation in annotations if _objects_of(annotation, "annotations")]


def preview_file_annotations_update(
    *, preview_id: Any, actor: Person, changes: dict[str, Any]
) -> PreviewFile:
    """Merge `additions`, `updates` and `deletions` into the stored annotations, the preview row
    locked so concurrent edits apply one after the other."""
    additions = _checked_frames(changes.get("additions"), "additions")
    updates = _checked_frames(changes.get("updates"), "updates")
    deletions = _checked_frames(changes.get("deletions"), "deletions")
    with transaction.atomic():
        preview = (
            PreviewFile.objects.select_for_update(of=("self",))
            .select_related("task")
            .get(pk=preview_id)
        )
        check_preview_file_annotate(actor, preview)
        preview.annotations = annotations_merged(
            preview.annotations, additions=additions, updates=updates, deletions=deletions
        )
        preview.save(update_fields=["annotations", "updated_at"])
        emit(
            "preview-file:annotation-update",
            {
                "preview_file_id": preview.pk,
                "person_id": actor.pk,
                "updated_at": preview.updated_at,
            },
            project_id=preview.task.project_id if preview.task else None,
            user_id=actor.pk,
        )
    return preview


# -- positions ------------------------------------------------------------------------------------
def preview_file_position_update(
    *, preview: PreviewFile, actor: Person, position: int | None
) -> list[PreviewFile]:
    """Move the preview to `position` (1-based) among its revision's previews and renumber
    them; a position outside the revision changes nothing. Returns the revision in order."""
    check_preview_file_reorder(actor, preview)
    with transaction.atomic():
        previews = list(revision_preview_files(preview).select_for_update())
        ids = [item.pk for item in previews]
        if position is not None and 1 <= position <= len(previews) and preview.pk in ids:
            moved = previews.pop(ids.index(preview.pk))
            previews.insert(position - 1, moved)
            now = timezone.now()
            for index, item in enumerate(previews, start=1):
                if item.position != index:
                    item.position, item.updated_at = index, now
                    item.save(update_fields=["position", "updated_at"])
    return previews


# -- frames ---------------------------------------------------------------------------------------
PDF_RESOLUTION = 150.0


class NoAnnotations(PreviewFileError):
    def __init__(self) -> None:
        super().__init__("Preview file has no annotations")


def _open_movie(path: str) -> av.container.InputContainer:
    try:
        return av.open(default_storage.open(path, "rb"))
    except av.FFmpegError:
        raise PreviewFileError("The stored movie cannot be read.") from None


def movie_frame(path: str, frame_index: int) -> Image.Image:
    """Frame `frame_index` (0-based) of the stored movie, or its last frame past the end."""
    with _open_movie(path) as container:
        stream = container.streams.video[0]
        fps = float(stream.average_rate or 25)
        target = frame_index / fps
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
        last = None
        for frame in container.decode(stream):
            last = frame
            if frame.time is not None and frame.time >= target - 0.5 / fps:
                break
        if last is None:
            raise PreviewFileError("The stored movie has no frame.")
        return last.to_image().convert("RGB")


def movie_fps(path: str) -> float:
    with _open_movie(path) as container:
        return float(container.streams.video[0].average_rate or 25)


def movie_tile_png(path: str) -> bytes:
    """Every frame of the stored movie, 100 px high, in rows of eight, as PNG bytes."""
    with working_folder() as folder:
        movie = fetch_to(path, folder / "movie.mp4")
        try:
            tile = tile_png(movie, probe_movie(movie))
        except MediaError:
            raise PreviewFileError("The stored movie cannot be read.") from None
    if tile is None:
        raise PreviewFileError("The movie is too long to make a tile of.")
    return tile


def stored_picture(path: str) -> Image.Image:
    with default_storage.open(path, "rb") as source:
        try:
            image = open_picture(source)
        except MediaError:
            raise PreviewFileError("The stored picture cannot be read.") from None
    return image.convert("RGB")


def pdf_bytes(images: list[Image.Image]) -> bytes:
    """One page per image, as the reference's Pillow PDF writer lays them out."""
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=PDF_RESOLUTION)
    return buffer.getvalue()


def zip_bytes(files: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


@dataclass
class AnnotatedFrame:
    """One annotated frame: its number as shown to people (1-based) and its drawing."""

    number: int
    objects: list[dict[str, Any]]


def annotation_frame_index(annotation: Annotation, fps: float) -> int:
    frame = annotation.get("frame")
    if isinstance(frame, (int, float)) and not isinstance(frame, bool):
        return max(0, int(frame))
    time = annotation.get("time")
    return max(0, round(float(time) * fps)) if isinstance(time, (int, float)) else 0


def annotated_frames(preview: PreviewFile, fps: float) -> list[AnnotatedFrame]:
    """The preview's annotations in time order: pictures number them 1, 2...; movies by the
    frame they are drawn on."""
    annotations = sorted(
        (annotation for annotation in preview.annotations or [] if isinstance(annotation, dict)),
        key=lambda annotation: annotation_frame_index(annotation, fps),
    )
    frames = []
    for index, annotation in enumerate(annotations, start=1):
        number = annotation_frame_index(annotation, fps) + 1 if is_movie(preview) else index
        frames.append(AnnotatedFrame(number, _objects_of(annotation, "annotations")))
    return frames


def _frame_image(preview: PreviewFile, number: int) -> Image.Image:
    if is_movie(preview):
        return movie_frame(stored_movie_path(preview), number - 1)
    return stored_picture(stored_picture_path(preview))


def _preview_fps(preview: PreviewFile) -> float:
    return movie_fps(stored_movie_path(preview)) if is_movie(preview) else 25.0


def preview_annotated_frame(*, preview: PreviewFile, frame_number: int | None) -> bytes:
    """PNG of one frame with the annotations drawn on it (pictures: their first annotation)."""
    if is_movie(preview) and frame_number is None:
        raise PreviewFileError("frame_number is required for movie previews")
    number = frame_number or 1
    frames = annotated_frames(preview, _preview_fps(preview))
    if is_movie(preview):
        objects = [obj for frame in frames if frame.number == number for obj in frame.objects]
    else:
        objects = frames[0].objects if frames else []
    return png_bytes(draw_objects(_frame_image(preview, number), objects))


def preview_annotated_images(preview: PreviewFile) -> list[tuple[int, Image.Image]]:
    """Every annotated frame, drawn; 400 when there is none."""
    frames = annotated_frames(preview, _preview_fps(preview)) if preview.annotations else []
    if not frames:
        raise NoAnnotations()
    return [
        (frame.number, draw_objects(_frame_image(preview, frame.number), frame.objects))
        for frame in frames
    ]


# -- drawing the Fabric.js objects Kitsu stores ---------------------------------------------------
DEFAULT_COLOR = "#ff3860"
FONT_NAME = "DejaVuSans.ttf"


@dataclass
class Canvas:
    """The drawing surface and the factors from Kitsu's canvas to the frame's pixels."""

    draw: ImageDraw.ImageDraw
    scale_x: float
    scale_y: float

    def point(self, x: Any, y: Any) -> tuple[float, float]:
        return float(x) * self.scale_x, float(y) * self.scale_y

    def width(self, obj: dict[str, Any]) -> int:
        return max(1, round(_number(obj.get("strokeWidth"), 4) * self.scale_x))


def _number(value: Any, default: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return default
    return float(value)


def _color(value: Any, default: str | None = DEFAULT_COLOR) -> tuple[int, ...] | None:
    if isinstance(value, str) and value:
        try:
            color = ImageColor.getrgb(value)
        except ValueError:
            color = None
        if color is not None:
            return None if len(color) == 4 and color[3] == 0 else color
    return ImageColor.getrgb(default) if default else None


def _font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT_NAME, max(1, round(size)))
    except OSError:
        return ImageFont.load_default(size=max(1, round(size)))


def _bezier(points: list[tuple[float, float]], steps: int = 16) -> list[tuple[float, float]]:
    """Points along a quadratic or cubic Bezier curve, its start excepted."""
    curve = []
    for step in range(1, steps + 1):
        t = step / steps
        layer = points
        while len(layer) > 1:
            layer = [
                (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                for a, b in zip(layer, layer[1:], strict=False)
            ]
        curve.append(layer[0])
    return curve


def _path_strokes(path: Any, canvas: Canvas) -> list[list[tuple[float, float]]]:
    """The polylines of an SVG-like path (M, L, Q, C, Z commands)."""
    strokes: list[list[tuple[float, float]]] = []
    for command in path if isinstance(path, list) else []:
        if not isinstance(command, list) or not command or not isinstance(command[0], str):
            continue
        letter, values = command[0].upper(), [_number(value) for value in command[1:]]
        pairs = [canvas.point(*values[i : i + 2]) for i in range(0, len(values) - 1, 2)]
        if letter == "M" and pairs:
            strokes.append([pairs[0]])
        elif strokes and letter == "L" and pairs:
            strokes[-1].append(pairs[-1])
        elif strokes and letter in ("Q", "C") and pairs:
            strokes[-1] += _bezier([strokes[-1][-1], *pairs])
        elif strokes and letter == "Z":
            strokes[-1].append(strokes[-1][0])
    return strokes


def _draw_path(obj: dict[str, Any], canvas: Canvas) -> None:
    color = _color(obj.get("stroke"))
    for stroke in _path_strokes(obj.get("path"), canvas):
        if len(stroke) > 1:
            canvas.draw.line(stroke, fill=color, width=canvas.width(obj), joint="curve")


def _box(obj: dict[str, Any], canvas: Canvas, width: float, height: float) -> list[float]:
    left, top = _number(obj.get("left")), _number(obj.get("top"))
    scale_x, scale_y = _number(obj.get("scaleX"), 1.0), _number(obj.get("scaleY"), 1.0)
    start = canvas.point(left, top)
    end = canvas.point(left + width * scale_x, top + height * scale_y)
    return [
        min(start[0], end[0]),
        min(start[1], end[1]),
        max(start[0], end[0]),
        max(start[1], end[1]),
    ]


def _draw_rect(obj: dict[str, Any], canvas: Canvas) -> None:
    box = _box(obj, canvas, _number(obj.get("width")), _number(obj.get("height")))
    fill, outline = _color(obj.get("fill"), None), _color(obj.get("stroke"))
    canvas.draw.rectangle(box, fill=fill, outline=outline, width=canvas.width(obj))


def _draw_ellipse(obj: dict[str, Any], canvas: Canvas) -> None:
    radius = _number(obj.get("radius"))
    rx, ry = _number(obj.get("rx"), radius), _number(obj.get("ry"), radius)
    box = _box(obj, canvas, 2 * rx, 2 * ry)
    fill, outline = _color(obj.get("fill"), None), _color(obj.get("stroke"))
    canvas.draw.ellipse(box, fill=fill, outline=outline, width=canvas.width(obj))


def _draw_line(obj: dict[str, Any], canvas: Canvas) -> None:
    left, top = _number(obj.get("left")), _number(obj.get("top"))
    start = canvas.point(left + _number(obj.get("x1")), top + _number(obj.get("y1")))
    end = canvas.point(left + _number(obj.get("x2")), top + _number(obj.get("y2")))
    canvas.draw.line([start, end], fill=_color(obj.get("stroke")), width=canvas.width(obj))


def _draw_text(obj: dict[str, Any], canvas: Canvas) -> None:
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return
    size = _number(obj.get("fontSize"), 20) * _number(obj.get("scaleY"), 1.0) * canvas.scale_y
    position = canvas.point(_number(obj.get("left")), _number(obj.get("top")))
    canvas.draw.multiline_text(position, text, fill=_color(obj.get("fill")), font=_font(size))


DRAWERS = {
    "path": _draw_path,
    "rect": _draw_rect,
    "circle": _draw_ellipse,
    "ellipse": _draw_ellipse,
    "line": _draw_line,
    "text": _draw_text,
    "i-text": _draw_text,
    "itext": _draw_text,
    "textbox": _draw_text,
}


def draw_objects(image: Image.Image, objects: list[dict[str, Any]]) -> Image.Image:
    """The frame with the objects drawn, scaled from the canvas they were drawn on; kinds the
    reference does not draw are left out."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for obj in objects:
        drawer = DRAWERS.get(str(obj.get("type", "")).lower())
        if drawer is None:
            continue
        canvas_width = _number(obj.get("canvasWidth")) or image.width
        canvas_height = _number(obj.get("canvasHeight")) or image.height
        drawer(obj, Canvas(draw, image.width / canvas_width, image.height / canvas_height))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")

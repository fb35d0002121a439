"""Reads of the playlist routes: a project's playlists page by page, and an entity's preview
files grouped by task type, each with a fixed number of queries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.text import underscore_slug
from kitsu_site.api.wire import Row, values_fast, wire_datetime, wire_uuid
from people.models import Person, Role
from production.models import Entity, Project, Task
from production.permissions import scope_to_team
from reviews.models import BuildJob, Playlist, PreviewFile, PreviewStatus, ValidationStatus
from reviews.playlist_jobs import playlist_media, preview_media
from reviews.serializers.playlists import (
    BUILD_JOB_WIRE,
    PLAYLIST_SUMMARY_FIELDS,
    PLAYLIST_WIRE,
    playlist_summary,
    with_build_jobs,
)

PLAYLISTS_PER_PAGE = 20
# Columns `sort_by` may name; `name` sorts A→Z, the others newest first, as the reference does.
SORTABLE_COLUMNS = {"name", "created_at", "updated_at"}


def visible_playlists(person: Person) -> QuerySet[Playlist]:
    """Playlists of the person's projects; clients only see those made for clients."""
    queryset = scope_to_team(person, Playlist.objects.all())
    if person.role == Role.CLIENT:
        queryset = queryset.filter(for_client=True)
    return queryset


def project_playlists(
    *,
    project: Project,
    for_client: bool,
    page: int,
    sort_by: str | None,
    episode_id: str | None = None,
) -> list[Row]:
    """One page (20 rows; page 0 is page 1) of the project's playlists, without their shots.

    `episode_id` narrows the page to an episode, to `main` (no episode, not for all) or to
    `all` (the playlists made for every episode)."""
    queryset = Playlist.objects.filter(project=project)
    if episode_id == "main":
        queryset = queryset.filter(episode__isnull=True).exclude(is_for_all=True)
    elif episode_id == "all":
        queryset = queryset.filter(is_for_all=True)
    elif episode_id is not None:
        queryset = queryset.filter(episode_id=episode_id)
    if for_client:
        queryset = queryset.filter(for_client=True)
    if sort_by == "name":
        queryset = queryset.order_by("name", "id")
    elif sort_by in SORTABLE_COLUMNS:
        queryset = queryset.order_by(f"-{sort_by}", "id")
    else:
        queryset = queryset.order_by("-updated_at", "id")
    offset = (max(page, 1) - 1) * PLAYLISTS_PER_PAGE
    columns = [
        name if name != "created_by" else "created_by_id" for name in PLAYLIST_SUMMARY_FIELDS
    ]
    rows = values_fast(queryset[offset : offset + PLAYLISTS_PER_PAGE], columns)
    for row in rows:
        row["created_by"] = row.pop("created_by_id")
    return [playlist_summary(row) for row in rows]


PREVIEW_COLUMNS = (
    "id",
    "revision",
    "position",
    "original_name",
    "extension",
    "width",
    "height",
    "duration",
    "status",
    "annotations",
    "created_at",
    "task_id",
    "task__task_type_id",
    "data",
)


def _preview_row(raw: dict[str, Any], *, nested: bool) -> Row:
    row: Row = {
        "id": wire_uuid(raw["id"]),
        "revision": raw["revision"],
    }
    if nested:
        row["position"] = raw["position"]
    row.update(
        {
            "original_name": raw["original_name"],
            "extension": raw["extension"],
            "width": raw["width"],
            "height": raw["height"],
            "duration": raw["duration"],
            "status": raw["status"],
            "annotations": raw["annotations"],
        }
    )
    if not nested:
        row["previews"] = []
    row["created_at"] = wire_datetime(raw["created_at"])
    row["task_id"] = wire_uuid(raw["task_id"])
    if nested:
        row["task_type_id"] = wire_uuid(raw["task__task_type_id"])
    data = raw["data"] if isinstance(raw["data"], dict) else {}
    for key in ("width", "height", "duration", "file_size"):
        row[f"original_{key}"] = data.get(f"original_{key}")
    return row


def _previews_by_entity(
    entity_ids: list[Any], role: str, columns: tuple[str, ...], shape: Callable[..., Row]
) -> dict[str, dict[str, list[Row]]]:
    """The entities' preview files by entity id then task type id, newest revision first; the
    files posted at positions 2+ of a revision ride under the first one's `previews`. Clients
    do not see rejected previews. One query."""
    queryset = PreviewFile.objects.filter(task__entity_id__in=entity_ids)
    if role == Role.CLIENT:
        queryset = queryset.exclude(validation_status=ValidationStatus.REJECTED)
    raws = values_fast(
        queryset.order_by("-revision", "position", "created_at"),
        (*columns, "task__entity_id"),
    )
    grouped: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    mains: dict[tuple[str, str, int], Row] = {}
    for raw in raws:
        task_type_id = wire_uuid(raw["task__task_type_id"])
        key = (task_type_id, wire_uuid(raw["task_id"]), raw["revision"])
        main = mains.get(key)
        if main is None:
            main = shape(raw, nested=False)
            mains[key] = main
            grouped[wire_uuid(raw["task__entity_id"])][task_type_id].append(main)
        else:
            main["previews"].append(shape(raw, nested=True))
    return {entity_id: dict(groups) for entity_id, groups in grouped.items()}


def entity_preview_files(*, entity: Entity, person: Person, role: str) -> dict[str, list[Row]]:
    """The entity's preview files by task type id (see `_previews_by_entity`)."""
    grouped = _previews_by_entity([entity.pk], role, PREVIEW_COLUMNS, _preview_row)
    return grouped.get(str(entity.pk), {})


def latest_preview_id(*, entity_id: Any, task_type_id: Any) -> str | None:
    """The entity's most recent preview, restricted to a task type when one is given."""
    queryset = PreviewFile.objects.filter(task__entity_id=entity_id)
    if task_type_id is not None:
        queryset = queryset.filter(task__task_type_id=task_type_id)
    preview = queryset.order_by("-revision", "-created_at").values_list("id", flat=True).first()
    return None if preview is None else str(preview)


# -- a playlist with its previews ------------------------------------------------------------------
LIGHT_PREVIEW_COLUMNS = (
    "id",
    "revision",
    "position",
    "extension",
    "width",
    "height",
    "duration",
    "status",
    "created_at",
    "task_id",
    "task__task_type_id",
)


def _light_preview_row(raw: dict[str, Any], *, nested: bool) -> Row:
    """A preview as a playlist lists it: its status is the label (`Ready`), as the reference."""
    row: Row = {
        "id": wire_uuid(raw["id"]),
        "revision": raw["revision"],
        "extension": raw["extension"],
        "width": raw["width"],
        "height": raw["height"],
        "duration": raw["duration"],
        "status": PreviewStatus(raw["status"]).label,
        "created_at": wire_datetime(raw["created_at"]),
        "task_id": wire_uuid(raw["task_id"]),
    }
    if not nested:
        row["previews"] = []
    return row


def _index_previews(groups: dict[str, dict[str, list[Row]]]) -> dict[str, Row]:
    """Every preview of the groups by id, the ones nested under a revision included."""
    index: dict[str, Row] = {}
    for by_task_type in groups.values():
        for previews in by_task_type.values():
            for preview in previews:
                index[preview["id"]] = preview
                index.update((nested["id"], nested) for nested in preview["previews"])
    return index


def _with_chosen_preview(shot: Row, preview: Row) -> None:
    for key in ("extension", "revision", "width", "height", "duration", "status", "task_id"):
        shot[f"preview_file_{key}"] = preview[key]
    shot["preview_file_previews"] = preview.get("previews", [])


def playlist_detail(*, playlist: Playlist, role: str) -> Row:
    """The playlist with its build jobs, each shot carrying its entity's previews by task type
    and the chosen preview's details (`GET /data/projects/<p>/playlists/<id>`). Three queries."""
    row = with_build_jobs([PLAYLIST_WIRE.instance(playlist)])[0]
    shots = [dict(shot) for shot in playlist.shots or [] if isinstance(shot, dict)]
    entity_ids = [shot["entity_id"] for shot in shots if _is_uuid(shot.get("entity_id"))]
    groups = _previews_by_entity(entity_ids, role, LIGHT_PREVIEW_COLUMNS, _light_preview_row)
    index = _index_previews(groups)
    for shot in shots:
        shot["id"] = shot.get("entity_id")
        shot["preview_files"] = groups.get(str(shot["id"]), {})
        preview = index.get(str(shot.get("preview_file_id")))
        if preview is not None:
            _with_chosen_preview(shot, preview)
    row["shots"] = shots
    return row


def _is_uuid(value: Any) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# -- lists -----------------------------------------------------------------------------------------
def all_project_playlists(*, project: Project, for_client: bool) -> list[Row]:
    """Every playlist of the project, oldest first, with shots and build job ids."""
    queryset = Playlist.objects.filter(project=project).order_by("created_at", "id")
    if for_client:
        queryset = queryset.filter(for_client=True)
    return with_build_jobs(PLAYLIST_WIRE.rows(queryset))


def project_build_jobs(*, project: Project) -> list[Row]:
    """The build jobs of the project's playlists, newest first."""
    queryset = BuildJob.objects.filter(playlist__project=project).order_by("-created_at", "id")
    return BUILD_JOB_WIRE.rows(queryset)


# -- temporary playlists ---------------------------------------------------------------------------
TEMP_TASK_COLUMNS = (
    "id",
    "entity_id",
    "entity__name",
    "entity__entity_type_id",
    "entity__entity_type__name",
    "entity__parent_id",
    "entity__parent__name",
    "entity__parent__parent_id",
    "entity__parent__parent__name",
)


def _temp_entity_row(task: dict[str, Any]) -> Row:
    """An entity of a temporary playlist: its names, and its sequence and episode when it is a
    shot, else its asset type."""
    in_sequence = task["entity__parent_id"] is not None
    return {
        "id": wire_uuid(task["entity_id"]),
        "name": task["entity__name"],
        "preview_file_task_id": wire_uuid(task["id"]),
        "parent_name": task["entity__parent__name"] or task["entity__entity_type__name"],
        "episode_id": wire_uuid(task["entity__parent__parent_id"]) or "",
        "episode_name": task["entity__parent__parent__name"] or "",
        "sequence_id": wire_uuid(task["entity__parent_id"]) or "",
        "sequence_name": task["entity__parent__name"] or "",
        "asset_type_id": "" if in_sequence else wire_uuid(task["entity__entity_type_id"]),
        "asset_type_name": "" if in_sequence else task["entity__entity_type__name"],
    }


def _latest_previews_of_tasks(task_ids: list[Any], role: str) -> dict[str, dict[str, Any]]:
    queryset = PreviewFile.objects.filter(task_id__in=task_ids, position=1)
    if role == Role.CLIENT:
        queryset = queryset.exclude(validation_status=ValidationStatus.REJECTED)
    latest: dict[str, dict[str, Any]] = {}
    raws = values_fast(queryset.order_by("-revision", "-created_at"), PREVIEW_COLUMNS)
    for raw in raws:
        latest.setdefault(wire_uuid(raw["task_id"]), raw)
    return latest


def temp_playlist(*, project: Project, task_ids: list[Any], role: str) -> list[Row]:
    """The entities of the project's tasks, in the order given, each with its task's latest
    preview and every preview of the entity (four queries)."""
    tasks = {
        wire_uuid(task["id"]): task
        for task in values_fast(
            Task.objects.filter(pk__in=task_ids, project=project), TEMP_TASK_COLUMNS
        )
    }
    latest = _latest_previews_of_tasks(list(tasks), role)
    entity_ids = [task["entity_id"] for task in tasks.values()]
    groups = _previews_by_entity(entity_ids, role, PREVIEW_COLUMNS, _preview_row)
    rows = []
    for task_id in (str(pk) for pk in task_ids):
        task = tasks.get(task_id)
        if task is None:
            continue
        row = _temp_entity_row(task)
        preview = latest.get(task_id)
        if preview is not None:
            row["preview_file_id"] = wire_uuid(preview["id"])
            for key in ("extension", "width", "height", "duration", "revision", "status"):
                row[f"preview_file_{key}"] = preview[key]
            row["preview_file_annotations"] = preview["annotations"] or []
            row["preview_file_previews"] = []
        row["preview_files"] = groups.get(row["id"], {})
        rows.append(row)
    return rows


# -- file names ------------------------------------------------------------------------------------
NAME_COLUMNS = (
    "id",
    "revision",
    "extension",
    "task__project__name",
    "task__task_type__name",
    "task__entity__name",
    "task__entity__parent__name",
    "task__entity__parent__parent__name",
    "task__entity__entity_type__name",
)


def _download_name(raw: dict[str, Any], extension: str) -> str:
    """`<project>_<episode>_<sequence>_<shot>_<task type>_v<revision>.<ext>`, slugified with
    underscores as the reference names downloads (assets: their type instead of a sequence)."""
    parent = raw["task__entity__parent__name"]
    parts = [
        raw["task__project__name"],
        raw["task__entity__parent__parent__name"],
        parent if parent else raw["task__entity__entity_type__name"],
        raw["task__entity__name"],
        raw["task__task_type__name"],
    ]
    stem = underscore_slug(" ".join(part for part in parts if part))
    return f"{stem}_v{raw['revision']}.{extension}"


def preview_download_names(preview_ids: list[Any]) -> dict[str, str]:
    """The download name of each preview, by id string (one query)."""
    raws = values_fast(PreviewFile.objects.filter(pk__in=preview_ids), NAME_COLUMNS)
    names = {}
    for raw in raws:
        extension = preview_media(raw["id"], raw["extension"]).extension
        names[wire_uuid(raw["id"])] = _download_name(raw, extension)
    return names


def preview_download_name(preview: PreviewFile, extension: str) -> str:
    """The name a preview's file with `extension` downloads as (one query); a preview without
    a task is named by its id."""
    if preview.task_id is None:
        return f"{preview.pk}.{extension}"
    raw = values_fast(PreviewFile.objects.filter(pk=preview.pk), NAME_COLUMNS)[0]
    return _download_name(raw, extension)


def playlist_zip_entries(playlist: Playlist) -> list[tuple[str, str]]:
    """`(name in the zip, storage path)` of each preview the playlist plays, each once."""
    medias = playlist_media(playlist)
    names = preview_download_names([media.preview_id for media in medias])
    entries: dict[str, tuple[str, str]] = {}
    for media in medias:
        entries.setdefault(media.preview_id, (names[media.preview_id], media.path))
    return list(entries.values())


# -- what guests see through a share link ----------------------------------------------------------
SHARED_PREVIEW_COLUMNS = (
    *LIGHT_PREVIEW_COLUMNS,
    "annotations",
    "task__task_type__name",
    "task__task_type__color",
    "task__task_type__for_entity",
    "task__task_status__color",
)
SHARED_ENTITY_COLUMNS = ("id", "name", "parent__name")


def _shared_shot(shot: Row, preview: dict[str, Any] | None, entity: dict[str, Any] | None) -> Row:
    row = {**shot, "id": shot.get("entity_id"), "preview_files": {}}
    if preview is not None:
        _with_chosen_preview(row, _light_preview_row(preview, nested=False))
        row["preview_file_annotations"] = preview["annotations"]
    if entity is not None:
        row["name"] = entity["name"]
        row["parent_name"] = entity["parent__name"]
    if preview is not None:
        row["preview_file_task_type"] = {
            "id": wire_uuid(preview["task__task_type_id"]),
            "name": preview["task__task_type__name"],
            "color": preview["task__task_type__color"],
            "for_entity": preview["task__task_type__for_entity"],
        }
        row["preview_file_task_type_name"] = preview["task__task_type__name"]
        row["task_status_color"] = preview["task__task_status__color"]
    return row


def shared_playlist(playlist: Playlist) -> Row:
    """The playlist as guests get it: only its chosen previews, with the names and colours the
    review page shows, and the project's name and frame rate. Four queries."""
    row = with_build_jobs([PLAYLIST_WIRE.instance(playlist)])[0]
    shots = [dict(shot) for shot in playlist.shots or [] if isinstance(shot, dict)]
    preview_ids = [shot.get("preview_file_id") for shot in shots]
    entity_ids = [shot.get("entity_id") for shot in shots]
    previews = {
        wire_uuid(raw["id"]): raw
        for raw in values_fast(
            PreviewFile.objects.filter(pk__in=[pk for pk in preview_ids if _is_uuid(pk)]),
            SHARED_PREVIEW_COLUMNS,
        )
    }
    entities = {
        wire_uuid(raw["id"]): raw
        for raw in values_fast(
            Entity.objects.filter(pk__in=[pk for pk in entity_ids if _is_uuid(pk)]),
            SHARED_ENTITY_COLUMNS,
        )
    }
    row["shots"] = [
        _shared_shot(
            shot,
            previews.get(str(shot.get("preview_file_id"))),
            entities.get(str(shot.get("entity_id"))),
        )
        for shot in shots
    ]
    row["project_fps"] = playlist.project.fps
    row["project_name"] = playlist.project.name
    return row


def shared_context(project: Project) -> Row:
    """What the guest review page needs to draw: the project's format, team members' names,
    and its task types and statuses."""
    team = values_fast(
        project.team.order_by("first_name", "last_name"),
        ("id", "first_name", "last_name", "has_avatar"),
    )
    return {
        "project": {
            "id": wire_uuid(project.pk),
            "name": project.name,
            "fps": project.fps,
            "ratio": project.ratio,
            "resolution": project.resolution,
            "team": [
                {
                    "id": wire_uuid(person["id"]),
                    "first_name": person["first_name"],
                    "last_name": person["last_name"],
                    "full_name": f"{person['first_name']} {person['last_name']}".strip(),
                    "has_avatar": person["has_avatar"],
                }
                for person in team
            ],
        },
        "task_types": [
            {key: wire_uuid(value) if key == "id" else value for key, value in row.items()}
            for row in values_fast(
                project.task_types.order_by("priority", "name"),
                ("id", "name", "color", "for_entity", "priority"),
            )
        ],
        "task_statuses": [
            {key: wire_uuid(value) if key == "id" else value for key, value in row.items()}
            for row in values_fast(
                project.task_statuses.order_by("priority", "name"),
                ("id", "name", "short_name", "color", "is_client_allowed"),
            )
        ],
    }

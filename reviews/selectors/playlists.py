"""Reads of the playlist routes: a project's playlists page by page, and an entity's preview
files grouped by task type, each with a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import Row, values_fast, wire_datetime, wire_uuid
from people.models import Person, Role
from production.models import Entity, Project
from production.permissions import scope_to_team
from reviews.models import Playlist, PreviewFile, ValidationStatus
from reviews.serializers.playlists import PLAYLIST_SUMMARY_FIELDS, playlist_summary

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
    *, project: Project, for_client: bool, page: int, sort_by: str | None
) -> list[Row]:
    """One page (20 rows; page 0 is page 1) of the project's playlists, without their shots."""
    queryset = Playlist.objects.filter(project=project)
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


def entity_preview_files(*, entity: Entity, person: Person, role: str) -> dict[str, list[Row]]:
    """The entity's preview files by task type id, newest revision first; the files posted at
    positions 2+ of a revision ride under the first one's `previews`. Clients do not see
    rejected previews."""
    queryset = PreviewFile.objects.filter(task__entity=entity)
    if role == Role.CLIENT:
        queryset = queryset.exclude(validation_status=ValidationStatus.REJECTED)
    raws = values_fast(queryset.order_by("-revision", "position", "created_at"), PREVIEW_COLUMNS)
    grouped: dict[str, list[Row]] = defaultdict(list)
    mains: dict[tuple[str, str, int], Row] = {}
    for raw in raws:
        task_type_id = wire_uuid(raw["task__task_type_id"])
        key = (task_type_id, wire_uuid(raw["task_id"]), raw["revision"])
        main = mains.get(key)
        if main is None:
            main = _preview_row(raw, nested=False)
            mains[key] = main
            grouped[task_type_id].append(main)
        else:
            main["previews"].append(_preview_row(raw, nested=True))
    return dict(grouped)


def latest_preview_id(*, entity_id: Any, task_type_id: Any) -> str | None:
    """The entity's most recent preview, restricted to a task type when one is given."""
    queryset = PreviewFile.objects.filter(task__entity_id=entity_id)
    if task_type_id is not None:
        queryset = queryset.filter(task__task_type_id=task_type_id)
    preview = queryset.order_by("-revision", "-created_at").values_list("id", flat=True).first()
    return None if preview is None else str(preview)

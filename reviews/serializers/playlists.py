"""The wire shapes of playlists, their build jobs and share links, and the entity rows the
preview routes answer."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import Row, WireFormat, values_fast, wire_datetime, wire_uuid
from production.models import Entity
from reviews.models import BuildJob, Playlist, PlaylistShareLink

PLAYLIST_WIRE = WireFormat(Playlist)
BUILD_JOB_WIRE = WireFormat(BuildJob)
SHARE_LINK_WIRE = WireFormat(
    PlaylistShareLink,
    hidden=("password",),
    computed={"has_password": lambda row: bool(row["password"])},
    computed_from=("password",),
)
# `set-main-preview` answers the raw entity row, typed "Entity" as the reference does.
RAW_ENTITY_WIRE = WireFormat(Entity, type_name="Entity")

# The project playlist lists leave `shots` out and add the first shot's preview.
PLAYLIST_SUMMARY_FIELDS = (
    "id",
    "name",
    "project_id",
    "episode_id",
    "task_type_id",
    "for_client",
    "for_entity",
    "is_for_all",
    "created_at",
    "updated_at",
    "created_by",
    "shots",
)


class PlaylistSerializer(ZouSerializer):
    wire = PLAYLIST_WIRE

    class Meta:
        model = Playlist
        fields = "__all__"


def with_build_jobs(rows: list[Row]) -> list[Row]:
    """Playlist rows with their build job ids (the reference's `build_jobs` relation), in one
    query whatever the row count."""
    if not rows:
        return rows
    grouped: dict[str, list[str]] = defaultdict(list)
    links = values_fast(
        BuildJob.objects.filter(playlist_id__in=[row["id"] for row in rows]).order_by("created_at"),
        ("playlist_id", "id"),
    )
    for link in links:
        grouped[wire_uuid(link["playlist_id"])].append(wire_uuid(link["id"]))
    for row in rows:
        row["build_jobs"] = grouped.get(row["id"], [])
    return rows


def playlist_summary(row: dict[str, Any]) -> Row:
    """One row of a project playlist list: no shots, `first_preview_file_id` when it has some."""
    summary: Row = {
        "type": "Playlist",
        "id": wire_uuid(row["id"]),
        "name": row["name"],
        "project_id": wire_uuid(row["project_id"]),
        "episode_id": wire_uuid(row["episode_id"]),
        "task_type_id": wire_uuid(row["task_type_id"]),
        "for_client": row["for_client"],
        "for_entity": row["for_entity"],
        "is_for_all": row["is_for_all"],
        "created_at": wire_datetime(row["created_at"]),
        "updated_at": wire_datetime(row["updated_at"]),
        "created_by": wire_uuid(row["created_by"]),
    }
    shots = row["shots"]
    if isinstance(shots, list) and shots and isinstance(shots[0], dict):
        summary["first_preview_file_id"] = shots[0].get("preview_file_id")
    return summary

"""Casting reads: who is cast where, shaped for the casting routes.

Every function reads with `values()` in a fixed number of queries whatever the number of
shots, links and assets.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.wire import Row, wire_uuid, wire_values
from production.models import AssetInstance, EntityLink, EntityType

ASSET_ORDER = ("entity_out__entity_type__name", "entity_out__name")


def _live_links() -> QuerySet[EntityLink]:
    """Links towards assets that are not canceled."""
    return EntityLink.objects.filter(entity_out__canceled=False)


def casting_for_entity(*, entity_id: uuid.UUID) -> list[Row]:
    """What `entity_id` casts: one row per asset, with the asset's readiness and episode."""
    rows = (
        _live_links()
        .filter(entity_in_id=entity_id)
        .order_by(*ASSET_ORDER)
        .values(
            "entity_out_id",
            "entity_out__name",
            "entity_out__entity_type__name",
            "entity_out__ready_for_id",
            "entity_out__source_id",
            "entity_out__preview_file_id",
            "nb_occurences",
            "label",
            "entity_out__is_shared",
            "entity_out__project_id",
        )
    )
    return [
        {
            "asset_id": wire_uuid(row["entity_out_id"]),
            "asset_name": row["entity_out__name"],
            "asset_type_name": row["entity_out__entity_type__name"],
            "ready_for": wire_uuid(row["entity_out__ready_for_id"]),
            "episode_id": wire_uuid(row["entity_out__source_id"]),
            "preview_file_id": wire_uuid(row["entity_out__preview_file_id"]),
            "nb_occurences": row["nb_occurences"],
            "label": row["label"],
            "is_shared": row["entity_out__is_shared"],
            "project_id": wire_uuid(row["entity_out__project_id"]),
        }
        for row in rows
    ]


CASTING_COLUMNS = (
    "entity_in_id",
    "entity_out_id",
    "entity_out__name",
    "entity_out__entity_type__name",
    "entity_out__preview_file_id",
    "nb_occurences",
    "label",
    "entity_out__is_shared",
    "entity_out__project_id",
    "entity_in__parent__name",
)


def _grouped_casting(
    links: QuerySet[EntityLink], *, sequence_name: bool = False, sharing: bool = True
) -> dict[str, list[Row]]:
    """`{entity_in_id: [asset rows]}` for the links given, in one query."""
    columns = CASTING_COLUMNS if sequence_name else CASTING_COLUMNS[:-1]
    ordered = links.order_by("entity_in__name", "entity_in_id", *ASSET_ORDER)
    grouped: dict[str, list[Row]] = defaultdict(list)
    for values in wire_values(ordered, columns):
        (
            entity_in_id,
            asset_id,
            name,
            type_name,
            preview_id,
            occurences,
            label,
            shared,
            project_id,
        ) = values[:9]
        item: Row = {
            "asset_id": asset_id,
            "name": name,
            "asset_name": name,
            "asset_type_name": type_name,
        }
        if sequence_name:
            item["sequence_name"] = values[9]
        item["preview_file_id"] = preview_id
        item["nb_occurences"] = occurences
        item["label"] = label
        if sharing:
            item["is_shared"] = shared
            item["project_id"] = project_id
        grouped[entity_in_id].append(item)
    return dict(grouped)


def _shot_links(project_id: uuid.UUID) -> QuerySet[EntityLink]:
    return _live_links().filter(
        entity_in__project_id=project_id, entity_in__entity_type__name="Shot"
    )


def casting_for_sequence(*, project_id: uuid.UUID, sequence_id: uuid.UUID) -> dict[str, list[Row]]:
    """The casting of every shot of one sequence, keyed by shot id."""
    return _grouped_casting(
        _shot_links(project_id).filter(entity_in__parent_id=sequence_id), sequence_name=True
    )


def casting_for_all_sequences(
    *, project_id: uuid.UUID, episode_id: uuid.UUID | None = None
) -> dict[str, list[Row]]:
    """The casting of every shot of the project (or of one episode), keyed by shot id."""
    links = _shot_links(project_id)
    if episode_id is not None:
        links = links.filter(entity_in__parent__parent_id=episode_id)
    return _grouped_casting(links, sequence_name=True)


def casting_for_episodes(*, project_id: uuid.UUID) -> dict[str, list[Row]]:
    """Every casting of the project, keyed by the casting entity (the reference does not narrow
    this route to episodes)."""
    return _grouped_casting(_live_links().filter(entity_in__project_id=project_id))


def casting_for_asset_type(
    *, project_id: uuid.UUID, asset_type_id: uuid.UUID
) -> dict[str, list[Row]]:
    """What the assets of one type cast (sets dressed with props...), keyed by asset id."""
    links = _live_links().filter(
        entity_in__project_id=project_id, entity_in__entity_type_id=asset_type_id
    )
    return _grouped_casting(links, sharing=False)


def cast_in(*, asset_id: uuid.UUID) -> list[Row]:
    """The shots, then the assets, that cast `asset_id` (episodes are left out)."""
    rows = (
        EntityLink.objects.filter(entity_out_id=asset_id, entity_in__canceled=False)
        .exclude(
            entity_in__entity_type__name__in=[
                name for name in EntityType.TEMPORAL_NAMES if name != "Shot"
            ]
        )
        .order_by(
            "entity_in__parent__parent__name",
            "entity_in__parent__name",
            "entity_in__entity_type__name",
            "entity_in__name",
        )
        .values(
            "entity_in_id",
            "entity_in__name",
            "entity_in__entity_type__name",
            "entity_in__parent__name",
            "entity_in__parent__parent_id",
            "entity_in__parent__parent__name",
            "entity_in__preview_file_id",
            "nb_occurences",
        )
    )
    shots: list[Row] = []
    assets: list[Row] = []
    for row in rows:
        if row["entity_in__entity_type__name"] == "Shot":
            shots.append(
                {
                    "shot_id": wire_uuid(row["entity_in_id"]),
                    "shot_name": row["entity_in__name"],
                    "sequence_name": row["entity_in__parent__name"],
                    "episode_id": wire_uuid(row["entity_in__parent__parent_id"]),
                    "episode_name": row["entity_in__parent__parent__name"],
                    "preview_file_id": wire_uuid(row["entity_in__preview_file_id"]),
                    "nb_occurences": row["nb_occurences"],
                }
            )
        else:
            assets.append(
                {
                    "asset_id": wire_uuid(row["entity_in_id"]),
                    "asset_name": row["entity_in__name"],
                    "asset_type_name": row["entity_in__entity_type__name"],
                    "preview_file_id": wire_uuid(row["entity_in__preview_file_id"]),
                    "nb_occurences": row["nb_occurences"],
                }
            )
    return shots + assets


def cast_asset_ids(*, entity_id: Any) -> set[uuid.UUID]:
    return set(
        EntityLink.objects.filter(entity_in_id=entity_id).values_list("entity_out_id", flat=True)
    )


def project_entity_links(*, project_id: uuid.UUID) -> QuerySet[EntityLink]:
    """The links whose casting entity belongs to the project, oldest first."""
    return EntityLink.objects.filter(entity_in__project_id=project_id).order_by("created_at", "id")


def project_entity_link_rows(*, project_id: uuid.UUID) -> list[Row]:
    """The unpaginated shape of the project links: a short row with a precise creation date."""
    rows = project_entity_links(project_id=project_id).values(
        "id", "entity_in_id", "entity_out_id", "nb_occurences", "label", "data", "created_at"
    )
    return [
        {
            "id": str(row["id"]),
            "entity_in_id": str(row["entity_in_id"]),
            "entity_out_id": str(row["entity_out_id"]),
            "nb_occurences": row["nb_occurences"],
            "label": row["label"],
            "data": row["data"],
            "created_at": row["created_at"].replace(tzinfo=None).isoformat(),
            "type": "EntityLink",
        }
        for row in rows
    ]


def group_instances(rows: list[Row], key: str) -> dict[str, list[Row]]:
    """Rendered asset instance rows grouped by one of their keys."""
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return dict(grouped)


def instances_in_scene(*, scene_id: uuid.UUID, camera: bool = False) -> QuerySet[AssetInstance]:
    """The instances placed in a scene; only the cameras' when `camera`."""
    instances = AssetInstance.objects.filter(scene_id=scene_id)
    if camera:
        instances = instances.filter(asset__entity_type__name="Camera")
    return instances.order_by("asset__name", "number")

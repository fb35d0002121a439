"""Shot and edit imports: their episodes and sequences are created when missing."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from imports.csv_import.entities import EntityImport, EntityPlan, first_column, parse_int
from imports.csv_import.names import NameIndex
from imports.csv_import.reader import CsvRow
from production.models import Entity, EntityType
from production.selectors.common import temporal_entity_type
from production.services.entities import entity_update
from production.services.temporal import shot_update, temporal_entity_create

NOT_TV_SHOW = "An episode column is present for a production that isn't a TV Show"


class TemporalParents:
    """Episodes and sequences of a project by name (padding-tolerant), created on demand."""

    def __init__(self, importer: EntityImport):
        self.importer = importer
        self.index: NameIndex[Entity] = NameIndex()
        for entity in Entity.objects.filter(
            project=importer.project, entity_type__name__in=("Episode", "Sequence")
        ).select_related("entity_type"):
            self.index.add((entity.entity_type.name, entity.parent_id), entity.name, entity)

    def get(self, kind: str, name: str, parent: Entity | None) -> Entity:
        scope = (kind, parent.pk if parent else None)
        found = self.index.find(scope, name)
        if found is None:
            found = temporal_entity_create(
                actor=self.importer.actor,
                project=self.importer.project,
                kind=kind,
                name=name,
                parent=parent,
            )
            self.index.add(scope, name, found)
        return found


def episode_name(importer: EntityImport, row: CsvRow) -> str:
    """The row's episode; an episode in a production that is not a TV show is refused."""
    name = row.text("Episode")
    if name and importer.project.production_type != "tvshow":
        raise row.error(NOT_TV_SHOW)
    return name


class TemporalImport(EntityImport):
    @cached_property
    def entity_type(self) -> EntityType:
        return temporal_entity_type(self.kind)

    def existing_index(self) -> NameIndex[Entity]:
        index: NameIndex[Entity] = NameIndex()
        entities = Entity.objects.filter(
            project=self.project, entity_type=self.entity_type
        ).select_related("entity_type")
        for entity in entities:
            index.add(entity.parent_id, entity.name, entity)
        return index

    def entity_type_of(self, plan: EntityPlan) -> EntityType:
        return self.entity_type

    def placement(self, scope: Any) -> dict[str, Any]:
        return {"parent_id": scope}


class ShotImport(TemporalImport):
    kind = "Shot"
    required_columns = ("Sequence",)

    def plan(self, row: CsvRow) -> EntityPlan:
        sequence = row.text("Sequence")
        if not sequence:
            raise row.error("Sequence cannot be empty")
        fields = {**self.description_of(row), "nb_frames": self.nb_frames(row)}
        return EntityPlan(
            row=row,
            name=self.name_of(row),
            parent=(episode_name(self, row), sequence),
            fields=fields,
            data=self.shot_data(row),
        )

    def frames(self, row: CsvRow) -> tuple[int | None, int | None]:
        frame_in = parse_int(row, first_column(self.csv_file, "Frame In", "In"), "frame_in")
        frame_out = parse_int(row, first_column(self.csv_file, "Frame Out", "Out"), "frame_out")
        return frame_in, frame_out

    def nb_frames(self, row: CsvRow) -> int:
        column = first_column(self.csv_file, "Nb Frames", "Frames")
        nb_frames = parse_int(row, column, "nb_frames") if column else None
        if nb_frames is not None:
            return nb_frames
        frame_in, frame_out = self.frames(row)
        if frame_in is not None and frame_out is not None:
            return frame_out - frame_in + 1
        return 0

    def shot_data(self, row: CsvRow) -> dict[str, Any]:
        data: dict[str, Any] = {}
        frame_in, frame_out = self.frames(row)
        if frame_in is not None:
            data["frame_in"] = frame_in
        if frame_out is not None:
            data["frame_out"] = frame_out
        for column, key in (("FPS", "fps"), ("Resolution", "resolution")):
            if self.csv_file.has(column):
                data[key] = row.text(column)
        return data

    def resolve_parents(self, plans: list[EntityPlan]) -> dict[tuple, Any]:
        parents = TemporalParents(self)
        scopes: dict[tuple, Any] = {}
        for plan in plans:
            if plan.parent in scopes:
                continue
            episode_label, sequence_label = plan.parent
            episode = parents.get("Episode", episode_label, None) if episode_label else None
            scopes[plan.parent] = parents.get("Sequence", sequence_label, episode).pk
        return scopes

    def update_entity(self, entity: Entity, plan: EntityPlan, scope: Any) -> Entity:
        return shot_update(actor=self.actor, shot=entity, fields={**plan.fields, "data": plan.data})


class EditImport(TemporalImport):
    kind = "Edit"
    required_columns = ("Name",)

    def plan(self, row: CsvRow) -> EntityPlan:
        return EntityPlan(
            row=row,
            name=self.name_of(row),
            parent=(episode_name(self, row),),
            fields=self.description_of(row),
        )

    def resolve_parents(self, plans: list[EntityPlan]) -> dict[tuple, Any]:
        parents = TemporalParents(self)
        return {
            plan.parent: parents.get("Episode", plan.parent[0], None).pk if plan.parent[0] else None
            for plan in plans
        }

    def update_entity(self, entity: Entity, plan: EntityPlan, scope: Any) -> Entity:
        return entity_update(
            actor=self.actor, entity=entity, fields={**plan.fields, "data": plan.data}
        )

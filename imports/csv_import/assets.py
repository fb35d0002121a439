"""Asset imports: asset types and episodes are created when missing; an asset is matched by
name in its project."""

from __future__ import annotations

from typing import Any

from imports.csv_import.entities import EntityImport, EntityPlan, NewEntity
from imports.csv_import.names import NameIndex
from imports.csv_import.reader import CsvRow
from imports.csv_import.temporal import TemporalParents, episode_name
from kitsu_site.api.events import emit
from production.models import Entity, EntityType, TaskType
from production.services.assets import valid_task_types
from production.services.entities import entity_update
from production.services.tasks import tasks_create_for_entities

MAIN_PACK = "MP"  # the Episode cell of assets shared by every episode


def asset_type_ensure(*, actor: Any, name: str) -> EntityType:
    """The asset type of that name, created (and announced) when missing."""
    asset_type = EntityType.objects.filter(name=name).first()
    if asset_type is None:
        asset_type = EntityType.objects.create(name=name)
        emit("asset-type:new", {"asset_type_id": asset_type.pk}, user_id=actor.pk)
    return asset_type


class AssetImport(EntityImport):
    kind = "Asset"
    required_columns = ("Type", "Name")

    def plan(self, row: CsvRow) -> EntityPlan:
        type_name = row.text("Type")
        if not type_name:
            raise row.error("Type cannot be empty")
        episode = episode_name(self, row)
        plan = EntityPlan(
            row=row,
            name=self.name_of(row),
            parent=(type_name, "" if episode == MAIN_PACK else episode),
            fields=self.description_of(row),
        )
        if self.csv_file.has("Ready for"):
            plan.fields["ready_for_id"] = self.ready_for(row)
        if self.csv_file.has("Resolution"):
            plan.data["resolution"] = row.text("Resolution")
        return plan

    def ready_for(self, row: CsvRow) -> Any:
        name = row.text("Ready for")
        if not name:
            return None
        if not hasattr(self, "shot_task_types"):
            self.shot_task_types = {
                task_type.name.lower(): task_type.pk
                for task_type in TaskType.objects.filter(
                    project_links__project=self.project, for_entity="Shot"
                )
            }
        task_type_id = self.shot_task_types.get(name.lower())
        if task_type_id is None:
            raise row.error(f"Task type not found for {name}")
        return task_type_id

    def resolve_parents(self, plans: list[EntityPlan]) -> dict[tuple, Any]:
        """(type name, episode name) -> (asset type id, episode id); assets all share one
        matching scope (the project), so the ids travel in `plan.fields`."""
        parents = TemporalParents(self)
        self.asset_types: dict[str, EntityType] = {}
        for plan in plans:
            type_name, episode = plan.parent
            if type_name not in self.asset_types:
                self.asset_types[type_name] = asset_type_ensure(actor=self.actor, name=type_name)
            plan.fields["entity_type_id"] = self.asset_types[type_name].pk
            if episode or self.csv_file.has("Episode"):
                source = parents.get("Episode", episode, None) if episode else None
                plan.fields["source_id"] = source.pk if source else None
        return {plan.parent: None for plan in plans}

    def existing_index(self) -> NameIndex[Entity]:
        index: NameIndex[Entity] = NameIndex()
        for entity in Entity.objects.assets().filter(project=self.project):
            index.add(None, entity.name, entity)
        return index

    def entity_type_of(self, plan: EntityPlan) -> EntityType:
        return self.asset_types[plan.parent[0]]

    def update_entity(self, entity: Entity, plan: EntityPlan, scope: Any) -> Entity:
        return entity_update(
            actor=self.actor, entity=entity, fields={**plan.fields, "data": plan.data}
        )

    def create_tasks(self, entities: list[Entity | NewEntity]) -> None:
        """Tasks of the asset type's workflow (else of every asset task type of the project)."""
        by_type: dict[Any, list[Any]] = {}
        for entity in entities:
            by_type.setdefault(entity.entity_type_id, []).append(entity.pk)
        for entity_ids in by_type.values():
            sample = Entity.objects.select_related("entity_type").get(pk=entity_ids[0])
            for task_type in valid_task_types(sample):
                tasks_create_for_entities(
                    actor=self.actor,
                    project=self.project,
                    task_type=task_type,
                    entities=Entity.objects.filter(pk__in=entity_ids),
                )

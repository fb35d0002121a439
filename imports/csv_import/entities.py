"""The frame shared by the asset, shot and edit imports.

Rows are first all read and checked (`plan`), then written in one transaction: parents
(episodes, sequences, asset types) through their services, new entities in one bulk insert
announced one by one, updates through the update services, missing tasks in bulk per task type,
then the task columns. Existing entities are found by name under the same parent, numbers
compared without their zero padding; a name seen twice in the file names one entity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from imports.csv_import.names import NameIndex
from imports.csv_import.reader import CsvFile, CsvRow
from imports.csv_import.task_columns import (
    TaskColumns,
    TaskLookups,
    TaskOrder,
    task_columns_of,
    task_orders_apply,
)
from kitsu_site.api.bulk import bulk_insert
from kitsu_site.api.events import deliveries_batched
from kitsu_site.api.wire import WireFormat
from people.models import Person
from production.models import Entity, EntityType, MetadataDescriptor, Project, TaskType
from production.services.entities import entities_created
from production.services.tasks import tasks_create_for_entities

# Imports answer the rows as the reference does: plain entities, typed "Entity".
IMPORTED_ENTITY_WIRE = WireFormat(Entity, relations=())


@dataclass
class EntityPlan:
    """One row, read and checked, ready to write."""

    row: CsvRow
    name: str
    parent: tuple  # the names locating the entity's parent (or asset type)
    fields: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    orders: list[TaskOrder] = field(default_factory=list)
    entity: Entity | NewEntity | None = None


@dataclass(frozen=True)
class NewEntity:
    """An entity the import inserts: its columns, without a model instance (imports make
    tens of thousands)."""

    pk: uuid.UUID
    entity_type: EntityType
    columns: dict[str, Any]

    @property
    def entity_type_id(self) -> Any:
        return self.entity_type.pk


# Every column an import may set on a new entity (the audit dates are set by the insert).
ENTITY_COLUMNS = tuple(
    field.attname
    for field in Entity._meta.concrete_fields
    if field.attname not in ("created_at", "updated_at")
)


class EntityImport:
    """One import of rows of one kind (`kind` is the task types' `for_entity`)."""

    kind = ""
    required_columns: tuple[str, ...] = ()

    def __init__(self, *, actor: Person, project: Project, update: bool = False):
        self.actor = actor
        self.project = project
        self.update = update

    # -- reading ---------------------------------------------------------------------------------
    def task_types(self) -> list[TaskType]:
        return list(
            TaskType.objects.filter(
                project_links__project=self.project, for_entity=self.kind
            ).order_by("priority", "name")
        )

    def descriptor_columns(self, csv_file: CsvFile) -> dict[str, str]:
        """Column name -> `data` key, for the project's descriptors of this kind."""
        descriptors = MetadataDescriptor.objects.filter(
            project=self.project, entity_type=self.kind, task_type__isnull=True
        ).values_list("name", "field_name")
        return {name: field_name for name, field_name in descriptors if csv_file.has(name)}

    def plans(self, csv_file: CsvFile) -> list[EntityPlan]:
        """Every row read and checked; the first bad one raises its row error."""
        csv_file.require(*self.required_columns)
        self.csv_file = csv_file
        self.task_columns: list[TaskColumns] = task_columns_of(csv_file, self.task_types())
        self.descriptors = self.descriptor_columns(csv_file)
        lookups = TaskLookups() if self.task_columns else None
        plans = []
        for row in csv_file.rows:
            plan = self.plan(row)
            plan.data.update({key: row.text(column) for column, key in self.descriptors.items()})
            if lookups is not None:
                plan.orders = lookups.orders(row, self.task_columns)
            plans.append(plan)
        return plans

    def plan(self, row: CsvRow) -> EntityPlan:
        raise NotImplementedError

    def name_of(self, row: CsvRow) -> str:
        name = row.text("Name")
        if not name:
            raise row.error("Name cannot be empty")
        return name

    def description_of(self, row: CsvRow) -> dict[str, Any]:
        if not self.csv_file.has("Description"):
            return {}
        return {"description": row.text("Description")}

    # -- writing ---------------------------------------------------------------------------------
    def run(self, csv_file: CsvFile) -> list[dict[str, Any]]:
        """Import the file; answers one entity per row, in the file's order."""
        plans = self.plans(csv_file)
        with deliveries_batched(), transaction.atomic():
            self.write(plans)
        rows = {
            row["id"]: row
            for row in IMPORTED_ENTITY_WIRE.rows(
                Entity.objects.filter(pk__in={plan.entity.pk for plan in plans})
            )
        }
        return [rows[str(plan.entity.pk)] for plan in plans]

    def write(self, plans: list[EntityPlan]) -> None:
        scopes = self.resolve_parents(plans)
        index = self.existing_index()
        created: list[NewEntity] = []
        created_ids: set[Any] = set()
        touched: dict[Any, Entity | NewEntity] = {}
        for plan in plans:
            scope = scopes[plan.parent]
            entity = index.find(scope, plan.name)
            if entity is None:
                entity = self.new_columns(plan, scope)
                index.add(scope, plan.name, entity)
                created.append(entity)
                created_ids.add(entity.pk)
                touched[entity.pk] = entity
            elif self.update and entity.pk not in created_ids:
                entity = self.update_entity(entity, plan, scope)
                touched[entity.pk] = entity
            plan.entity = entity
        self.insert(created)
        self.create_tasks(list(touched.values()))
        task_orders_apply(
            actor=self.actor,
            orders=[
                (plan.entity.pk, order)
                for plan in plans
                if plan.entity.pk in touched
                for order in plan.orders
            ],
        )

    def insert(self, created: list[NewEntity]) -> None:
        """The new entities in one insert, each announced."""
        defaults = {
            field.attname: field.get_default()
            for field in Entity._meta.concrete_fields
            if field.attname in ENTITY_COLUMNS
        }
        bulk_insert(
            Entity,
            ENTITY_COLUMNS,
            [
                tuple(entity.columns.get(column, defaults[column]) for column in ENTITY_COLUMNS)
                for entity in created
            ],
        )
        entities_created(
            actor=self.actor,
            project_id=self.project.pk,
            entities=[(entity.pk, entity.entity_type) for entity in created],
        )

    def new_columns(self, plan: EntityPlan, scope: Any) -> NewEntity:
        """A new entity of the row: its id, type and the columns the row sets."""
        entity_id = uuid.uuid4()
        entity_type = self.entity_type_of(plan)
        columns = {
            "id": entity_id,
            "project_id": self.project.pk,
            "entity_type_id": entity_type.pk,
            "name": plan.name,
            "data": dict(plan.data),
            "created_by_id": self.actor.pk,
            **self.placement(scope),
            **plan.fields,
        }
        return NewEntity(pk=entity_id, entity_type=entity_type, columns=columns)

    def entity_type_of(self, plan: EntityPlan) -> EntityType:
        raise NotImplementedError

    def placement(self, scope: Any) -> dict[str, Any]:
        """The columns placing a new entity in its scope."""
        return {}

    def resolve_parents(self, plans: list[EntityPlan]) -> dict[tuple, Any]:
        """Parent names -> the scope entities are matched in (a parent id, or None)."""
        raise NotImplementedError

    def existing_index(self) -> NameIndex[Entity]:
        raise NotImplementedError

    def update_entity(self, entity: Entity, plan: EntityPlan, scope: Any) -> Entity:
        raise NotImplementedError

    def create_tasks(self, entities: list[Entity | NewEntity]) -> None:
        """The missing tasks of every task type of the project meant for these entities."""
        ids = [entity.pk for entity in entities]
        for task_type in self.task_types():
            tasks_create_for_entities(
                actor=self.actor,
                project=self.project,
                task_type=task_type,
                entities=Entity.objects.filter(pk__in=ids),
            )


def parse_int(row: CsvRow, column: str, label: str) -> int | None:
    value = row.text(column)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise row.error(f"{label} must be an integer, got '{value}'") from None


def first_column(csv_file: CsvFile, *names: str) -> str:
    """The first of several accepted spellings of a column the file has ("" when none)."""
    return next((name for name in names if csv_file.has(name)), "")

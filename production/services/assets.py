"""Creating assets and concepts, sharing assets, creating an entity's tasks, batch deletion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from kitsu_site.api.errors import NotFound, WrongParameter
from kitsu_site.api.events import changes_announced, emit
from people.models import Person
from production.models import Entity, EntityType, Project, Task, TaskType
from production.selectors.common import default_task_status, temporal_entity_type
from production.services.entities import entity_delete
from production.wire import ENTITY_PLAIN_WIRE


def _user_id(actor: Person | None) -> Any:
    return getattr(actor, "pk", None)


@transaction.atomic
def asset_create(
    *,
    actor: Person,
    project: Project,
    asset_type: EntityType,
    name: str,
    description: str | None = "",
    data: dict[str, Any] | None = None,
    is_shared: bool = False,
    episode_id: Any = None,
) -> Entity:
    """A new asset of `asset_type`; `episode_id` (its main episode) is stored as its source.

    Names need not be unique: the reference accepts two assets of the same name and type.
    """
    if (
        episode_id is not None
        and not Entity.objects.filter(
            pk=episode_id, project=project, entity_type__name="Episode"
        ).exists()
    ):
        raise NotFound()
    asset = Entity.objects.create(
        project=project,
        entity_type=asset_type,
        name=name,
        description=description,
        data=data or {},
        is_shared=is_shared,
        source_id=episode_id,
        created_by=actor,
    )
    emit(
        "asset:new",
        {"asset_id": asset.pk, "asset_type": asset_type.pk},
        project_id=project.pk,
        user_id=_user_id(actor),
    )
    return asset


@transaction.atomic
def assets_set_shared(*, actor: Person, assets: Iterable[Entity], is_shared: bool) -> list[Entity]:
    """Share (or stop sharing) assets with the other projects; returns the changed assets."""
    changed = []
    for asset in assets:
        asset.is_shared = is_shared
        asset.save(update_fields=["is_shared", "updated_at"])
        changed.append(asset)
    return changed


@transaction.atomic
def concept_create(
    *,
    actor: Person,
    project: Project,
    name: str,
    description: str | None = None,
    data: dict[str, Any] | None = None,
    entity_concept_links: list[Any] | None = None,
) -> Entity:
    """A concept of the project; creating one whose name exists returns the existing concept."""
    concept_type = temporal_entity_type("Concept")
    concept = Entity.objects.filter(project=project, entity_type=concept_type, name=name).first()
    if concept is not None:
        return concept
    concept = Entity.objects.create(
        project=project,
        entity_type=concept_type,
        name=name,
        description=description,
        data=data or {},
        created_by=actor,
    )
    if entity_concept_links:
        assets = Entity.objects.assets().filter(project=project, id__in=entity_concept_links)
        concept.entity_concept_links.set(assets)
    emit("concept:new", {"concept_id": concept.pk}, project_id=project.pk, user_id=_user_id(actor))
    return concept


@transaction.atomic
def concept_folder_create(
    *, actor: Person, project: Project, name: str, description: str | None = None
) -> Entity:
    folder_type = temporal_entity_type("ConceptFolder")
    folder = Entity.objects.filter(project=project, entity_type=folder_type, name=name).first()
    if folder is not None:
        return folder
    folder = Entity.objects.create(
        project=project,
        entity_type=folder_type,
        name=name,
        description=description,
        created_by=actor,
    )
    emit(
        "concept-folder:new",
        {"concept_folder_id": folder.pk},
        project_id=project.pk,
        user_id=_user_id(actor),
    )
    return folder


@transaction.atomic
def concepts_move(
    *, actor: Person, project: Project, concept_ids: list[Any], folder: Entity | None
) -> list[str]:
    """Put concepts in a folder (or back at the top level); returns the moved concepts' ids."""
    moved = []
    concepts = Entity.objects.of_type("Concept").filter(project=project, id__in=concept_ids)
    concepts = list(concepts.order_by("created_at"))
    with changes_announced(ENTITY_PLAIN_WIRE, [concept.pk for concept in concepts]):
        for concept in concepts:
            concept.parent = folder
            concept.save(update_fields=["parent", "updated_at"])
            emit(
                "concept:update",
                {"concept_id": concept.pk},
                project_id=project.pk,
                user_id=_user_id(actor),
            )
            moved.append(str(concept.pk))
    return moved


def valid_task_types(entity: Entity) -> list[TaskType]:
    """The task types an entity may get tasks of: enabled in its project, in its asset type's
    workflow when the type has one, and meant for its kind of entity."""
    type_name = entity.entity_type.name
    for_entity = type_name if type_name in EntityType.TEMPORAL_NAMES else "Asset"
    task_types = TaskType.objects.filter(
        project_links__project_id=entity.project_id, for_entity=for_entity
    )
    if for_entity == "Asset" and entity.entity_type.task_types.exists():
        task_types = task_types.filter(asset_types=entity.entity_type)
    return list(task_types.order_by("priority", "name"))


def _check_task_type(entity: Entity, task_type: TaskType) -> None:
    type_name = entity.entity_type.name
    for_entity = type_name if type_name in EntityType.TEMPORAL_NAMES else "Asset"
    if not task_type.project_links.filter(project_id=entity.project_id).exists():
        raise WrongParameter(
            f"Task type {task_type.pk} is not enabled in project {entity.project_id}."
        )
    if task_type.for_entity != for_entity:
        raise WrongParameter(
            f"Task type {task_type.pk} is for {task_type.for_entity} entities, got {for_entity}."
        )
    workflow = entity.entity_type.task_types
    if (
        for_entity == "Asset"
        and workflow.exists()
        and not workflow.filter(pk=task_type.pk).exists()
    ):
        raise WrongParameter(
            f"Task type {task_type.pk} is not in the workflow of asset type "
            f"{entity.entity_type_id}."
        )


@transaction.atomic
def entity_tasks_create(
    *, actor: Person, entity: Entity, task_type_ids: list[Any] | None = None
) -> list[Task]:
    """Tasks named "main" in the default status for the given task types (all valid ones when
    none are given), skipping the types the entity already has a task of."""
    if task_type_ids:
        task_types = list(TaskType.objects.filter(id__in=task_type_ids))
        if len(task_types) != len(set(map(str, task_type_ids))):
            raise NotFound()
        for task_type in task_types:
            _check_task_type(entity, task_type)
    else:
        task_types = valid_task_types(entity)
    existing = set(Task.objects.filter(entity=entity).values_list("task_type_id", flat=True))
    status = default_task_status(for_concept=entity.entity_type.name == "Concept")
    created = []
    for task_type in task_types:
        if task_type.pk in existing:
            continue
        task = Task.objects.create(
            name="main",
            project_id=entity.project_id,
            task_type=task_type,
            task_status=status,
            entity=entity,
            assigner=actor,
        )
        emit("task:new", {"task_id": task.pk}, project_id=entity.project_id, user_id=actor.pk)
        created.append(task.pk)
    # Re-read: the rows as stored (floats as floats), with the names the answer shows.
    return list(
        Task.objects.filter(pk__in=created)
        .select_related("task_status", "task_type")
        .order_by("task_type__priority", "task_type__name")
    )


def entities_delete(*, actor: Person, project: Project, entity_ids: list[Any]) -> list[str]:
    """Delete (or cancel, for those with tasks) the listed entities of the project; unknown ids
    are skipped. Returns the ids handled."""
    done = []
    entities = Entity.objects.filter(project=project, id__in=entity_ids).select_related(
        "entity_type"
    )
    for entity in entities:
        entity_id = str(entity.pk)  # a deleted instance forgets its id
        entity_delete(actor=actor, entity=entity, check_access=False)
        done.append(entity_id)
    return done

"""Updating and deleting any entity of the breakdown (assets, shots, sequences, concepts...).

Every kind shares these two rules: a PUT merges `data` instead of replacing it and keeps names
unique among siblings; a delete soft-cancels an entity that has tasks unless forced, in which
case its tasks, casting links and the entity itself go. Each change is announced as
`<kind>:update` or `<kind>:delete` (`asset:`, `shot:`, `sequence:`...).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count

from kitsu_site.api.errors import Forbidden, InvalidFormat, WrongParameter
from kitsu_site.api.events import announcing_changes, changes_announced, emit
from people.models import Person, Role
from production.models import (
    Entity,
    EntityConceptLink,
    EntityLink,
    EntityType,
    MetadataDescriptor,
    Task,
)
from production.permissions import check_project_access, project_role
from production.services.tasks import tasks_purge
from production.wire import ENTITY_PLAIN_WIRE

# Columns a PUT never changes: the audit columns, the project (rows never move between
# projects) and the wire-only `type`.
PROTECTED_FIELDS = frozenset({"id", "created_at", "updated_at", "project_id", "type"})
# The only key of a PUT body a supervisor who is neither manager nor creator may send.
SUPERVISOR_FIELDS = frozenset({"data"})


def entity_kind(entity: Entity) -> str:
    """The event prefix of an entity: `asset` for every asset type, else its temporal kind."""
    name = entity.entity_type.name
    if name not in EntityType.TEMPORAL_NAMES:
        return "asset"
    return "concept-folder" if name == "ConceptFolder" else name.lower()


def _emit(verb: str, *, actor: Person | None, entity: Entity, entity_id: Any = None) -> None:
    kind = entity_kind(entity)
    emit(
        f"{kind}:{verb}",
        {f"{kind.replace('-', '_')}_id": entity_id or entity.pk},
        project_id=entity.project_id,
        user_id=getattr(actor, "pk", None),
    )


def entity_created(*, actor: Person | None, entity: Entity) -> None:
    """Announce a new entity (`asset:new`, `shot:new`...) once the transaction commits."""
    _emit("new", actor=actor, entity=entity)


def entities_created(
    *, actor: Person | None, project_id: Any, entities: Iterable[tuple[Any, EntityType]]
) -> None:
    """`entity_created` for entities inserted without model instances (imports), given in
    order as (id, entity type)."""
    samples: dict[Any, Entity] = {}
    for entity_id, entity_type in entities:
        sample = samples.get(entity_type.pk)
        if sample is None:
            sample = samples[entity_type.pk] = Entity(
                entity_type=entity_type, project_id=project_id
            )
        _emit("new", actor=actor, entity=sample, entity_id=entity_id)


# -- update ----------------------------------------------------------------------------------------
def _check_update_access(actor: Person, entity: Entity, fields: dict[str, Any]) -> None:
    """Managers and the entity's creator may change anything; a supervisor only `data` keys
    whose metadata descriptor shares one of their departments."""
    role = check_project_access(actor, entity.project_id)
    if role in (Role.ADMIN, Role.MANAGER) or (
        entity.created_by_id is not None and entity.created_by_id == actor.pk
    ):
        return
    if role != Role.SUPERVISOR or set(fields) - SUPERVISOR_FIELDS:
        raise Forbidden()
    keys = set((fields.get("data") or {}).keys()) if isinstance(fields.get("data"), dict) else set()
    if not keys:
        raise Forbidden()
    department_ids = set(actor.departments.values_list("id", flat=True))
    allowed = set(
        MetadataDescriptor.objects.filter(
            project_id=entity.project_id,
            field_name__in=keys,
            departments__in=department_ids,
        ).values_list("field_name", flat=True)
    )
    if keys - allowed:
        raise Forbidden()


def _column_fields() -> dict[str, models.Field]:
    """Writable columns by the names the wire uses (`parent_id`, `created_by`, `name`)."""
    columns: dict[str, models.Field] = {}
    for field in Entity._meta.concrete_fields:
        columns[field.column] = field
        columns[field.attname] = field
    return columns


def _assign(entity: Entity, key: str, field: models.Field, value: Any) -> None:
    try:
        if field.is_relation:
            target = field.target_field
            setattr(entity, field.attname, None if value in (None, "") else target.to_python(value))
        else:
            if value is None and not field.null:
                raise ValidationError("null")
            setattr(entity, field.attname, field.to_python(value))
    except (ValidationError, ValueError, TypeError):
        raise InvalidFormat() from None


def _check_unique_name(entity: Entity) -> None:
    siblings = Entity.objects.filter(
        project_id=entity.project_id,
        entity_type_id=entity.entity_type_id,
        parent_id=entity.parent_id,
        name=entity.name,
    ).exclude(pk=entity.pk)
    if siblings.exists():
        raise WrongParameter(
            f"An entity with name '{entity.name}', project_id '{entity.project_id}', "
            f"entity_type_id '{entity.entity_type_id}', and parent_id '{entity.parent_id}' "
            "already exists. The combination of these fields must be unique."
        )


@announcing_changes(ENTITY_PLAIN_WIRE, of="entity")
@transaction.atomic
def entity_update(
    *, actor: Person, entity: Entity, fields: dict[str, Any], check_access: bool = True
) -> Entity:
    """Apply a PUT body to an entity.

    Unknown keys and protected columns are ignored; `data` is merged into the stored one, never
    replaced; a name already used by a sibling (same project, type and parent) is a 400.
    """
    fields = {key: value for key, value in fields.items() if key not in PROTECTED_FIELDS}
    if check_access:
        _check_update_access(actor, entity, fields)
    columns = _column_fields()
    for key, value in fields.items():
        field = columns.get(key)
        if field is None or field.primary_key:
            continue
        if key == "data":
            if value is not None and not isinstance(value, dict):
                raise InvalidFormat()
            entity.data = {**(entity.data or {}), **(value or {})}
            continue
        _assign(entity, key, field, value)
    if "name" in fields:
        if not entity.name:
            raise WrongParameter("A required field is missing.")
        _check_unique_name(entity)
    entity.save()
    entity.refresh_from_db()
    _emit("update", actor=actor, entity=entity)
    return entity


# -- delete ----------------------------------------------------------------------------------------
def check_entity_delete_access(actor: Person, entity: Entity) -> None:
    """The entity's creator (still in the team) or a manager of its project."""
    role = project_role(actor, entity.project_id)
    if role is None:
        raise Forbidden()
    if role in (Role.ADMIN, Role.MANAGER):
        return
    if entity.created_by_id is None or entity.created_by_id != actor.pk:
        raise Forbidden()


def _refresh_casting_counts(entity_ids: set[Any]) -> None:
    """`nb_entities_out` is the number of assets cast in an entity; recount after unlinking."""
    if not entity_ids:
        return
    counts = dict(
        EntityLink.objects.filter(entity_in_id__in=entity_ids)
        .values("entity_in_id")
        .annotate(total=Count("id"))
        .values_list("entity_in_id", "total")
    )
    for entity_id in entity_ids:
        Entity.objects.filter(pk=entity_id).update(nb_entities_out=counts.get(entity_id, 0))


def _force_delete(*, actor: Person | None, entity: Entity) -> None:
    for child in Entity.objects.filter(parent=entity).select_related("entity_type"):
        _force_delete(actor=actor, entity=child)
    tasks_purge(actor=actor, task_ids=list(entity.tasks.values_list("id", flat=True)))
    casting_owners = set(
        EntityLink.objects.filter(entity_out=entity).values_list("entity_in_id", flat=True)
    )
    EntityLink.objects.filter(models.Q(entity_in=entity) | models.Q(entity_out=entity)).delete()
    EntityConceptLink.objects.filter(
        models.Q(entity_in=entity) | models.Q(entity_out=entity)
    ).delete()
    entity_id = entity.pk
    entity.delete()
    _refresh_casting_counts(casting_owners - {entity_id})
    _emit("delete", actor=actor, entity=entity, entity_id=entity_id)


@transaction.atomic
def entity_delete(
    *, actor: Person, entity: Entity, force: bool = False, check_access: bool = True
) -> None:
    """Remove an entity the reference way.

    With tasks and without `force`, the entity is only canceled (`canceled=True`, an update
    event); with `force`, its tasks (with their assignee links), casting links, children and
    the entity go; an entity without tasks is deleted. A deletion blocked by rows still pointing
    at the entity (a sequence's shots, say) is a 400.
    """
    if check_access:
        check_entity_delete_access(actor, entity)
    if force:
        _force_delete(actor=actor, entity=entity)
        return
    if Task.objects.filter(entity=entity).exists():
        with changes_announced(ENTITY_PLAIN_WIRE, [entity.pk]):
            entity.canceled = True
            entity.save(update_fields=["canceled", "updated_at"])
            _emit("update", actor=actor, entity=entity)
        return
    entity_id = entity.pk
    entity.delete()
    _emit("delete", actor=actor, entity=entity, entity_id=entity_id)

"""Creating and changing temporal entities: episodes, sequences, shots, scenes and edits.

Creation is idempotent as in the reference: posting a name that already exists under the same
parent returns the existing entity. Shots keep a history: a PUT changing a shot's name or data
more than a minute after its last change first saves the previous values as an EntityVersion.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import emit
from people.models import Person
from production.models import Entity, EntityVersion, Project
from production.selectors.common import temporal_entity_type
from production.services.entities import entity_update

VERSION_DELAY = dt.timedelta(seconds=60)


def _announce(kind: str, verb: str, entity: Entity, actor: Person | None) -> None:
    emit(
        f"{kind.lower()}:{verb}",
        {f"{kind.lower()}_id": entity.pk},
        project_id=entity.project_id,
        user_id=getattr(actor, "pk", None),
    )


@transaction.atomic
def temporal_entity_create(
    *,
    actor: Person,
    project: Project,
    kind: str,
    name: str,
    parent: Entity | None = None,
    description: str | None = None,
    nb_frames: int | None = None,
    data: dict[str, Any] | None = None,
    status: str | None = None,
) -> Entity:
    """The entity of that kind named `name` under `parent`, created (and announced) if new."""
    if not name:
        raise WrongParameter("A required field is missing.")
    entity_type = temporal_entity_type(kind)
    existing = Entity.objects.filter(
        project=project, entity_type=entity_type, parent=parent, name=name
    ).first()
    if existing is not None:
        return existing
    fields: dict[str, Any] = {
        "project": project,
        "entity_type": entity_type,
        "parent": parent,
        "name": name,
        "description": description,
        "nb_frames": nb_frames,
        "data": data if data is not None else {},
        "created_by": actor,
    }
    if status:
        fields["status"] = status
    entity = Entity.objects.create(**fields)
    entity.refresh_from_db()
    _announce(kind, "new", entity, actor)
    return entity


@transaction.atomic
def shot_update(*, actor: Person, shot: Entity, fields: dict[str, Any]) -> Entity:
    """PUT a shot; a change of name or data after a quiet minute first versions the old ones."""
    previous_name, previous_data = shot.name, dict(shot.data or {})
    changes_name = "name" in fields and fields["name"] != previous_name
    changes_data = isinstance(fields.get("data"), dict) and any(
        previous_data.get(key) != value for key, value in fields["data"].items()
    )
    quiet = shot.updated_at is None or timezone.now() - shot.updated_at > VERSION_DELAY
    shot = entity_update(actor=actor, entity=shot, fields=fields)
    if (changes_name or changes_data) and quiet:
        EntityVersion.objects.create(
            entity=shot, name=previous_name, data=previous_data, person=actor
        )
    return shot


@transaction.atomic
def scene_add_shot(*, actor: Person, scene: Entity, shot: Entity) -> Entity:
    """Mark `shot` as generated from `scene` (its `source`)."""
    shot.source = scene
    shot.save(update_fields=["source", "updated_at"])
    emit(
        "shot:add-to-scene",
        {"scene_id": scene.pk, "shot_id": shot.pk},
        project_id=shot.project_id,
        user_id=actor.pk,
    )
    return shot


@transaction.atomic
def scene_remove_shot(*, actor: Person, scene: Entity, shot: Entity) -> None:
    if shot.source_id == scene.pk:
        shot.source = None
        shot.save(update_fields=["source", "updated_at"])
    emit(
        "shot:remove-from-scene",
        {"scene_id": scene.pk, "shot_id": shot.pk},
        project_id=shot.project_id,
        user_id=actor.pk,
    )

"""Avatars of persons: an uploaded picture becomes a 400x400 PNG kept in the default storage
(see `kitsu_site.api.pictures`)."""

from __future__ import annotations

import uuid
from typing import IO, Any

from django.core.files.storage import default_storage

from kitsu_site.api.events import changes_announced, emit
from kitsu_site.api.pictures import picture_delete, picture_replace, square_png
from people.models import Person
from people.wire import PERSON_MINIMAL_WIRE


def person_thumbnail_path(person_id: Any) -> str:
    return f"thumbnails/persons/{person_id}.png"


def public_thumbnail_path(person_id: Any) -> str:
    """The path the reference answers after an upload (its own storage layout)."""
    return f"pictures/thumbnails/persons/{person_id}.png"


def person_thumbnail_delete(*, person_id: uuid.UUID | str) -> None:
    picture_delete(path=person_thumbnail_path(person_id))


def person_thumbnail_set(*, actor: Person, person: Person, upload: IO[bytes]) -> str:
    """Store a new avatar for `person` and announce it; returns the reference's path."""
    png = square_png(upload)
    with changes_announced(PERSON_MINIMAL_WIRE, [person.pk]):
        person.has_avatar = True
        person.save(update_fields=["has_avatar", "updated_at"])
        picture_replace(path=person_thumbnail_path(person.id), png=png)
        emit("person:update", {"person_id": person.id}, user_id=actor.id)
        emit("person:set-thumbnail", {"person_id": person.id}, user_id=actor.id)
    return public_thumbnail_path(person.id)


def person_thumbnail_open(*, person: Person) -> IO[bytes] | None:
    """The stored avatar, or None when the person has none."""
    path = person_thumbnail_path(person.id)
    if not person.has_avatar or not default_storage.exists(path):
        return None
    return default_storage.open(path, "rb")

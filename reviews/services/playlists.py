"""Playlist writes and the access rules around them (spec/domain.md sections 2, 3 and 5.8)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.events import emit
from people.models import Person, Role
from production.models import Entity
from production.permissions import check_project_access, project_role
from reviews.models import Playlist, PreviewFile
from reviews.selectors.playlists import latest_preview_id


def _as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# -- access ----------------------------------------------------------------------------------------
def check_playlist_read(person: Person, playlist: Playlist) -> str:
    """Team members of the playlist's project, vendors excepted; clients only when the
    playlist is for clients. Returns the effective role."""
    role = check_project_access(person, playlist.project_id)
    if role == Role.VENDOR or (role == Role.CLIENT and not playlist.for_client):
        raise Forbidden()
    return role


def check_playlist_create(person: Person, project_id: Any) -> None:
    """Supervisors, managers and admins of the project."""
    if person.is_admin:
        return
    pk = _as_uuid(project_id) if project_id else None
    role = project_role(person, pk) if pk is not None else None
    if role not in (Role.MANAGER, Role.SUPERVISOR):
        raise Forbidden()


def check_playlist_write(person: Person, playlist: Playlist) -> None:
    """Managers of the project, or the supervisor who created the playlist."""
    role = check_project_access(person, playlist.project_id)
    if role in (Role.ADMIN, Role.MANAGER):
        return
    if role == Role.SUPERVISOR and playlist.created_by_id == person.pk:
        return
    raise Forbidden()


# -- shots -----------------------------------------------------------------------------------------
def playlist_normalise_shots(shots: Any) -> list[dict[str, Any]]:
    """`shots` as the reference stores it: `{entity_id, preview_file_id}` couples.

    Items without an entity (`entity_id`, or `id` as Kitsu sends) are dropped, other keys too;
    a preview is kept only when it exists and belongs to that entity, else it becomes null.
    """
    if shots is None:
        raise WrongParameter("shots must be a list.")
    couples = []
    for item in shots if isinstance(shots, list) else []:
        if not isinstance(item, dict):
            continue
        entity_id = item.get("entity_id") or item.get("id")
        if not entity_id:
            continue
        couples.append((entity_id, item.get("preview_file_id")))
    wanted = {pk for _, preview_id in couples if (pk := _as_uuid(preview_id)) is not None}
    owners = {
        str(pk): str(entity_id)
        for pk, entity_id in PreviewFile.objects.filter(pk__in=wanted).values_list(
            "id", "task__entity_id"
        )
    }
    normalised = []
    for entity_id, preview_id in couples:
        pk = _as_uuid(preview_id)
        owner = owners.get(str(pk)) if pk is not None else None
        keep = owner is not None and owner == str(_as_uuid(entity_id))
        normalised.append({"entity_id": entity_id, "preview_file_id": str(pk) if keep else None})
    return normalised


def playlist_add_entity(
    *, playlist: Playlist, actor: Person, entity_id: Any, preview_file_id: Any = None
) -> Playlist:
    """Append an entity and its preview (the latest of the playlist's task type when none is
    given) to the playlist; a couple already in it is left as it is."""
    check_playlist_write(actor, playlist)
    pk = _as_uuid(entity_id)
    if pk is None:
        raise WrongParameter("Malformed ID.")
    if not Entity.objects.filter(pk=pk, project_id=playlist.project_id).exists():
        raise NotFound()
    if preview_file_id:
        preview_pk = _as_uuid(preview_file_id)
        if preview_pk is None:
            raise WrongParameter("Malformed ID.")
        if not PreviewFile.objects.filter(pk=preview_pk, task__entity_id=pk).exists():
            raise NotFound()
        preview_id: str | None = str(preview_pk)
    else:
        preview_id = latest_preview_id(entity_id=pk, task_type_id=playlist.task_type_id)
    with transaction.atomic():
        playlist = Playlist.objects.select_for_update().get(pk=playlist.pk)
        shots = list(playlist.shots or [])
        couple = {"entity_id": str(pk), "preview_file_id": preview_id}
        if couple in shots:
            return playlist
        shots.append(couple)
        playlist.shots = shots
        playlist.save()
        emit(
            "playlist:add_entity",
            {"playlist_id": playlist.pk, "entity_id": pk, "preview_file_id": preview_id},
            project_id=playlist.project_id,
            user_id=actor.pk,
        )
    return playlist

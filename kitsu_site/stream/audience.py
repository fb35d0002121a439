"""Who may receive an event: the reference sends every event to every client; we send a
project's events only to the people who may open that project (admins and its team), and the
events of no project (people, departments, notifications...) to everyone, as it does. The
`changes` beyond the reference payload go to neither clients nor vendors."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.db import close_old_connections
from django.db.models import Q

from kitsu_site.api.errors import Forbidden
from people.models import Person, Role
from reviews.models import Playlist
from reviews.services.playlists import check_playlist_read

PARTIAL_VIEW_ROLES = (Role.CLIENT, Role.VENDOR)


def event_project_id(data: Any) -> uuid.UUID | None:
    """The project an event belongs to, None for the events of no project."""
    raw = data.get("project_id") if isinstance(data, dict) else None
    try:
        return uuid.UUID(str(raw)) if raw else None
    except ValueError:
        return None


def event_audience(project_id: uuid.UUID | None, person_ids: Iterable[str]) -> dict[str, bool]:
    """Among `person_ids`, the active ones who may receive an event of the project (of no
    project: all of them), each with whether it may read the event's `changes`: clients and
    vendors see only part of a project's work, so they get the reference payload alone (one
    query)."""
    close_old_connections()
    persons = Person.objects.filter(pk__in=set(person_ids), active=True)
    if project_id is not None:
        persons = persons.filter(Q(role=Role.ADMIN) | Q(team_links__project_id=project_id))
    return {
        str(pk): role not in PARTIAL_VIEW_ROLES
        for pk, role in persons.values_list("pk", "role").distinct()
    }


def may_join_room(person_id: str, playlist_id: Any) -> bool:
    """A playlist's review room follows its read rule: the production's team, vendors
    excepted, clients only for playlists shared with clients."""
    try:
        pk = uuid.UUID(str(playlist_id))
    except ValueError:
        return False
    close_old_connections()
    playlist = Playlist.objects.filter(pk=pk).first()
    person = Person.objects.filter(pk=person_id).first()
    if playlist is None or person is None:
        return False
    try:
        check_playlist_read(person, playlist)
    except Forbidden:
        return False
    return True

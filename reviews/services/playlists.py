"""Playlist writes and the access rules around them (spec/domain.md sections 2, 3 and 5.8)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.events import emit
from people.models import Person, Role
from production.models import Entity, ProjectPersonLink
from production.permissions import (
    check_manager_project_access,
    check_project_access,
    project_role,
)
from reviews.models import BuildJob, Notification, NotificationType, Playlist, PreviewFile
from reviews.models.playlists import BuildJobStatus, BuildJobType
from reviews.playlist_jobs import build_path
from reviews.selectors.playlists import latest_preview_id
from reviews.tasks import build_playlist_movie


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
def playlist_normalise_shots(shots: Any, *, project_id: Any) -> list[dict[str, Any]]:
    """`shots` as the reference stores it: `{entity_id, preview_file_id}` couples.

    Items without an entity (`entity_id`, or `id` as Kitsu sends) are dropped, other keys too,
    and so are entities of another project than the playlist's; a preview is kept only when it
    exists and belongs to that entity, else it becomes null.
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
    couples = _without_other_projects(couples, project_id)
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


def _without_other_projects(couples: list[tuple], project_id: Any) -> list[tuple]:
    entity_ids = {pk for entity_id, _ in couples if (pk := _as_uuid(entity_id)) is not None}
    foreign = Entity.objects.filter(pk__in=entity_ids).exclude(project_id=project_id)
    foreign_ids = {str(pk) for pk in foreign.values_list("id", flat=True)}
    return [couple for couple in couples if str(_as_uuid(couple[0])) not in foreign_ids]


def _resolve_couple(playlist: Playlist, entity_id: Any, preview_file_id: Any) -> dict[str, Any]:
    """The `{entity_id, preview_file_id}` couple to add: the entity must be in the playlist's
    project, the preview (the latest of the playlist's task type when none is given) its own."""
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
    return {"entity_id": str(pk), "preview_file_id": preview_id}


def playlist_add_entities(
    *, playlist: Playlist, actor: Person, entities: list[dict[str, Any]]
) -> Playlist:
    """Append entities with their previews to the playlist, in order; a couple already in it
    is left as it is. The row is locked so concurrent additions all land."""
    check_playlist_write(actor, playlist)
    couples = [
        _resolve_couple(playlist, item.get("entity_id"), item.get("preview_file_id"))
        for item in entities
    ]
    with transaction.atomic():
        playlist = Playlist.objects.select_for_update().get(pk=playlist.pk)
        shots = list(playlist.shots or [])
        added = [couple for couple in couples if couple not in shots]
        added = [couple for index, couple in enumerate(added) if couple not in added[:index]]
        if not added:
            return playlist
        playlist.shots = shots + added
        playlist.save()
        for couple in added:
            emit(
                "playlist:add_entity",
                {"playlist_id": playlist.pk, **couple},
                project_id=playlist.project_id,
                user_id=actor.pk,
            )
    return playlist


def playlist_add_entity(
    *, playlist: Playlist, actor: Person, entity_id: Any, preview_file_id: Any = None
) -> Playlist:
    """Append one entity and its preview (see `playlist_add_entities`)."""
    entity = {"entity_id": entity_id, "preview_file_id": preview_file_id}
    return playlist_add_entities(playlist=playlist, actor=actor, entities=[entity])


# -- client notifications --------------------------------------------------------------------------
def _client_ids(project_id: Any, studio_id: Any) -> list[Any]:
    """The project's team members acting as clients there, of one studio when given."""
    links = ProjectPersonLink.objects.filter(project_id=project_id, person__active=True)
    no_override = Q(role__isnull=True) | Q(role="")
    links = links.filter(Q(role=Role.CLIENT) | (no_override & Q(person__role=Role.CLIENT)))
    if studio_id:
        links = links.filter(person__studio_id=studio_id)
    return list(links.values_list("person_id", flat=True))


def _playlist_url(playlist: Playlist) -> str:
    episode = f"episodes/{playlist.episode_id}/" if playlist.episode_id else ""
    return (
        f"{settings.DOMAIN_URL}/productions/{playlist.project_id}/{episode}playlists/{playlist.pk}"
    )


def _mail_playlist_ready(playlist: Playlist, recipients: list[Person]) -> None:
    project_name = playlist.project.name if playlist.project else ""
    subject = f"[Kitsu] The playlist {playlist.name} in project {project_name} is ready for review"
    body = (
        f"The playlist {playlist.name} in project {project_name} is ready for review:\n"
        f"{_playlist_url(playlist)}"
    )
    for person in recipients:
        send_mail(subject, body, None, [person.email], fail_silently=True)


def playlist_notify_clients(*, playlist: Playlist, actor: Person, studio_id: Any = None) -> None:
    """Tell the project's clients the playlist is ready: a `playlist-ready` notification each,
    and a mail to those who asked for mails. Managers only."""
    check_manager_project_access(actor, playlist.project_id)
    if studio_id and _as_uuid(studio_id) is None:
        raise WrongParameter("Malformed ID.")
    client_ids = _client_ids(playlist.project_id, studio_id)
    notifications = [
        Notification(
            notification_type=NotificationType.PLAYLIST_READY,
            person_id=person_id,
            author=actor,
            playlist_id=playlist.pk,
        )
        for person_id in client_ids
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(notifications, ignore_conflicts=True)
        for notification in notifications:
            emit(
                "notification:new",
                {"notification_id": notification.pk, "person_id": notification.person_id},
                project_id=playlist.project_id,
                user_id=actor.pk,
                persist=False,
            )
    mailed = Person.objects.filter(pk__in=client_ids, notifications_enabled=True)
    _mail_playlist_ready(playlist, list(mailed))


# -- builds ----------------------------------------------------------------------------------------
BUILD_RUNNING_MESSAGE = "A movie of this playlist is already being built."


def build_job_start(*, playlist: Playlist, actor: Person) -> BuildJob:
    """A running movie build job for the playlist, handed to the job queue once committed (run
    inline without a broker). Managers only; one build of a playlist at a time."""
    check_manager_project_access(actor, playlist.project_id)
    with transaction.atomic():
        Playlist.objects.select_for_update().filter(pk=playlist.pk).first()
        running = playlist.build_jobs.filter(
            status=BuildJobStatus.RUNNING, job_type=BuildJobType.MOVIE
        )
        if running.exists():
            raise WrongParameter(BUILD_RUNNING_MESSAGE)
        job = BuildJob.objects.create(playlist=playlist, job_type=BuildJobType.MOVIE)
        emit(
            "build-job:new",
            {"build_job_id": job.pk, "playlist_id": playlist.pk},
            project_id=playlist.project_id,
            user_id=actor.pk,
        )
        transaction.on_commit(lambda: build_playlist_movie.delay(str(job.pk)))
    return job


def build_job_delete(*, job: BuildJob, actor: Person) -> None:
    """Forget a build and its movie. Managers only."""
    project_id = job.playlist.project_id
    check_manager_project_access(actor, project_id)
    with transaction.atomic():
        default_storage.delete(build_path(job.pk))
        job.delete()
        emit(
            "build-job:delete",
            {"build_job_id": job.pk, "playlist_id": job.playlist_id},
            project_id=project_id,
            user_id=actor.pk,
        )

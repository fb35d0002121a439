"""Playlist share links and what guests do through them (spec/domain.md 1.6 and 5.8).

A link opens one playlist to people without an account: it works while active, unexpired and,
when it has a password, only with that password; anything else answers 404 so a link's
existence is not revealed. Guests are Person rows (`is_guest`, role client) tied to the link
in `data.share_link_id`; they see only the previews the playlist plays and comment on their
tasks when the link allows it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from kitsu_site.api.errors import Forbidden, NotFound, validation_error
from kitsu_site.api.events import changes_announced, emit
from kitsu_site.api.inputs import valid_uuids
from people.models import Person, Role
from production.models import TaskStatus
from production.permissions import check_manager_project_access
from reviews.models import AttachmentFile, Comment, Playlist, PlaylistShareLink, PreviewFile
from reviews.services.comments import (
    CommentInput,
    attachment_path,
    comment_create,
    comment_remove,
    comment_updated,
    locked_task,
    store_attachment,
)
from reviews.services.preview_actions import annotations_merged
from reviews.wire import COMMENT_CHANGE_WIRE

GUEST_EMAIL_DOMAIN = "guest.kitsu"


# -- links -----------------------------------------------------------------------------------------
def _expiration(value: Any) -> dt.datetime | None:
    """A date means the end of that day; a datetime is kept as given."""
    if value in (None, ""):
        return None
    text = str(value)
    moment = parse_datetime(text) if len(text) > 10 else None
    day = parse_date(text) if len(text) == 10 else None
    if moment is None and day is None:
        raise validation_error(("expiration_date", "Input should be a valid date or datetime"))
    if moment is None:
        moment = dt.datetime.combine(day, dt.time(23, 59, 59))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def share_link_create(
    *,
    playlist: Playlist,
    actor: Person,
    expiration_date: Any = None,
    can_comment: Any = True,
    password: Any = None,
) -> PlaylistShareLink:
    """A new active link to the playlist. Managers of its project only."""
    check_manager_project_access(actor, playlist.project_id)
    return PlaylistShareLink.objects.create(
        token=str(uuid.uuid4()),
        playlist=playlist,
        created_by=actor,
        expiration_date=_expiration(expiration_date),
        can_comment=can_comment is not False,
        password=make_password(str(password)) if password else None,
    )


def share_links_of(*, playlist: Playlist, actor: Person) -> QuerySet[PlaylistShareLink]:
    """The playlist's active links, oldest first. Managers only."""
    check_manager_project_access(actor, playlist.project_id)
    return playlist.share_links.filter(is_active=True).order_by("created_at")


def _link_of(playlist: Playlist, token: str) -> PlaylistShareLink:
    link = playlist.share_links.filter(token=token).first()
    if link is None:
        raise NotFound()
    return link


def share_link_revoke(*, playlist: Playlist, actor: Person, token: str) -> None:
    """Turn a link off: guests lose access, their comments stay."""
    check_manager_project_access(actor, playlist.project_id)
    link = _link_of(playlist, token)
    link.is_active = False
    link.save(update_fields=["is_active", "updated_at"])


def share_link_invite(
    *, playlist: Playlist, actor: Person, token: str, emails: Iterable[Any]
) -> list[str]:
    """Mail the link to each address; returns the addresses it was sent to."""
    check_manager_project_access(actor, playlist.project_id)
    link = _link_of(playlist, token)
    url = f"{settings.DOMAIN_URL}/shared/playlists/{link.token}"
    subject = f"[Kitsu] {actor.full_name} shared the playlist {playlist.name} with you"
    sent = []
    for email in emails:
        address = str(email).strip()
        if "@" not in address:
            raise validation_error(("emails", f"{address!r} is not a valid email address"))
        send_mail(subject, f"Review it here: {url}", None, [address], fail_silently=True)
        sent.append(address)
    return sent


def open_link(token: str, password: Any = None) -> PlaylistShareLink:
    """The link behind a guest request: active, unexpired and unlocked, else 404."""
    link = (
        PlaylistShareLink.objects.select_related("playlist__project")
        .filter(token=token, is_active=True)
        .first()
    )
    if link is None or link.playlist.project is None:
        raise NotFound()
    if link.expiration_date is not None and link.expiration_date < timezone.now():
        raise NotFound()
    if link.password and not (password and check_password(str(password), link.password)):
        raise NotFound()
    return link


# -- guests ----------------------------------------------------------------------------------------
def guest_create(*, link: PlaylistShareLink, first_name: Any, last_name: Any) -> Person:
    """A guest account for this link (never able to log in)."""
    guest = Person(
        first_name=str(first_name or "Guest")[:80],
        last_name=str(last_name or "")[:80],
        email=f"guest-{uuid.uuid4().hex[:8]}@{GUEST_EMAIL_DOMAIN}",
        role=Role.CLIENT,
        is_guest=True,
        data={"share_link_id": str(link.pk)},
    )
    guest.set_unusable_password()
    guest.save()
    return guest


def guest_of(link: PlaylistShareLink, guest_id: Any) -> Person:
    """The guest named in a request; it must have come through this link."""
    if guest_id in (None, ""):
        raise validation_error(("guest_id", "Field required"))
    try:
        pk = uuid.UUID(str(guest_id))
    except ValueError:
        raise validation_error(("guest_id", "Input should be a valid UUID")) from None
    guest = Person.objects.filter(pk=pk, is_guest=True, active=True).first()
    if guest is None or (guest.data or {}).get("share_link_id") != str(link.pk):
        raise Forbidden()
    return guest


def shared_preview_ids(link: PlaylistShareLink) -> list[str]:
    """The previews the link shows: those its playlist plays, nothing else."""
    return [
        str(shot["preview_file_id"])
        for shot in link.playlist.shots or []
        if isinstance(shot, dict) and shot.get("preview_file_id")
    ]


def shared_task_ids(link: PlaylistShareLink) -> set[Any]:
    previews = PreviewFile.objects.filter(pk__in=valid_uuids(shared_preview_ids(link)))
    return set(previews.values_list("task_id", flat=True))


def shared_preview(link: PlaylistShareLink, preview_file_id: Any) -> PreviewFile:
    """A preview the link shows: one the playlist plays, or another file of the same revision
    of that task. An unknown preview is 404, one the link does not show 403."""
    wanted = valid_uuids([preview_file_id])
    preview = PreviewFile.objects.filter(pk=wanted[0]).first() if wanted else None
    if preview is None:
        raise NotFound()
    shown = PreviewFile.objects.filter(
        pk__in=valid_uuids(shared_preview_ids(link)),
        task_id=preview.task_id,
        revision=preview.revision,
    )
    if preview.task_id is None or not shown.exists():
        raise Forbidden()
    return preview


# -- guest comments --------------------------------------------------------------------------------
def _check_can_comment(link: PlaylistShareLink) -> None:
    if not link.can_comment:
        raise Forbidden()


def guest_comment_post(
    *, link: PlaylistShareLink, guest: Person, task_id: Any, task_status_id: Any, text: Any
) -> Comment:
    """A guest's comment on a task whose preview the playlist plays, with a status clients may
    use; it runs the whole comment workflow, as a client's comment would."""
    _check_can_comment(link)
    if not valid_uuids([task_id]) or uuid.UUID(str(task_id)) not in shared_task_ids(link):
        raise NotFound()
    status = TaskStatus.objects.filter(pk__in=valid_uuids([task_status_id])).first()
    if status is None:
        raise NotFound()
    if not status.is_client_allowed:
        raise Forbidden()
    with transaction.atomic():
        task = locked_task(task_id)
        data = CommentInput(status=status, text=str(text or ""), author=guest)
        return comment_create(task=task, data=data, user_id=guest.pk)


def guest_comment(link: PlaylistShareLink, guest: Person, comment_id: Any) -> Comment:
    """One of the guest's own comments on the link's tasks."""
    comment = Comment.objects.filter(
        pk__in=valid_uuids([comment_id]), object_id__in=shared_task_ids(link)
    ).first()
    if comment is None:
        raise NotFound()
    if comment.person_id != guest.pk:
        raise Forbidden()
    return comment


def guest_comment_edit(*, link: PlaylistShareLink, guest: Person, comment: Comment, text: Any):
    _check_can_comment(link)
    with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
        comment.text = str(text or "")
        comment.save(update_fields=["text", "updated_at"])
        comment_updated(comment=comment, actor=guest, previous_status_id=comment.task_status_id)
    return comment


def guest_comment_delete(*, link: PlaylistShareLink, guest: Person, comment: Comment) -> None:
    """Remove the guest's comment and its attachments, then replay its task's history."""
    _check_can_comment(link)
    comment_remove(comment=comment, actor=guest)


def guest_attachments_add(
    *, link: PlaylistShareLink, guest: Person, comment: Comment, files: list[UploadedFile]
) -> list[AttachmentFile]:
    _check_can_comment(link)
    if not files:
        raise validation_error(("files", "Field required"))
    with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
        attachments = [store_attachment(upload=upload, comment=comment) for upload in files]
        comment.save(update_fields=["updated_at"])
        emit(
            "comment:update",
            {"comment_id": comment.pk, "task_id": comment.object_id},
            project_id=link.playlist.project_id,
            user_id=guest.pk,
        )
    return attachments


def guest_attachment_delete(
    *, link: PlaylistShareLink, guest: Person, comment: Comment, attachment_id: Any
) -> None:
    _check_can_comment(link)
    attachment = comment.attachment_files.filter(pk__in=valid_uuids([attachment_id])).first()
    if attachment is None:
        raise NotFound()
    with transaction.atomic():
        default_storage.delete(attachment_path(attachment))
        attachment.delete()


# -- annotations -----------------------------------------------------------------------------------
def guest_annotations_update(
    *,
    link: PlaylistShareLink,
    guest: Person,
    preview: PreviewFile,
    additions: list,
    updates: list,
    deletions: list,
) -> PreviewFile:
    """Merge a guest's drawing changes into a shared preview's annotations, the row locked so
    concurrent reviewers both keep their strokes."""
    _check_can_comment(link)
    with transaction.atomic():
        preview = PreviewFile.objects.select_for_update().get(pk=preview.pk)
        preview.annotations = annotations_merged(
            preview.annotations, additions=additions, updates=updates, deletions=deletions
        )
        preview.save(update_fields=["annotations", "updated_at"])
        emit(
            "preview-file:annotation-update",
            {"preview_file_id": preview.pk, "person_id": guest.pk},
            project_id=link.playlist.project_id,
            user_id=guest.pk,
        )
    return preview

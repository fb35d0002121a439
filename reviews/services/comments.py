"""The comment workflow: posting a comment drives its task (spec/domain.md 5.1).

Posting locks the task row, writes the comment with its mentions and attachments, copies it to
the sibling tasks named by hashtags, moves the task to the comment's status (or replays the
whole history when the comment is back-dated), notifies the followers, adds a news line and
runs the project's status automations. Everything is one transaction; events leave on commit.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.events import changes_announced, emit
from people.models import Department, Person, Role
from production.models import Task, TaskStatus, TaskType
from production.permissions import project_role
from production.wire import TASK_RELATIONS_WIRE
from reviews.models import AttachmentFile, Comment, Notification, PreviewFile
from reviews.selectors.comments import (
    MANAGER_ROLES,
    check_status_allowed,
    check_task_access,
    has_mention_access,
    has_task_action_access,
    is_supervisor_of,
)
from reviews.services.automations import automations_apply
from reviews.services.notifications import (
    comment_feeds_clear,
    news_create,
    notify_comment,
    notify_reply,
)
from reviews.services.preview_media import preview_file_receive
from reviews.services.task_history import is_concept_task, task_rebuild
from reviews.tasks import preview_processing_schedule
from reviews.wire import COMMENT_CHANGE_WIRE

RETAKE_CAP_MESSAGE = "No more retakes allowed on this task"
HASHTAG = re.compile(r"#(\w+)")


@dataclass
class CommentInput:
    """What a comment carries, once the caller's rights have been applied."""

    status: TaskStatus
    text: str = ""
    checklist: list = field(default_factory=list)
    links: list = field(default_factory=list)
    for_client: bool = False
    author: Person | None = None
    created_at: dt.datetime | None = None
    files: list[UploadedFile] = field(default_factory=list)


# -- reading inputs --------------------------------------------------------------------------------
def parse_created_at(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    parsed = parse_datetime(str(value).strip()) if isinstance(value, str) else None
    if parsed is None:
        raise WrongParameter("Wrong date format for created_at.")
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed


def locked_task(task_id: Any) -> Task:
    """The task row, locked until the transaction ends: comments on a task queue up."""
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("entity__entity_type", "task_type", "project")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def _mention_pattern(name: str) -> re.Pattern:
    return re.compile(rf"@{re.escape(name)}(?=\s|$)")


def find_mentions(text: str, project_id: Any) -> tuple[list[Any], list[Any]]:
    """Team members named `@First Last` and departments named `@Name` in the text."""
    if not text or "@" not in text:
        return [], []
    people = Person.objects.filter(team_links__project_id=project_id).values_list(
        "id", "first_name", "last_name"
    )
    person_ids = [
        pk
        for pk, first, last in people
        if _mention_pattern(" ".join(part for part in (first, last) if part)).search(text)
    ]
    department_ids = [
        pk
        for pk, name in Department.objects.values_list("id", "name")
        if _mention_pattern(name).search(text)
    ]
    return person_ids, department_ids


def _link_mentions(comment: Comment, person_ids: list[Any], department_ids: list[Any]) -> None:
    if person_ids:
        Comment.mentions.through.objects.bulk_create(
            [Comment.mentions.through(comment_id=comment.pk, person_id=pk) for pk in person_ids]
        )
    if department_ids:
        Comment.department_mentions.through.objects.bulk_create(
            [
                Comment.department_mentions.through(comment_id=comment.pk, department_id=pk)
                for pk in department_ids
            ]
        )


def store_attachment(
    *,
    upload: UploadedFile,
    comment: Comment | None,
    reply_id: Any = None,
    chat_message_id: Any = None,
) -> AttachmentFile:
    """An attachment row (of a comment, a reply or a chat message) and its file, stored under
    `attachments/<id>/<name>`."""
    name = upload.name or "file"
    extension = name.rsplit(".", 1)[-1][:6] if "." in name else ""
    attachment = AttachmentFile.objects.create(
        name=name,
        size=upload.size,
        extension=extension,
        mimetype=upload.content_type or mimetypes.guess_type(name)[0] or "",
        comment=comment,
        reply_id=reply_id,
        chat_message_id=chat_message_id,
    )
    default_storage.save(attachment_path(attachment), upload)
    return attachment


def attachment_path(attachment: AttachmentFile) -> str:
    return f"attachments/{attachment.pk}/{attachment.name}"


# -- posting ---------------------------------------------------------------------------------------
def comment_post(
    *,
    task_id: Any,
    actor: Person,
    task_status_id: Any,
    text: str = "",
    checklist: list | None = None,
    links: list | None = None,
    for_client: bool = False,
    person_id: Any = None,
    created_at: Any = None,
    files: Iterable[UploadedFile] = (),
) -> Comment:
    """Post a comment as `actor`, with the rules of who may do what."""
    with transaction.atomic():
        task = locked_task(task_id)
        role = check_task_access(actor, task)
        status = TaskStatus.objects.filter(pk=task_status_id).first()
        if status is None:
            raise NotFound()
        may_answer = status.pk == task.task_status_id and has_mention_access(actor, task, role)
        if not has_task_action_access(actor, task, role) and not may_answer:
            raise Forbidden()
        check_status_allowed(role, status)
        author = actor
        if role in MANAGER_ROLES:
            if person_id not in (None, ""):
                author = Person.objects.filter(pk=person_id).first()
                if author is None:
                    raise NotFound()
            when = parse_created_at(created_at)
        else:
            for_client, when = False, None
        data = CommentInput(
            status=status,
            text=text or "",
            checklist=checklist or [],
            links=links or [],
            for_client=bool(for_client),
            author=author,
            created_at=when,
            files=list(files),
        )
        return comment_create(task=task, data=data, user_id=actor.pk)


def check_retake_cap(task: Task, status: TaskStatus) -> None:
    max_retakes = task.project.max_retakes or 0
    if not status.is_retake or max_retakes <= 0:
        return
    cap = (task.entity.data or {}).get("max_retakes") or max_retakes
    if task.retake_count >= int(cap):
        raise WrongParameter(RETAKE_CAP_MESSAGE)


def comment_create(
    *, task: Task, data: CommentInput, user_id: Any, hashtags: bool = True
) -> Comment:
    """Write the comment and everything it sets off. `task` must be locked by the caller."""
    check_retake_cap(task, data.status)
    author = data.author
    comment = Comment.objects.create(
        object=task,
        text=data.text,
        checklist=data.checklist,
        links=data.links,
        for_client=data.for_client,
        task_status=data.status,
        person=author,
    )
    if data.created_at is not None:
        # `created_at` is stamped on insert; a back-dated comment keeps the date it was given.
        Comment.objects.filter(pk=comment.pk).update(created_at=data.created_at)
        comment.created_at = data.created_at
    person_ids, department_ids = find_mentions(data.text, task.project_id)
    _link_mentions(comment, person_ids, department_ids)
    for upload in data.files:
        store_attachment(upload=upload, comment=comment)
    emit(
        "comment:new",
        {
            "comment_id": comment.pk,
            "task_id": task.pk,
            "person_id": author.pk,
            "for_client": comment.for_client,
            "task_status_id": data.status.pk,
        },
        project_id=task.project_id,
        user_id=user_id,
    )
    if hashtags:
        _post_to_tagged_tasks(task=task, data=data, user_id=user_id)
    with changes_announced(TASK_RELATIONS_WIRE, [task.pk]):
        previous_status_id = task.task_status_id
        if task.last_comment_date is not None and comment.created_at < task.last_comment_date:
            task_rebuild(task=task)
        else:
            _apply_status(task=task, status=data.status, when=comment.created_at)
        changed = task.task_status_id != previous_status_id
        _emit_task_changes(
            task=task,
            comment=comment,
            previous_status_id=previous_status_id,
            person_id=author.pk,
            user_id=user_id,
        )
    notify_comment(comment=comment, task=task, change=changed, mentioned_ids=person_ids)
    if not is_concept_task(task):
        news_create(comment=comment, task=task, change=changed, user_id=user_id)
    automations_apply(
        task=task,
        status=data.status,
        author=author,
        post_comment=lambda target, status, text, who: _post_automatic(
            target_id=target.pk, status=status, text=text, author=who, user_id=user_id
        ),
    )
    return comment


def _apply_status(*, task: Task, status: TaskStatus, when: dt.datetime) -> None:
    """The live transition: stamps taken from the comment's date."""
    task.last_comment_date = when
    if status.pk != task.task_status_id:
        task.task_status = status
        if status.is_retake:
            task.retake_count += 1
        if status.is_wip and task.real_start_date is None:
            task.real_start_date = when
        if status.is_feedback_request:
            task.end_date = when
        elif not status.is_done:
            task.end_date = None
        task.done_date = when if status.is_done else None
    task.save()


def _emit_task_changes(
    *, task: Task, comment: Comment, previous_status_id: Any, person_id: Any, user_id: Any
) -> None:
    emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=user_id)
    if task.task_status_id == previous_status_id:
        return
    change = {
        "task_id": task.pk,
        "new_task_status_id": task.task_status_id,
        "previous_task_status_id": previous_status_id,
        "person_id": person_id,
    }
    emit("task:status-changed", change, project_id=task.project_id, user_id=user_id)
    if task.task_status.is_feedback_request:
        emit(
            "task:to-review",
            {**change, "comment_id": comment.pk},
            project_id=task.project_id,
            user_id=user_id,
        )


def _tagged_task_type_ids(text: str, task: Task) -> tuple[bool, set[str]]:
    tags = {tag.lower() for tag in HASHTAG.findall(text or "")}
    return "all" in tags, tags


def _post_to_tagged_tasks(*, task: Task, data: CommentInput, user_id: Any) -> None:
    """`#modeling` or `#all` in the text: the same text on the entity's other tasks."""
    if "#" not in data.text:
        return
    every, tags = _tagged_task_type_ids(data.text, task)
    siblings = (
        Task.objects.select_for_update(of=("self",))
        .select_related("task_status", "task_type", "entity__entity_type", "project")
        .filter(entity_id=task.entity_id)
        .exclude(pk=task.pk)
        .order_by("task_type__priority", "task_type__name")
    )
    source_type: TaskType = task.task_type
    text = f"{data.text}\n\n____\nFrom {source_type.name} task"
    for sibling in siblings:
        name = sibling.task_type.name.lower()
        if not every and name not in tags and name.replace(" ", "") not in tags:
            continue
        copy = CommentInput(
            status=sibling.task_status or data.status,
            text=text,
            author=data.author,
            for_client=data.for_client,
        )
        comment_create(task=sibling, data=copy, user_id=user_id, hashtags=False)


def _post_automatic(
    *, target_id: Any, status: TaskStatus, text: str, author: Person, user_id: Any
) -> Comment:
    target = locked_task(target_id)
    return comment_create(
        task=target,
        data=CommentInput(status=status, text=text, author=author),
        user_id=user_id,
        hashtags=False,
    )


# -- deleting, replies, acknowledgements, moves ----------------------------------------------------
def _check_manager_or_author(actor: Person, task: Task, author_id: Any) -> None:
    role = check_task_access(actor, task)
    if role not in MANAGER_ROLES and author_id != actor.pk:
        raise Forbidden()


def _clear_comment_files(comment: Comment) -> None:
    for attachment in comment.attachment_files.all():
        default_storage.delete(attachment_path(attachment))
    comment.attachment_files.all().delete()
    preview_ids = list(comment.previews.values_list("id", flat=True))
    comment.previews.clear()
    PreviewFile.objects.filter(pk__in=preview_ids, comments__isnull=True).delete()


def comment_delete(*, comment: Comment, actor: Person) -> None:
    """Remove a comment (its author or a manager) and what hangs from it, then recompute its
    task from what is left."""
    with transaction.atomic():
        task = locked_task(comment.object_id)
        _check_manager_or_author(actor, task, comment.person_id)
        _remove_comment(comment=comment, task=task, actor=actor)


def comment_remove(*, comment: Comment, actor: Person) -> None:
    """Remove a comment whose caller's right to do so was checked elsewhere (a guest of a share
    link deleting their own comment), then recompute its task."""
    with transaction.atomic():
        _remove_comment(comment=comment, task=locked_task(comment.object_id), actor=actor)


def _remove_comment(*, comment: Comment, task: Task, actor: Person) -> None:
    comment_feeds_clear(comment=comment, project_id=task.project_id, user_id=actor.pk)
    _clear_comment_files(comment)
    comment_id = comment.pk
    comment.delete()
    emit(
        "comment:delete",
        {"comment_id": comment_id, "task_id": task.pk},
        project_id=task.project_id,
        user_id=actor.pk,
    )
    task_rebuild_and_emit(task=task, actor=actor)


def task_rebuild_and_emit(*, task: Task, actor: Person) -> None:
    """Replay the task's comment history and announce the result (with the status change)."""
    with changes_announced(TASK_RELATIONS_WIRE, [task.pk]):
        previous_status_id = task_rebuild(task=task)
        emit("task:update", {"task_id": task.pk}, project_id=task.project_id, user_id=actor.pk)
    if task.task_status_id != previous_status_id:
        emit(
            "task:status-changed",
            {
                "task_id": task.pk,
                "new_task_status_id": task.task_status_id,
                "previous_task_status_id": previous_status_id,
                "person_id": actor.pk,
            },
            project_id=task.project_id,
            user_id=actor.pk,
        )


def reply_add(
    *, comment: Comment, actor: Person, text: str, files: Iterable[UploadedFile] = ()
) -> dict[str, Any]:
    """Append a reply to the comment's thread and notify its followers."""
    with transaction.atomic():
        task = locked_task(comment.object_id)
        check_task_access(actor, task)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        person_ids, department_ids = find_mentions(text or "", task.project_id)
        now = timezone.now().replace(microsecond=0)
        stamp = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
        reply = {
            "id": str(uuid.uuid4()),
            "date": stamp,
            "person_id": str(actor.pk),
            "text": text or "",
            "mentions": [str(pk) for pk in person_ids],
            "department_mentions": [str(pk) for pk in department_ids],
            "created_at": stamp,
        }
        attachments = [
            store_attachment(upload=upload, comment=comment, reply_id=reply["id"])
            for upload in files
        ]
        if attachments:
            reply["attachment_files"] = [str(attachment.pk) for attachment in attachments]
        comment.replies = [*(comment.replies or []), reply]
        comment.save(update_fields=["replies", "updated_at"])
        emit(
            "comment:reply",
            {"comment_id": comment.pk, "task_id": task.pk, "reply_id": reply["id"]},
            project_id=task.project_id,
            user_id=actor.pk,
        )
        notify_reply(
            comment=comment,
            task=task,
            reply_id=reply["id"],
            author_id=actor.pk,
            mentioned_ids=person_ids,
        )
        return reply


def reply_delete(*, comment: Comment, actor: Person, reply_id: str) -> Comment:
    with transaction.atomic():
        task = locked_task(comment.object_id)
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        replies = comment.replies or []
        reply = next((item for item in replies if str(item.get("id")) == str(reply_id)), None)
        if reply is None:
            raise NotFound()
        _check_manager_or_author(actor, task, uuid.UUID(str(reply.get("person_id"))))
        comment.replies = [item for item in replies if item is not reply]
        comment.save(update_fields=["replies", "updated_at"])
        Notification.objects.filter(comment=comment, reply_id=reply_id).delete()
        for attachment in comment.attachment_files.filter(reply_id=reply_id):
            default_storage.delete(attachment_path(attachment))
            attachment.delete()
        emit(
            "comment:delete-reply",
            {"comment_id": comment.pk, "task_id": task.pk, "reply_id": str(reply_id)},
            project_id=task.project_id,
            user_id=actor.pk,
            persist=False,
        )
        return comment


def comment_acknowledge(*, comment: Comment, actor: Person) -> Comment:
    """Toggle the actor's acknowledgement of the comment."""
    task = comment.object
    check_task_access(actor, task)
    with transaction.atomic():
        if comment.acknowledgements.filter(pk=actor.pk).exists():
            comment.acknowledgements.remove(actor)
            name = "comment:unacknowledge"
        else:
            comment.acknowledgements.add(actor)
            name = "comment:acknowledge"
        emit(
            name,
            {"comment_id": comment.pk, "person_id": actor.pk, "task_id": task.pk},
            project_id=task.project_id,
            user_id=actor.pk,
            persist=False,
        )
    return comment


def comment_move(*, comment: Comment, actor: Person, target_task_id: Any) -> Comment:
    """Move a comment to another task of the same entity; both tasks are recomputed."""
    with transaction.atomic():
        task = locked_task(comment.object_id)
        _check_manager_or_author(actor, task, comment.person_id)
        target = locked_task(target_task_id)
        if target.entity_id != task.entity_id:
            raise WrongParameter("The target task must belong to the same entity.")
        if comment.previews.exists():
            raise WrongParameter("A comment with previews cannot be moved.")
        with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
            comment.object = target
            comment.save(update_fields=["object", "updated_at"])
            comment.notifications.update(task=target)
            comment.news.update(task=target)
            task_rebuild_and_emit(task=task, actor=actor)
            task_rebuild_and_emit(task=target, actor=actor)
            emit(
                "comment:update",
                {"comment_id": comment.pk, "task_id": target.pk},
                project_id=target.project_id,
                user_id=actor.pk,
            )
        return comment


# -- editing ---------------------------------------------------------------------------------------
def check_comment_update(*, comment: Comment, actor: Person, data: dict[str, Any]) -> None:
    """PUT rules: managers anything; the author the text; supervisors of the task's department
    the pin; assignees the checklist ticks; `for_client` only managers."""
    task = comment.object
    role = check_task_access(actor, task)
    if role in MANAGER_ROLES:
        return
    keys = set(data) - {"id", "type", "created_at", "updated_at"}
    if "for_client" in keys and bool(data["for_client"]) != comment.for_client:
        raise Forbidden()
    allowed: set[str] = set()
    if comment.person_id == actor.pk:
        allowed |= {"text", "checklist", "links", "task_status_id", "attachment_files"}
    if role == Role.SUPERVISOR and is_supervisor_of(actor, task):
        allowed.add("pinned")
    if task.assignees.filter(pk=actor.pk).exists():
        allowed.add("checklist")
    changed = {key for key in keys if getattr(comment, key, data[key]) != data[key]}
    if changed - allowed:
        raise Forbidden()
    if "task_status_id" in changed:
        status = TaskStatus.objects.filter(pk=data["task_status_id"]).first()
        if status is None or not has_task_action_access(actor, task, role):
            raise Forbidden()
        check_status_allowed(role, status)


def comment_updated(*, comment: Comment, actor: Person, previous_status_id: Any) -> None:
    """After a CRUD edit: mentions follow the text, and a status change replays the task."""
    task = locked_task(comment.object_id)
    comment.editor = actor
    comment.save(update_fields=["editor", "updated_at"])
    person_ids, department_ids = find_mentions(comment.text or "", task.project_id)
    comment.mentions.set(person_ids)
    comment.department_mentions.set(department_ids)
    if comment.task_status_id != previous_status_id:
        task_rebuild_and_emit(task=task, actor=actor)
    emit(
        "comment:update",
        {"comment_id": comment.pk, "task_id": task.pk},
        project_id=task.project_id,
        user_id=actor.pk,
    )


# -- attachments and previews ----------------------------------------------------------------------
def attachments_add(
    *, comment: Comment, actor: Person, files: Iterable[UploadedFile]
) -> list[AttachmentFile]:
    task = comment.object
    _check_manager_or_author(actor, task, comment.person_id)
    with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
        attachments = [store_attachment(upload=upload, comment=comment) for upload in files]
        comment.save(update_fields=["updated_at"])
        emit(
            "comment:update",
            {"comment_id": comment.pk, "task_id": task.pk},
            project_id=task.project_id,
            user_id=actor.pk,
        )
    return attachments


def attachment_delete(*, attachment: AttachmentFile, actor: Person) -> None:
    comment = attachment.comment
    _check_manager_or_author(actor, comment.object, comment.person_id)
    with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
        default_storage.delete(attachment_path(attachment))
        attachment.delete()
        emit(
            "comment:update",
            {"comment_id": comment.pk, "task_id": comment.object_id},
            project_id=comment.object.project_id,
            user_id=actor.pk,
        )


def preview_add(*, comment: Comment, actor: Person, revision: Any = None) -> PreviewFile:
    """A preview file row waiting for its upload (status processing), linked to the comment.

    Revision: the one asked for (unused at position 1 on the task), else the next one; a comment
    that already has previews gets the next position in their revision instead.
    """
    with transaction.atomic():
        task = locked_task(comment.object_id)
        role = check_task_access(actor, task)
        if not has_task_action_access(actor, task, role):
            raise Forbidden()
        existing = comment.previews.order_by("-revision", "-position").first()
        position = 1
        if existing is not None:
            if task.project.is_single_preview_per_revision:
                raise WrongParameter("Only one preview per revision is allowed.")
            revision, position = existing.revision, existing.position + 1
        elif revision not in (None, ""):
            try:
                revision = int(revision)
            except (TypeError, ValueError):
                raise WrongParameter("Revision must be an integer.") from None
            if PreviewFile.objects.filter(task=task, revision=revision, position=1).exists():
                raise WrongParameter("Revision already exists.")
        else:
            last = PreviewFile.objects.filter(task=task).order_by("-revision").first()
            revision = (last.revision + 1) if last else 1
        preview = PreviewFile.objects.create(
            name=str(uuid.uuid4())[:13],
            revision=revision,
            position=position,
            task=task,
            person=actor,
            source="webgui",
            extension="mp4",
        )
        with changes_announced(COMMENT_CHANGE_WIRE, [comment.pk]):
            comment.previews.add(preview)
            comment.save(update_fields=["updated_at"])
            comment.news.filter(preview_file__isnull=True).update(preview_file=preview)
            emit(
                "preview-file:new",
                {"preview_file_id": preview.pk, "comment_id": comment.pk},
                project_id=task.project_id,
                user_id=actor.pk,
            )
            emit(
                "comment:update",
                {
                    "comment_id": comment.pk,
                    "task_id": task.pk,
                    "person_id": comment.person_id,
                    "for_client": comment.for_client,
                },
                project_id=task.project_id,
                user_id=actor.pk,
            )
        return preview


def comment_project_role(actor: Person, comment: Comment) -> str | None:
    return project_role(actor, comment.object.project_id)


# -- batches ---------------------------------------------------------------------------------------
@dataclass
class BatchComment:
    """One comment of a batch, with the files sent for it."""

    task_id: Any
    task_status_id: Any
    text: str = ""
    checklist: list = field(default_factory=list)
    links: list = field(default_factory=list)
    person_id: Any = None
    created_at: Any = None
    previews: list[UploadedFile] = field(default_factory=list)
    attachments: list[UploadedFile] = field(default_factory=list)


def preview_receive(*, preview: PreviewFile, upload: UploadedFile, actor: Person) -> PreviewFile:
    """Hand the file sent for a preview row to the media pipeline, which makes its renditions
    once the batch commits; a bad file leaves the preview broken, the comment posted."""
    if preview_file_receive(preview=preview, upload=upload, actor_id=actor.pk, refuse_bad=False):
        preview_processing_schedule(preview_id=preview.pk, inline=False)
    return preview


def comments_batch_post(
    *, actor: Person, items: list[BatchComment]
) -> list[tuple[Comment, list[PreviewFile]]]:
    """Post each comment with the rules of a single one, then its previews (one revision per
    comment, a position per file). All or nothing."""
    results = []
    with transaction.atomic():
        for item in items:
            comment = comment_post(
                task_id=item.task_id,
                actor=actor,
                task_status_id=item.task_status_id,
                text=item.text,
                checklist=item.checklist,
                links=item.links,
                person_id=item.person_id,
                created_at=item.created_at,
                files=item.attachments,
            )
            previews = [
                preview_receive(
                    preview=preview_add(comment=comment, actor=actor), upload=upload, actor=actor
                )
                for upload in item.previews
            ]
            results.append((comment, previews))
    return results


def client_comments_copy(*, actor: Person, project_id: Any, task_ids: list[Any]) -> list[Comment]:
    """For each task of the project, the text of its latest comment by a client is posted
    again by `actor`, keeping the task's status: the studio sees what the client asked."""
    tasks = {
        task.pk: task
        for task in Task.objects.filter(project_id=project_id, pk__in=task_ids).only(
            "id", "task_status_id"
        )
    }
    copies = []
    with transaction.atomic():
        for task_id in dict.fromkeys(task_ids):
            task = tasks.get(task_id)
            if task is None:
                continue
            latest = (
                Comment.objects.filter(object_id=task.pk, person__role=Role.CLIENT)
                .order_by("-created_at")
                .first()
            )
            if latest is None:
                continue
            copies.append(
                comment_post(
                    task_id=task.pk,
                    actor=actor,
                    task_status_id=task.task_status_id,
                    text=latest.text or "",
                )
            )
    return copies

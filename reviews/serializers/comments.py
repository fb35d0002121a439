"""The wire shapes of comments and what hangs from them.

A comment leaves the API in three shapes, as in the reference:
- plain (`GET /data/tasks/<t>/comments/<c>`, CRUD PUT): its columns only;
- with relations (CRUD create, ack): plus id lists of previews, mentions, department mentions,
  acknowledgements and attachment files;
- in task comment lists: relations expanded into small dicts (person, status, previews,
  attachments) and each reply carrying its author.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import Row, WireFormat, wire_value
from people.models import Person
from people.wire import PERSON_WIRE, full_name
from production.models import TaskStatus
from production.serializers import TaskStatusSerializer
from reviews.models import AttachmentFile, Comment, News, Notification, PreviewFile, Subscription
from reviews.wire import COMMENT_RELATIONS

COMMENT_WIRE = WireFormat(Comment, relations=COMMENT_RELATIONS)
ATTACHMENT_FILE_WIRE = WireFormat(AttachmentFile)
PREVIEW_FILE_WIRE = WireFormat(PreviewFile)
NOTIFICATION_WIRE = WireFormat(Notification)
NEWS_WIRE = WireFormat(News)
SUBSCRIPTION_WIRE = WireFormat(Subscription)

# The small dicts embedded in comment lists.
PERSON_SUMMARY_FIELDS = ("first_name", "last_name", "has_avatar", "role", "id")
STATUS_SUMMARY_FIELDS = ("name", "short_name", "color", "id")
PREVIEW_SUMMARY_FIELDS = (
    "id",
    "task_id",
    "revision",
    "extension",
    "width",
    "height",
    "duration",
    "status",
    "validation_status",
    "original_name",
    "position",
    "annotations",
)
ATTACHMENT_SUMMARY_FIELDS = ("id", "name", "extension", "reply_id", "size")


class CommentSerializer(ZouSerializer):
    wire = COMMENT_WIRE

    class Meta:
        model = Comment
        fields = "__all__"


def person_summary(row: Row) -> Row:
    return {
        "id": str(row["id"]),
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "full_name": full_name(row),
        "has_avatar": row["has_avatar"],
        "role": row["role"],
    }


def people_summaries(person_ids: Iterable[Any]) -> dict[str, Row]:
    """Summaries of these persons by id string, in one query."""
    rows = Person.objects.filter(id__in=set(person_ids)).values(*PERSON_SUMMARY_FIELDS)
    return {str(row["id"]): person_summary(row) for row in rows}


def comment_with_relations(comment: Comment) -> Row:
    """The comment with its relation id lists, attachment files included."""
    row = COMMENT_WIRE.instance(comment, relations=True)
    row["attachment_files"] = [
        str(pk)
        for pk in comment.attachment_files.order_by("created_at").values_list("id", flat=True)
    ]
    return row


def comment_posted(comment: Comment) -> Row:
    """The answer to a posted comment: relations, its full status and author, and a summary of
    each attached file."""
    row = comment_with_relations(comment)
    row["attachment_files"] = [
        attachment_summary(item) for item in comment.attachment_files.order_by("created_at")
    ]
    row["task_status"] = (
        TaskStatusSerializer.wire.instance(comment.task_status) if comment.task_status else None
    )
    row["person"] = PERSON_WIRE.instance(comment.person)
    return row


def reply_row(reply: dict[str, Any], people: dict[str, Row]) -> Row:
    row = dict(reply)
    person = people.get(str(reply.get("person_id")))
    if person is not None:
        row["person"] = person
    return row


def comment_rows(comments: list[Comment] | Any) -> list[Row]:
    """Comment list rows with people, statuses, previews and attachments expanded, in a fixed
    number of queries whatever the number of comments."""
    rows = COMMENT_WIRE.rows(comments, relations=True)
    if not rows:
        return rows
    ids = [row["id"] for row in rows]
    person_ids = {row["person_id"] for row in rows}
    for row in rows:
        person_ids.update(reply.get("person_id") for reply in row["replies"] or [])
    people = people_summaries(pid for pid in person_ids if pid)
    statuses = {
        str(row["id"]): {key: wire_value(row[key]) for key in STATUS_SUMMARY_FIELDS}
        for row in TaskStatus.objects.filter(
            id__in={row["task_status_id"] for row in rows if row["task_status_id"]}
        ).values(*STATUS_SUMMARY_FIELDS)
    }
    previews: dict[str, list[Row]] = defaultdict(list)
    links = PreviewFile.comments.through.objects.filter(comment_id__in=ids).values(
        "comment_id", *(f"previewfile__{name}" for name in PREVIEW_SUMMARY_FIELDS)
    )
    for link in links.order_by("previewfile__revision", "previewfile__position"):
        previews[str(link["comment_id"])].append(
            {name: wire_value(link[f"previewfile__{name}"]) for name in PREVIEW_SUMMARY_FIELDS}
        )
    attachments: dict[str, list[Row]] = defaultdict(list)
    for attachment in (
        AttachmentFile.objects.filter(comment_id__in=ids)
        .order_by("created_at")
        .values("comment_id", *ATTACHMENT_SUMMARY_FIELDS)
    ):
        attachments[str(attachment["comment_id"])].append(
            {name: wire_value(attachment[name]) for name in ATTACHMENT_SUMMARY_FIELDS}
        )
    for row in rows:
        row["person"] = people.get(row["person_id"])
        row["task_status"] = statuses.get(row["task_status_id"])
        row["previews"] = previews.get(row["id"], [])
        row["attachment_files"] = attachments.get(row["id"], [])
        row["replies"] = [reply_row(reply, people) for reply in row["replies"] or []]
    return rows


def attachment_rows(attachments: Any) -> list[Row]:
    """Attachment files with their comment embedded (`GET /data/tasks/<t>/attachment-files`)."""
    rows = ATTACHMENT_FILE_WIRE.rows(attachments)
    comments = {
        row["id"]: row
        for row in COMMENT_WIRE.rows(
            Comment.objects.filter(id__in={row["comment_id"] for row in rows if row["comment_id"]})
        )
    }
    for row in rows:
        row["comment"] = comments.get(row["comment_id"])
        row["chat_message"] = None
    return rows


def attachment_summary(attachment: AttachmentFile) -> Row:
    return {
        "id": str(attachment.id),
        "name": attachment.name,
        "extension": attachment.extension,
        "size": attachment.size,
    }


def preview_file_created(preview: PreviewFile) -> Row:
    row = PREVIEW_FILE_WIRE.instance(preview)
    row["comments"] = [str(pk) for pk in preview.comments.values_list("id", flat=True)]
    return row

"""Comments on tasks, their attachments, and what they set off: notifications, news,
subscriptions."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Department, Person
from reviews.models.previews import PreviewFile


class Comment(BaseModel):
    """A message on a task, usually carrying a status change and preview files.

    `replies` and `checklist` are JSON lists kept on the comment, as in the reference.
    """

    shotgun_id = models.IntegerField(null=True, blank=True)
    object = models.ForeignKey(
        "production.Task", on_delete=models.CASCADE, db_column="object_id", related_name="comments"
    )
    object_type = models.CharField(max_length=80, default="Task")
    text = models.TextField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    replies = models.JSONField(default=list, blank=True)
    checklist = models.JSONField(default=list, blank=True)
    pinned = models.BooleanField(null=True, blank=True)
    links = models.JSONField(default=list, blank=True)
    task_status = models.ForeignKey(
        "production.TaskStatus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="comments")
    editor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="edited_comments"
    )
    # Legacy single preview; `previews` holds them all.
    preview_file_id = models.UUIDField(null=True, blank=True)
    for_client = models.BooleanField(default=False)
    previews = models.ManyToManyField(
        PreviewFile, db_table="comment_preview_link", related_name="comments", blank=True
    )
    mentions = models.ManyToManyField(
        Person, db_table="comment_mentions", related_name="mentioned_in", blank=True
    )
    department_mentions = models.ManyToManyField(
        Department, db_table="comment_department_mentions", related_name="mentioned_in", blank=True
    )
    acknowledgements = models.ManyToManyField(
        Person, db_table="comment_acknoledgments", related_name="acknowledged", blank=True
    )

    class Meta:
        db_table = "comment"
        indexes = [models.Index(fields=["object", "created_at"], name="comment_task_created")]

    def __str__(self) -> str:
        return (self.text or "")[:50]


class AttachmentFile(BaseModel):
    """A file attached to a comment (or to a reply inside it)."""

    name = models.CharField(max_length=250, null=True, blank=True)
    size = models.BigIntegerField(null=True, blank=True)
    extension = models.CharField(max_length=6, null=True, blank=True)
    mimetype = models.CharField(max_length=255, null=True, blank=True)
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="attachment_files"
    )
    reply_id = models.UUIDField(null=True, blank=True)
    # Chat messages come with the people app's chats.
    chat_message_id = models.UUIDField(null=True, blank=True)

    class Meta:
        db_table = "attachment_file"

    def __str__(self) -> str:
        return self.name or str(self.id)


class NotificationType(models.TextChoices):
    COMMENT = "comment", "Comment"
    MENTION = "mention", "Mention"
    ASSIGNATION = "assignation", "Assignation"
    REPLY = "reply", "Reply"
    REPLY_MENTION = "reply-mention", "Reply mention"
    PLAYLIST_READY = "playlist-ready", "Playlist ready"


class Notification(BaseModel):
    """Something a person should look at: a comment on their task, a mention, an assignment."""

    read = models.BooleanField(default=False)
    change = models.BooleanField(default=False)
    notification_type = models.CharField(max_length=20, choices=NotificationType.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notifications")
    author = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="authored_notifications"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    task = models.ForeignKey(
        "production.Task",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    playlist_id = models.UUIDField(null=True, blank=True)
    reply_id = models.UUIDField(null=True, blank=True)

    class Meta:
        db_table = "notification"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "person",
                    "author",
                    "comment",
                    "reply_id",
                    "playlist_id",
                    "notification_type",
                ],
                name="notification_uc",
            )
        ]
        indexes = [models.Index(fields=["person", "read"], name="notification_person_read")]

    def __str__(self) -> str:
        return f"{self.notification_type} for {self.person_id}"


class News(BaseModel):
    """One line of a project's news feed: a comment, with or without a status change."""

    change = models.BooleanField(default=False)
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="news")
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="news"
    )
    task = models.ForeignKey("production.Task", on_delete=models.CASCADE, related_name="news")
    preview_file = models.ForeignKey(
        PreviewFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="news"
    )

    class Meta:
        db_table = "news"
        verbose_name_plural = "news"

    def __str__(self) -> str:
        return f"news on {self.task_id}"


class Subscription(BaseModel):
    """A person following a task, or a task type across a sequence."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="subscriptions")
    task = models.ForeignKey(
        "production.Task",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    entity = models.ForeignKey(
        "production.Entity",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )
    task_type = models.ForeignKey(
        "production.TaskType",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
    )

    class Meta:
        db_table = "subscription"
        constraints = [
            models.UniqueConstraint(fields=["person", "task"], name="subscription_task_uc"),
            models.UniqueConstraint(
                fields=["person", "task_type", "entity"], name="subscription_entity_uc"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} follows {self.task_id or self.entity_id}"

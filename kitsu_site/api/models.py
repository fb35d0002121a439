"""The abstract base every model inherits, and the event log."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """A UUID primary key and the audit timestamps every Zou table carries."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ApiEvent(BaseModel):
    """One change announced to clients (`task:update`, `person:new`...), kept as a log.

    The user and project are plain ids, not foreign keys: the log outlives what it mentions and
    this module knows no domain model.
    """

    name = models.CharField(max_length=80, db_index=True)
    user_id = models.UUIDField(null=True, blank=True)
    project_id = models.UUIDField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "api_event"
        indexes = [
            models.Index(fields=["project_id", "created_at"], name="api_event_project_created")
        ]

    def __str__(self) -> str:
        return self.name


class UnpublishedEvent(BaseModel):
    """An event the stream missed because Redis did not answer when it was announced: it is
    published again, oldest first, once Redis answers (`kitsu_site.api.events`)."""

    name = models.CharField(max_length=80)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "api_unpublished_event"

    def __str__(self) -> str:
        return self.name


class UnsentJob(BaseModel):
    """A background job the broker did not take when it was asked for: sent again, oldest
    first, once the broker answers (`kitsu_site.celery`)."""

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "api_unsent_job"

    def __str__(self) -> str:
        return self.task_name


class Webhook(BaseModel):
    """A URL an admin subscribed to some events: each one is POSTed there, signed with the
    secret (HMAC-SHA256 of the body, `X-Kitsu-Signature`). Names match exactly, `*` matches
    every event and `task:*` every event of a prefix."""

    name = models.CharField(max_length=80)
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=200)
    events = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        db_table = "webhook"

    def __str__(self) -> str:
        return self.name

    def wants(self, event_name: str) -> bool:
        return any(
            pattern in ("*", event_name)
            or (pattern.endswith(":*") and event_name.startswith(pattern[:-1]))
            for pattern in self.events
        )


class WebhookDelivery(BaseModel):
    """One event to send to one webhook, and how its attempts went. Deliveries about the same
    object (`object_key`) leave in the order they were made."""

    class Status(models.TextChoices):
        PENDING = "pending"
        RETRYING = "retrying"
        DELIVERED = "delivered"
        FAILED = "failed"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_name = models.CharField(max_length=80)
    payload = models.JSONField(default=dict)
    object_key = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    replay_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replays"
    )

    class Meta:
        db_table = "webhook_delivery"
        verbose_name_plural = "webhook deliveries"
        indexes = [
            models.Index(
                fields=["webhook", "object_key", "created_at"],
                name="webhook_delivery_object_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_name} → {self.webhook}"

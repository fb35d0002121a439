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

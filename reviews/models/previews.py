"""Preview files: the pictures, movies and files posted with comments for review."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Person


class PreviewStatus(models.TextChoices):
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    BROKEN = "broken", "Broken"
    MISSING = "missing", "Missing"


class ValidationStatus(models.TextChoices):
    VALIDATED = "validated", "Validated"
    REJECTED = "rejected", "Rejected"
    NEUTRAL = "neutral", "Neutral"


class PreviewFile(BaseModel):
    """One revision of a task's work as uploaded for review (a revision may hold several files,
    ordered by `position`)."""

    name = models.CharField(max_length=250, null=True, blank=True)
    original_name = models.CharField(max_length=250, null=True, blank=True)
    revision = models.IntegerField(default=1)
    position = models.IntegerField(default=1)
    extension = models.CharField(max_length=6, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    path = models.CharField(max_length=400, null=True, blank=True)
    source = models.CharField(max_length=40, null=True, blank=True)
    file_size = models.BigIntegerField(default=0, null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=PreviewStatus.choices, default=PreviewStatus.PROCESSING
    )
    validation_status = models.CharField(
        max_length=20, choices=ValidationStatus.choices, default=ValidationStatus.NEUTRAL
    )
    annotations = models.JSONField(default=list, blank=True, null=True)
    width = models.IntegerField(default=0, null=True, blank=True)
    height = models.IntegerField(default=0, null=True, blank=True)
    duration = models.FloatField(default=0.0, null=True, blank=True)
    task = models.ForeignKey(
        "production.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="preview_files",
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="preview_files"
    )
    # The output file the preview was made from (files pipeline, later).
    source_file_id = models.UUIDField(null=True, blank=True)
    shotgun_id = models.IntegerField(unique=True, null=True, blank=True)
    is_movie = models.BooleanField(default=False)
    url = models.CharField(max_length=600, null=True, blank=True)
    uploaded_movie_url = models.CharField(max_length=600, null=True, blank=True)
    uploaded_movie_name = models.CharField(max_length=150, null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    token_in = models.IntegerField(null=True, blank=True)
    token_out = models.IntegerField(null=True, blank=True)

    class Meta:
        db_table = "preview_file"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "task", "revision"], name="preview_file_unique_name_task_revision"
            )
        ]
        indexes = [models.Index(fields=["task", "revision"], name="preview_file_task_revision")]

    def __str__(self) -> str:
        return f"{self.original_name or self.name} r{self.revision}"

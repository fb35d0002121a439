"""Working files: the artists' source files (scenes, project files) saved per task revision."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Person, Software
from reviews.models.previews import ValidationStatus


class WorkingFile(BaseModel):
    """One revision of the file an artist works in for a task (a .blend, a .ma...)."""

    shotgun_id = models.IntegerField(unique=True, null=True, blank=True)
    name = models.CharField(max_length=250, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    comment = models.TextField(null=True, blank=True)
    revision = models.IntegerField(null=True, blank=True)
    size = models.IntegerField(null=True, blank=True)
    checksum = models.IntegerField(null=True, blank=True)
    path = models.CharField(max_length=400, null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    validation_status = models.CharField(
        max_length=20, choices=ValidationStatus.choices, default=ValidationStatus.NEUTRAL
    )
    task = models.ForeignKey(
        "production.Task",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_files",
    )
    entity = models.ForeignKey(
        "production.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_files",
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="working_files"
    )
    software = models.ForeignKey(
        Software, on_delete=models.PROTECT, null=True, blank=True, related_name="working_files"
    )

    class Meta:
        db_table = "working_file"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "task", "entity", "revision"],
                name="working_file_unique_name_task_entity_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} r{self.revision}"

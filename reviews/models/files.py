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


class OutputType(BaseModel):
    """What kind of file a task exports (geometry, cache, render...), used in output paths."""

    name = models.CharField(max_length=40, unique=True)
    short_name = models.CharField(max_length=20)

    class Meta:
        db_table = "output_type"

    def __str__(self) -> str:
        return self.name


class FileStatus(BaseModel):
    """Where an output file stands in the studio pipeline ("To review", "Approved"...)."""

    name = models.CharField(max_length=40, unique=True)
    color = models.CharField(max_length=7)

    class Meta:
        db_table = "file_status"
        verbose_name_plural = "file statuses"

    def __str__(self) -> str:
        return self.name


class OutputFile(BaseModel):
    """One revision of a file exported for an entity (or an asset instance inside a shot),
    for a task type and an output type, possibly made from a working file."""

    shotgun_id = models.IntegerField(unique=True, null=True, blank=True)
    name = models.CharField(max_length=250)
    canceled = models.BooleanField(default=False)
    size = models.IntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=32, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    comment = models.TextField(null=True, blank=True)
    extension = models.CharField(max_length=10, null=True, blank=True)
    revision = models.IntegerField()
    representation = models.CharField(max_length=20, null=True, blank=True, db_index=True)
    nb_elements = models.IntegerField(default=1)
    source = models.CharField(max_length=40, null=True, blank=True)
    path = models.CharField(max_length=400, null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    quality = models.CharField(max_length=40, null=True, blank=True)
    file_status = models.ForeignKey(
        FileStatus, on_delete=models.PROTECT, related_name="output_files"
    )
    entity = models.ForeignKey(
        "production.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="output_files",
    )
    asset_instance = models.ForeignKey(
        "production.AssetInstance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="output_files",
    )
    output_type = models.ForeignKey(
        OutputType, on_delete=models.PROTECT, null=True, blank=True, related_name="output_files"
    )
    task_type = models.ForeignKey(
        "production.TaskType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="output_files",
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="output_files"
    )
    source_file = models.ForeignKey(
        WorkingFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="outputs"
    )
    temporal_entity = models.ForeignKey(
        "production.Entity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="temporal_output_files",
    )

    class Meta:
        db_table = "output_file"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "name",
                    "entity",
                    "asset_instance",
                    "output_type",
                    "task_type",
                    "temporal_entity",
                    "representation",
                    "revision",
                ],
                name="output_file_uc",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} r{self.revision}"

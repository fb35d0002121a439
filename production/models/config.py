"""Studio-wide production configuration: statuses, entity and task types, automations."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Department


class ProjectStatus(BaseModel):
    """Open or Closed: only open projects show up in people's lists."""

    name = models.CharField(max_length=20, unique=True)
    color = models.CharField(max_length=7)

    class Meta:
        db_table = "project_status"
        verbose_name_plural = "project statuses"

    def __str__(self) -> str:
        return self.name


class TaskStatus(BaseModel):
    """A step of a task's life (Todo, WIP, Waiting For Approval, Retake, Done...).

    The flags drive the comment workflow: `is_wip` stamps the real start, `is_feedback_request`
    the end date, `is_done` the done date, `is_retake` counts retakes.
    """

    name = models.CharField(max_length=40)
    short_name = models.CharField(max_length=10, unique=True)
    description = models.TextField(null=True, blank=True)
    color = models.CharField(max_length=7)
    priority = models.IntegerField(default=1)
    archived = models.BooleanField(default=False)
    is_done = models.BooleanField(default=False)
    is_artist_allowed = models.BooleanField(default=True)
    is_client_allowed = models.BooleanField(default=True)
    is_retake = models.BooleanField(default=False)
    is_feedback_request = models.BooleanField(default=False)
    is_default = models.BooleanField(default=False)
    is_wip = models.BooleanField(default=False)
    for_concept = models.BooleanField(default=False)
    shotgun_id = models.IntegerField(null=True, blank=True)

    class Meta:
        db_table = "task_status"
        verbose_name_plural = "task statuses"

    def __str__(self) -> str:
        return self.name


class TaskType(BaseModel):
    """A pipeline step (Modeling, Animation...) for one kind of entity, owned by a department."""

    name = models.CharField(max_length=40)
    short_name = models.CharField(max_length=20, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    color = models.CharField(max_length=7, default="#FFFFFF")
    priority = models.IntegerField(default=1)
    for_entity = models.CharField(max_length=30, default="Asset")
    allow_timelog = models.BooleanField(default=True)
    archived = models.BooleanField(default=False)
    shotgun_id = models.IntegerField(null=True, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="task_types"
    )

    class Meta:
        db_table = "task_type"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "for_entity", "department"],
                name="task_type_unique_name_entity_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.for_entity})"


class EntityType(BaseModel):
    """A kind of entity: the temporal ones (Shot, Sequence, Episode...) and the asset types."""

    TEMPORAL_NAMES = ("Shot", "Scene", "Sequence", "Episode", "Edit", "Concept", "ConceptFolder")

    name = models.CharField(max_length=30, unique=True)
    short_name = models.CharField(max_length=20, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    archived = models.BooleanField(default=False)
    task_types = models.ManyToManyField(
        TaskType, db_table="task_type_asset_type_link", related_name="asset_types", blank=True
    )

    class Meta:
        db_table = "entity_type"

    def __str__(self) -> str:
        return self.name


class StatusAutomation(BaseModel):
    """When a task of one type reaches a status, move another task type forward, or mark the
    asset ready for a shot task type. Active in the projects it is linked to."""

    class OutField(models.TextChoices):
        STATUS = "status", "Status"
        READY_FOR = "ready_for", "Ready for"

    entity_type = models.CharField(max_length=40, default="asset")
    in_task_type = models.ForeignKey(
        TaskType, on_delete=models.PROTECT, related_name="automations_in", null=True, blank=True
    )
    in_task_status = models.ForeignKey(
        TaskStatus, on_delete=models.PROTECT, related_name="automations_in", null=True, blank=True
    )
    out_field_type = models.CharField(max_length=20, choices=OutField.choices)
    out_task_type = models.ForeignKey(
        TaskType, on_delete=models.PROTECT, related_name="automations_out", null=True, blank=True
    )
    out_task_status = models.ForeignKey(
        TaskStatus, on_delete=models.PROTECT, related_name="automations_out", null=True, blank=True
    )
    import_last_revision = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)

    class Meta:
        db_table = "status_automation"

    def __str__(self) -> str:
        return f"{self.in_task_type} {self.in_task_status} -> {self.out_field_type}"


class CustomAction(BaseModel):
    """A link in Kitsu's menus that posts the selection to a studio tool."""

    name = models.CharField(max_length=80)
    url = models.CharField(max_length=400, null=True, blank=True)
    entity_type = models.CharField(max_length=40, default="all")
    is_ajax = models.BooleanField(default=False)

    class Meta:
        db_table = "custom_action"

    def __str__(self) -> str:
        return self.name


class PreviewBackgroundFile(BaseModel):
    """An environment image (HDR) for viewing 3D previews."""

    name = models.CharField(max_length=40)
    archived = models.BooleanField(default=False)
    is_default = models.BooleanField(default=False)
    original_name = models.CharField(max_length=250, null=True, blank=True)
    extension = models.CharField(max_length=6, null=True, blank=True)
    file_size = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "preview_background_file"

    def __str__(self) -> str:
        return self.name


class Plugin(BaseModel):
    """A Kitsu plugin installed on this server (its front-end panels and metadata)."""

    plugin_id = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField(null=True, blank=True)
    version = models.CharField(max_length=50)
    maintainer_name = models.CharField(max_length=200)
    maintainer_email = models.EmailField(null=True, blank=True)
    website = models.TextField(null=True, blank=True)
    license = models.CharField(max_length=80)
    revision = models.CharField(max_length=12, null=True, blank=True)
    frontend_project_enabled = models.BooleanField(default=False)
    frontend_studio_enabled = models.BooleanField(default=False)
    icon = models.CharField(max_length=255, null=True, blank=True)

    class Meta:
        db_table = "plugin"

    def __str__(self) -> str:
        return self.name

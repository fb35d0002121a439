"""Projects, their team and their settings, metadata descriptors and project templates."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Department, Person, Role
from production.models.config import (
    EntityType,
    PreviewBackgroundFile,
    ProjectStatus,
    StatusAutomation,
    TaskStatus,
    TaskType,
)

DEFAULT_ROLES_FOR_BOARD = ["user", "admin", "supervisor", "manager", "vendor"]


class ProductionType(models.TextChoices):
    SHORT = "short", "Short"
    FEATURE_FILM = "featurefilm", "Feature film"
    TV_SHOW = "tvshow", "TV show"


class ProductionStyle(models.TextChoices):
    TWO_D = "2d", "2D"
    TWO_D_PAPER = "2dpaper", "2D paper"
    THREE_D = "3d", "3D"
    TWO_D_THREE_D = "2d3d", "2D/3D"
    AR = "ar", "AR"
    VFX = "vfx", "VFX"
    STOP_MOTION = "stop-motion", "Stop motion"
    MOTION_DESIGN = "motion-design", "Motion design"
    ARCHVIZ = "archviz", "Archviz"
    COMMERCIAL = "commercial", "Commercial"
    CATALOG = "catalog", "Catalog"
    IMMERSIVE = "immersive", "Immersive"
    NFT = "nft", "NFT"
    VIDEO_GAME = "video-game", "Video game"
    VR = "vr", "VR"


class ProductionSettings(models.Model):
    """The production settings a project and a project template share."""

    description = models.TextField(null=True, blank=True)
    fps = models.CharField(max_length=10, default="25", null=True, blank=True)
    ratio = models.CharField(max_length=10, default="16:9", null=True, blank=True)
    resolution = models.CharField(max_length=12, default="1920x1080", null=True, blank=True)
    production_type = models.CharField(
        max_length=20, choices=ProductionType.choices, default=ProductionType.SHORT
    )
    production_style = models.CharField(
        max_length=20, choices=ProductionStyle.choices, default=ProductionStyle.TWO_D_THREE_D
    )
    max_retakes = models.IntegerField(default=0)
    is_clients_isolated = models.BooleanField(default=False)
    is_client_stats_visible = models.BooleanField(default=True)
    is_client_task_list_visible = models.BooleanField(default=True)
    is_client_task_panel_visible = models.BooleanField(default=True)
    is_preview_download_allowed = models.BooleanField(default=False)
    is_set_preview_automated = models.BooleanField(default=False)
    homepage = models.CharField(max_length=80, default="assets", null=True, blank=True)
    is_publish_default_for_artists = models.BooleanField(default=False)
    is_single_preview_per_revision = models.BooleanField(default=False)
    is_frame_in_numbering = models.BooleanField(default=False)
    revision_padding = models.IntegerField(default=0)
    hd_bitrate_compression = models.IntegerField(null=True, blank=True)
    ld_bitrate_compression = models.IntegerField(null=True, blank=True)
    file_tree = models.JSONField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)

    class Meta:
        abstract = True


class Project(BaseModel, ProductionSettings):
    """A production: a film, a series, a game. Its team and settings gate everything in it."""

    name = models.CharField(max_length=80, unique=True)
    code = models.CharField(max_length=80, null=True, blank=True)
    shotgun_id = models.IntegerField(null=True, blank=True)
    has_avatar = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    man_days = models.IntegerField(null=True, blank=True)
    nb_episodes = models.IntegerField(default=0)
    episode_span = models.IntegerField(default=0)
    is_bot_collaboration_enabled = models.BooleanField(default=False)
    project_status = models.ForeignKey(
        ProjectStatus, on_delete=models.PROTECT, null=True, blank=True, related_name="projects"
    )
    default_preview_background_file = models.ForeignKey(
        PreviewBackgroundFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="default_for_projects",
    )
    # The production schedule version the project was planned from (planning comes later).
    from_schedule_version_id = models.UUIDField(null=True, blank=True)
    team = models.ManyToManyField(
        Person, through="ProjectPersonLink", related_name="projects", blank=True
    )
    asset_types = models.ManyToManyField(
        EntityType, db_table="project_asset_type_link", related_name="projects", blank=True
    )
    task_statuses = models.ManyToManyField(
        TaskStatus, through="ProjectTaskStatusLink", related_name="projects", blank=True
    )
    task_types = models.ManyToManyField(
        TaskType, through="ProjectTaskTypeLink", related_name="projects", blank=True
    )
    status_automations = models.ManyToManyField(
        StatusAutomation,
        db_table="project_status_automation_link",
        related_name="projects",
        blank=True,
    )
    preview_background_files = models.ManyToManyField(
        PreviewBackgroundFile,
        db_table="project_preview_background_file_link",
        related_name="projects",
        blank=True,
    )

    class Meta:
        db_table = "project"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectPersonLink(models.Model):
    """Membership of a project's team, with an optional role inside that project."""

    PROJECT_ROLES = [choice for choice in Role.choices if choice[0] != Role.ADMIN]

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team_links")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_links")
    shotgun_id = models.IntegerField(null=True, blank=True)
    role = models.CharField(max_length=30, choices=PROJECT_ROLES, null=True, blank=True)

    class Meta:
        db_table = "project_person_link"
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="project_person_link_uc")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.project}"


class ProjectTaskTypeLink(BaseModel):
    """A task type used by a project, with its place in the pipeline (priority)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="task_type_links")
    task_type = models.ForeignKey(TaskType, on_delete=models.CASCADE, related_name="project_links")
    priority = models.IntegerField(null=True, blank=True)
    hd_bitrate_compression = models.IntegerField(null=True, blank=True)
    ld_bitrate_compression = models.IntegerField(null=True, blank=True)
    is_client_visible = models.BooleanField(default=True)

    class Meta:
        db_table = "project_task_type_link"
        constraints = [
            models.UniqueConstraint(fields=["project", "task_type"], name="project_tasktype_uc")
        ]

    def __str__(self) -> str:
        return f"{self.task_type} in {self.project}"


class ProjectTaskStatusLink(BaseModel):
    """A task status used by a project, and which roles see it on the board."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="task_status_links")
    task_status = models.ForeignKey(
        TaskStatus, on_delete=models.CASCADE, related_name="project_links"
    )
    priority = models.IntegerField(null=True, blank=True)
    roles_for_board = models.JSONField(default=list, blank=True)
    is_client_allowed = models.BooleanField(null=True, blank=True)

    class Meta:
        db_table = "project_task_status_link"
        constraints = [
            models.UniqueConstraint(fields=["project", "task_status"], name="project_taskstatus_uc")
        ]

    def __str__(self) -> str:
        return f"{self.task_status} in {self.project}"


class MetadataDescriptor(BaseModel):
    """A custom column of a project's lists, stored in the owners' `data` under `field_name`."""

    class DataType(models.TextChoices):
        STRING = "string", "String"
        NUMBER = "number", "Number"
        LIST = "list", "List"
        TAGLIST = "taglist", "Tag list"
        BOOLEAN = "boolean", "Boolean"
        CHECKLIST = "checklist", "Checklist"
        DATE = "date", "Date"
        URL = "url", "URL"
        TEXTAREA = "textarea", "Text area"
        PERSON = "person", "Person"

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="metadata_descriptors"
    )
    entity_type = models.CharField(max_length=60)
    task_type = models.ForeignKey(
        TaskType, on_delete=models.CASCADE, null=True, blank=True, related_name="descriptors"
    )
    name = models.CharField(max_length=120)
    field_name = models.CharField(max_length=120)
    data_type = models.CharField(
        max_length=20, choices=DataType.choices, default=DataType.STRING, null=True, blank=True
    )
    choices = models.JSONField(default=list, blank=True, null=True)
    for_client = models.BooleanField(default=False)
    position = models.IntegerField(null=True, blank=True)
    departments = models.ManyToManyField(
        Department,
        db_table="metadata_descriptor_department_link",
        related_name="metadata_descriptors",
        blank=True,
    )

    class Meta:
        db_table = "metadata_descriptor"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "entity_type", "name"],
                condition=models.Q(task_type__isnull=True),
                name="metadata_descriptor_uc",
            ),
            models.UniqueConstraint(
                fields=["project", "entity_type", "field_name"],
                condition=models.Q(task_type__isnull=True),
                name="metadata_descriptor_uc2",
            ),
            models.UniqueConstraint(
                fields=["project", "entity_type", "task_type", "name"],
                condition=models.Q(task_type__isnull=False),
                name="metadata_descriptor_task_type_uc",
            ),
            models.UniqueConstraint(
                fields=["project", "entity_type", "task_type", "field_name"],
                condition=models.Q(task_type__isnull=False),
                name="metadata_descriptor_task_type_uc2",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} / {self.entity_type} / {self.name}"


class ProjectTemplate(BaseModel, ProductionSettings):
    """Settings and pipeline to start new projects from."""

    name = models.CharField(max_length=80, unique=True)
    metadata_descriptors = models.JSONField(default=list, blank=True)
    default_preview_background_file = models.ForeignKey(
        PreviewBackgroundFile,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="default_for_templates",
    )
    task_types = models.ManyToManyField(
        TaskType, through="ProjectTemplateTaskTypeLink", related_name="templates", blank=True
    )
    task_statuses = models.ManyToManyField(
        TaskStatus, through="ProjectTemplateTaskStatusLink", related_name="templates", blank=True
    )
    asset_types = models.ManyToManyField(
        EntityType,
        db_table="project_template_asset_type_link",
        related_name="templates",
        blank=True,
    )
    status_automations = models.ManyToManyField(
        StatusAutomation,
        db_table="project_template_status_automation_link",
        related_name="templates",
        blank=True,
    )
    preview_background_files = models.ManyToManyField(
        PreviewBackgroundFile,
        db_table="project_template_preview_background_file_link",
        related_name="templates",
        blank=True,
    )

    class Meta:
        db_table = "project_template"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProjectTemplateTaskTypeLink(BaseModel):
    project_template = models.ForeignKey(
        ProjectTemplate, on_delete=models.CASCADE, related_name="task_type_links"
    )
    task_type = models.ForeignKey(TaskType, on_delete=models.CASCADE, related_name="template_links")
    priority = models.IntegerField(null=True, blank=True)
    hd_bitrate_compression = models.IntegerField(null=True, blank=True)
    ld_bitrate_compression = models.IntegerField(null=True, blank=True)
    is_client_visible = models.BooleanField(default=True)

    class Meta:
        db_table = "project_template_task_type_link"
        constraints = [
            models.UniqueConstraint(
                fields=["project_template", "task_type"], name="project_template_tasktype_uc"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_type} in {self.project_template}"


class ProjectTemplateTaskStatusLink(BaseModel):
    project_template = models.ForeignKey(
        ProjectTemplate, on_delete=models.CASCADE, related_name="task_status_links"
    )
    task_status = models.ForeignKey(
        TaskStatus, on_delete=models.CASCADE, related_name="template_links"
    )
    priority = models.IntegerField(null=True, blank=True)
    roles_for_board = models.JSONField(default=list, blank=True)
    is_client_allowed = models.BooleanField(null=True, blank=True)

    class Meta:
        db_table = "project_template_task_status_link"
        constraints = [
            models.UniqueConstraint(
                fields=["project_template", "task_status"], name="project_template_taskstatus_uc"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_status} in {self.project_template}"


class ProjectTaskTypeSoftwareLink(BaseModel):
    """The software a project uses for one of its task types."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="software_links")
    task_type = models.ForeignKey(
        TaskType, on_delete=models.CASCADE, related_name="project_software_links"
    )
    software = models.ForeignKey(
        "people.Software", on_delete=models.CASCADE, related_name="project_task_type_links"
    )

    class Meta:
        db_table = "project_task_type_software_link"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "task_type", "software"],
                name="project_task_type_software_link_uc",
            )
        ]

    def __str__(self) -> str:
        return f"{self.software_id} for {self.task_type_id} in {self.project_id}"

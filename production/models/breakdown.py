"""The breakdown: every asset, episode, sequence, shot, scene, edit and concept is an Entity,
told apart by its entity type; casting links shots (and episodes, sets) to the assets in them."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Person
from production.models.config import EntityType, TaskType
from production.models.projects import Project


class EntityStatus(models.TextChoices):
    STANDBY = "standby", "Standby"
    RUNNING = "running", "Running"
    COMPLETE = "complete", "Complete"
    CANCELED = "canceled", "Canceled"


class EntityQuerySet(models.QuerySet):
    def of_type(self, type_name: str) -> EntityQuerySet:
        return self.filter(entity_type__name=type_name)

    def assets(self) -> EntityQuerySet:
        return self.exclude(entity_type__name__in=EntityType.TEMPORAL_NAMES)


class Entity(BaseModel):
    """A thing of the breakdown that tasks are about.

    Shots hang from sequences, sequences (and edits) from episodes through `parent`; an asset's
    `source` is its main episode. `canceled` is the soft delete of entities that have tasks.
    """

    name = models.CharField(max_length=160)
    code = models.CharField(max_length=160, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    shotgun_id = models.IntegerField(null=True, blank=True)
    canceled = models.BooleanField(default=False)
    nb_frames = models.IntegerField(null=True, blank=True)
    nb_entities_out = models.IntegerField(default=0)
    is_casting_standby = models.BooleanField(default=False)
    is_shared = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=EntityStatus.choices, default=EntityStatus.RUNNING, db_index=True
    )
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="entities")
    entity_type = models.ForeignKey(EntityType, on_delete=models.PROTECT, related_name="entities")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    source = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="sourced"
    )
    # The main preview; a plain id until preview files exist in the reviews app.
    preview_file_id = models.UUIDField(null=True, blank=True)
    data = models.JSONField(null=True, blank=True)
    ready_for = models.ForeignKey(
        TaskType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_column="ready_for",
        related_name="ready_entities",
    )
    created_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_column="created_by",
        related_name="created_entities",
    )
    entities_out = models.ManyToManyField(
        "self",
        through="EntityLink",
        through_fields=("entity_in", "entity_out"),
        symmetrical=False,
        related_name="entities_in",
        blank=True,
    )
    entity_concept_links = models.ManyToManyField(
        "self",
        through="EntityConceptLink",
        through_fields=("entity_in", "entity_out"),
        symmetrical=False,
        related_name="concepts_linked",
        blank=True,
    )
    instance_casting = models.ManyToManyField(
        "AssetInstance", db_table="asset_instance_link", related_name="shots", blank=True
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        db_table = "entity"
        verbose_name_plural = "entities"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "project", "entity_type", "parent"],
                name="entity_uc",
            )
        ]
        indexes = [models.Index(fields=["project", "entity_type"], name="entity_project_type")]

    def __str__(self) -> str:
        return self.name


class EntityLink(BaseModel):
    """Casting: `entity_out` (an asset) appears `nb_occurences` times in `entity_in`."""

    entity_in = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="links_out")
    entity_out = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="links_in")
    data = models.JSONField(null=True, blank=True)
    nb_occurences = models.IntegerField(default=1)
    label = models.CharField(max_length=80, default="", blank=True)

    class Meta:
        db_table = "entity_link"
        constraints = [
            models.UniqueConstraint(fields=["entity_in", "entity_out"], name="entity_link_uc")
        ]

    def __str__(self) -> str:
        return f"{self.entity_out_id} in {self.entity_in_id}"


class EntityConceptLink(BaseModel):
    """A concept and an asset it was drawn for."""

    entity_in = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="concept_links_out"
    )
    entity_out = models.ForeignKey(
        Entity, on_delete=models.CASCADE, related_name="concept_links_in"
    )

    class Meta:
        db_table = "entity_concept_link"
        constraints = [
            models.UniqueConstraint(
                fields=["entity_in", "entity_out"], name="entity_concept_link_uc"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entity_out_id} for {self.entity_in_id}"


class EntityVersion(BaseModel):
    """A snapshot of a shot's (or edit's) name and frame data before a change."""

    name = models.CharField(max_length=160)
    data = models.JSONField(null=True, blank=True)
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="versions")
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="entity_versions"
    )

    class Meta:
        db_table = "entity_version"

    def __str__(self) -> str:
        return self.name


class AssetInstance(BaseModel):
    """One placement of an asset in a scene or inside another asset (a set)."""

    asset = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="instances")
    name = models.CharField(max_length=80, null=True, blank=True)
    number = models.IntegerField(null=True, blank=True)
    description = models.CharField(max_length=200, null=True, blank=True)
    active = models.BooleanField(default=True)
    data = models.JSONField(null=True, blank=True)
    scene = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="scene_instances"
    )
    target_asset = models.ForeignKey(
        Entity, on_delete=models.CASCADE, null=True, blank=True, related_name="target_instances"
    )

    class Meta:
        db_table = "asset_instance"
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "target_asset", "scene", "number"], name="asset_instance_uc"
            )
        ]

    def __str__(self) -> str:
        return self.name or str(self.id)

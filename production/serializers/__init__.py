"""Wire formats and write validation for the production models."""

from __future__ import annotations

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import Row, WireFormat
from production.models import (
    AssetInstance,
    CustomAction,
    Entity,
    EntityLink,
    EntityType,
    MetadataDescriptor,
    PreviewBackgroundFile,
    Project,
    ProjectStatus,
    ProjectTemplate,
    StatusAutomation,
    Task,
    TaskStatus,
    TaskType,
)


def entity_type_name(row: Row) -> str:
    """Entities come out typed by kind: Shot, Sequence, Episode... and Asset for asset types."""
    name = row["entity_type__name"]
    return name if name in EntityType.TEMPORAL_NAMES else "Asset"


class ProjectStatusSerializer(ZouSerializer):
    wire = WireFormat(ProjectStatus)

    class Meta:
        model = ProjectStatus
        fields = "__all__"


class TaskStatusSerializer(ZouSerializer):
    wire = WireFormat(TaskStatus)

    class Meta:
        model = TaskStatus
        fields = "__all__"


class TaskTypeSerializer(ZouSerializer):
    wire = WireFormat(TaskType)

    class Meta:
        model = TaskType
        fields = "__all__"
        validators: list = []  # name uniqueness is checked by the service, with its message


class AssetTypeSerializer(ZouSerializer):
    """Asset types are entity types; clients get them as `AssetType` with their workflow."""

    wire = WireFormat(EntityType, type_name="AssetType", always_relations=True)

    class Meta:
        model = EntityType
        fields = "__all__"


class StatusAutomationSerializer(ZouSerializer):
    wire = WireFormat(StatusAutomation)

    class Meta:
        model = StatusAutomation
        fields = "__all__"


class CustomActionSerializer(ZouSerializer):
    wire = WireFormat(CustomAction)

    class Meta:
        model = CustomAction
        fields = "__all__"


class PreviewBackgroundFileSerializer(ZouSerializer):
    wire = WireFormat(PreviewBackgroundFile)

    class Meta:
        model = PreviewBackgroundFile
        fields = "__all__"


class ProjectSerializer(ZouSerializer):
    wire = WireFormat(Project)

    class Meta:
        model = Project
        exclude = ("team", "task_types", "task_statuses")


class ProjectTemplateSerializer(ZouSerializer):
    wire = WireFormat(ProjectTemplate)

    class Meta:
        model = ProjectTemplate
        exclude = ("task_types", "task_statuses")


class MetadataDescriptorSerializer(ZouSerializer):
    wire = WireFormat(MetadataDescriptor, always_relations=True)

    class Meta:
        model = MetadataDescriptor
        fields = "__all__"
        validators: list = []


ENTITY_WIRE = WireFormat(
    Entity,
    type_of=entity_type_name,
    computed_from=("entity_type__name",),
)


class EntitySerializer(ZouSerializer):
    wire = ENTITY_WIRE

    class Meta:
        model = Entity
        exclude = ("entities_out", "entity_concept_links", "instance_casting")
        validators: list = []


class EntityLinkSerializer(ZouSerializer):
    wire = WireFormat(EntityLink)

    class Meta:
        model = EntityLink
        fields = "__all__"


class AssetInstanceSerializer(ZouSerializer):
    wire = WireFormat(AssetInstance)

    class Meta:
        model = AssetInstance
        fields = "__all__"


class TaskSerializer(ZouSerializer):
    wire = WireFormat(Task)

    class Meta:
        model = Task
        fields = "__all__"
        validators: list = []

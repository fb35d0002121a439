"""Wire formats and write validation for the studio-wide production settings."""

from __future__ import annotations

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat
from production.models import (
    EntityType,
    PreviewBackgroundFile,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    StatusAutomation,
)


class EntityTypeWorkflowSerializer(ZouSerializer):
    """Entity types as `/data/entity-types` reads and writes them: the asset-type workflow
    (`task_types`) is a relation id list, writable on create and update."""

    wire = WireFormat(EntityType)

    class Meta:
        model = EntityType
        fields = "__all__"


class StatusAutomationWriteSerializer(ZouSerializer):
    wire = WireFormat(StatusAutomation)

    class Meta:
        model = StatusAutomation
        fields = "__all__"
        # An automation changes a status unless told otherwise, as in the reference.
        extra_kwargs = {"out_field_type": {"default": StatusAutomation.OutField.STATUS}}


class PreviewBackgroundFileWriteSerializer(ZouSerializer):
    wire = WireFormat(PreviewBackgroundFile)

    class Meta:
        model = PreviewBackgroundFile
        fields = "__all__"
        # A background without its file yet weighs nothing (the reference stores 0).
        extra_kwargs = {"file_size": {"default": 0}}


PROJECT_TASK_TYPE_LINK_WIRE = WireFormat(ProjectTaskTypeLink)
PROJECT_TASK_STATUS_LINK_WIRE = WireFormat(ProjectTaskStatusLink)
PROJECT_ASSET_TYPE_WIRE = WireFormat(EntityType, type_name="AssetType", relations=())

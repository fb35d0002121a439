"""Wire formats and write validation for projects, their team, settings, metadata descriptors
and project templates."""

from __future__ import annotations

from rest_framework import serializers

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat
from people.models import Person
from people.wire import PERSON_MINIMAL_COLUMNS, PERSON_SECRETS, full_name
from production.models import (
    MetadataDescriptor,
    Project,
    ProjectTaskStatusLink,
    ProjectTemplate,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
    TaskStatus,
    TaskType,
)

PROJECT_WIRE = WireFormat(Project)
# Templates go out without their link lists on writes, with them on a single GET.
PROJECT_TEMPLATE_WIRE = WireFormat(ProjectTemplate)
DESCRIPTOR_WIRE = WireFormat(MetadataDescriptor)
TASK_STATUS_LINK_WIRE = WireFormat(ProjectTaskStatusLink)
TEMPLATE_TASK_TYPE_LINK_WIRE = WireFormat(ProjectTemplateTaskTypeLink)
TEMPLATE_TASK_STATUS_LINK_WIRE = WireFormat(ProjectTemplateTaskStatusLink)
TASK_TYPE_WIRE = WireFormat(TaskType)
TASK_STATUS_WIRE = WireFormat(TaskStatus)

# A project's descriptors as embedded in project answers (`descriptors`).
DESCRIPTOR_SUMMARY_FIELDS = (
    "id",
    "name",
    "field_name",
    "data_type",
    "choices",
    "for_client",
    "entity_type",
    "task_type_id",
    "position",
    "departments",
)
# A descriptor as a template keeps it (`metadata_descriptors`).
TEMPLATE_DESCRIPTOR_FIELDS = (
    "name",
    "choices",
    "position",
    "data_type",
    "field_name",
    "for_client",
    "departments",
    "entity_type",
    "task_type_id",
)

# Team members: what colleagues may see, and what the project's managers see.
TEAM_MEMBER_WIRE = WireFormat(
    Person,
    hidden=PERSON_SECRETS,
    computed={"full_name": full_name},
    computed_from=("first_name", "last_name"),
    relations=("departments",),
    always_relations=True,
)
TEAM_MEMBER_MINIMAL_WIRE = WireFormat(
    Person,
    only=PERSON_MINIMAL_COLUMNS,
    computed={"full_name": full_name},
    computed_from=("first_name", "last_name"),
    relations=("departments",),
    always_relations=True,
)


class ProjectWriteSerializer(ZouSerializer):
    """What a project POST or PUT may set; the team and the pipeline links have their routes."""

    wire = PROJECT_WIRE

    class Meta:
        model = Project
        exclude = (
            "team",
            "task_types",
            "task_statuses",
            "asset_types",
            "status_automations",
            "preview_background_files",
        )


class ProjectTemplateWriteSerializer(ZouSerializer):
    wire = PROJECT_TEMPLATE_WIRE

    class Meta:
        model = ProjectTemplate
        exclude = (
            "task_types",
            "task_statuses",
            "asset_types",
            "status_automations",
            "preview_background_files",
        )


class MetadataDescriptorWriteSerializer(ZouSerializer):
    """The raw `/data/metadata-descriptors` writes (admin): the rules live in the services."""

    wire = DESCRIPTOR_WIRE

    class Meta:
        model = MetadataDescriptor
        fields = "__all__"
        validators: list = []


DATA_TYPES = tuple(MetadataDescriptor.DataType.values)


class DescriptorInputSerializer(serializers.Serializer):
    """The body of a project descriptor POST or PUT."""

    name = serializers.CharField(max_length=120)
    entity_type = serializers.CharField(max_length=60, required=False, default="Asset")
    task_type_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    data_type = serializers.CharField(required=False, allow_null=True)
    choices = serializers.ListField(required=False, allow_null=True)
    for_client = serializers.BooleanField(required=False, allow_null=True)
    departments = serializers.ListField(child=serializers.CharField(), required=False)


class ReorderSerializer(serializers.Serializer):
    entity_type = serializers.CharField()
    descriptor_ids = serializers.ListField(child=serializers.CharField(), min_length=1)

"""Wire formats and write validation for software, hardware items and their department links."""

from __future__ import annotations

from rest_framework import serializers

from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat
from people.models import (
    HardwareItem,
    HardwareItemDepartmentLink,
    Software,
    SoftwareDepartmentLink,
)

# The reference lists neither side of the department links on software or hardware items.
SOFTWARE_WIRE = WireFormat(Software, relations=[])
HARDWARE_ITEM_WIRE = WireFormat(HardwareItem, relations=[])
SOFTWARE_LINK_WIRE = WireFormat(SoftwareDepartmentLink)
HARDWARE_ITEM_LINK_WIRE = WireFormat(HardwareItemDepartmentLink)


class SoftwareSerializer(ZouSerializer):
    wire = SOFTWARE_WIRE
    # The reference stores no list until one is given.
    secondary_extensions = serializers.JSONField(required=False, allow_null=True, default=None)

    class Meta:
        model = Software
        exclude = ("departments",)


class HardwareItemSerializer(ZouSerializer):
    wire = HARDWARE_ITEM_WIRE

    class Meta:
        model = HardwareItem
        exclude = ("departments",)

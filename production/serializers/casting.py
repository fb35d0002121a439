"""Wire formats and inputs of the casting routes."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework import serializers

from kitsu_site.api.errors import ApiError, validation_error, validation_errors
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat
from production.models import AssetInstance, EntityLink
from production.services.casting import CastItem


class BodyNotAList(ApiError):
    data_in_body = False


class EntityLinkSerializer(ZouSerializer):
    wire = WireFormat(EntityLink)

    class Meta:
        model = EntityLink
        fields = "__all__"
        validators: list = []


# The reference still carries two deprecated columns on asset instances; they are always empty.
ASSET_INSTANCE_WIRE = WireFormat(
    AssetInstance,
    computed={"entity_id": lambda row: None, "entity_type_id": lambda row: None},
    relations=("shots",),
)


class AssetInstanceSerializer(ZouSerializer):
    wire = ASSET_INSTANCE_WIRE

    class Meta:
        model = AssetInstance
        fields = "__all__"
        validators: list = []


def _malformed(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise ApiError("Malformed ID.") from None


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise ApiError("Malformed value for nb_occurences.")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError("Malformed value for nb_occurences.") from None


def lax_cast_items(data: Any) -> list[CastItem]:
    """The project casting body: entries without `asset_id` or `nb_occurences` are skipped."""
    if not isinstance(data, list):
        raise BodyNotAList("Request body must be a JSON array")
    items = []
    for entry in data:
        if not isinstance(entry, dict) or "asset_id" not in entry or "nb_occurences" not in entry:
            continue
        items.append(
            CastItem(
                asset_id=_malformed(entry["asset_id"]),
                nb_occurences=_integer(entry["nb_occurences"]),
                label=str(entry.get("label") or ""),
            )
        )
    return items


class CastItemSerializer(serializers.Serializer):
    asset_id = serializers.UUIDField(error_messages={"required": "Field required"})
    nb_occurences = serializers.IntegerField(
        default=1,
        error_messages={
            "invalid": "Input should be a valid integer, unable to parse string as an integer"
        },
    )
    label = serializers.CharField(default="", allow_blank=True)


def strict_cast_items(data: Any) -> list[CastItem]:
    """The asset casting body: every entry names its asset; occurrences default to 1."""
    if not isinstance(data, list):
        raise ApiError("Request body must be a JSON array.")
    serializer = CastItemSerializer(data=data, many=True)
    if not serializer.is_valid():
        raise ApiError("Validation error.", data={"errors": validation_errors(serializer.errors)})
    return [CastItem(**values) for values in serializer.validated_data]


class AssetCastingSerializer(serializers.Serializer):
    """`PUT .../entities/casting/assets/<asset_id>`: cast one asset in several entities."""

    entity_ids = serializers.ListField(
        child=serializers.UUIDField(), error_messages={"required": "Field required"}
    )
    nb_occurences = serializers.IntegerField(default=1)
    label = serializers.CharField(default="", allow_blank=True)


def asset_casting_input(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise validation_error(
            ("", "Input should be a valid dictionary or instance of CastAssetSchema")
        )
    serializer = AssetCastingSerializer(data=data)
    if not serializer.is_valid():
        raise ApiError("Validation error.", data={"errors": validation_errors(serializer.errors)})
    return serializer.validated_data

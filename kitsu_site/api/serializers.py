"""The base serializer: validates writes with the model's rules and renders the wire format."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from rest_framework import serializers

from kitsu_site.api.wire import WireFormat


class ZouSerializer(serializers.ModelSerializer):
    """Writes take foreign keys by their column name (`studio_id`, `created_by`), as the wire
    shows them; output is `wire`'s format."""

    wire: ClassVar[WireFormat]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for model_field in self.Meta.model._meta.concrete_fields:
            renamed = model_field.column != model_field.name
            if model_field.is_relation and renamed and model_field.name in fields:
                field = fields.pop(model_field.name)
                field.source = model_field.name
                fields[model_field.column] = field
        return fields

    def to_representation(self, instance: models.Model) -> dict[str, Any]:
        return self.wire.instance(instance)

"""The base serializer: validates writes with the model's rules and renders the wire format."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from kitsu_site.api.errors import Conflict, InvalidFormat
from kitsu_site.api.wire import WireFormat


def _codes(detail: Any) -> set[str]:
    if isinstance(detail, dict):
        return set().union(set(), *(_codes(value) for value in detail.values()))
    if isinstance(detail, list):
        return set().union(set(), *(_codes(value) for value in detail))
    return {getattr(detail, "code", "invalid")}


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


class ReferenceWriteErrors:
    """Mixed in before `ZouSerializer`: write errors as the reference's CRUD sanitises them: a
    value of the wrong type or size is "One of the provided values has an invalid format.", an
    unknown foreign key a conflict. Missing values keep the base answer ("A required field is
    missing.")."""

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        valid = super().is_valid(raise_exception=False)
        if valid or not raise_exception:
            return valid
        codes = _codes(self.errors)
        if codes & {"required", "null"}:
            raise ValidationError(self.errors)
        if "does_not_exist" in codes:
            raise Conflict()
        raise InvalidFormat()

"""Flattening DRF's error detail into the reference's `[{"field", "message"}]` list."""

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from kitsu_site.api.errors import validation_errors


class ItemSerializer(serializers.Serializer):
    asset_id = serializers.UUIDField()


class ItemsSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.UUIDField())


def test_entries_keyed_by_integer_index_keep_index_zero():
    detail = {
        0: {"asset_id": [ErrorDetail("Field required")]},
        2: {"asset_id": [ErrorDetail("Field required")]},
    }
    assert validation_errors(detail) == [
        {"field": "0.asset_id", "message": "Field required"},
        {"field": "2.asset_id", "message": "Field required"},
    ]


def test_many_serializer_errors_name_every_entry():
    serializer = ItemSerializer(
        data=[{}, {"asset_id": "a4b0f4e4-6bd6-4b7b-9b1d-6c9c5a2a8d11"}, {}], many=True
    )
    assert not serializer.is_valid()
    assert validation_errors(serializer.errors) == [
        {"field": "0.asset_id", "message": "This field is required."},
        {"field": "2.asset_id", "message": "This field is required."},
    ]


def test_list_field_errors_under_a_field_keep_index_zero():
    serializer = ItemsSerializer(data={"ids": ["x", "a4b0f4e4-6bd6-4b7b-9b1d-6c9c5a2a8d11", "y"]})
    assert not serializer.is_valid()
    assert validation_errors(serializer.errors) == [
        {"field": "ids.0", "message": "Must be a valid UUID."},
        {"field": "ids.2", "message": "Must be a valid UUID."},
    ]


def test_list_positions_and_non_field_errors():
    detail = {
        "non_field_errors": [ErrorDetail("Bad pair")],
        "items": [{}, {"name": [ErrorDetail("Too long")]}],
    }
    assert validation_errors(detail) == [
        {"field": "", "message": "Bad pair"},
        {"field": "items.1.name", "message": "Too long"},
    ]
    assert validation_errors([{"name": [ErrorDetail("Too long")]}]) == [
        {"field": "0.name", "message": "Too long"}
    ]

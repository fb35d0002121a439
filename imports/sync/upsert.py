"""Writing raw rows from another Kitsu instance, keeping their ids and timestamps.

A row is the wire dict the other instance serves (`GET /data/<model>?relations=true`): each
column under its database column name, many-to-many relations as id lists. Keys this side does
not know (`full_name`, `project_name`, `type`) are ignored.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from kitsu_site.api.errors import validation_error

Row = dict[str, Any]
AUDIT_COLUMNS = ("created_at", "updated_at")
# How an asset's page says "none" for some ids: `preview_file_id: ""`, `ready_for: "None"`.
EMPTY_IDS = ("", "None")


def parse_row_id(row: Any, *, key: str = "id") -> uuid.UUID:
    """The id of one imported row; a row that is not an object with a valid id is a 400."""
    if not isinstance(row, dict):
        raise validation_error(("", "Each entry must be an object."))
    try:
        return uuid.UUID(str(row[key]))
    except (KeyError, ValueError):
        raise validation_error((key, "A valid id is required.")) from None


def _columns(model: type[models.Model]) -> dict[str, models.Field]:
    """Every concrete column by its wire key (the database column name)."""
    return {field.column: field for field in model._meta.concrete_fields if not field.primary_key}


def _python_value(field: models.Field, key: str, value: Any) -> Any:
    target = field.target_field if field.is_relation else field
    if value in EMPTY_IDS and isinstance(target, models.UUIDField):
        value = None
    if value is None:
        # The source may leave empty what this side keeps NOT NULL with a default.
        return None if field.null or not field.has_default() else field.get_default()
    try:
        converted = target.to_python(value)
    except ValidationError:
        raise validation_error((key, f"Invalid value: {value!r}.")) from None
    if isinstance(converted, dt.datetime) and converted.tzinfo is None:
        converted = converted.replace(tzinfo=dt.UTC)
    return converted


def column_values(model: type[models.Model], row: Row, *, skip: Iterable[str] = ()) -> Row:
    """The row's known columns as model attribute values (audit columns apart)."""
    skipped = {*skip, *AUDIT_COLUMNS}
    values: Row = {}
    for key, field in _columns(model).items():
        if key in row and key not in skipped:
            values[field.attname] = _python_value(field, key, row[key])
    return values


def _audit_values(model: type[models.Model], row: Row) -> Row:
    columns = _columns(model)
    return {
        key: _python_value(columns[key], key, row[key]) for key in AUDIT_COLUMNS if row.get(key)
    }


def upsert_row(
    model: type[models.Model],
    row: Row,
    *,
    skip: Iterable[str] = (),
    instance: models.Model | None = None,
) -> tuple[models.Model, bool]:
    """Create or update the row with its own id; returns the instance and whether it existed.

    The source's `created_at`/`updated_at` are kept (written after the save, which would
    otherwise stamp the current time).
    """
    row_id = parse_row_id(row)
    values = column_values(model, row, skip=skip)
    if instance is None:
        instance = model.objects.filter(pk=row_id).first()
    existed = instance is not None
    if instance is None:
        instance = model(pk=row_id, **values)
        instance.save(force_insert=True)
    else:
        for attname, value in values.items():
            setattr(instance, attname, value)
        instance.save()
    audit = _audit_values(model, row)
    if audit:
        model.objects.filter(pk=instance.pk).update(**audit)
        for attname, value in audit.items():
            setattr(instance, attname, value)
    return instance, existed


def set_relations(instance: models.Model, row: Row, relation_names: Iterable[str]) -> None:
    """Replace each many-to-many relation the row lists, with the ids that exist here."""
    for name in relation_names:
        ids = row.get(name)
        if ids is None:
            continue
        if not isinstance(ids, list):
            raise validation_error((name, "A list of ids is expected."))
        related_model = instance._meta.get_field(name).related_model
        wanted = [_python_value(related_model._meta.pk, name, value) for value in ids]
        existing = related_model.objects.filter(pk__in=wanted).values_list("pk", flat=True)
        getattr(instance, name).set(list(existing))

"""The reference wire format, in one place.

Every model leaves the API as a flat dict: each column under its attribute name (`studio_id`),
ids as strings, datetimes in ISO 8601 without microseconds or zone (UTC), dates as
`YYYY-MM-DD`, computed values (`full_name`), `type` = the class name clients expect, and, when
relations are asked for, many-to-many relations as lists of id strings.

A `WireFormat` renders model instances and, for lists, rows straight from `values()`: no
per-row serializer objects, and one query per many-to-many relation whatever the row count.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models import Func

Row = dict[str, Any]
Converter = Callable[[Any], Any]
WIRE_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


def wire_datetime(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime(WIRE_DATETIME_FORMAT)


def wire_date(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def wire_uuid(value: uuid.UUID | str | None) -> str | None:
    """The canonical text of an id, whether it comes as a UUID or as text (hex on SQLite)."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 36:
        return value
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


class UUIDText(Func):
    """A uuid column read as its canonical text: on PostgreSQL the cast happens in SQL, which
    spares building a Python UUID object per value (they cost more than the query on big
    lists). Elsewhere the stored text comes back as it is; `wire_uuid` normalises it."""

    output_field = models.CharField()

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql})::text", params


def _is_uuid_path(model: type[models.Model], path: str) -> bool:
    """Whether `path` (`entity_id`, `parent__parent_id`, by name or attribute) is a uuid."""
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    if field is None:
        return False
    target = field.target_field if field.is_relation and not field.many_to_many else field
    return isinstance(target, models.UUIDField)


def values_fast(queryset: models.QuerySet, columns: Sequence[str]) -> list[Row]:
    """`queryset.values(*columns)`, with every uuid column as canonical text (see UUIDText).

    Columns may be attribute names (`entity_id`) or paths (`parent__parent_id`).
    """
    model = queryset.model
    text_columns = [column for column in columns if _is_uuid_path(model, column)]
    plain = [column for column in columns if column not in text_columns]
    aliases = {f"{column}_as_text": UUIDText(column) for column in text_columns}
    rows = list(queryset.values(*plain, **aliases))
    for row in rows:
        for column in text_columns:
            row[column] = row.pop(f"{column}_as_text")
    return rows


def wire_value(value: Any) -> Any:
    """Convert any Python value the way the wire format wants it (for hand-built payloads)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return wire_datetime(value)
    if isinstance(value, dt.date):
        return wire_date(value)
    if isinstance(value, dict):
        return {key: wire_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [wire_value(item) for item in value]
    return value


def _converter_for(field: models.Field) -> Converter | None:
    if isinstance(field, models.DateTimeField):
        return wire_datetime
    if isinstance(field, models.DateField):
        return wire_date
    if isinstance(field, models.UUIDField) or (
        field.is_relation and isinstance(field.target_field, models.UUIDField)
    ):
        return wire_uuid
    return None


def _read(obj: Any, path: str) -> Any:
    """An attribute, following `values()`-style paths (`entity_type__name`)."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


class Relation:
    """A many-to-many relation rendered as a list of related ids."""

    def __init__(self, field: models.ManyToManyField | models.ManyToManyRel):
        if isinstance(field, models.ManyToManyRel):  # the reverse side (`entities_in`)
            forward = field.field
            self.key = field.get_accessor_name()
            self.source, self.target = forward.m2m_reverse_field_name(), forward.m2m_field_name()
        else:
            forward = field
            self.key = field.name
            self.source, self.target = forward.m2m_field_name(), forward.m2m_reverse_field_name()
        self.through = forward.remote_field.through

    def ids_by_owner(self, owner_ids: Sequence[Any]) -> dict[str, list[str]]:
        links = self.through.objects.filter(**{f"{self.source}_id__in": owner_ids}).values_list(
            f"{self.source}_id", f"{self.target}_id"
        )
        grouped: dict[str, list[str]] = defaultdict(list)
        for owner_id, target_id in links:
            grouped[str(owner_id)].append(str(target_id))
        return grouped


class WireFormat:
    """How one model looks on the wire.

    `hidden` columns never leave the server; `only` restricts the output to a shape (the
    "minimal" person); `computed` adds values derived from a row; `relations` names the
    many-to-many fields that become id lists, included when asked for or when `always_relations`.
    `type_of` names the type per row where one table holds several kinds (entities);
    `children` adds one-to-many lists (a message's attachments) to the rendered rows, in one
    query for all of them.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        type_name: str | None = None,
        hidden: Iterable[str] = (),
        only: Iterable[str] | None = None,
        computed: dict[str, Callable[[Row], Any]] | None = None,
        computed_from: Iterable[str] = (),
        relations: Iterable[str] | None = None,
        always_relations: bool = False,
        type_of: Callable[[Row], str] | None = None,
        children: Callable[[list[Row]], None] | None = None,
    ):
        self.model = model
        self.type_name = type_name or model.__name__
        self.type_of = type_of
        self.children = children
        hidden_names = set(hidden)
        wanted = set(only) if only is not None else None
        trailing = ("id", "created_at", "updated_at")
        columns = [
            field
            for field in model._meta.concrete_fields
            if field.attname not in hidden_names
            and field.name not in hidden_names
            and (wanted is None or field.attname in wanted)
        ]
        # The reference lists the audit columns after the model's own columns and computed values.
        # Each column goes out under its database column name: `studio_id`, and `created_by`
        # for a foreign key the reference named without the `_id` suffix.
        self.leading = [
            (f.attname, f.column, _converter_for(f)) for f in columns if f.attname not in trailing
        ]
        self.trailing = [
            (f.attname, f.column, _converter_for(f)) for f in columns if f.attname in trailing
        ]
        self.attnames = [attname for attname, _, _ in (*self.leading, *self.trailing)]
        self.computed = computed or {}
        self.sources = sorted({*self.attnames, *computed_from})
        relation_names = (
            relations
            if relations is not None
            else [
                field.name for field in model._meta.many_to_many if field.name not in hidden_names
            ]
        )
        self.relations = [Relation(model._meta.get_field(name)) for name in relation_names]
        self.always_relations = always_relations

    def instance(self, obj: models.Model, *, relations: bool = False) -> Row:
        """The wire dict of one instance."""
        row = {source: _read(obj, source) for source in self.sources}
        return self._finish([row], relations=relations, fields=None)[0]

    def rows(
        self,
        queryset: models.QuerySet,
        *,
        relations: bool = False,
        fields: Sequence[str] | None = None,
    ) -> list[Row]:
        """The wire dicts of a queryset, read with `values()`."""
        return self._finish(values_fast(queryset, self.sources), relations=relations, fields=fields)

    def _finish(
        self, raw_rows: list[Row], *, relations: bool, fields: Sequence[str] | None
    ) -> list[Row]:
        output = [self._render(row) for row in raw_rows]
        if (relations or self.always_relations) and output:
            self._add_relations(raw_rows, output)
        if self.children is not None and output:
            self.children(output)
        if fields:
            keep = {*fields, "id", "type"}
            output = [{key: value for key, value in row.items() if key in keep} for row in output]
        return output

    def _render(self, row: Row) -> Row:
        rendered: Row = {}
        for attname, key, convert in self.leading:
            value = row[attname]
            rendered[key] = convert(value) if convert is not None else value
        for key, compute in self.computed.items():
            rendered[key] = compute(row)
        for attname, key, convert in self.trailing:
            value = row[attname]
            rendered[key] = convert(value) if convert is not None else value
        rendered["type"] = self.type_of(row) if self.type_of is not None else self.type_name
        return rendered

    def _add_relations(self, raw_rows: list[Row], output: list[Row]) -> None:
        owner_ids = [row["id"] for row in raw_rows]
        for relation in self.relations:
            grouped = relation.ids_by_owner(owner_ids)
            for raw, rendered in zip(raw_rows, output, strict=True):
                rendered[relation.key] = grouped.get(wire_uuid(raw["id"]), [])

"""The reference wire format, in one place.

Every model leaves the API as a flat dict: each column under its attribute name (`studio_id`),
ids as strings, datetimes in ISO 8601 without microseconds or zone (UTC), dates as
`YYYY-MM-DD`, computed values (`full_name`), `type` = the class name clients expect, and, when
relations are asked for, many-to-many relations as lists of id strings.

A `WireFormat` renders model instances and, for lists, rows straight from `values_list()`
with every value already in its wire form (`wire_values`): no per-row serializer objects, no
Python `UUID` or `datetime` per value, and one query per many-to-many relation whatever the row
count.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

import orjson
from django.db import connections, models
from django.db.models import Func

Row = dict[str, Any]
Converter = Callable[[Any], Any]
WIRE_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


def wire_datetime(value: dt.datetime | str | None) -> str | None:
    """The wire text of a datetime (text already read as such passes through)."""
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    return value.strftime(WIRE_DATETIME_FORMAT)


def wire_date(value: dt.date | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def wire_uuid(value: uuid.UUID | str | None) -> str | None:
    """The canonical text of an id, whether it comes as a UUID or as text (hex on SQLite)."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 36:
        return value
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(value))


class StoredColumn(Func):
    """A column read as the database stores it; subclasses format it in SQL on PostgreSQL."""

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[0])


class UUIDText(StoredColumn):
    """A uuid column read as its canonical text: on PostgreSQL the cast happens in SQL, which
    spares building a Python UUID object per value (they cost more than the query on big
    lists). Elsewhere the stored text comes back as it is; `wire_uuid` normalises it."""

    output_field = models.CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql})::text", params


class DateTimeText(StoredColumn):
    """A datetime column read as its wire text (UTC, to the second, the year unpadded as
    `strftime` writes it) on PostgreSQL; elsewhere a datetime for `wire_datetime`."""

    output_field = models.DateTimeField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char(({sql}) AT TIME ZONE 'UTC', 'FMYYYY-MM-DD\"T\"HH24:MI:SS')", params


class DateText(StoredColumn):
    """A date column read as its ISO text on PostgreSQL; elsewhere a date for `wire_date`."""

    output_field = models.DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char({sql}, 'YYYY-MM-DD')", params


class JSONText(StoredColumn):
    """A JSON column read as its stored text, for `json_value` to decode (orjson: several times
    faster than the standard decoder Django's JSONField uses)."""

    output_field = models.TextField()


def json_value(text: str | None) -> Any:
    """A stored JSON text decoded as Django's JSONField would decode it: orjson parses the same
    values; what it refuses (non-finite numbers, lone surrogates) goes to the standard decoder,
    and text neither can read comes back as it is."""
    if text is None:
        return None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _column_field(model: type[models.Model], path: str) -> models.Field:
    """The field a column or path (`entity_id`, `parent__parent_id`, by name or attribute)
    reads: the target column for a foreign key."""
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.is_relation and field.related_model is not None:
            model = field.related_model
    return field.target_field if field.is_relation and not field.many_to_many else field


def _is_uuid_path(model: type[models.Model], path: str) -> bool:
    return isinstance(_column_field(model, path), models.UUIDField)


class WireReader(NamedTuple):
    """How one kind of column is read as wire text: the expression reading it, and the Python
    step finishing the value where the database does not (`in_postgresql`: it does there)."""

    field_class: type[models.Field]
    expression: type[Func]
    finish: Converter
    in_postgresql: bool


WIRE_READERS = (
    WireReader(models.UUIDField, UUIDText, wire_uuid, in_postgresql=True),
    WireReader(models.DateTimeField, DateTimeText, wire_datetime, in_postgresql=True),
    WireReader(models.DateField, DateText, wire_date, in_postgresql=True),
    WireReader(models.JSONField, JSONText, json_value, in_postgresql=False),
)


def _wire_reader(model: type[models.Model], path: str) -> WireReader | None:
    field = _column_field(model, path)
    return next((reader for reader in WIRE_READERS if isinstance(field, reader.field_class)), None)


def wire_values(queryset: models.QuerySet, columns: Sequence[str]) -> list[Sequence[Any]]:
    """`queryset.values_list(*columns)` with every value as the wire wants it: ids, datetimes
    and dates as their wire text (formatted in SQL on PostgreSQL), JSON decoded.

    Big lists are built from these rows: no Python `UUID` or `datetime` per value.
    """
    readers = [_wire_reader(queryset.model, column) for column in columns]
    postgresql = connections[queryset.db].vendor == "postgresql"
    finishes = [
        (index, reader.finish)
        for index, reader in enumerate(readers)
        if reader is not None and not (postgresql and reader.in_postgresql)
    ]
    rows = queryset.values_list(
        *(
            column if reader is None else reader.expression(column)
            for column, reader in zip(columns, readers, strict=True)
        )
    )
    if not finishes:
        return list(rows)
    output: list[Sequence[Any]] = []
    for row in rows:
        values = list(row)
        for index, finish in finishes:
            values[index] = finish(values[index])
        output.append(values)
    return output


def values_fast(queryset: models.QuerySet, columns: Sequence[str]) -> list[Row]:
    """`queryset.values(*columns)`, with every uuid column as canonical text (see UUIDText).

    Columns may be attribute names (`entity_id`) or paths (`parent__parent_id`).
    """
    model = queryset.model
    text_columns = [column for column in columns if _is_uuid_path(model, column)]
    plain = [column for column in columns if column not in text_columns]
    aliases = {f"{column}_as_text": UUIDText(column) for column in text_columns}
    rows = list(queryset.values(*plain, **aliases))
    finish = _same if connections[queryset.db].vendor == "postgresql" else wire_uuid
    for row in rows:
        for column in text_columns:
            row[column] = finish(row.pop(f"{column}_as_text"))
    return rows


def _same(value: Any) -> Any:
    return value


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

    def ids_by_owner(self, owners: Sequence[Any] | models.QuerySet) -> dict[str, list[str]]:
        """The related id texts of each owner id text; `owners` are ids or a queryset of the
        owners (read as a subquery, sparing a parameter per owner)."""
        if isinstance(owners, models.QuerySet):
            owners = owners.values("pk")
        links = self.through.objects.filter(**{f"{self.source}_id__in": owners})
        grouped: dict[str, list[str]] = defaultdict(list)
        for owner_id, target_id in wire_values(links, (f"{self.source}_id", f"{self.target}_id")):
            grouped[owner_id].append(target_id)
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
        self.leading_keys = [key for _, key, _ in self.leading]
        self.trailing_keys = [key for _, key, _ in self.trailing]
        self.computed = computed or {}
        # What a row is read from: the columns in output order, then what computed values need.
        self.sources = [
            *self.attnames,
            *sorted(set(computed_from) - set(self.attnames)),
        ]
        self.instance_converters = [
            _converter_for(_column_field(model, source)) for source in self.sources
        ]
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
        values = []
        for source, convert in zip(self.sources, self.instance_converters, strict=True):
            value = _read(obj, source)
            values.append(value if convert is None else convert(value))
        row = self._render(values)
        if relations or self.always_relations:
            self._add_relations([row], [wire_uuid(obj.pk)])
        return self._finish([row], relations=relations, fields=None)[0]

    def rows(
        self,
        queryset: models.QuerySet,
        *,
        relations: bool = False,
        fields: Sequence[str] | None = None,
    ) -> list[Row]:
        """The wire dicts of a queryset, read with `wire_values()`."""
        output = [self._render(values) for values in wire_values(queryset, self.sources)]
        if (relations or self.always_relations) and output:
            # A page is a slice: its few ids go as parameters. A whole list is read back as a
            # subquery.
            owners = queryset if not queryset.query.is_sliced else [row["id"] for row in output]
            self._add_relations(output, owners)
        return self._finish(output, relations=relations, fields=fields)

    def _finish(
        self, output: list[Row], *, relations: bool, fields: Sequence[str] | None
    ) -> list[Row]:
        """The rendered rows with their children, cut to `fields`. Formats adding lists of
        their own when relations are asked for (a playlist's build jobs) extend this."""
        if self.children is not None and output:
            self.children(output)
        if fields:
            keep = {*fields, "id", "type"}
            output = [{key: value for key, value in row.items() if key in keep} for row in output]
        return output

    def _render(self, values: Sequence[Any]) -> Row:
        """The wire dict of one row of `self.sources` values, already in their wire form."""
        leading = len(self.leading_keys)
        rendered = dict(zip(self.leading_keys, values[:leading], strict=True))
        if self.computed or self.type_of is not None:
            raw = dict(zip(self.sources, values, strict=True))
            for key, compute in self.computed.items():
                rendered[key] = compute(raw)
        trailing = values[leading : leading + len(self.trailing_keys)]
        rendered.update(zip(self.trailing_keys, trailing, strict=True))
        rendered["type"] = self.type_of(raw) if self.type_of is not None else self.type_name
        return rendered

    def _add_relations(self, output: list[Row], owners: Sequence[Any] | models.QuerySet) -> None:
        for relation in self.relations:
            grouped = relation.ids_by_owner(owners)
            for rendered in output:
                rendered[relation.key] = grouped.get(rendered["id"], [])

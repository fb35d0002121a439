"""Inserting thousands of rows at once (imports, bulk task creation, the event log).

Rows are plain tuples of Python values in the order of the columns named, inserted in one
`COPY` on PostgreSQL and one `executemany` elsewhere: no model instance, no signal and no
per-value field preparation, which cost more than the database itself. Columns left out take
their field's default, computed once; `created_at` and `updated_at` left out take the moment of
the insert plus one microsecond per row, so the rows keep their order when sorted by date.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

Encoder = Callable[[Any], str]
NULL = "\\N"
AUTO_DATES = ("created_at", "updated_at")
COPY_CHUNK = 1 << 20


def _escaped(text: str) -> str:
    """Text in the form `COPY ... FROM STDIN` reads."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")


COPY_ENCODERS: dict[str, Encoder] = {
    "UUIDField": str,
    "DateTimeField": lambda value: value.isoformat(),
    "DateField": lambda value: value.isoformat(),
    "BooleanField": lambda value: "t" if value else "f",
    "IntegerField": str,
    "PositiveIntegerField": str,
    "BigIntegerField": str,
    "SmallIntegerField": str,
    "FloatField": str,
    "DecimalField": str,
    "JSONField": lambda value: _escaped(json.dumps(value)),
}


def _copy_encoder(field: models.Field) -> Encoder:
    """How one column's values are written for COPY (None is written apart)."""
    target = field.target_field if field.is_relation else field
    return COPY_ENCODERS.get(target.get_internal_type(), lambda value: _escaped(str(value)))


@dataclass
class _Layout:
    """Where each column of the table takes its value from: an index into the row (the rows
    get their moment appended last when the model has audit dates not given), else a default
    computed once."""

    fields: list[models.Field]
    sources: list[int | None]
    defaults: list[Any]


def _layout(model: type[models.Model], columns: Sequence[str]) -> tuple[_Layout, bool]:
    """The layout, and whether the rows need their moment appended."""
    given = {attname: index for index, attname in enumerate(columns)}
    fields = [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, models.AutoField) or field.attname in given
    ]
    unknown = set(given) - {field.attname for field in fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    layout = _Layout(fields=fields, sources=[], defaults=[])
    needs_moment = False
    for field in fields:
        source = given.get(field.attname)
        if source is None and field.attname in AUTO_DATES:
            source, needs_moment = len(columns), True
        layout.sources.append(source)
        layout.defaults.append(None if source is not None else field.get_default())
    return layout, needs_moment


def bulk_insert(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (tuples of values of `columns`, attribute names) into `model`'s table in
    one statement, inside the current transaction. Ids must be given unless auto-incremented."""
    if not rows:
        return
    layout, needs_moment = _layout(model, columns)
    if needs_moment:
        start = timezone.now()
        rows = [
            (*row, start + dt.timedelta(microseconds=number)) for number, row in enumerate(rows)
        ]
    if connection.vendor == "postgresql":
        _copy(model, layout, rows)
    else:
        _execute_many(model, layout, rows)


def _column_names(layout: _Layout) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in layout.fields)


def _copy(model: type[models.Model], layout: _Layout, rows: Sequence[Sequence[Any]]) -> None:
    """One COPY: each line is a template of the constant cells, filled with the row's values
    (each encoded once, though `created_at` and `updated_at` both show the row's moment)."""
    cells = []
    variables: dict[int, Encoder] = {}
    for field, source, default in zip(layout.fields, layout.sources, layout.defaults, strict=True):
        encode = _copy_encoder(field)
        if source is not None:
            variables.setdefault(source, encode)
            cells.append(f"{{{list(variables).index(source)}}}")
        else:
            constant = NULL if default is None else encode(default)
            cells.append(constant.replace("{", "{{").replace("}", "}}"))
    line = "\t".join(cells) + "\n"
    encoders = list(variables.items())
    text = "".join(
        line.format(
            *[NULL if row[index] is None else encode(row[index]) for index, encode in encoders]
        )
        for row in rows
    )
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"COPY {table} ({_column_names(layout)}) FROM STDIN"
    with connection.cursor() as cursor:
        # Counted like any query where queries are counted (tests, the debug toolbar).
        debug = getattr(cursor, "debug_sql", None)
        with debug(sql) if debug else nullcontext(), connection.wrap_database_errors:
            cursor.cursor.copy_expert(sql, io.StringIO(text), size=COPY_CHUNK)


def _execute_many(
    model: type[models.Model], layout: _Layout, rows: Sequence[Sequence[Any]]
) -> None:
    prepared_defaults = [
        field.get_db_prep_save(default, connection)
        for field, default in zip(layout.fields, layout.defaults, strict=True)
    ]
    cells = list(zip(layout.fields, layout.sources, prepared_defaults, strict=True))
    params = [
        tuple(
            default if source is None else field.get_db_prep_save(row[source], connection)
            for field, source, default in cells
        )
        for row in rows
    ]
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "
        f"({_column_names(layout)}) VALUES ({', '.join(['%s'] * len(layout.fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)

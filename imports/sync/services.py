"""Importing rows from another Kitsu instance: one transaction per request, ids kept."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from imports.sync.kinds import ImportKind
from imports.sync.upsert import Row, column_values, parse_row_id, set_relations, upsert_row
from kitsu_site.api.events import changes_announced


def kitsu_row_import(*, kind: ImportKind, row: Row) -> tuple[Any, bool]:
    """Create or update one row of `kind` as the other instance has it; returns the instance
    and whether it existed before."""
    parse_row_id(row)
    column_values(kind.model, row)  # a value its column cannot hold is a 400 before any lookup
    prepared = kind.prepare(row)
    existing = kind.existing(prepared) if kind.existing is not None else None
    instance, existed = upsert_row(kind.model, prepared, instance=existing)
    set_relations(instance, prepared, kind.relations)
    if kind.after_write is not None:
        kind.after_write(instance, prepared)
    return instance, existed


@transaction.atomic
def kitsu_rows_import(*, kind: ImportKind, rows: list[Row], silent: bool = False) -> list[Row]:
    """Import every row, all or nothing, announcing each one unless `silent` (an update event
    with what changed in the row); returns the rows as they are now stored."""
    if silent:
        return kind.render([instance for instance, _ in _written(kind, rows)])
    with changes_announced(kind.change_wire, [parse_row_id(row) for row in rows]):
        written = _written(kind, rows)
        for instance, existed in written:
            kind.announce(instance, existed=existed)
    return kind.render([instance for instance, _ in written])


def _written(kind: ImportKind, rows: list[Row]) -> list[tuple[Any, bool]]:
    written = [kitsu_row_import(kind=kind, row=row) for row in rows]
    check_references()  # before the announcements, which read the rows' references
    return written


def check_references() -> None:
    """Foreign keys are checked at commit on PostgreSQL: check them now, so a row naming a
    missing record is a 400 for this request rather than a failed commit."""
    connection.check_constraints()

"""Copying a whole running Zou/Kitsu instance into this one through its API.

The copy keeps the source's ids and timestamps and is idempotent: every row is an upsert by
id, and each step commits in chunks, so a second run rewrites identical values and a run cut
short completes on the next one. Preview files already in the storage are not fetched again.

Rows of the reference tables (statuses, task types, asset types, departments, studios) and
persons may already exist here under another id (`init_data` seeds the same defaults, the
operator's account shares an email with the source's admin). Those are matched on their
natural key and kept under their local id; the source id is translated wherever later rows
mention it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction

from imports.sync.kinds import KINDS, ImportKind
from imports.sync.services import check_references, kitsu_row_import
from imports.sync.upsert import Row, set_relations, upsert_row
from imports.sync.zou_client import ZouClient
from people.models import Department, Person, Studio
from production.models import (
    Entity,
    EntityType,
    ProjectStatus,
    StatusAutomation,
    TaskStatus,
    TaskType,
)
from reviews.media.paths import preview_storage_path
from reviews.models import PreviewFile

CHUNK_SIZE = 200
MOVIE_EXTENSIONS = frozenset({"mp4", "mov", "m4v", "avi", "mkv", "webm", "wmv"})
PICTURE_FILES = (("pictures/previews", "png"), ("pictures/thumbnails", "png"))
MOVIE_FILES = (
    ("movies/originals", "mp4"),
    ("movies/low", "mp4"),
    *PICTURE_FILES,
    ("pictures/thumbnails-square", "png"),
    ("movies/tiles", "png"),
)
# Columns a person row never brings: credentials are handled apart or stay local.
PERSON_LOCAL_COLUMNS = (*Person.CREDENTIAL_FIELDS, "last_login")
Progress = Callable[[Iterable[Any], str, int], Iterator[Any]]


def no_progress(items: Iterable[Any], label: str, total: int) -> Iterator[Any]:
    yield from items


# Unlike `/import/kitsu/preview-files`, the copy brings the files too. Output files are not
# copied, so previews do not point at them.
PREVIEW_FILES = ImportKind(
    PreviewFile,
    "preview-file",
    project_of=lambda preview: None,
    prepare=lambda row: {**row, "source_file_id": None},
)


@dataclass
class CopyReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    files: int = 0
    missing_files: int = 0

    def count(self, label: str, *, existed: bool) -> None:
        counts = self.updated if existed else self.created
        counts[label] = counts.get(label, 0) + 1


@dataclass(frozen=True)
class ReferenceTable:
    """A configuration table matched on its natural key when the id is not known here."""

    label: str
    path: str
    model: type[models.Model]
    natural_key: tuple[str, ...]
    relations: tuple[str, ...] = ()


REFERENCE_TABLES = (
    ReferenceTable("departments", "data/departments", Department, ("name",)),
    ReferenceTable("studios", "data/studios", Studio, ("name",)),
    ReferenceTable("project statuses", "data/project-status", ProjectStatus, ("name",)),
    ReferenceTable("task types", "data/task-types", TaskType, ("name", "for_entity")),
    ReferenceTable("task statuses", "data/task-status", TaskStatus, ("short_name",)),
    ReferenceTable(
        "entity types", "data/entity-types", EntityType, ("name",), relations=("task_types",)
    ),
    ReferenceTable("status automations", "data/status-automations", StatusAutomation, ()),
)


def django_password(source_hash: str | None) -> str | None:
    """The source's password hash as this side stores it: Zou's raw bcrypt hashes get the
    hasher prefix; hashes already in this format pass through."""
    if not source_hash:
        return None
    if source_hash.startswith("$2"):
        return f"bcrypt${source_hash}"
    return source_hash if "$" in source_hash else None


def _ordered_by_parents(rows: list[Row]) -> list[Row]:
    """Entities after the parent and source they point at, so every chunk commits whole."""
    by_id = {row["id"]: row for row in rows}

    def depth(row: Row, seen: frozenset = frozenset()) -> int:
        parents = [by_id.get(row.get(key)) for key in ("parent_id", "source_id")]
        known = [parent for parent in parents if parent and parent["id"] not in seen]
        return 1 + max((depth(p, seen | {row["id"]}) for p in known), default=-1)

    return sorted(rows, key=depth)


class InstanceCopy:
    def __init__(
        self,
        client: ZouClient,
        *,
        password_hashes: dict[str, str] | None = None,
        progress: Progress = no_progress,
        with_files: bool = True,
    ):
        self.client = client
        self.password_hashes = password_hashes or {}
        self.progress = progress
        self.with_files = with_files
        self.id_map: dict[str, str] = {}
        self.report = CopyReport()

    # -- the whole copy ------------------------------------------------------------------------
    def run(self) -> CopyReport:
        for table in REFERENCE_TABLES:
            self.copy_reference_table(table)
        self.copy_persons()
        self.copy_kind("projects", "data/projects", relations="true")
        self.copy_kind("metadata-descriptors", "data/metadata-descriptors", relations="true")
        entities = self.client.rows("data/entities", relations="true")
        self.copy_rows(
            "entities", KINDS["entities"], _ordered_by_parents(self._no_casting(entities))
        )
        self.copy_kind("entity-links", "data/entity-links")
        self.copy_kind("tasks", "data/tasks", relations="true")
        previews = self.client.rows("data/preview-files")
        self.copy_rows("preview-files", PREVIEW_FILES, previews)
        self.copy_kind("comments", "data/comments", relations="true")
        self.copy_kind("time-spents", "data/time-spents")
        self.copy_main_previews(entities)
        if self.with_files:
            self.copy_preview_files(previews)
        return self.report

    # -- steps ---------------------------------------------------------------------------------
    def copy_reference_table(self, table: ReferenceTable) -> None:
        rows = self.client.rows(table.path, relations="true")
        for row in rows:
            self._map_natural_key(table, row)
        kind = ImportKind(
            table.model, table.label, project_of=lambda _: None, relations=table.relations
        )
        self.copy_rows(table.label, kind, rows)

    def copy_persons(self) -> None:
        rows = self.client.rows("data/persons", relations="true", with_pass_hash="true")
        for row in rows:
            local = Person.objects.filter(email__iexact=row.get("email"), is_bot=False)
            if not row.get("is_bot"):
                self._map_to_local(row["id"], local.values_list("id", flat=True).first())
        for chunk in self._chunks(rows, "persons"):
            with transaction.atomic():
                for row in chunk:
                    source_hash = self.password_hashes.get(row["id"]) or row.get("password")
                    self._copy_person(self.translated(row), source_hash=source_hash)
                check_references()

    def _copy_person(self, row: Row, *, source_hash: str | None) -> None:
        person, existed = upsert_row(Person, row, skip=PERSON_LOCAL_COLUMNS)
        set_relations(person, row, ("departments",))
        password = django_password(source_hash)
        if password:
            Person.objects.filter(pk=person.pk).update(password=password)
        elif not existed:
            person.set_unusable_password()
            Person.objects.filter(pk=person.pk).update(password=person.password)
        self.report.count("persons", existed=existed)

    def copy_kind(self, label: str, path: str, **params: Any) -> None:
        self.copy_rows(label, KINDS[label], self.client.rows(path, **params))

    def copy_rows(self, label: str, kind: ImportKind, rows: list[Row]) -> None:
        for chunk in self._chunks(rows, label):
            with transaction.atomic():
                for row in chunk:
                    _, existed = kitsu_row_import(kind=kind, row=self.translated(row))
                    self.report.count(label, existed=existed)
                check_references()

    def copy_main_previews(self, entities: list[Row]) -> None:
        """Entities were written before their previews existed: point them at their main
        preview now."""
        with_preview = [row for row in entities if row.get("preview_file_id")]
        with transaction.atomic():
            for row in with_preview:
                Entity.objects.filter(pk=self.translated(row)["id"]).update(
                    preview_file_id=row["preview_file_id"]
                )

    def copy_preview_files(self, previews: list[Row]) -> None:
        wanted = [
            (preview["id"], area, extension)
            for preview in previews
            for area, extension in _preview_files_of(preview)
        ]
        for preview_id, area, extension in self.progress(wanted, "preview files", len(wanted)):
            self._copy_preview_file(preview_id, area, extension)

    def _copy_preview_file(self, preview_id: str, area: str, extension: str) -> None:
        path = preview_storage_path(area, preview_id, extension)
        if default_storage.exists(path):
            return
        content = self.client.download(f"{area}/preview-files/{preview_id}.{extension}")
        if content is None:
            self.report.missing_files += 1
            return
        default_storage.save(path, ContentFile(content))
        self.report.files += 1

    # -- helpers -------------------------------------------------------------------------------
    def translated(self, row: Row) -> Row:
        """The row with every id known here under another id replaced by the local one."""
        return {key: self._translate(value) for key, value in row.items()}

    def _translate(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.id_map.get(value, value)
        if isinstance(value, list):
            return [
                self.id_map.get(item, item) if isinstance(item, str) else item for item in value
            ]
        return value

    def _map_natural_key(self, table: ReferenceTable, row: Row) -> None:
        if not table.natural_key or table.model.objects.filter(pk=row["id"]).exists():
            return
        lookup = {name: row.get(name) for name in table.natural_key}
        self._map_to_local(
            row["id"], table.model.objects.filter(**lookup).values_list("id", flat=True).first()
        )

    def _map_to_local(self, source_id: str, local_id: Any) -> None:
        if local_id is not None and str(local_id) != source_id:
            self.id_map[source_id] = str(local_id)

    def _chunks(self, rows: list[Row], label: str) -> Iterator[list[Row]]:
        chunk: list[Row] = []
        for row in self.progress(rows, label, len(rows)):
            chunk.append(row)
            if len(chunk) == CHUNK_SIZE:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    @staticmethod
    def _no_casting(entities: list[Row]) -> list[Row]:
        """Casting comes with its occurrences from the entity links step."""
        return [
            {key: value for key, value in row.items() if key != "entities_out"} for row in entities
        ]


def _preview_files_of(preview: Row) -> tuple[tuple[str, str], ...]:
    extension = (preview.get("extension") or "").lower()
    if extension in MOVIE_EXTENSIONS:
        return MOVIE_FILES
    return (
        ("pictures/originals", extension),
        *PICTURE_FILES,
        ("pictures/thumbnails-square", "png"),
    )

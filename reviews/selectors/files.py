"""Reads of the files pipeline: working and output file lists, last revisions, output types.

Every list is rendered in a fixed number of queries whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kitsu_site.api.errors import NotFound
from kitsu_site.api.wire import Row
from people.models import Software
from production.models import Entity, EntityType, Project, TaskType
from reviews.file_tree import match_path, slugify, tree_of
from reviews.models import OutputFile, OutputType, WorkingFile
from reviews.serializers.files import (
    OUTPUT_FILE_WIRE,
    OUTPUT_TYPE_WIRE,
    WORKING_FILE_RELATIONS_WIRE,
    WORKING_FILE_WIRE,
)

# Newest revision first; rows of one revision in the order they were made.
REVISION_ORDER = ("-revision", "created_at", "id")
# What makes two output files revisions of the same output.
OUTPUT_IDENTITY = ("output_type_id", "task_type_id", "name", "representation")


def working_files_list(queryset: QuerySet[WorkingFile]) -> list[Row]:
    return WORKING_FILE_WIRE.rows(queryset.order_by(*REVISION_ORDER))


def last_working_files_by_name(*, task_id: Any) -> dict[str, Row]:
    """The last revision of each working file of the task, keyed by file name."""
    rows = working_files_list(WorkingFile.objects.filter(task_id=task_id))
    last: dict[str, Row] = {}
    for row in rows:
        last.setdefault(row["name"], row)
    return last


def output_files_list(queryset: QuerySet[OutputFile]) -> list[Row]:
    return OUTPUT_FILE_WIRE.rows(queryset.order_by(*REVISION_ORDER))


def last_output_files(queryset: QuerySet[OutputFile]) -> list[Row]:
    """The last revision of each output (output type, task type, name, representation) among
    `queryset`."""
    last: dict[tuple, Row] = {}
    for row in output_files_list(queryset):
        last.setdefault(tuple(row[key] for key in OUTPUT_IDENTITY), row)
    return sorted(last.values(), key=lambda row: tuple(str(row[key]) for key in OUTPUT_IDENTITY))


def output_types_list(files: QuerySet[OutputFile]) -> list[Row]:
    """The output types `files` use, by name."""
    used = OutputType.objects.filter(id__in=files.values("output_type_id"))
    return OUTPUT_TYPE_WIRE.rows(used.order_by("name"))


def file_detail(file_id: Any) -> tuple[Row, Any]:
    """An output or a working file by id, with the project it belongs to; 404 for anything
    else."""
    output_file = (
        OutputFile.objects.select_related("entity", "temporal_entity").filter(pk=file_id).first()
    )
    if output_file is not None:
        entity = output_file.entity or output_file.temporal_entity
        return OUTPUT_FILE_WIRE.instance(output_file), entity.project_id if entity else None
    working_file = WorkingFile.objects.select_related("task").filter(pk=file_id).first()
    if working_file is None:
        raise NotFound()
    project_id = working_file.task.project_id if working_file.task is not None else None
    return WORKING_FILE_RELATIONS_WIRE.instance(working_file, relations=True), project_id


ENTITY_TOKENS = ("Episode", "Sequence", "Shot", "Scene", "Edit", "Asset")
GUESSABLE_MODELS = {
    "AssetType": EntityType,
    "TaskType": TaskType,
    "OutputType": OutputType,
    "Software": Software,
}


def _id_by_slug(rows: Any, text: str) -> str | None:
    wanted = slugify(text)
    return next((str(pk) for pk, name in rows if slugify(name) == wanted), None)


def _token_id(token: str, text: str, project: Project, found: dict[str, str]) -> str | None:
    """The id of what a path part names in the project, None when nothing matches."""
    data_type = token.partition(".")[0]
    if data_type == "Project":
        return str(project.pk) if slugify(project.name) == slugify(text) else None
    if data_type in ENTITY_TOKENS:
        entities = Entity.objects.filter(project=project)
        if data_type == "Asset":
            entities = entities.assets()
            if "AssetType" in found:
                entities = entities.filter(entity_type_id=found["AssetType"])
        else:
            entities = entities.of_type(data_type)
        parent = found.get("Sequence") if data_type == "Shot" else found.get("Episode")
        if parent is not None and data_type in ("Shot", "Sequence"):
            entities = entities.filter(parent_id=parent)
        return _id_by_slug(entities.values_list("id", "name"), text)
    model = GUESSABLE_MODELS.get(data_type)
    if model is None:
        return None
    return _id_by_slug(model.objects.values_list("id", "name"), text)


def guess_from_path(*, project: Project, file_path: str, separator: str = "/") -> list[Row]:
    """What a file path names, for each folder template of the project's tree it fits:
    `{"Template": kind, "<Token>": id, ...}` with the tokens that name something."""
    guesses = []
    for kind, values in match_path(tree_of(project), file_path, separator):
        found: dict[str, str] = {}
        for token, text in values:
            found_id = _token_id(token, text, project, found)
            if found_id is not None:
                found[token.partition(".")[0]] = found_id
        guesses.append({"Template": kind, **found})
    return guesses

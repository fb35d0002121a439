"""Working and output files: revisions, paths from the project's file tree, stored files.

Who may do what: the project's team reads and builds paths (vendors excepted); working files are
written by those who may act on their task; output files by the team's studio members.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.events import announcing_changes, emit
from people.models import Person, Software
from production.models import AssetInstance, Entity, Task, TaskType
from production.permissions import check_not_vendor, check_not_vendor_or_client
from reviews.file_tree import BuiltPath, PathRequest, build_path
from reviews.models import FileStatus, OutputFile, OutputType, WorkingFile
from reviews.selectors.comments import check_task_action_access
from reviews.wire import WORKING_FILE_PLAIN_WIRE

# The reference falls back on these rows (created on first use) when a request names none.
PATH_DEFAULT_SOFTWARE = {"name": "3ds Max", "short_name": "max", "file_extension": ".max"}
NEW_FILE_DEFAULT_SOFTWARE = {"name": "Blender", "short_name": "blender", "file_extension": ".blend"}
DEFAULT_OUTPUT_TYPE = {"name": "Geometry", "short_name": ""}
DEFAULT_FILE_STATUS = {"name": "To review", "color": "#FFFFFF"}


def _get_or_create(model: type, defaults: dict[str, Any]) -> Any:
    instance, _created = model.objects.get_or_create(
        name=defaults["name"], defaults={k: v for k, v in defaults.items() if k != "name"}
    )
    return instance


def _emit(verb: str, instance: WorkingFile | OutputFile, *, project_id: Any, actor: Person) -> None:
    table = instance._meta.db_table
    emit(
        f"{table.replace('_', '-')}:{verb}",
        {f"{table}_id": instance.pk},
        project_id=project_id,
        user_id=actor.pk,
    )


# -- working files -----------------------------------------------------------------------------
def working_file_next_revision(*, task: Task, name: str) -> int:
    last = WorkingFile.objects.filter(task=task, name=name).aggregate(last=Max("revision"))["last"]
    return (last or 0) + 1


def working_file_path_build(
    *,
    actor: Person,
    task: Task,
    mode: str = "working",
    name: str = "main",
    revision: int = 0,
    separator: str = "/",
    software: Software | None = None,
) -> BuiltPath:
    """The folder and file name of a working file of `task`, from its project's file tree."""
    check_not_vendor(actor, task.project_id)
    request = PathRequest(
        entity=task.entity,
        mode=mode,
        name=name,
        revision=revision or working_file_next_revision(task=task, name=name),
        separator=separator,
        task=task,
        task_type=task.task_type,
        software=software or _get_or_create(Software, PATH_DEFAULT_SOFTWARE),
        output_type=_get_or_create(OutputType, DEFAULT_OUTPUT_TYPE),
    )
    return build_path(task.project, request)


@transaction.atomic
def working_file_create(
    *,
    actor: Person,
    task: Task,
    name: str = "main",
    mode: str = "working",
    comment: str = "",
    description: str | None = None,
    revision: int = 0,
    separator: str = "/",
    software: Software | None = None,
    person: Person | None = None,
) -> WorkingFile:
    """A new revision of a working file of `task` (the next one unless `revision` is given),
    its path taken from the project's file tree."""
    check_task_action_access(actor, task)
    software = software or _get_or_create(Software, NEW_FILE_DEFAULT_SOFTWARE)
    revision = revision or working_file_next_revision(task=task, name=name)
    built = working_file_path_build(
        actor=actor,
        task=task,
        mode=mode,
        name=name,
        revision=revision,
        separator=separator,
        software=software,
    )
    if WorkingFile.objects.filter(task=task, name=name, revision=revision).exists():
        raise WrongParameter("The given working file already exists.")
    working_file = WorkingFile.objects.create(
        name=name,
        comment=comment,
        description=description,
        revision=revision,
        task=task,
        entity_id=task.entity_id,
        person=person or actor,
        software=software,
        path=built.joined(separator),
    )
    _emit("new", working_file, project_id=task.project_id, actor=actor)
    return working_file


def _check_working_file_write(actor: Person, working_file: WorkingFile) -> None:
    """Working files outside any task are the admins' business."""
    if working_file.task is None:
        if not actor.is_admin:
            raise Forbidden()
        return
    check_task_action_access(actor, working_file.task)


@announcing_changes(WORKING_FILE_PLAIN_WIRE, of="working_file")
@transaction.atomic
def working_file_comment_set(
    *, actor: Person, working_file: WorkingFile, comment: str
) -> WorkingFile:
    _check_working_file_write(actor, working_file)
    working_file.comment = comment
    working_file.save(update_fields=["comment", "updated_at"])
    _emit("update", working_file, project_id=_project_of(working_file), actor=actor)
    return working_file


@announcing_changes(WORKING_FILE_PLAIN_WIRE, of="working_file")
@transaction.atomic
def working_file_touch(*, actor: Person, working_file: WorkingFile) -> WorkingFile:
    """Mark the working file as modified now (its `updated_at`)."""
    _check_working_file_write(actor, working_file)
    working_file.updated_at = timezone.now()
    working_file.save(update_fields=["updated_at"])
    _emit("update", working_file, project_id=_project_of(working_file), actor=actor)
    return working_file


def working_file_storage_path(working_file: WorkingFile) -> str:
    return f"working-files/{working_file.pk}"


@announcing_changes(WORKING_FILE_PLAIN_WIRE, of="working_file")
@transaction.atomic
def working_file_upload(*, actor: Person, working_file: WorkingFile, upload: Any) -> WorkingFile:
    """Store the uploaded file as the working file's content, replacing any previous one."""
    _check_working_file_write(actor, working_file)
    path = working_file_storage_path(working_file)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, upload)
    working_file.save(update_fields=["updated_at"])
    _emit("update", working_file, project_id=_project_of(working_file), actor=actor)
    return working_file


def _project_of(working_file: WorkingFile) -> Any:
    return working_file.task.project_id if working_file.task is not None else None


# -- output files ------------------------------------------------------------------------------
def output_file_next_revision(
    *,
    entity: Entity,
    output_type: OutputType,
    task_type: TaskType,
    name: str = "main",
    asset_instance: AssetInstance | None = None,
    temporal_entity: Entity | None = None,
) -> int:
    """One more than the last revision of that output, whatever its representation."""
    files = OutputFile.objects.filter(
        output_type=output_type, task_type=task_type, name=name, asset_instance=asset_instance
    )
    if asset_instance is None:
        files = files.filter(entity=entity)
    else:
        files = files.filter(temporal_entity=temporal_entity)
    return (files.aggregate(last=Max("revision"))["last"] or 0) + 1


def output_file_path_build(
    *,
    actor: Person,
    entity: Entity,
    output_type: OutputType,
    task_type: TaskType,
    mode: str = "output",
    name: str = "main",
    representation: str = "",
    revision: int = 0,
    separator: str = "/",
    asset_instance: AssetInstance | None = None,
    temporal_entity: Entity | None = None,
) -> BuiltPath:
    """The folder and file name of an output of `entity` (or of an asset instance inside
    `temporal_entity`), from its project's file tree."""
    check_not_vendor(actor, entity.project_id)
    # An entity output without revision gets its next one; an asset instance's keeps 0, as in
    # the reference.
    if not revision and asset_instance is None:
        revision = output_file_next_revision(
            entity=entity, output_type=output_type, task_type=task_type, name=name
        )
    request = PathRequest(
        entity=entity,
        mode=mode,
        name=name,
        revision=revision,
        separator=separator,
        task_type=task_type,
        output_type=output_type,
        software=_get_or_create(Software, PATH_DEFAULT_SOFTWARE),
        representation=representation,
        asset_instance=asset_instance,
        temporal_entity=temporal_entity,
    )
    return build_path(entity.project, request)


@transaction.atomic
def output_file_create(
    *,
    actor: Person,
    entity: Entity,
    output_type: OutputType,
    task_type: TaskType,
    name: str = "main",
    mode: str = "output",
    comment: str = "",
    extension: str = "",
    representation: str = "",
    revision: int = 0,
    nb_elements: int = 1,
    separator: str = "/",
    working_file: WorkingFile | None = None,
    person: Person | None = None,
    file_status: FileStatus | None = None,
    asset_instance: AssetInstance | None = None,
    temporal_entity: Entity | None = None,
) -> tuple[OutputFile, BuiltPath]:
    """A new revision of an output file (the next one unless `revision` is given), with the
    path the project's file tree gives it; an image sequence (`nb_elements` > 1) gets the
    `_[1-n]` frame range in its file name."""
    check_not_vendor_or_client(actor, entity.project_id)
    revision = revision or output_file_next_revision(
        entity=entity,
        output_type=output_type,
        task_type=task_type,
        name=name,
        asset_instance=asset_instance,
        temporal_entity=temporal_entity,
    )
    built = output_file_path_build(
        actor=actor,
        entity=entity,
        output_type=output_type,
        task_type=task_type,
        mode=mode,
        name=name,
        representation=representation,
        revision=revision,
        separator=separator,
        asset_instance=asset_instance,
        temporal_entity=temporal_entity,
    )
    if nb_elements > 1:
        built = replace(built, file_name=f"{built.file_name}_[1-{nb_elements}]")
    fields = {
        "name": name,
        "representation": representation,
        "revision": revision,
        "entity": entity if asset_instance is None else asset_instance.asset,
        "asset_instance": asset_instance,
        "temporal_entity": temporal_entity,
        "output_type": output_type,
        "task_type": task_type,
    }
    if OutputFile.objects.filter(**fields).exists():
        raise WrongParameter("The given output file already exists.")
    output_file = OutputFile.objects.create(
        **fields,
        comment=comment,
        extension=extension,
        nb_elements=nb_elements,
        path=built.joined(separator) + extension,
        file_status=file_status or _get_or_create(FileStatus, DEFAULT_FILE_STATUS),
        person=person or actor,
        source_file=working_file,
    )
    _emit("new", output_file, project_id=entity.project_id, actor=actor)
    return output_file, built

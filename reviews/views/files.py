"""The files pipeline routes: working files of tasks, output files of entities and asset
instances, their paths from the project's file tree, output types, file statuses, attachment
files, and guessing entities from a path."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import FileResponse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter, validation_error
from kitsu_site.api.storage import stored_file_response
from kitsu_site.api.viewsets import ZouModelViewSet
from kitsu_site.api.wire import WireFormat
from people.models import Person, Role, Software
from production.models import AssetInstance, Entity, Task, TaskType
from production.permissions import (
    check_manager_project_access,
    check_not_vendor,
    scope_to_team,
)
from production.views.common import body_of, get_entity, load, load_project, path_id, require
from reviews.file_tree import BuiltPath
from reviews.models import (
    AttachmentFile,
    FileStatus,
    OutputFile,
    OutputType,
    WorkingFile,
)
from reviews.selectors.files import (
    file_detail,
    guess_from_path,
    last_output_files,
    last_working_files_by_name,
    output_files_list,
    output_types_list,
    working_files_list,
)
from reviews.serializers.files import (
    WORKING_FILE_RELATIONS_WIRE,
    WORKING_FILE_WIRE,
    AttachmentFileSerializer,
    FileStatusSerializer,
    OutputFileSerializer,
    OutputTypeSerializer,
    WorkingFileSerializer,
)
from reviews.services.files import (
    output_file_create,
    output_file_next_revision,
    output_file_path_build,
    working_file_comment_set,
    working_file_create,
    working_file_path_build,
    working_file_storage_path,
    working_file_touch,
    working_file_upload,
)
from reviews.services.preview_media import check_attachment_read

# The query keys the output file lists narrow on.
OUTPUT_FILE_FILTERS = (
    "output_type_id",
    "task_type_id",
    "file_status_id",
    "temporal_entity_id",
    "name",
    "representation",
)
ID_FILTERS = {"output_type_id", "task_type_id", "file_status_id", "temporal_entity_id", "task_id"}
ENTITY_WITH_PARENTS = (
    "entity_type",
    "project",
    "parent__entity_type",
    "parent__parent__entity_type",
)


# -- input --------------------------------------------------------------------------------------
def narrowed(queryset: models.QuerySet, params: Any, keys: tuple[str, ...]) -> models.QuerySet:
    """`queryset` filtered on the query keys given among `keys` (ids checked: 400 if bad)."""
    for key in keys:
        value = params.get(key)
        if value in (None, ""):
            continue
        if key in ID_FILTERS:
            value = parse_body_id(value, key)
        queryset = queryset.filter(**{key: value})
    return queryset


def parse_body_id(raw: Any, field: str) -> Any:
    try:
        return path_id(raw)
    except NotFound:
        raise validation_error((field, "Input should be a valid UUID")) from None


def int_field(data: dict[str, Any], name: str, default: int) -> int:
    value = data.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise validation_error((name, "Input should be a valid integer")) from None


def text_field(data: dict[str, Any], name: str, default: str) -> str:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise validation_error((name, "Input should be a valid string"))
    return value


def separator_of(data: dict[str, Any]) -> str:
    """The path separator, sent as `sep` or `separator` depending on the client call."""
    return text_field(data, "sep", "") or text_field(data, "separator", "") or "/"


def optional_row(model: type, data: dict[str, Any], field: str) -> Any:
    """The row a body id names (400 when malformed or unknown), None when absent."""
    if data.get(field) in (None, ""):
        return None
    row = model.objects.filter(pk=parse_body_id(data[field], field)).first()
    if row is None:
        raise WrongParameter(f"No {model.__name__} found for {field}.")
    return row


def task_for(task_id: str) -> Task:
    task = (
        Task.objects.select_related("task_type", "project")
        .select_related(*(f"entity__{path}" for path in ENTITY_WITH_PARENTS))
        .filter(pk=path_id(task_id))
        .first()
    )
    if task is None:
        raise NotFound()
    return task


def entity_for(entity_id: str) -> Entity:
    entity = Entity.objects.select_related(*ENTITY_WITH_PARENTS).filter(pk=path_id(entity_id))
    found = entity.first()
    if found is None:
        raise NotFound()
    return found


def working_file_for(working_file_id: str) -> WorkingFile:
    working_file = (
        WorkingFile.objects.select_related("task").filter(pk=path_id(working_file_id)).first()
    )
    if working_file is None:
        raise NotFound()
    return working_file


def path_body(built: BuiltPath) -> dict[str, str]:
    return {"folder_path": built.folder, "file_name": built.file_name}


# -- generic resources --------------------------------------------------------------------------
def check_working_file_read(request: Request, working_file: WorkingFile) -> None:
    if request.user.is_admin:
        return
    if working_file.task_id is None:
        raise Forbidden()
    check_not_vendor(request.user, working_file.task.project_id)


def check_not_vendor_globally(request: Request) -> None:
    if request.user.role == Role.VENDOR:
        raise Forbidden()


class WorkingFileViewSet(ZouModelViewSet):
    """Admins write; the project's team, vendors excepted, reads."""

    queryset = WorkingFile.objects.select_related("task")
    serializer_class = WorkingFileSerializer

    def check_read(self, request: Request, instance: WorkingFile | None = None) -> None:
        if instance is not None:
            check_working_file_read(request, instance)
        else:
            check_not_vendor_globally(request)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return scope_to_team(request.user, queryset, "task__project")

    def wire_for(self, request: Request, instance: Any = None) -> WireFormat:
        return WORKING_FILE_RELATIONS_WIRE


class OutputFileViewSet(ZouModelViewSet):
    """Admins write; the team of the file's project, vendors excepted, reads."""

    queryset = OutputFile.objects.select_related("entity")
    serializer_class = OutputFileSerializer

    def check_read(self, request: Request, instance: OutputFile | None = None) -> None:
        check_not_vendor_globally(request)
        if instance is not None and not request.user.is_admin:
            if instance.entity is None:
                raise Forbidden()
            check_not_vendor(request.user, instance.entity.project_id)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return scope_to_team(request.user, queryset, "entity__project")


class StudioListViewSet(ZouModelViewSet):
    """Studio-wide lists everyone reads and admins write."""

    def check_read(self, request: Request, instance: models.Model | None = None) -> None:
        return None


class OutputTypeViewSet(StudioListViewSet):
    queryset = OutputType.objects.all()
    serializer_class = OutputTypeSerializer


class FileStatusViewSet(StudioListViewSet):
    queryset = FileStatus.objects.all()
    serializer_class = FileStatusSerializer


class AttachmentFileViewSet(ZouModelViewSet):
    """Admins list and write, as in the reference (the task and project routes list them for
    the others); one attachment is read by whoever may read its comment's task."""

    queryset = AttachmentFile.objects.select_related("comment")
    serializer_class = AttachmentFileSerializer

    def check_read(self, request: Request, instance: AttachmentFile | None = None) -> None:
        if instance is None:
            super().check_read(request)
        else:
            check_attachment_read(request.user, instance)


# -- working files ------------------------------------------------------------------------------
class WorkingFileFileView(APIView):
    """The stored content of a working file: download it, or upload it (multipart `file`)."""

    def get(self, request: Request, working_file_id: str) -> FileResponse:
        working_file = working_file_for(working_file_id)
        check_working_file_read(request, working_file)
        try:
            return stored_file_response(
                working_file_storage_path(working_file),
                download_name=working_file.name or str(working_file.pk),
            )
        except NotFound:
            raise NotFound(f"Working file not found for: {working_file.pk}") from None

    def post(self, request: Request, working_file_id: str) -> Response:
        working_file = working_file_for(working_file_id)
        upload = request.FILES.get("file")
        if upload is None:
            raise WrongParameter("File not provided.")
        working_file = working_file_upload(
            actor=request.user, working_file=working_file, upload=upload
        )
        body = WORKING_FILE_RELATIONS_WIRE.instance(working_file, relations=True)
        return Response(body, status=status.HTTP_201_CREATED)


class TaskWorkingFilesView(APIView):
    def get(self, request: Request, task_id: str) -> Response:
        task = task_for(task_id)
        check_not_vendor(request.user, task.project_id)
        return Response(working_files_list(WorkingFile.objects.filter(task=task)))


class TaskLastWorkingFilesView(APIView):
    def get(self, request: Request, task_id: str) -> Response:
        task = task_for(task_id)
        check_not_vendor(request.user, task.project_id)
        return Response(last_working_files_by_name(task_id=task.pk))


class NewWorkingFileView(APIView):
    def post(self, request: Request, task_id: str) -> Response:
        task = task_for(task_id)
        data = body_of(request)
        working_file = working_file_create(
            actor=request.user,
            task=task,
            name=text_field(data, "name", "main"),
            mode=text_field(data, "mode", "working"),
            comment=text_field(data, "comment", ""),
            description=data.get("description"),
            revision=int_field(data, "revision", 0),
            separator=separator_of(data),
            software=optional_row(Software, data, "software_id"),
            person=optional_row(Person, data, "person_id"),
        )
        return Response(WORKING_FILE_WIRE.instance(working_file), status=status.HTTP_201_CREATED)


class WorkingFilePathView(APIView):
    def post(self, request: Request, task_id: str) -> Response:
        task = task_for(task_id)
        data = body_of(request)
        built = working_file_path_build(
            actor=request.user,
            task=task,
            mode=text_field(data, "mode", "working"),
            name=text_field(data, "name", "main"),
            revision=int_field(data, "revision", 0),
            separator=separator_of(data),
            software=optional_row(Software, data, "software_id"),
        )
        return Response({"path": built.folder, "name": built.file_name})


class WorkingFileCommentView(APIView):
    def put(self, request: Request, working_file_id: str) -> Response:
        working_file = working_file_for(working_file_id)
        data = body_of(request)
        if "comment" not in data:
            raise validation_error(("comment", "Field required"))
        working_file = working_file_comment_set(
            actor=request.user, working_file=working_file, comment=text_field(data, "comment", "")
        )
        return Response(WORKING_FILE_WIRE.instance(working_file))


class WorkingFileModifiedView(APIView):
    def put(self, request: Request, working_file_id: str) -> Response:
        working_file = working_file_touch(
            actor=request.user, working_file=working_file_for(working_file_id)
        )
        return Response(WORKING_FILE_WIRE.instance(working_file))


class EntityWorkingFilesView(APIView):
    def get(self, request: Request, entity_id: str) -> Response:
        entity = get_entity(entity_id)
        check_not_vendor(request.user, entity.project_id)
        files = WorkingFile.objects.filter(entity=entity)
        files = narrowed(files, request.query_params, ("task_id", "name"))
        return Response(working_files_list(files))


# -- output files -------------------------------------------------------------------------------
class OutputTarget:
    """What an output file route is about: an entity (`/data/entities/<entity_id>/...`) or an
    asset instance inside a temporal entity
    (`/data/asset-instances/<asset_instance_id>/entities/<temporal_entity_id>/...`)."""

    def __init__(self, request: Request, kwargs: dict[str, Any]):
        if "asset_instance_id" in kwargs:
            instance = (
                AssetInstance.objects.select_related(
                    *(f"asset__{path}" for path in ENTITY_WITH_PARENTS)
                )
                .filter(pk=path_id(kwargs["asset_instance_id"]))
                .first()
            )
            if instance is None:
                raise NotFound()
            self.asset_instance: AssetInstance | None = instance
            self.entity = instance.asset
            self.temporal_entity: Entity | None = entity_for(kwargs["temporal_entity_id"])
        else:
            self.asset_instance = None
            self.entity = entity_for(kwargs["entity_id"])
            self.temporal_entity = None

    def files(self) -> models.QuerySet[OutputFile]:
        if self.asset_instance is None:
            return OutputFile.objects.filter(entity=self.entity)
        return OutputFile.objects.filter(
            asset_instance=self.asset_instance, temporal_entity=self.temporal_entity
        )

    def keywords(self) -> dict[str, Any]:
        if self.asset_instance is None:
            return {"entity": self.entity}
        return {
            "entity": self.entity,
            "asset_instance": self.asset_instance,
            "temporal_entity": self.temporal_entity,
        }


class OutputTargetView(APIView):
    def target(self, request: Request, kwargs: dict[str, Any]) -> OutputTarget:
        target = OutputTarget(request, kwargs)
        check_not_vendor(request.user, target.entity.project_id)
        return target

    def output_kinds(self, data: dict[str, Any]) -> tuple[OutputType, TaskType]:
        require(data, "output_type_id", "task_type_id")
        return (
            load(OutputType, data["output_type_id"]),
            load(TaskType, data["task_type_id"]),
        )


class OutputFilesView(OutputTargetView):
    def get(self, request: Request, **kwargs: str) -> Response:
        files = narrowed(
            self.target(request, kwargs).files(), request.query_params, OUTPUT_FILE_FILTERS
        )
        return Response(output_files_list(files))


class LastOutputFilesView(OutputTargetView):
    def get(self, request: Request, **kwargs: str) -> Response:
        files = narrowed(
            self.target(request, kwargs).files(), request.query_params, OUTPUT_FILE_FILTERS
        )
        return Response(last_output_files(files))


class OutputTypesView(OutputTargetView):
    def get(self, request: Request, **kwargs: str) -> Response:
        return Response(output_types_list(self.target(request, kwargs).files()))


class OutputTypeOutputFilesView(OutputTargetView):
    def get(self, request: Request, output_type_id: str, **kwargs: str) -> Response:
        files = self.target(request, kwargs).files().filter(output_type_id=path_id(output_type_id))
        files = narrowed(files, request.query_params, OUTPUT_FILE_FILTERS)
        return Response(output_files_list(files))


class NewOutputFileView(OutputTargetView):
    def post(self, request: Request, **kwargs: str) -> Response:
        target = OutputTarget(request, kwargs)
        data = body_of(request)
        output_type, task_type = self.output_kinds(data)
        output_file, built = output_file_create(
            actor=request.user,
            output_type=output_type,
            task_type=task_type,
            name=text_field(data, "name", "main"),
            mode=text_field(data, "mode", "output"),
            comment=text_field(data, "comment", ""),
            extension=text_field(data, "extension", ""),
            representation=text_field(data, "representation", ""),
            revision=int_field(data, "revision", 0),
            nb_elements=int_field(data, "nb_elements", 1),
            separator=separator_of(data),
            working_file=optional_row(WorkingFile, data, "working_file_id"),
            person=optional_row(Person, data, "person_id"),
            file_status=optional_row(FileStatus, data, "file_status_id"),
            **target.keywords(),
        )
        body = {**OutputFileSerializer.wire.instance(output_file), **path_body(built)}
        return Response(body, status=status.HTTP_201_CREATED)


class OutputNextRevisionView(OutputTargetView):
    def post(self, request: Request, **kwargs: str) -> Response:
        target = self.target(request, kwargs)
        data = body_of(request)
        output_type, task_type = self.output_kinds(data)
        revision = output_file_next_revision(
            output_type=output_type,
            task_type=task_type,
            name=text_field(data, "name", "main"),
            **target.keywords(),
        )
        return Response({"next_revision": revision})


class OutputFilePathView(OutputTargetView):
    def post(self, request: Request, **kwargs: str) -> Response:
        target = OutputTarget(request, kwargs)
        data = body_of(request)
        output_type, task_type = self.output_kinds(data)
        built = output_file_path_build(
            actor=request.user,
            output_type=output_type,
            task_type=task_type,
            mode=text_field(data, "mode", "output"),
            name=text_field(data, "name", "main"),
            representation=text_field(data, "representation", ""),
            revision=int_field(data, "revision", 0),
            separator=separator_of(data),
            **target.keywords(),
        )
        return Response(path_body(built))


class ProjectOutputFilesView(APIView):
    """Every output file of a project, for its managers."""

    def get(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_manager_project_access(request.user, project.pk)
        files = OutputFile.objects.filter(entity__project=project)
        files = narrowed(files, request.query_params, OUTPUT_FILE_FILTERS)
        return Response(output_files_list(files))


class AssetInstanceOutputFilesView(APIView):
    def get(self, request: Request, asset_instance_id: str) -> Response:
        instance = (
            AssetInstance.objects.select_related("asset")
            .filter(pk=path_id(asset_instance_id))
            .first()
        )
        if instance is None:
            raise NotFound()
        check_not_vendor(request.user, instance.asset.project_id)
        files = narrowed(
            OutputFile.objects.filter(asset_instance=instance),
            request.query_params,
            OUTPUT_FILE_FILTERS,
        )
        return Response(output_files_list(files))


class FileView(APIView):
    """An output or working file by id."""

    def get(self, request: Request, file_id: str) -> Response:
        body, project_id = file_detail(path_id(file_id))
        if not request.user.is_admin:
            if project_id is None:
                raise Forbidden()
            check_not_vendor(request.user, project_id)
        return Response(body)


class GuessFromPathView(APIView):
    def post(self, request: Request) -> Response:
        data = body_of(request)
        require(data, "project_id", "file_path")
        project = load_project(data["project_id"])
        check_not_vendor(request.user, project.pk)
        guesses = guess_from_path(
            project=project,
            file_path=text_field(data, "file_path", ""),
            separator=separator_of(data),
        )
        return Response(guesses)

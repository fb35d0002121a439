"""The studio-wide production settings: task types and statuses, entity and asset types,
project statuses, status automations, custom actions, preview backgrounds, and the routes that
order a project's pipeline."""

from __future__ import annotations

import uuid
from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import filter_queryset, parse_flag, parse_list_query
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id, require_admin
from people.models import Person, Role
from production.models import (
    CustomAction,
    EntityType,
    PreviewBackgroundFile,
    Project,
    ProjectStatus,
    StatusAutomation,
    TaskStatus,
    TaskType,
)
from production.permissions import check_manager_project_access, check_project_access
from production.selectors import config as selectors
from production.serializers import (
    AssetTypeSerializer,
    CustomActionSerializer,
    ProjectStatusSerializer,
    TaskStatusSerializer,
    TaskTypeSerializer,
)
from production.serializers.config import (
    PROJECT_ASSET_TYPE_WIRE,
    PROJECT_TASK_STATUS_LINK_WIRE,
    PROJECT_TASK_TYPE_LINK_WIRE,
    EntityTypeWorkflowSerializer,
    PreviewBackgroundFileWriteSerializer,
    StatusAutomationWriteSerializer,
)
from production.services import config as services
from production.views.common import found, path_id


class ReadableByEveryone:
    """Settings every logged-in user reads; writes stay admin-only."""

    def check_read(self, request: Request, instance: Any = None) -> None:
        return None


class HiddenFromVendors:
    """Settings everyone but vendors reads; writes stay admin-only."""

    def check_read(self, request: Request, instance: Any = None) -> None:
        if request.user.role == Role.VENDOR:
            raise Forbidden()


class TaskTypeViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = TaskType.objects.all()
    serializer_class = TaskTypeSerializer

    def perform_create(self, serializer: TaskTypeSerializer) -> TaskType:
        return services.task_type_create(actor=self.request.user, fields=serializer.validated_data)

    def perform_update(self, serializer: TaskTypeSerializer) -> TaskType:
        return services.task_type_update(
            actor=self.request.user, task_type=serializer.instance, fields=serializer.validated_data
        )

    def perform_destroy(self, instance: TaskType) -> None:
        services.task_type_delete(
            actor=self.request.user,
            task_type=instance,
            force=parse_flag(self.request.query_params, "force"),
        )


class TaskStatusViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = TaskStatus.objects.all()
    serializer_class = TaskStatusSerializer

    def perform_create(self, serializer: TaskStatusSerializer) -> TaskStatus:
        return services.task_status_create(
            actor=self.request.user, fields=serializer.validated_data
        )

    def perform_update(self, serializer: TaskStatusSerializer) -> TaskStatus:
        return services.task_status_update(
            actor=self.request.user, status=serializer.instance, fields=serializer.validated_data
        )

    def perform_destroy(self, instance: TaskStatus) -> None:
        services.task_status_delete(actor=self.request.user, status=instance)


class EntityTypeViewSet(ReadableByEveryone, ZouModelViewSet):
    """Entity types; their changes are announced as `asset-type:*`, as the reference does."""

    queryset = EntityType.objects.all()
    serializer_class = EntityTypeWorkflowSerializer

    def emit_change(self, verb: str, instance: EntityType, instance_id: Any = None) -> None:
        services.announce(verb, instance, actor=self.request.user, stem="asset-type")

    def updated_body(self, request: Request, instance: EntityType) -> dict[str, Any]:
        return self.wire_for(request, instance).instance(instance, relations=True)

    def perform_destroy(self, instance: EntityType) -> None:
        services.entity_type_delete(actor=self.request.user, entity_type=instance)


class ProjectStatusViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = ProjectStatus.objects.all()
    serializer_class = ProjectStatusSerializer


class StatusAutomationViewSet(HiddenFromVendors, ZouModelViewSet):
    queryset = StatusAutomation.objects.all()
    serializer_class = StatusAutomationWriteSerializer

    def perform_destroy(self, instance: StatusAutomation) -> None:
        services.status_automation_delete(actor=self.request.user, automation=instance)


class CustomActionViewSet(HiddenFromVendors, ZouModelViewSet):
    queryset = CustomAction.objects.all()
    serializer_class = CustomActionSerializer


class PreviewBackgroundFileViewSet(ReadableByEveryone, ZouModelViewSet):
    queryset = PreviewBackgroundFile.objects.all()
    serializer_class = PreviewBackgroundFileWriteSerializer

    def perform_create(
        self, serializer: PreviewBackgroundFileWriteSerializer
    ) -> PreviewBackgroundFile:
        return services.preview_background_file_create(
            actor=self.request.user, fields=serializer.validated_data
        )

    def perform_update(
        self, serializer: PreviewBackgroundFileWriteSerializer
    ) -> PreviewBackgroundFile:
        return services.preview_background_file_update(
            actor=self.request.user,
            background=serializer.instance,
            fields=serializer.validated_data,
        )

    def perform_destroy(self, instance: PreviewBackgroundFile) -> None:
        services.preview_background_file_delete(actor=self.request.user, background=instance)


# -- asset types --------------------------------------------------------------------------------
class AssetTypesView(APIView):
    """Every asset type with its workflow, filtered like a `/data` list (never paginated)."""

    def get(self, request: Request) -> Response:
        query = parse_list_query(request.query_params, EntityType)
        queryset = filter_queryset(selectors.asset_types(), query).order_by("created_at", "id")
        return Response(AssetTypeSerializer.wire.rows(queryset, fields=query.fields))


class AssetTypeView(APIView):
    def get(self, request: Request, asset_type_id: str) -> Response:
        asset_type = found(selectors.asset_types(), path_id(asset_type_id))
        return Response(AssetTypeSerializer.wire.instance(asset_type))


class ProjectTaskTypesView(APIView):
    """The task types a project uses (team members only)."""

    def get(self, request: Request, project_id: str) -> Response:
        project = found(Project.objects.all(), path_id(project_id))
        check_project_access(request.user, project.pk)
        queryset = selectors.project_task_types(project_id=project.pk)
        return Response(TaskTypeSerializer.wire.rows(queryset))


class ProjectAssetTypesView(APIView):
    """The asset types of a project's assets (team members only)."""

    def get(self, request: Request, project_id: str) -> Response:
        try:
            project_uuid = uuid.UUID(project_id)
        except ValueError:
            raise WrongParameter(f"Invalid UUID value: {project_id}") from None
        check_project_access(request.user, project_uuid)
        queryset = selectors.project_asset_types(project_id=project_uuid)
        return Response(PROJECT_ASSET_TYPE_WIRE.rows(queryset))


# -- the project pipeline -----------------------------------------------------------------------
class ProjectTaskTypeLinksView(APIView):
    """Add a task type to a project's pipeline, or move it (project managers)."""

    def post(self, request: Request) -> Response:
        body = body_dict(request)
        project, task_type_id = _link_target(request, body, "task_type_id")
        task_type = _existing(TaskType, task_type_id)
        link = services.project_task_type_link_set(
            actor=request.user,
            project=project,
            task_type=task_type,
            priority=_priority(body),
        )
        return Response(PROJECT_TASK_TYPE_LINK_WIRE.instance(link), status=201)


class ProjectTaskStatusLinksView(APIView):
    """Add a status to a project, or set its place and board roles (project managers)."""

    def post(self, request: Request) -> Response:
        body = body_dict(request)
        project, task_status_id = _link_target(request, body, "task_status_id")
        task_status = _existing(TaskStatus, task_status_id)
        roles = body.get("roles_for_board") or []
        if isinstance(roles, str):
            roles = [roles]
        if not isinstance(roles, list):
            raise WrongParameter("Wrong value for parameter roles_for_board.")
        link = services.project_task_status_link_set(
            actor=request.user,
            project=project,
            task_status=task_status,
            priority=_priority(body),
            roles_for_board=roles,
        )
        return Response(PROJECT_TASK_STATUS_LINK_WIRE.instance(link), status=201)


class TaskTypesReorderView(APIView):
    """Studio-wide task type priorities from an ordered id list (admins)."""

    def post(self, request: Request) -> Response:
        require_admin(request)
        task_type_ids = _ordered_ids(request, "task_type_ids")
        task_types = services.task_types_reorder(task_type_ids=task_type_ids)
        return Response([TaskTypeSerializer.wire.instance(task_type) for task_type in task_types])


class ProjectTaskTypeLinksReorderView(APIView):
    def post(self, request: Request, project_id: str) -> Response:
        project = _managed_project(request.user, project_id)
        task_type_ids = _ordered_ids(request, "task_type_ids")
        links = services.project_task_type_links_reorder(
            actor=request.user, project=project, task_type_ids=task_type_ids
        )
        return Response([PROJECT_TASK_TYPE_LINK_WIRE.instance(link) for link in links])


class ProjectTaskStatusLinksReorderView(APIView):
    def post(self, request: Request, project_id: str) -> Response:
        project = _managed_project(request.user, project_id)
        task_status_ids = _ordered_ids(request, "task_status_ids")
        links = services.project_task_status_links_reorder(
            actor=request.user, project=project, task_status_ids=task_status_ids
        )
        return Response([PROJECT_TASK_STATUS_LINK_WIRE.instance(link) for link in links])


# -- input helpers ------------------------------------------------------------------------------
def _uuid_or_none(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _managed_project(person: Person, project_id: str) -> Project:
    project = found(Project.objects.all(), path_id(project_id))
    check_manager_project_access(person, project.pk)
    return project


def _link_target(request: Request, body: dict[str, Any], target_key: str) -> tuple[Project, Any]:
    """The project the caller manages and the raw id of what to link to it."""
    for key in ("project_id", target_key):
        if body.get(key) in (None, ""):
            raise WrongParameter(f"Missing required parameter: {key}")
    project = _managed_project(request.user, body["project_id"])
    target_id = _uuid_or_none(body[target_key])
    if target_id is None:
        raise WrongParameter(f"{target_key} is required and must be a valid UUID")
    return project, target_id


def _existing(model: type[TaskType] | type[TaskStatus], pk: uuid.UUID) -> Any:
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise WrongParameter(f"{model.__name__} with id {pk} not found")
    return instance


def _priority(body: dict[str, Any]) -> int | None:
    value = body.get("priority", 1)
    if value is None:
        return None
    if isinstance(value, bool):
        raise WrongParameter("Wrong value for parameter priority.")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise WrongParameter("Wrong value for parameter priority.") from None


def _ordered_ids(request: Request, key: str) -> list[uuid.UUID]:
    data = request.data
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise WrongParameter(f"Request body must be a JSON object with a '{key}' list.")
    return [parse_instance_id(raw) for raw in data[key]]

"""Project templates: their settings and pipeline links, templates made from a project, and
templates applied to a project."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, validation_error
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id, require_admin
from production.models import PreviewBackgroundFile, ProjectTemplate, StatusAutomation
from production.selectors import projects as selectors
from production.serializers import StatusAutomationSerializer
from production.serializers.projects import (
    PROJECT_TEMPLATE_WIRE,
    PROJECT_WIRE,
    TASK_STATUS_WIRE,
    TASK_TYPE_WIRE,
    TEMPLATE_TASK_STATUS_LINK_WIRE,
    TEMPLATE_TASK_TYPE_LINK_WIRE,
    ProjectTemplateWriteSerializer,
)
from production.services import project_templates as services
from production.services.projects import TASK_STATUS_LINK_FIELDS, TASK_TYPE_LINK_FIELDS
from production.views.common import (
    UNIQUE_NAME_BODY,
    body_of,
    load,
    load_project,
    require,
    require_list,
)


def require_manager(request: Request) -> None:
    if not request.user.is_manager:
        raise Forbidden()


class ProjectTemplateViewSet(ZouModelViewSet):
    """Templates: managers read them, admins write them."""

    queryset = ProjectTemplate.objects.all()
    serializer_class = ProjectTemplateWriteSerializer

    def check_read(self, request: Request, instance: Any = None) -> None:
        require_manager(request)

    def created_body(self, request: Request, instance: ProjectTemplate) -> dict[str, Any]:
        return PROJECT_TEMPLATE_WIRE.instance(instance)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        require_admin(request)
        if "metadata_descriptors" in data and not isinstance(data["metadata_descriptors"], list):
            raise validation_error(("metadata_descriptors", "Input should be a valid list"))


class TemplateLinksView(APIView):
    """GET lists what a template holds of one kind, POST adds to it."""

    relation = ""
    id_key = ""

    def get(self, request: Request, template_id: str) -> Response:
        require_manager(request)
        template = load(ProjectTemplate, template_id)
        return Response(self.rows(template))

    def post(self, request: Request, template_id: str) -> Response:
        require_admin(request)
        template = load(ProjectTemplate, template_id)
        data = body_of(request)
        require(data, self.id_key)
        return Response(self.add(request, template, data), status=status.HTTP_201_CREATED)

    def rows(self, template: ProjectTemplate) -> list[dict[str, Any]]:
        targets = getattr(template, self.relation).order_by("name")
        return [self.summary(target) for target in targets]

    def summary(self, target: Any) -> dict[str, Any]:
        return {"id": str(target.pk), "name": target.name}

    def add(self, request: Request, template: ProjectTemplate, data: dict[str, Any]) -> Any:
        target = services.template_setting_add(
            actor=request.user,
            template=template,
            relation=self.relation,
            target_id=data[self.id_key],
        )
        return self.summary(target)


class TemplateAssetTypesView(TemplateLinksView):
    relation, id_key = "asset_types", "asset_type_id"


class TemplateBackgroundsView(TemplateLinksView):
    relation, id_key = "preview_background_files", "preview_background_file_id"

    def summary(self, target: PreviewBackgroundFile) -> dict[str, Any]:
        return {"id": str(target.pk), "name": target.name, "is_default": target.is_default}


class TemplateStatusAutomationsView(TemplateLinksView):
    relation, id_key = "status_automations", "status_automation_id"

    def rows(self, template: ProjectTemplate) -> list[dict[str, Any]]:
        return StatusAutomationSerializer.wire.rows(
            template.status_automations.order_by("created_at", "id")
        )

    def summary(self, target: StatusAutomation) -> dict[str, Any]:
        return StatusAutomationSerializer.wire.instance(target)


class TemplateTaskTypesView(TemplateLinksView):
    relation, id_key = "task_types", "task_type_id"

    def rows(self, template: ProjectTemplate) -> list[dict[str, Any]]:
        answer = []
        for task_type, link in selectors.template_task_types(template.pk):
            row = TASK_TYPE_WIRE.instance(task_type)
            row.update({key: link[key] for key in TASK_TYPE_LINK_FIELDS})
            answer.append(row)
        return answer

    def add(self, request: Request, template: ProjectTemplate, data: dict[str, Any]) -> Any:
        fields = {key: data[key] for key in TASK_TYPE_LINK_FIELDS if key in data}
        link = services.template_task_type_add(
            actor=request.user, template=template, task_type_id=data["task_type_id"], fields=fields
        )
        return TEMPLATE_TASK_TYPE_LINK_WIRE.instance(link)


class TemplateTaskStatusesView(TemplateLinksView):
    relation, id_key = "task_statuses", "task_status_id"

    def rows(self, template: ProjectTemplate) -> list[dict[str, Any]]:
        answer = []
        for task_status, link in selectors.template_task_statuses(template.pk):
            row = TASK_STATUS_WIRE.instance(task_status)
            row["priority"] = link["priority"]
            row["roles_for_board"] = link["roles_for_board"]
            row["link_is_client_allowed"] = link["is_client_allowed"]
            answer.append(row)
        return answer

    def add(self, request: Request, template: ProjectTemplate, data: dict[str, Any]) -> Any:
        fields = {key: data[key] for key in TASK_STATUS_LINK_FIELDS if key in data}
        link = services.template_task_status_add(
            actor=request.user,
            template=template,
            task_status_id=data["task_status_id"],
            fields=fields,
        )
        return TEMPLATE_TASK_STATUS_LINK_WIRE.instance(link)


class TemplateLinkRemoveView(APIView):
    relation = ""

    def delete(self, request: Request, template_id: str, target_id: str) -> Response:
        require_admin(request)
        template = load(ProjectTemplate, template_id)
        services.template_link_remove(
            actor=request.user,
            template=template,
            relation=self.relation,
            target_id=parse_instance_id(target_id),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplateDefaultBackgroundView(APIView):
    def put(self, request: Request, template_id: str) -> Response:
        require_admin(request)
        template = load(ProjectTemplate, template_id)
        data = body_of(request)
        background_id = data.get("default_preview_background_file_id")
        background = load(PreviewBackgroundFile, background_id) if background_id else None
        template = services.template_update(
            actor=request.user,
            template=template,
            fields={"default_preview_background_file": background},
        )
        return Response(PROJECT_TEMPLATE_WIRE.instance(template))


class TemplateDescriptorsView(APIView):
    def put(self, request: Request, template_id: str) -> Response:
        require_admin(request)
        template = load(ProjectTemplate, template_id)
        entries = require_list(body_of(request), "metadata_descriptors")
        if not all(isinstance(entry, dict) for entry in entries):
            raise validation_error(("metadata_descriptors", "Input should be a valid dictionary"))
        snapshot = [services.template_descriptor_snapshot(entry) for entry in entries]
        template = services.template_update(
            actor=request.user, template=template, fields={"metadata_descriptors": snapshot}
        )
        return Response(PROJECT_TEMPLATE_WIRE.instance(template))


class TemplateFromProjectView(APIView):
    def post(self, request: Request, project_id: str) -> Response:
        require_admin(request)
        project = load_project(project_id)
        data = body_of(request)
        require(data, "name")
        if ProjectTemplate.objects.filter(name=data["name"]).exists():
            return Response(UNIQUE_NAME_BODY, status=status.HTTP_400_BAD_REQUEST)
        template = services.template_from_project(
            actor=request.user,
            project=project,
            name=data["name"],
            description=data.get("description"),
        )
        return Response(PROJECT_TEMPLATE_WIRE.instance(template), status=status.HTTP_201_CREATED)


class ApplyTemplateView(APIView):
    def post(self, request: Request, project_id: str, template_id: str) -> Response:
        require_admin(request)
        project = load_project(project_id)
        template = load(ProjectTemplate, template_id)
        project = services.template_apply(actor=request.user, project=project, template=template)
        return Response(PROJECT_WIRE.instance(project))


class TemplateReorderView(APIView):
    kind = ""
    ids_key = ""

    def post(self, request: Request, template_id: str) -> Response:
        require_admin(request)
        template = load(ProjectTemplate, template_id)
        ids = require_list(body_of(request), self.ids_key, required=True)
        links = services.template_links_reorder(
            actor=request.user, template=template, kind=self.kind, ids=[str(pk) for pk in ids]
        )
        wire = (
            TEMPLATE_TASK_TYPE_LINK_WIRE
            if self.kind == "task_types"
            else TEMPLATE_TASK_STATUS_LINK_WIRE
        )
        return Response([wire.instance(link) for link in links])


class TemplateTaskTypesReorderView(TemplateReorderView):
    kind, ids_key = "task_types", "task_type_ids"


class TemplateTaskStatusesReorderView(TemplateReorderView):
    kind, ids_key = "task_statuses", "task_status_ids"

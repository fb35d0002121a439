"""Projects, their team, pipeline settings and metadata descriptors (templates are in
`project_templates`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction
from rest_framework import status
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, WrongParameter, validation_error
from kitsu_site.api.listing import parse_flag, parse_relations
from kitsu_site.api.viewsets import (
    AUDIT_FIELDS,
    ZouModelViewSet,
    parse_instance_id,
    require_admin,
)
from kitsu_site.api.wire import WireFormat
from people.models import Person, Role
from production import permissions
from production.models import (
    MetadataDescriptor,
    PreviewBackgroundFile,
    Project,
    ProjectTaskTypeSoftwareLink,
    ProjectTemplate,
    StatusAutomation,
)
from production.selectors import projects as selectors
from production.serializers import PreviewBackgroundFileSerializer, StatusAutomationSerializer
from production.serializers.projects import (
    DESCRIPTOR_WIRE,
    PROJECT_WIRE,
    TASK_STATUS_LINK_WIRE,
    TASK_STATUS_WIRE,
    TEAM_MEMBER_MINIMAL_WIRE,
    TEAM_MEMBER_WIRE,
    MetadataDescriptorWriteSerializer,
    ProjectWriteSerializer,
)
from production.services import projects as services
from production.views.common import (
    UNIQUE_NAME_BODY,
    body_of,
    found,
    load,
    load_project,
    path_id,
    require,
    require_keys,
    require_list,
)

# Relation lists a project POST may carry (gazu sends them), linked after creation.
LINK_KEYS = (
    "team",
    "asset_types",
    "task_types",
    "task_statuses",
    "status_automations",
    "preview_background_files",
)


def _status_name_wire() -> WireFormat:
    return WireFormat(
        Project,
        computed={"project_status_name": lambda row: row["project_status__name"]},
        computed_from=("project_status__name",),
    )


PROJECT_WITH_STATUS_WIRE = _status_name_wire()


def project_body(project: Project, *, relations: bool = False) -> dict[str, Any]:
    """A project answer: with its first episode when it is a tvshow."""
    body = PROJECT_WIRE.instance(project, relations=relations)
    if project.production_type == services.TVSHOW:
        episodes = selectors.first_episode_ids([project.pk])
        body["first_episode_id"] = episodes.get(str(project.pk))
    return body


# -- /data/projects -------------------------------------------------------------------------------
class ProjectViewSet(ZouModelViewSet):
    """Admins see every project; others the open projects of their teams."""

    queryset = Project.objects.all()
    serializer_class = ProjectWriteSerializer
    protected_on_update = ("team",)

    def check_read(self, request: Request, instance: Project | None = None) -> None:
        if instance is not None:
            permissions.check_project_access(request.user, instance.pk)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        if request.user.is_admin:
            return queryset
        return queryset.filter(pk__in=permissions.open_projects_of(request.user).values("pk"))

    def retrieve(self, request: Request, instance_id: str) -> Response:
        project = self.get_instance(request, instance_id)
        role = permissions.check_project_access(request.user, project.pk)
        relations = parse_relations(request.query_params, default=True)
        row = PROJECT_WITH_STATUS_WIRE.rows(Project.objects.filter(pk=project.pk))[0]
        status_name = row.pop("project_status_name")
        if relations:
            row = PROJECT_WIRE.instance(project, relations=True)
            selectors.add_project_extras([row], role=role, person=request.user)
        row["project_status_name"] = status_name
        return Response(row)

    def create(self, request: Request) -> Response:
        data = dict(self.request_body(request))
        require_admin(request)
        template_id = data.pop("project_template_id", None)
        template = load(ProjectTemplate, template_id) if template_id else None
        links = {key: require_list(data, key) for key in LINK_KEYS if key in data}
        for key in LINK_KEYS:
            data.pop(key, None)
        if Project.objects.filter(name=data.get("name")).exists():
            return Response(UNIQUE_NAME_BODY, status=status.HTTP_400_BAD_REQUEST)
        self.reject_unknown_fields(data)
        serializer = self.get_serializer(
            data={key: value for key, value in data.items() if key not in AUDIT_FIELDS}
        )
        serializer.is_valid(raise_exception=True)
        project = services.project_create(
            actor=request.user, fields=serializer.validated_data, template=template, links=links
        )
        return Response(project_body(project, relations=True), status=status.HTTP_201_CREATED)

    def update(self, request: Request, instance_id: str) -> Response:
        project = self.get_instance(request, instance_id)
        data = self.request_body(request)
        permissions.check_manager_project_access(request.user, project.pk)
        ignored = {*AUDIT_FIELDS, *self.protected_on_update}
        body = {key: value for key, value in data.items() if key not in ignored}
        if "name" in body and Project.objects.filter(name=body["name"]).exclude(pk=project.pk):
            return Response(UNIQUE_NAME_BODY, status=status.HTTP_400_BAD_REQUEST)
        serializer = self.get_serializer(project, data=body, partial=True)
        serializer.is_valid(raise_exception=True)
        project = services.project_update(
            actor=request.user, project=project, fields=serializer.validated_data
        )
        return Response(project_body(project))

    def destroy(self, request: Request, instance_id: str) -> Response:
        project = self.get_instance(request, instance_id)
        services.check_project_deletable(project)  # the reference answers this before the role
        require_admin(request)
        force = parse_flag(request.query_params, "force")
        services.project_delete(actor=request.user, project=project, force=force)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OpenProjectsView(APIView):
    """The open projects of the caller's teams (all for admins), with their pipeline."""

    def get(self, request: Request) -> Response:
        queryset = Project.objects.filter(project_status__name=services.OPEN)
        if not request.user.is_admin:
            queryset = queryset.filter(team_links__person=request.user)
        rows = PROJECT_WIRE.rows(queryset.order_by("name"), relations=True)
        selectors.add_project_extras(rows, role=request.user.role, person=request.user)
        return Response(rows)


class AllProjectsView(APIView):
    """Every project of the caller's teams, whatever its status (all for admins)."""

    def get(self, request: Request) -> Response:
        if not request.user.is_admin:
            queryset = permissions.projects_of(request.user).order_by("name")
            return Response(PROJECT_WIRE.rows(queryset))
        rows = PROJECT_WITH_STATUS_WIRE.rows(Project.objects.order_by("name"))
        selectors.add_project_extras(rows, links=False, episodes=False)
        return Response(rows)


# -- team -----------------------------------------------------------------------------------------
def _team_wire(full: bool) -> WireFormat:
    wire = TEAM_MEMBER_WIRE if full else TEAM_MEMBER_MINIMAL_WIRE
    return wire


class ProjectTeamView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        role = permissions.check_project_access(request.user, project.pk)
        wire = _team_wire(role in (Role.ADMIN, Role.MANAGER))
        persons = selectors.team_persons(project)
        rows = wire.rows(persons)
        roles = dict(selectors.team_links(project).values_list("person_id", "role"))
        for row in rows:
            row["project_role"] = roles.get(parse_instance_id(row["id"]))
        return Response(rows)

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        data = body_of(request)
        require(data, "person_id")
        project = services.team_add(
            actor=request.user, project=project, person_id=data["person_id"], role=data.get("role")
        )
        return Response(PROJECT_WIRE.instance(project), status=status.HTTP_201_CREATED)


class ProjectTeamMemberView(APIView):
    def put(self, request: Request, project_id: str, person_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        person = load(Person, person_id)
        data = body_of(request)
        link = services.team_set_role(
            actor=request.user, project=project, person_id=person.pk, role=data.get("role")
        )
        return Response(
            {"project_id": str(project.pk), "person_id": str(person.pk), "role": link.role}
        )

    def delete(self, request: Request, project_id: str, person_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        services.team_remove(
            actor=request.user, project=project, person_id=parse_instance_id(person_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- settings -------------------------------------------------------------------------------------
class ProjectSettingView(APIView):
    """POST links a row to the project; GET lists the linked rows (where the route has one)."""

    relation = ""
    id_key = ""
    list_wire: WireFormat | None = None
    list_for_managers_only = False

    def get(self, request: Request, project_id: str) -> Response:
        if self.list_wire is None:
            raise MethodNotAllowed(request.method)
        project = load_project(project_id)
        if self.list_for_managers_only:
            permissions.check_manager_project_access(request.user, project.pk)
        else:
            permissions.check_project_access(request.user, project.pk)
        return Response(self.list_wire.rows(self.linked(project)))

    def linked(self, project: Project) -> models.QuerySet:
        return getattr(project, self.relation).order_by("created_at", "id")

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        data = body_of(request)
        require(data, self.id_key)
        self.add(request, project, data)
        return Response(PROJECT_WIRE.instance(project), status=status.HTTP_201_CREATED)

    def add(self, request: Request, project: Project, data: dict[str, Any]) -> None:
        services.project_setting_add(
            actor=request.user, project=project, relation=self.relation, target_id=data[self.id_key]
        )


class ProjectSettingRemoveView(APIView):
    relation = ""

    def delete(self, request: Request, project_id: str, target_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        services.project_link_remove(
            actor=request.user,
            project=project,
            relation=self.relation,
            target_id=parse_instance_id(target_id),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectAssetTypesSettingView(ProjectSettingView):
    relation, id_key = "asset_types", "asset_type_id"


class ProjectStatusAutomationsSettingView(ProjectSettingView):
    relation, id_key = "status_automations", "status_automation_id"
    list_wire = StatusAutomationSerializer.wire
    list_for_managers_only = True

    def linked(self, project: Project) -> models.QuerySet:
        return StatusAutomation.objects.filter(projects=project).order_by("created_at", "id")


class ProjectBackgroundsSettingView(ProjectSettingView):
    relation, id_key = "preview_background_files", "preview_background_file_id"
    list_wire = PreviewBackgroundFileSerializer.wire

    def linked(self, project: Project) -> models.QuerySet:
        return PreviewBackgroundFile.objects.filter(projects=project).order_by("created_at", "id")


class ProjectTaskTypesSettingView(ProjectSettingView):
    relation, id_key = "task_types", "task_type_id"

    def add(self, request: Request, project: Project, data: dict[str, Any]) -> None:
        services.project_task_type_add(
            actor=request.user,
            project=project,
            task_type_id=data["task_type_id"],
            priority=data.get("priority"),
        )


class ProjectTaskStatusesSettingView(ProjectSettingView):
    relation, id_key = "task_statuses", "task_status_id"
    list_wire = TASK_STATUS_WIRE

    def linked(self, project: Project) -> models.QuerySet:
        return selectors.project_task_statuses(project)

    def add(self, request: Request, project: Project, data: dict[str, Any]) -> None:
        services.project_task_status_add(
            actor=request.user, project=project, task_status_id=data["task_status_id"]
        )


class ProjectTaskStatusLinkView(ProjectSettingRemoveView):
    relation = "task_statuses"

    def put(self, request: Request, project_id: str, target_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        data = body_of(request)
        require(data, "is_client_allowed")
        if not isinstance(data["is_client_allowed"], bool):
            raise validation_error(("is_client_allowed", "Input should be a valid boolean"))
        link = services.project_task_status_link_update(
            actor=request.user,
            project=project,
            task_status_id=parse_instance_id(target_id),
            is_client_allowed=data["is_client_allowed"],
        )
        return Response(TASK_STATUS_LINK_WIRE.instance(link))


class ProjectSettingsBatchView(APIView):
    LIST_KEYS = (
        "asset_type_ids",
        "task_status_ids",
        "status_automation_ids",
        "preview_background_file_ids",
        "task_types",
    )

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        data = body_of(request)
        settings = {key: require_list(data, key) for key in self.LIST_KEYS}
        for entry in settings["task_types"]:
            if not isinstance(entry, dict) or not entry.get("task_type_id"):
                raise validation_error(("task_types", "Input should be a valid dictionary"))
        project = services.project_settings_batch(
            actor=request.user, project=project, settings=settings
        )
        return Response(PROJECT_WIRE.instance(project))


# -- metadata descriptors -------------------------------------------------------------------------
def check_descriptor_create(person: Person, project: Project, departments: list) -> None:
    """Managers of the project, and supervisors adding a descriptor for one of their
    departments (as the reference does: one shared department is enough)."""
    role = permissions.check_project_access(person, project.pk)
    if role in (Role.ADMIN, Role.MANAGER):
        return
    if role == Role.SUPERVISOR and departments:
        own = {str(pk) for pk in person.departments.values_list("pk", flat=True)}
        if own & {str(pk) for pk in departments}:
            return
    raise Forbidden()


def descriptor_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = {}
    for key in ("name", "entity_type", "data_type", "choices", "for_client", "position"):
        if key in data:
            fields[key] = data[key]
    if "departments" in data:
        departments = data["departments"] or []
        if not isinstance(departments, list):
            raise validation_error(("departments", "Input should be a valid list"))
        for department_id in departments:
            path_id(department_id)
        fields["departments"] = departments
    if data.get("task_type_id"):
        path_id(data["task_type_id"])
        fields["task_type_id"] = data["task_type_id"]
    if fields.get("choices") is not None and not isinstance(fields["choices"], list):
        raise validation_error(("choices", "Input should be a valid list"))
    return fields


def descriptor_rows(queryset: models.QuerySet) -> list[dict[str, Any]]:
    return DESCRIPTOR_WIRE.rows(queryset, relations=True)


class ProjectDescriptorsView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        role = permissions.check_project_access(request.user, project.pk)
        queryset = selectors.visible_descriptors(
            MetadataDescriptor.objects.filter(project=project), role=role, person=request.user
        )
        return Response(descriptor_rows(queryset.order_by("name", "id")))

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_project_access(request.user, project.pk)
        data = body_of(request)
        fields = descriptor_fields(data)
        check_descriptor_create(request.user, project, fields.get("departments") or [])
        require(data, "name")
        descriptor = services.descriptor_create(actor=request.user, project=project, fields=fields)
        return Response(
            DESCRIPTOR_WIRE.instance(descriptor, relations=True), status=status.HTTP_201_CREATED
        )


def load_descriptor(project: Project, descriptor_id: str) -> MetadataDescriptor:
    return found(MetadataDescriptor.objects.filter(project=project), path_id(descriptor_id))


class ProjectDescriptorView(APIView):
    def get(self, request: Request, project_id: str, descriptor_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_project_access(request.user, project.pk)
        descriptor = load_descriptor(project, descriptor_id)
        return Response(DESCRIPTOR_WIRE.instance(descriptor, relations=True))

    def put(self, request: Request, project_id: str, descriptor_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        descriptor = load_descriptor(project, descriptor_id)
        fields = descriptor_fields(body_of(request))
        fields.pop("entity_type", None)
        fields.pop("task_type_id", None)
        fields.pop("position", None)
        descriptor = services.descriptor_update(
            actor=request.user, descriptor=descriptor, fields=fields
        )
        return Response(DESCRIPTOR_WIRE.instance(descriptor, relations=True))

    def delete(self, request: Request, project_id: str, descriptor_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        descriptor = load_descriptor(project, descriptor_id)
        services.descriptor_delete(actor=request.user, descriptor=descriptor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectDescriptorsReorderView(APIView):
    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        permissions.check_manager_project_access(request.user, project.pk)
        data = body_of(request)
        require_keys(data, "entity_type", "descriptor_ids")
        ids = require_list(data, "descriptor_ids", required=True)
        if not ids:
            raise validation_error(
                ("descriptor_ids", "List should have at least 1 item after validation, not 0")
            )
        descriptors = services.descriptors_reorder(
            actor=request.user,
            project=project,
            entity_type=data["entity_type"],
            descriptor_ids=[str(pk) for pk in ids],
        )
        return Response(
            descriptor_rows(
                MetadataDescriptor.objects.filter(pk__in=[d.pk for d in descriptors]).order_by(
                    "position"
                )
            )
        )


class MetadataDescriptorViewSet(ZouModelViewSet):
    """The raw descriptor rows: lists scoped to the caller's teams, writes for admins."""

    queryset = MetadataDescriptor.objects.all()
    serializer_class = MetadataDescriptorWriteSerializer

    def check_read(self, request: Request, instance: MetadataDescriptor | None = None) -> None:
        if instance is not None:
            require_admin(request)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        queryset = permissions.scope_to_team(request.user, queryset)
        return selectors.visible_descriptors(queryset, role=request.user.role, person=request.user)

    def wire_for(self, request: Request, instance: Any = None) -> WireFormat:
        return DESCRIPTOR_WIRE

    def list(self, request: Request) -> Response:
        if request.query_params:
            return super().list(request)
        self.check_read(request)
        queryset = self.scope_queryset(request, self.get_queryset()).order_by("created_at", "id")
        return Response(descriptor_rows(queryset))

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        require_admin(request)
        services.check_data_type(data.get("data_type"))

    def check_update(self, request: Request, instance: Any, data: dict[str, Any]) -> None:
        require_admin(request)
        if "data_type" in data:
            services.check_data_type(data["data_type"])

    def updated_body(self, request: Request, instance: MetadataDescriptor) -> dict[str, Any]:
        return DESCRIPTOR_WIRE.instance(instance, relations=True)


class AllProjectsDescriptorsView(APIView):
    def post(self, request: Request) -> Response:
        require_admin(request)
        data = body_of(request)
        require(data, "name")
        fields = descriptor_fields(data)
        fields.pop("task_type_id", None)
        descriptors = services.descriptor_create_all_projects(actor=request.user, fields=fields)
        return Response(_descriptor_list(descriptors), status=status.HTTP_201_CREATED)


def _descriptor_list(descriptors: list[MetadataDescriptor]) -> list[dict[str, Any]]:
    return descriptor_rows(
        MetadataDescriptor.objects.filter(pk__in=[d.pk for d in descriptors]).order_by(
            "project__name", "position", "name"
        )
    )


class AllProjectsDescriptorView(APIView):
    def put(self, request: Request, field_name: str) -> Response:
        require_admin(request)
        data = body_of(request)
        require(data, "entity_type")
        fields = descriptor_fields(data)
        entity_type = fields.pop("entity_type")
        for key in ("task_type_id", "position"):
            fields.pop(key, None)
        descriptors = services.descriptor_update_all_projects(
            actor=request.user, entity_type=entity_type, field_name=field_name, fields=fields
        )
        return Response(_descriptor_list(descriptors))

    def delete(self, request: Request, field_name: str) -> Response:
        require_admin(request)
        services.descriptor_delete_all_projects(
            actor=request.user,
            entity_type=request.query_params.get("entity_type"),
            field_name=field_name,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AllProjectsDescriptorsReorderView(APIView):
    def post(self, request: Request) -> Response:
        require_admin(request)
        data = body_of(request)
        require_keys(data, "entity_type", "field_order")
        order = require_list(data, "field_order", required=True)
        with transaction.atomic():
            descriptors = services.descriptors_reorder_all_projects(
                actor=request.user, entity_type=data["entity_type"], field_order=order
            )
        return Response(_descriptor_list(descriptors))


# -- software per task type, frame counts ---------------------------------------------------
SOFTWARE_LINK_FIELDS = ("project_id", "task_type_id", "software_id")
INVALID_SOFTWARE_IDS = "task_type_id and software_id must be valid UUIDs."
SOFTWARE_SCHEMA = "instance of ProjectTaskTypeSoftwareSchema"


def _uuid_or_400(value: Any, message: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise WrongParameter(message) from None


def _software_link_row(link: ProjectTaskTypeSoftwareLink) -> dict[str, str]:
    return {field: str(getattr(link, field)) for field in SOFTWARE_LINK_FIELDS}


class TaskTypeSoftwaresView(APIView):
    """GET /data/projects/<p>/task-type-softwares: the whole team reads it."""

    def get(self, request: Request, project_id: str) -> Response:
        project_pk = path_id(project_id)
        permissions.check_project_access(request.user, project_pk)
        links = ProjectTaskTypeSoftwareLink.objects.filter(project_id=project_pk).order_by(
            "task_type_id", "software_id"
        )
        return Response(
            [
                {field: str(value) for field, value in zip(SOFTWARE_LINK_FIELDS, row, strict=True)}
                for row in links.values_list(*SOFTWARE_LINK_FIELDS)
            ]
        )


class TaskTypeSoftwareAddView(APIView):
    """POST /data/projects/<p>/task-types/<tt>/softwares {software_id} (supervisors and up)."""

    def post(self, request: Request, project_id: str, task_type_id: str) -> Response:
        if not isinstance(request.data, dict):
            raise validation_error(("", f"Input should be a valid dictionary or {SOFTWARE_SCHEMA}"))
        data = body_of(request)
        require_keys(data, "software_id")
        if not isinstance(data["software_id"], str):
            raise validation_error(("software_id", "Input should be a valid string"))
        task_type_pk = _uuid_or_400(task_type_id, INVALID_SOFTWARE_IDS)
        software_pk = _uuid_or_400(data["software_id"], INVALID_SOFTWARE_IDS)
        project = found(Project.objects.all(), path_id(project_id))
        permissions.check_supervisor_project_access(request.user, project.pk)
        link = services.task_type_software_add(
            actor=request.user, project=project, task_type_id=task_type_pk, software_id=software_pk
        )
        return Response(_software_link_row(link), status=status.HTTP_201_CREATED)


class TaskTypeSoftwareRemoveView(APIView):
    def delete(
        self, request: Request, project_id: str, task_type_id: str, software_id: str
    ) -> Response:
        task_type_pk = _uuid_or_400(task_type_id, INVALID_SOFTWARE_IDS)
        software_pk = _uuid_or_400(software_id, INVALID_SOFTWARE_IDS)
        project = found(Project.objects.all(), path_id(project_id))
        permissions.check_supervisor_project_access(request.user, project.pk)
        services.task_type_software_remove(
            actor=request.user, project=project, task_type_id=task_type_pk, software_id=software_pk
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SetShotsNbFramesView(APIView):
    """POST /actions/projects/<p>/task-types/<tt>/set-shot-nb-frames (managers)."""

    def post(self, request: Request, project_id: str, task_type_id: str) -> Response:
        message = "Invalid project or task type id"
        project_pk = _uuid_or_400(project_id, message)
        task_type_pk = _uuid_or_400(task_type_id, message)
        project = found(Project.objects.all(), project_pk)
        permissions.check_manager_project_access(request.user, project.pk)
        rows = services.shots_nb_frames_set(project=project, task_type_id=task_type_pk)
        return Response(rows)

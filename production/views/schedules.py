"""Schedule routes: schedule items (raw and per project, created on first listing) and
production schedule versions with their task links, copies and application to the production."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, WrongParameter, validation_error
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import parse_relations
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id, require_admin
from people.models import Person
from production.models import (
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    ScheduleItem,
    Task,
    TaskType,
)
from production.permissions import (
    check_manager_project_access,
    check_not_vendor,
    check_not_vendor_or_client,
    check_project_access,
)
from production.selectors import schedules as selectors
from production.serializers.planning import (
    ProductionScheduleVersionSerializer,
    ProductionScheduleVersionTaskLinkSerializer,
    ScheduleItemSerializer,
)
from production.services import schedules as services
from production.services.tasks import departments_of, may_supervise
from production.views.common import UNIQUE_NAME_BODY, found, load
from production.views.planning import MissingKey, planned_project_id, wrong_uuid


def check_planner_access(person: Person, project_id: Any) -> None:
    """The project's team but vendors and clients (versions and their task links)."""
    check_not_vendor_or_client(person, project_id)


def check_task_type_planner(person: Person, item: ScheduleItem) -> None:
    """Managers, and supervisors without department or of the item's task type department."""
    role = check_project_access(person, item.project_id)
    department_id = (
        TaskType.objects.filter(pk=item.task_type_id)
        .values_list("department_id", flat=True)
        .first()
    )
    departments = departments_of([person.pk]).get(person.pk, set())
    if not may_supervise(
        role=role, actor_departments=departments, task_department_id=department_id
    ):
        raise Forbidden()


def listed_project_id(request: Request) -> Any:
    """The `project_id` a list is asked for, when it names one."""
    return request.query_params.get("project_id") or None


def check_list_access(request: Request) -> None:
    """Raw lists of versions and task links: admins, or the planners of the project asked for."""
    project_id = listed_project_id(request)
    if project_id is None:
        require_admin(request)
        return
    check_planner_access(request.user, planned_project_id(request.user, project_id))


# -- /data/schedule-items --------------------------------------------------------------------------
class ScheduleItemViewSet(ZouModelViewSet):
    """Reads are for admins; a project's managers create and delete items, its task type's
    supervisors update them."""

    queryset = ScheduleItem.objects.all()
    serializer_class = ScheduleItemSerializer

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        project_id = data.get("project_id")
        if not request.user.is_admin:
            check_manager_project_access(request.user, planned_project_id(request.user, project_id))
        duplicate = ScheduleItem.objects.filter(
            project_id=project_id,
            task_type_id=data.get("task_type_id"),
            object_id=data.get("object_id"),
        )
        if self._valid_ids(data) and duplicate.exists():
            raise WrongParameter("A similar schedule item already exists")

    @staticmethod
    def _valid_ids(data: dict[str, Any]) -> bool:
        for key in ("project_id", "task_type_id", "object_id"):
            if data.get(key) is not None:
                try:
                    uuid.UUID(str(data[key]))
                except ValueError:
                    return False
        return True

    def check_update(self, request: Request, instance: ScheduleItem, data: dict[str, Any]) -> None:
        check_task_type_planner(request.user, instance)
        # The reference ignores man-days sent as text.
        if isinstance(data.get("man_days"), str):
            del data["man_days"]

    def check_delete(self, request: Request, instance: ScheduleItem) -> None:
        check_manager_project_access(request.user, instance.project_id)


# -- the planning views of a project ---------------------------------------------------------------
class ProjectScheduleItemsView(APIView):
    """GET /data/projects/<p>/schedule-items: every item of the project, for its studio team."""

    def get(self, request: Request, project_id: str) -> Response:
        pk = planned_project_id(request.user, project_id)
        check_planner_access(request.user, pk)
        queryset = ScheduleItem.objects.filter(project_id=pk).order_by("created_at", "id")
        return Response(ScheduleItemSerializer.wire.rows(queryset))


class ProjectTaskTypeScheduleItemsView(APIView):
    """GET /data/projects/<p>/schedule-items/task-types (created on first listing)."""

    def get(self, request: Request, project_id: str) -> Response:
        pk = planned_project_id(request.user, project_id)
        check_not_vendor(request.user, pk)
        rows = services.task_type_schedule_items_list(actor=request.user, project_id=pk)
        return Response(rows)


class ProjectObjectScheduleItemsView(APIView):
    """GET /data/projects/<p>/schedule-items/<task_type_id>/<kind>[?episode_id=]: a task
    type's items per asset type, episode, sequence or edit (created on first listing)."""

    kind = ""

    def get(self, request: Request, project_id: str, task_type_id: str) -> Response:
        pk = planned_project_id(request.user, project_id)
        check_not_vendor(request.user, pk)
        task_type_pk = found(TaskType.objects.all(), wrong_uuid(task_type_id)).pk
        episode = request.query_params.get("episode_id") or None
        rows = services.object_schedule_items_list(
            actor=request.user,
            project_id=pk,
            task_type_id=task_type_pk,
            kind=self.kind,
            episode_id=wrong_uuid(episode) if episode else None,
        )
        return Response(rows)


OBJECT_KINDS = selectors.OBJECT_KINDS


# -- /data/production-schedule-versions ------------------------------------------------------------
class ProductionScheduleVersionViewSet(ZouModelViewSet):
    """Read by the project's studio team, written by its managers."""

    queryset = ProductionScheduleVersion.objects.all()
    serializer_class = ProductionScheduleVersionSerializer

    def check_read(
        self, request: Request, instance: ProductionScheduleVersion | None = None
    ) -> None:
        if instance is None:
            check_list_access(request)
        else:
            check_planner_access(request.user, instance.project_id)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        if "project_id" not in data:
            raise MissingKey("project_id")
        if not request.user.is_admin:
            project_id = planned_project_id(request.user, data["project_id"])
            check_manager_project_access(request.user, project_id)

    def check_update(
        self, request: Request, instance: ProductionScheduleVersion, data: dict[str, Any]
    ) -> None:
        check_manager_project_access(request.user, instance.project_id)

    def check_delete(self, request: Request, instance: ProductionScheduleVersion) -> None:
        check_manager_project_access(request.user, instance.project_id)

    def create(self, request: Request) -> Response:
        data = self.request_body(request)
        project_pk = self._project_pk(data)
        same_name = ProductionScheduleVersion.objects.filter(
            name=data.get("name"), project_id=project_pk
        )
        if project_pk is not None and same_name.exists():
            self.check_create(request, data)
            return Response(UNIQUE_NAME_BODY, status=status.HTTP_400_BAD_REQUEST)
        return super().create(request)

    @staticmethod
    def _project_pk(data: dict[str, Any]) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(data.get("project_id")))
        except ValueError:
            return None

    def perform_destroy(self, instance: ProductionScheduleVersion) -> None:
        services.version_delete(actor=self.request.user, version=instance)


# -- /data/production-schedule-version-task-links --------------------------------------------------
def links_of_project(
    queryset: models.QuerySet[ProductionScheduleVersionTaskLink], value: str
) -> models.QuerySet[ProductionScheduleVersionTaskLink]:
    """Task links have no project column: `project_id` filters through their version."""
    try:
        project_id = uuid.UUID(value)
    except ValueError:
        raise WrongParameter("Invalid project_id.") from None
    return queryset.filter(production_schedule_version__project_id=project_id)


class ProductionScheduleVersionTaskLinkViewSet(ZouModelViewSet):
    """Read by the project's studio team, written by its managers; a link's version and task
    never change."""

    queryset = ProductionScheduleVersionTaskLink.objects.select_related("task")
    serializer_class = ProductionScheduleVersionTaskLinkSerializer
    computed_filters = {"project_id": links_of_project}
    protected_on_update = ("task_id", "production_schedule_version_id")

    def check_read(
        self, request: Request, instance: ProductionScheduleVersionTaskLink | None = None
    ) -> None:
        if instance is None:
            check_list_access(request)
        else:
            check_planner_access(request.user, instance.task.project_id)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        version = load(ProductionScheduleVersion, data.get("production_schedule_version_id"))
        task = load(Task, data.get("task_id"))
        if version.project_id != task.project_id:
            raise WrongParameter(
                "The task and the production schedule version must be in the same project."
            )
        check_manager_project_access(request.user, version.project_id)

    def check_update(
        self,
        request: Request,
        instance: ProductionScheduleVersionTaskLink,
        data: dict[str, Any],
    ) -> None:
        check_manager_project_access(request.user, instance.task.project_id)

    def check_delete(self, request: Request, instance: ProductionScheduleVersionTaskLink) -> None:
        check_manager_project_access(request.user, instance.task.project_id)


# -- a version's task links and actions ------------------------------------------------------------
def version_for(request: Request, version_id: str, *, manage: bool) -> ProductionScheduleVersion:
    """The version named in the path (400 malformed, 404 unknown), if the caller may plan it
    (`manage`: as a manager of its project)."""
    version = load(ProductionScheduleVersion, version_id)
    if manage:
        check_manager_project_access(request.user, version.project_id)
    else:
        check_planner_access(request.user, version.project_id)
    return version


class VersionTaskLinksView(APIView):
    """GET /data/production-schedule-versions/<v>/task-links[?task_type_id=&relations=]"""

    def get(self, request: Request, production_schedule_version_id: str) -> Response:
        version = version_for(request, production_schedule_version_id, manage=False)
        task_type = request.query_params.get("task_type_id") or None
        links = selectors.version_task_links(
            version_id=version.pk,
            task_type_id=parse_instance_id(task_type) if task_type else None,
        )
        relations = parse_relations(request.query_params)
        wire = ProductionScheduleVersionTaskLinkSerializer.wire
        return Response(wire.rows(links, relations=relations))


class VersionLinksFromProductionView(APIView):
    """POST /actions/production-schedule-versions/<v>/set-task-links-from-production"""

    def post(self, request: Request, production_schedule_version_id: str) -> Response:
        version = version_for(request, production_schedule_version_id, manage=True)
        return Response(services.version_links_from_production(version=version))


class VersionLinksFromVersionView(APIView):
    """POST /actions/production-schedule-versions/<v>/set-task-links-from-production-schedule-
    version {production_schedule_version_id}"""

    def post(self, request: Request, production_schedule_version_id: str) -> Response:
        version = version_for(request, production_schedule_version_id, manage=True)
        data = body_dict(request)
        if "production_schedule_version_id" not in data:
            raise validation_error(("production_schedule_version_id", "Field required"))
        source = found(
            ProductionScheduleVersion.objects.all(),
            parse_instance_id(data["production_schedule_version_id"]),
        )
        summary = services.version_links_from_version(
            actor=request.user, version=version, source=source
        )
        return Response(summary)


class VersionApplyView(APIView):
    """POST /actions/production-schedule-versions/<v>/apply-to-production"""

    def post(self, request: Request, production_schedule_version_id: str) -> Response:
        version = version_for(request, production_schedule_version_id, manage=True)
        return Response(services.version_apply_to_production(actor=request.user, version=version))

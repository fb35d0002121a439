"""Tasks: the `/data/tasks` resource, bulk creation and deletion, assignment, priorities, main
previews, open tasks and the per-person task lists.

Each view checks who may call it, reads its input, calls one service or selector and answers
the reference's status code and body.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.inputs import valid_uuids
from kitsu_site.api.listing import (
    ListQuery,
    filter_queryset,
    page_envelope,
    parse_flag,
    parse_int,
    parse_list_query,
)
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id, require_admin
from kitsu_site.api.wire import Row
from people.models import Person, Role
from production.models import Entity, EntityType, Project, Task, TaskType
from production.permissions import (
    check_entity_access,
    check_manager_project_access,
    check_not_vendor_or_client,
    check_project_access,
    open_projects_of,
)
from production.selectors import tasks as selectors
from production.serializers import ENTITY_WIRE, TaskSerializer
from production.serializers import tasks as inputs
from production.services import tasks as services
from production.views.common import body_of, path_id
from production.wire import TASK_RELATIONS_WIRE, TASK_WIRE


# -- lookups ---------------------------------------------------------------------------------------
def get_task(task_id: Any, *, malformed_is_404: bool = True) -> Task:
    pk = path_id(task_id) if malformed_is_404 else parse_instance_id(task_id)
    task = Task.objects.select_related("task_type", "project", "task_status").filter(pk=pk).first()
    if task is None:
        raise NotFound()
    return task


def get_project(project_id: Any) -> Project:
    project = Project.objects.filter(pk=path_id(project_id)).first()
    if project is None:
        raise NotFound()
    return project


def get_task_type(task_type_id: Any) -> TaskType:
    task_type = TaskType.objects.filter(pk=path_id(task_type_id)).first()
    if task_type is None:
        raise NotFound()
    return task_type


def check_task_access(person: Person, task: Task) -> None:
    """Project access, and vendors only reach tasks of entities they work on."""
    entity = Entity(pk=task.entity_id, project_id=task.project_id)
    check_entity_access(person, entity)


def task_rows(tasks: list[Task] | list[services.TaskRow], *, relations: bool) -> list[Row]:
    """Tasks in the given order, read again with one query (plus one for assignees)."""
    order = {task.pk: index for index, task in enumerate(tasks)}
    wire = TASK_RELATIONS_WIRE if relations else TASK_WIRE
    rows = wire.rows(Task.objects.filter(pk__in=list(order)))
    return sorted(rows, key=lambda row: order[Task._meta.pk.to_python(row["id"])])


def episode_filter(queryset: models.QuerySet[Task], value: str) -> models.QuerySet[Task]:
    try:
        episode_id = parse_instance_id(value)
    except WrongParameter:
        raise WrongParameter(f"Invalid UUID value: {value}") from None
    return selectors.tasks_in_episode(queryset, episode_id)


# -- /data/tasks -----------------------------------------------------------------------------------
class TaskViewSet(ZouModelViewSet):
    """/data/tasks: team-scoped rows (vendors: their tasks), the reference's write rules."""

    serializer_class = TaskSerializer
    queryset = Task.objects.select_related("task_type", "project", "task_status")
    computed_filters = {"episode_id": episode_filter}

    def check_read(self, request: Request, instance: Task | None = None) -> None:
        if instance is not None:
            check_task_access(request.user, instance)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return selectors.visible_tasks(request.user, queryset)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        """No role check in the reference; here the project's team only (perform_create),
        and on an entity of that project."""

    def perform_create(self, serializer: TaskSerializer) -> Task:
        data = serializer.validated_data
        check_project_access(self.request.user, data["project"].pk)
        entity = Entity.objects.select_related("entity_type").get(pk=data["entity"].pk)
        if entity.project_id != data["project"].pk:
            raise WrongParameter("The entity is not in the task's project.")
        services.check_new_task(
            entity=entity,
            task_type=data["task_type"],
            name=data.get("name") or "main",
            project_id=data["project"].pk,
        )
        task = serializer.save()
        services.task_created(actor=self.request.user, task=task)
        return task

    def update(self, request: Request, instance_id: str) -> Response:
        task = self.get_instance(request, instance_id)
        task = services.task_update(
            actor=request.user, task=task, fields=self.request_body(request)
        )
        return Response(TASK_WIRE.instance(task))

    def destroy(self, request: Request, instance_id: str) -> Response:
        task = self.get_instance(request, instance_id)
        check_manager_project_access(request.user, task.project_id)
        force = parse_flag(request.query_params, "force")
        services.task_delete(actor=request.user, task=task, force=force)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskFullView(APIView):
    """GET /data/tasks/<id>/full"""

    def get(self, request: Request, task_id: str) -> Response:
        task = get_task(task_id)
        check_task_access(request.user, task)
        return Response(selectors.task_full(task=task, person=request.user))


class ProjectTasksView(APIView):
    """GET /data/projects/<p>/tasks (admins; `page` for the paginated envelope; `task_type_id`,
    and `episode_id` for the tasks of the episode's shots, as the reference)."""

    def get(self, request: Request, project_id: str) -> Response:
        require_admin(request)
        project = get_project(project_id)
        tasks = Task.objects.filter(project=project)
        if request.query_params.get("task_type_id"):
            task_type_id = parse_instance_id(request.query_params["task_type_id"])
            tasks = tasks.filter(task_type_id=task_type_id)
        if request.query_params.get("episode_id"):
            episode_id = parse_instance_id(request.query_params["episode_id"])
            tasks = tasks.filter(entity__parent__parent_id=episode_id)
        page = parse_int(request.query_params, "page", -1)
        if page < 0:
            return Response(selectors.task_rows(tasks))
        query = ListQuery(page=page, limit=parse_int(request.query_params, "limit", 0) or 100)
        page_rows, envelope = page_envelope(tasks, query)
        return Response({"data": TASK_RELATIONS_WIRE.rows(page_rows), **envelope})


class EntityTaskTypeTasksView(APIView):
    """GET /data/entities/<e>/task-types/<tt>/tasks"""

    def get(self, request: Request, entity_id: str, task_type_id: str) -> Response:
        entity = Entity.objects.filter(pk=path_id(entity_id)).first()
        if entity is None:
            raise NotFound()
        check_project_access(request.user, entity.project_id)
        rows = selectors.entity_task_rows(entity_id=entity.pk, task_type_id=path_id(task_type_id))
        return Response(rows)


# -- bulk creation and deletion --------------------------------------------------------------------
def entities_for_creation(
    request: Request, project: Project, queryset: models.QuerySet[Entity]
) -> models.QuerySet[Entity]:
    """The entities named by the body (a list of ids, others ignored), else every entity of the
    kind in the project narrowed by the query string's column filters."""
    queryset = queryset.filter(project=project)
    body = request.data
    if isinstance(body, list) and body:
        return queryset.filter(pk__in=valid_uuids(body))
    return filter_queryset(queryset, parse_list_query(request.query_params, Entity))


KIND_QUERYSETS = {
    "assets": lambda: Entity.objects.assets(),
    "shots": lambda: Entity.objects.of_type("Shot"),
    "edits": lambda: Entity.objects.of_type("Edit"),
    "concepts": lambda: Entity.objects.of_type("Concept"),
}


class CreateTasksView(APIView):
    """POST /actions/projects/<p>/task-types/<tt>/{assets,shots,edits,concepts}/create-tasks"""

    kind = "assets"

    def post(self, request: Request, project_id: str, task_type_id: str) -> Response:
        project = get_project(project_id)
        if self.kind == "concepts":
            check_not_vendor_or_client(request.user, project.pk)
        else:
            check_manager_project_access(request.user, project.pk)
        task_type = get_task_type(task_type_id)
        entities = entities_for_creation(request, project, KIND_QUERYSETS[self.kind]())
        return created_answer(request.user, project, task_type, entities)


class CreateEntityTasksView(APIView):
    """POST /actions/projects/<p>/task-types/<tt>/create-tasks/<entity_type> (?episode_id=)"""

    def post(
        self, request: Request, project_id: str, task_type_id: str, entity_type: str
    ) -> Response:
        project = get_project(project_id)
        check_manager_project_access(request.user, project.pk)
        task_type = get_task_type(task_type_id)
        kind = EntityType.objects.filter(name=entity_type.capitalize()).first()
        if kind is None:
            raise NotFound()
        entities = Entity.objects.filter(project=project, entity_type=kind)
        body = request.data
        if isinstance(body, list) and body:
            entities = entities.filter(pk__in=valid_uuids(body))
        elif request.query_params.get("episode_id"):
            episode_id = parse_instance_id(request.query_params["episode_id"])
            entities = in_episode(entities, kind.name, episode_id)
        return created_answer(request.user, project, task_type, entities)


def in_episode(
    entities: models.QuerySet[Entity], kind: str, episode_id: Any
) -> models.QuerySet[Entity]:
    if kind in ("Shot", "Scene"):
        return entities.filter(parent__parent_id=episode_id)
    if kind in ("Sequence", "Edit"):
        return entities.filter(parent_id=episode_id)
    return entities.filter(source_id=episode_id)


def created_answer(
    actor: Person, project: Project, task_type: TaskType, entities: models.QuerySet[Entity]
) -> Response:
    tasks = services.tasks_create_for_entities(
        actor=actor, project=project, task_type=task_type, entities=entities
    )
    rows = task_rows(tasks, relations=True)
    statuses = {task.task_status_id: task.task_status for task in tasks}
    for row in rows:
        task_status = statuses[Task._meta.pk.to_python(row["task_status_id"])]
        row.update(
            task_status_name=task_status.name,
            task_status_short_name=task_status.short_name,
            task_status_color=task_status.color,
            task_type_name=task_type.name,
            task_type_color=task_type.color,
            task_type_priority=task_type.priority,
        )
    return Response(rows, status=status.HTTP_201_CREATED)


class DeleteTasksView(APIView):
    """POST /actions/projects/<p>/delete-tasks [ids]: managers; answers the ids sent."""

    def post(self, request: Request, project_id: str) -> Response:
        project = get_project(project_id)
        check_manager_project_access(request.user, project.pk)
        if not isinstance(request.data, list):
            raise WrongParameter("Request body must be a JSON array.")
        task_ids = valid_uuids(request.data)
        services.tasks_delete(actor=request.user, project=project, task_ids=task_ids)
        return Response([str(task_id) for task_id in task_ids])


class DeleteTaskTypeTasksView(APIView):
    """DELETE /actions/projects/<p>/task-types/<tt>/delete-tasks (admins)."""

    def delete(self, request: Request, project_id: str, task_type_id: str) -> Response:
        require_admin(request)
        project = get_project(project_id)
        services.tasks_delete_for_task_type(
            actor=request.user, project=project, task_type_id=path_id(task_type_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- assignment and priorities ---------------------------------------------------------------------
def get_assignee(person_id: Any) -> Person:
    try:
        pk = parse_instance_id(person_id)
    except WrongParameter:
        raise services.AssigneeNotFound() from None
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise services.AssigneeNotFound()
    return person


class TaskAssignView(APIView):
    """PUT /actions/tasks/<id>/assign {person_id}"""

    def put(self, request: Request, task_id: str) -> Response:
        person_id = inputs.required_id(body_of(request), "person_id")
        person = get_assignee(person_id)
        task = get_task(task_id)
        return Response(services.task_assign(actor=request.user, task=task, person=person))


class PersonAssignView(APIView):
    """PUT /actions/persons/<person_id>/assign {task_ids}"""

    def put(self, request: Request, person_id: str) -> Response:
        task_ids = valid_uuids(inputs.id_list(body_of(request), "task_ids"))
        person = get_assignee(person_id)
        return Response(services.tasks_assign(actor=request.user, person=person, task_ids=task_ids))


class ClearAssignationView(APIView):
    """PUT /actions/tasks/clear-assignation {task_ids, person_id?}"""

    def put(self, request: Request) -> Response:
        body = body_of(request)
        task_ids = valid_uuids(inputs.id_list(body, "task_ids"))
        person_id = inputs.optional_uuid(body, "person_id")
        done = services.tasks_clear_assignation(
            actor=request.user, task_ids=task_ids, person_id=person_id
        )
        return Response(done)


class SetPriorityView(APIView):
    """PUT /actions/tasks/set-priority {task_ids, priority}"""

    def put(self, request: Request) -> Response:
        body = body_of(request)
        task_ids = valid_uuids(inputs.id_list(body, "task_ids"))
        priority = inputs.required_int(body, "priority")
        tasks = services.tasks_set_priority(
            actor=request.user, task_ids=task_ids, priority=priority
        )
        return Response(task_rows(tasks, relations=False))


# -- main preview ----------------------------------------------------------------------------------
def check_main_preview_access(person: Person, task: Task) -> None:
    check_task_access(person, task)
    if check_project_access(person, task.project_id) == Role.CLIENT:
        raise Forbidden()


class TaskMainPreviewView(APIView):
    """PUT /actions/tasks/<id>/set-main-preview"""

    def put(self, request: Request, task_id: str) -> Response:
        task = get_task(task_id)
        check_main_preview_access(request.user, task)
        entity = services.task_set_main_preview(actor=request.user, task=task)
        if entity is None:
            raise WrongParameter("This task has no preview file to set as the main preview.")
        return Response(ENTITY_WIRE.instance(entity))


class TasksMainPreviewView(APIView):
    """PUT /actions/tasks/set-main-preview {task_ids}: tasks without preview are skipped."""

    def put(self, request: Request) -> Response:
        task_ids = inputs.id_list(body_of(request), "task_ids")
        tasks = [get_task(task_id) for task_id in task_ids]
        for task in tasks:
            check_main_preview_access(request.user, task)
        entities = []
        with transaction.atomic():
            for task in tasks:
                entity = services.task_set_main_preview(actor=request.user, task=task)
                if entity is not None:
                    entities.append(ENTITY_WIRE.instance(entity))
        return Response(entities)


# -- open tasks ------------------------------------------------------------------------------------
def _uuid_param(params, key: str) -> Any:
    value = params.get(key)
    if value in (None, ""):
        return None
    try:
        return parse_instance_id(value)
    except WrongParameter:
        raise WrongParameter("Wrong UUID format.") from None


def _date_param(params, key: str) -> dt.date | None:
    value = params.get(key)
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise WrongParameter(f"Wrong value for parameter {key}.") from None


def _int_param(params, key: str, default: int | None) -> int | None:
    value = params.get(key)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise WrongParameter(f"Wrong value for parameter {key}.") from None


def open_tasks_criteria(request: Request) -> models.QuerySet[Task]:
    params = request.query_params
    criteria = {
        key: _uuid_param(params, key)
        for key in ("project_id", "task_type_id", "task_status_id", "person_id")
    }
    criteria.update(
        start_date=_date_param(params, "start_date"),
        due_date=_date_param(params, "due_date"),
        priority=_int_param(params, "priority", None),
    )
    tasks = selectors.open_tasks_queryset(request.user)
    return selectors.filter_open_tasks(tasks, criteria)


class OpenTasksView(APIView):
    """GET /data/tasks/open-tasks: tasks of the caller's open projects, paged, with stats."""

    def get(self, request: Request) -> Response:
        tasks = open_tasks_criteria(request)
        page = _int_param(request.query_params, "page", 1) or 1
        limit = _int_param(request.query_params, "limit", 100)
        return Response(selectors.open_tasks_page(tasks, page=page, limit=limit))


class OpenTasksStatsView(APIView):
    """GET /data/tasks/open-tasks/stats: counts per open project, task type and status."""

    def get(self, request: Request) -> Response:
        return Response(selectors.open_tasks_stats(selectors.open_tasks_queryset(request.user)))


class OpenTasksBurndownView(APIView):
    """GET /data/tasks/open-tasks/burndown (same filters as the open tasks)."""

    def get(self, request: Request) -> Response:
        return Response(selectors.open_tasks_burndown(open_tasks_criteria(request)))


# -- per person ------------------------------------------------------------------------------------
def person_projects(request: Request, person_id: str) -> models.QuerySet[Project] | None:
    """The open projects to list a person's tasks from, or None when the caller sees nothing:
    clients never, vendors not about vendors."""
    caller = request.user
    pk = parse_instance_id(person_id)
    if not caller.is_admin and caller.role == Role.CLIENT:
        return None
    vendor_asks = not caller.is_admin and caller.role == Role.VENDOR
    if vendor_asks and Person.objects.filter(pk=pk, role=Role.VENDOR).exists():
        return None
    return open_projects_of(caller)


class PersonTasksView(APIView):
    """GET /data/persons/<id>/tasks (not done) and /done-tasks"""

    done = False

    def get(self, request: Request, person_id: str) -> Response:
        projects = person_projects(request, person_id)
        if projects is None:
            return Response([])
        rows = selectors.person_task_rows(
            person_id=parse_instance_id(person_id), projects=projects, done=self.done
        )
        return Response(rows)


class PersonRelatedTasksView(APIView):
    """GET /data/persons/<id>/related-tasks/<tt>: yourself, or any person for admins."""

    def get(self, request: Request, person_id: str, task_type_id: str) -> Response:
        pk = parse_instance_id(person_id)
        if pk != request.user.pk:
            require_admin(request)
        rows = selectors.person_related_task_rows(
            person_id=pk, task_type_id=parse_instance_id(task_type_id)
        )
        return Response(rows)


class PersonsTaskDatesView(APIView):
    """GET /data/persons/task-dates (admins)"""

    def get(self, request: Request) -> Response:
        require_admin(request)
        return Response(selectors.persons_task_dates())

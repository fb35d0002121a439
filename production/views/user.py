"""The per-user routes (`/data/user/...`, `/actions/user/...`): what the logged-in person works
on, their notifications, subscriptions and saved filters. Bots are refused on all of them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.listing import parse_bool
from kitsu_site.api.viewsets import parse_instance_id
from people.models import DayOff, Department, Person, Studio, TimeSpent
from people.services import person_avatar_clear
from people.time_tables import day_range, time_spents_between
from people.tokens import IDENTITY_BOT
from people.wire import (
    DAY_OFF_WIRE,
    DEPARTMENT_WIRE,
    DESKTOP_LOGIN_LOG_WIRE,
    PERSON_MINIMAL_WIRE,
    PERSON_WIRE,
    STUDIO_WIRE,
    TIME_SPENT_WIRE,
)
from production.models import (
    CustomAction,
    Entity,
    EntityType,
    Plugin,
    PreviewBackgroundFile,
    ProjectPersonLink,
    ProjectStatus,
    SearchFilter,
    SearchFilterGroup,
    StatusAutomation,
    Task,
    TaskStatus,
    TaskType,
)
from production.permissions import check_project_access, open_projects_of, scope_to_team
from production.selectors import projects as project_selectors
from production.selectors import user as selectors
from production.selectors.tasks import detailed_task_rows
from production.serializers import (
    ENTITY_WIRE,
    AssetTypeSerializer,
    CustomActionSerializer,
    PreviewBackgroundFileSerializer,
    ProjectStatusSerializer,
    StatusAutomationSerializer,
    TaskSerializer,
    TaskStatusSerializer,
    TaskTypeSerializer,
)
from production.serializers.projects import PROJECT_WIRE
from production.serializers.user import (
    ASSET_TYPE_PLAIN_WIRE,
    NOTIFICATION_PLAIN_WIRE,
    PLUGIN_WIRE,
    SEARCH_FILTER_GROUP_WIRE,
    SEARCH_FILTER_WIRE,
    SUBSCRIPTION_WIRE,
)
from production.services import user as services
from production.views.common import body_of, load, validation_error
from reviews.models import Notification, Subscription


class UserView(APIView):
    """A route about the caller themself: people only, never bots."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        claims = request.auth or {}
        if request.user.is_bot or claims.get("identity_type") == IDENTITY_BOT:
            raise Forbidden()


def _uuid_or_none(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise WrongParameter("Wrong date format.") from None


# -- to-do lists ----------------------------------------------------------------------------------
class TodosView(UserView):
    def get(self, request: Request) -> Response:
        return Response(detailed_task_rows(selectors.todo_tasks(person=request.user)))


class DoneTasksView(UserView):
    def get(self, request: Request) -> Response:
        return Response(detailed_task_rows(selectors.done_tasks(person=request.user)))


class TasksToCheckView(UserView):
    def get(self, request: Request) -> Response:
        return Response(detailed_task_rows(selectors.tasks_to_check(person=request.user)))


class TasksToCheckFilterValuesView(UserView):
    def get(self, request: Request) -> Response:
        return Response(selectors.tasks_to_check_filter_values(person=request.user))


# -- context and projects -------------------------------------------------------------------------
def open_project_rows(person: Person) -> list[dict[str, Any]]:
    queryset = open_projects_of(person).order_by("name")
    rows = PROJECT_WIRE.rows(queryset, relations=True)
    return project_selectors.add_project_extras(rows, role=person.role, person=person)


class OpenProjectsView(UserView):
    def get(self, request: Request) -> Response:
        return Response(open_project_rows(request.user))


class ContextView(UserView):
    """Everything Kitsu loads at start-up, in one answer."""

    def get(self, request: Request) -> Response:
        person = request.user
        persons = Person.objects.filter(is_guest=False).order_by("first_name", "last_name", "id")
        person_wire = PERSON_WIRE if person.is_admin else PERSON_MINIMAL_WIRE
        filters = SEARCH_FILTER_WIRE.rows(selectors.visible_filters(person=person))
        groups = SEARCH_FILTER_GROUP_WIRE.rows(selectors.visible_filter_groups(person=person))
        roles = ProjectPersonLink.objects.filter(person=person, role__isnull=False)
        body = {
            "asset_types": AssetTypeSerializer.wire.rows(
                EntityType.objects.exclude(name__in=EntityType.TEMPORAL_NAMES).order_by("name")
            ),
            "custom_actions": CustomActionSerializer.wire.rows(
                CustomAction.objects.order_by("name")
            ),
            "status_automations": StatusAutomationSerializer.wire.rows(
                StatusAutomation.objects.order_by("created_at", "id")
            ),
            "departments": DEPARTMENT_WIRE.rows(Department.objects.order_by("name")),
            "studios": STUDIO_WIRE.rows(Studio.objects.order_by("name")),
            "notification_count": selectors.unread_notification_count(person=person),
            "persons": person_wire.rows(persons, relations=True),
            "project_status": ProjectStatusSerializer.wire.rows(
                ProjectStatus.objects.order_by("name")
            ),
            "project_roles": {
                str(project_id): role
                for project_id, role in roles.values_list("project_id", "role")
            },
            "projects": open_project_rows(person),
            "task_types": TaskTypeSerializer.wire.rows(
                TaskType.objects.order_by("priority", "name")
            ),
            "task_status": TaskStatusSerializer.wire.rows(TaskStatus.objects.order_by("name")),
            "search_filters": selectors.grouped_by_list_type(filters),
            "search_filter_groups": selectors.grouped_by_list_type(groups),
            "preview_background_files": PreviewBackgroundFileSerializer.wire.rows(
                PreviewBackgroundFile.objects.order_by("name")
            ),
            "plugins": PLUGIN_WIRE.rows(Plugin.objects.order_by("name")),
        }
        if person.is_admin:
            body["user_limit"] = settings.USER_LIMIT
        return Response(body)


# -- what the caller works on ---------------------------------------------------------------------
def _kind(name: str) -> Q:
    return Q(entity_type__name=name)


class ProjectAssetTypesView(UserView):
    def get(self, request: Request, project_id: str) -> Response:
        project_id = parse_instance_id(project_id)
        queryset = selectors.assigned_asset_types(person=request.user, project_id=project_id)
        return Response(ASSET_TYPE_PLAIN_WIRE.rows(queryset))


class ProjectEpisodesView(UserView):
    def get(self, request: Request, project_id: str) -> Response:
        project_id = parse_instance_id(project_id)
        tasks = selectors.assigned_tasks(person=request.user).filter(project_id=project_id)
        episode_ids = Q(id__in=tasks.values("entity_id"))
        episode_ids |= Q(id__in=tasks.values("entity__parent_id"))
        episode_ids |= Q(id__in=tasks.values("entity__parent__parent_id"))
        queryset = Entity.objects.filter(_kind("Episode"), episode_ids, project_id=project_id)
        return Response(ENTITY_WIRE.rows(queryset.order_by("name")))


class ProjectSequencesView(UserView):
    def get(self, request: Request, project_id: str) -> Response:
        project_id = parse_instance_id(project_id)
        tasks = selectors.assigned_tasks(person=request.user).filter(project_id=project_id)
        sequence_ids = Q(id__in=tasks.values("entity_id")) | Q(
            id__in=tasks.values("entity__parent_id")
        )
        queryset = Entity.objects.filter(_kind("Sequence"), sequence_ids, project_id=project_id)
        return Response(ENTITY_WIRE.rows(queryset.order_by("name")))


class AssetTypeAssetsView(UserView):
    def get(self, request: Request, project_id: str, asset_type_id: str) -> Response:
        queryset = Entity.objects.filter(
            project_id=parse_instance_id(project_id),
            entity_type_id=parse_instance_id(asset_type_id),
        )
        queryset = selectors.assigned_entities(person=request.user, queryset=queryset)
        return Response(ENTITY_WIRE.rows(queryset.order_by("name")))


class EntityTasksView(UserView):
    """The caller's tasks on one asset, shot, scene or sequence."""

    def get(self, request: Request, entity_id: str) -> Response:
        tasks = selectors.assigned_tasks(person=request.user).filter(
            entity_id=parse_instance_id(entity_id)
        )
        return Response(TaskSerializer.wire.rows(tasks.order_by("task_type__name", "id")))


class EntityTaskTypesView(UserView):
    def get(self, request: Request, entity_id: str) -> Response:
        queryset = selectors.assigned_task_types(
            person=request.user, entity_id=parse_instance_id(entity_id)
        )
        return Response(TaskTypeSerializer.wire.rows(queryset))


class SequenceChildrenView(UserView):
    kind = "Shot"

    def get(self, request: Request, sequence_id: str) -> Response:
        queryset = Entity.objects.filter(_kind(self.kind), parent_id=parse_instance_id(sequence_id))
        queryset = selectors.assigned_entities(person=request.user, queryset=queryset)
        return Response(ENTITY_WIRE.rows(queryset.order_by("name")))


class SequenceScenesView(SequenceChildrenView):
    kind = "Scene"


# -- notifications --------------------------------------------------------------------------------
def _notification_filters(params: Any) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    for key in ("after", "before"):
        if params.get(key):
            value = parse_datetime(params[key]) or _as_datetime(params[key])
            filters[key] = value
    for key in ("task_type_id", "task_status_id"):
        if params.get(key):
            filters[key] = parse_instance_id(params[key])
    if params.get("type"):
        filters["type"] = params["type"]
    for key in ("read", "watching"):
        if params.get(key) not in (None, ""):
            filters[key] = parse_bool(params[key])
    return filters


def _as_datetime(raw: str) -> dt.datetime:
    try:
        return dt.datetime.combine(dt.date.fromisoformat(raw), dt.time())
    except ValueError:
        raise WrongParameter("Wrong date format.") from None


class NotificationsView(UserView):
    def get(self, request: Request) -> Response:
        queryset = selectors.notifications_queryset(
            person=request.user, filters=_notification_filters(request.query_params)
        )
        return Response(selectors.notification_rows(queryset, person=request.user))


def _own_notification(request: Request, notification_id: str) -> Notification:
    notification = load(Notification, notification_id)
    if notification.person_id != request.user.id:
        raise Forbidden()
    return notification


class NotificationView(UserView):
    def get(self, request: Request, notification_id: str) -> Response:
        notification = _own_notification(request, notification_id)
        queryset = Notification.objects.filter(pk=notification.pk)
        return Response(selectors.notification_rows(queryset, person=request.user)[0])

    def put(self, request: Request, notification_id: str) -> Response:
        notification = _own_notification(request, notification_id)
        data = body_of(request)
        read = data.get("read", notification.read)
        if not isinstance(read, bool):
            raise validation_error(("read", "Input should be a valid boolean"))
        services.notification_set_read(person=request.user, notification=notification, read=read)
        return Response(NOTIFICATION_PLAIN_WIRE.instance(notification))


class MarkAllNotificationsReadView(UserView):
    def post(self, request: Request) -> Response:
        services.notifications_mark_all_read(person=request.user)
        return Response({"success": True})


# -- subscriptions --------------------------------------------------------------------------------
class TaskSubscribeView(UserView):
    def post(self, request: Request, task_id: str) -> Response:
        task = load(Task, task_id)
        check_project_access(request.user, task.project_id)
        subscription = services.task_subscribe(person=request.user, task=task)
        return Response(SUBSCRIPTION_WIRE.instance(subscription), status=status.HTTP_201_CREATED)


class TaskUnsubscribeView(UserView):
    def delete(self, request: Request, task_id: str) -> Response:
        services.task_unsubscribe(person=request.user, task_ids=[parse_instance_id(task_id)])
        return Response(status=status.HTTP_204_NO_CONTENT)


def _task_ids(request: Request) -> list[uuid.UUID]:
    raw = body_of(request).get("task_ids")
    if not isinstance(raw, list):
        raise validation_error(("task_ids", "Field required"))
    return [parse_instance_id(value) for value in raw]


class TasksSubscribeView(UserView):
    def post(self, request: Request) -> Response:
        ids = _task_ids(request)
        # Tasks of projects the person is not in are skipped, as unknown ids are.
        tasks = list(scope_to_team(request.user, Task.objects.filter(id__in=ids)))
        subscriptions = services.tasks_subscribe(person=request.user, tasks=tasks)
        return Response(
            [SUBSCRIPTION_WIRE.instance(item) for item in subscriptions],
            status=status.HTTP_201_CREATED,
        )


class TasksUnsubscribeView(UserView):
    def post(self, request: Request) -> Response:
        ids = _task_ids(request)
        services.task_unsubscribe(person=request.user, task_ids=ids)
        return Response([str(task_id) for task_id in ids])


class TaskSubscribedView(UserView):
    def get(self, request: Request, task_id: str) -> Response:
        task_uuid = _uuid_or_none(task_id)
        return Response(
            task_uuid is not None
            and Subscription.objects.filter(person=request.user, task_id=task_uuid).exists()
        )


class SequenceSubscribeView(UserView):
    def post(self, request: Request, sequence_id: str, task_type_id: str) -> Response:
        sequence = load(Entity, sequence_id)
        task_type = load(TaskType, task_type_id)
        subscription = services.sequence_subscribe(
            person=request.user, sequence=sequence, task_type=task_type
        )
        return Response(SUBSCRIPTION_WIRE.instance(subscription), status=status.HTTP_201_CREATED)


class SequenceUnsubscribeView(UserView):
    def delete(self, request: Request, sequence_id: str, task_type_id: str) -> Response:
        services.sequence_unsubscribe(
            person=request.user,
            sequence_id=parse_instance_id(sequence_id),
            task_type_id=parse_instance_id(task_type_id),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SequenceSubscribedView(UserView):
    def get(self, request: Request, sequence_id: str, task_type_id: str) -> Response:
        sequence_uuid, type_uuid = _uuid_or_none(sequence_id), _uuid_or_none(task_type_id)
        return Response(
            None not in (sequence_uuid, type_uuid)
            and Subscription.objects.filter(
                person=request.user, entity_id=sequence_uuid, task_type_id=type_uuid
            ).exists()
        )


# -- saved filters --------------------------------------------------------------------------------
def _require_fields(data: dict[str, Any], *names: str) -> None:
    missing = [name for name in names if data.get(name) in (None, "")]
    if missing:
        raise validation_error(*((name, "Field required") for name in missing))


def _optional_id(data: dict[str, Any], key: str) -> Any:
    value = data.get(key)
    return None if value in (None, "") else parse_instance_id(value)


def _own_project_id(request: Request, data: dict[str, Any]) -> Any:
    """The filter's project: one the person is in (403 otherwise), or none."""
    project_id = _optional_id(data, "project_id")
    if project_id is not None:
        check_project_access(request.user, project_id)
    return project_id


class FiltersView(UserView):
    def get(self, request: Request) -> Response:
        rows = SEARCH_FILTER_WIRE.rows(selectors.visible_filters(person=request.user))
        return Response(selectors.grouped_by_list_type(rows))

    def post(self, request: Request) -> Response:
        data = body_of(request)
        _require_fields(data, "name", "query")
        values = {
            "list_type": data.get("list_type") or "todos",
            "entity_type": data.get("entity_type"),
            "name": data["name"],
            "search_query": data["query"],
            "project_id": _own_project_id(request, data),
            "is_shared": data.get("is_shared") is True,
            "department_id": _optional_id(data, "department_id"),
            "search_filter_group_id": _optional_id(data, "search_filter_group_id"),
        }
        search_filter = services.search_filter_create(person=request.user, values=values)
        return Response(SEARCH_FILTER_WIRE.instance(search_filter), status=status.HTTP_201_CREATED)


def _own(model: type, request: Request, instance_id: str) -> Any:
    instance = load(model, instance_id)
    if instance.person_id != request.user.id:
        raise NotFound()
    return instance


class FilterView(UserView):
    def put(self, request: Request, filter_id: str) -> Response:
        search_filter = _own(SearchFilter, request, filter_id)
        data = body_of(request)
        values = {key: data[key] for key in ("name", "is_shared") if key in data}
        if "search_query" in data or "query" in data:
            values["search_query"] = data.get("search_query", data.get("query"))
        for key in ("department_id", "search_filter_group_id"):
            if key in data:
                values[key] = _optional_id(data, key)
        search_filter = services.search_filter_update(
            person=request.user, search_filter=search_filter, values=values
        )
        return Response(SEARCH_FILTER_WIRE.instance(search_filter))

    def delete(self, request: Request, filter_id: str) -> Response:
        _own(SearchFilter, request, filter_id).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class FilterGroupsView(UserView):
    def get(self, request: Request) -> Response:
        rows = SEARCH_FILTER_GROUP_WIRE.rows(selectors.visible_filter_groups(person=request.user))
        return Response(selectors.grouped_by_list_type(rows))

    def post(self, request: Request) -> Response:
        data = body_of(request)
        _require_fields(data, "name")
        values = {
            "list_type": data.get("list_type") or "todos",
            "entity_type": data.get("entity_type"),
            "name": data["name"],
            "color": data.get("color") or "",
            "project_id": _own_project_id(request, data),
            "is_shared": data.get("is_shared") is True,
            "department_id": _optional_id(data, "department_id"),
        }
        group = services.search_filter_group_create(person=request.user, values=values)
        return Response(SEARCH_FILTER_GROUP_WIRE.instance(group), status=status.HTTP_201_CREATED)


class FilterGroupView(UserView):
    def get(self, request: Request, filter_group_id: str) -> Response:
        group = load(SearchFilterGroup, filter_group_id)
        if not selectors.visible_filter_groups(person=request.user).filter(pk=group.pk).exists():
            raise NotFound()
        return Response(SEARCH_FILTER_GROUP_WIRE.instance(group))

    def put(self, request: Request, filter_group_id: str) -> Response:
        group = _own(SearchFilterGroup, request, filter_group_id)
        data = body_of(request)
        values = {key: data[key] for key in ("name", "color", "is_shared") if key in data}
        if "department_id" in data:
            values["department_id"] = _optional_id(data, "department_id")
        group = services.search_filter_group_update(person=request.user, group=group, values=values)
        return Response(SEARCH_FILTER_GROUP_WIRE.instance(group))

    def delete(self, request: Request, filter_group_id: str) -> Response:
        services.search_filter_group_delete(group=_own(SearchFilterGroup, request, filter_group_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- time, day offs, desktop logins, avatar -------------------------------------------------------
class DayOffView(UserView):
    def get(self, request: Request, date: str) -> Response:
        day = _date(date)
        day_off = (
            DayOff.objects.filter(person=request.user, date__lte=day, end_date__gte=day)
            .order_by("date")
            .first()
        )
        return Response({} if day_off is None else DAY_OFF_WIRE.instance(day_off))


class TimeSpentsView(UserView):
    """The person's time spents of today, or from `start_date` to `end_date` with their task's
    project and task type (gazu's time sheet)."""

    def get(self, request: Request) -> Response:
        params = request.query_params
        days = day_range(params.get("start_date"), params.get("end_date"))
        if days is None:
            queryset = TimeSpent.objects.filter(person=request.user, date=selectors.today())
            return Response(TIME_SPENT_WIRE.rows(queryset.order_by("created_at", "id")))
        start, end = days
        return Response(time_spents_between(request.user.time_spents.all(), start, end))


class DateTimeSpentsView(UserView):
    def get(self, request: Request, date: str) -> Response:
        queryset = TimeSpent.objects.filter(person=request.user, date=_date(date))
        return Response(TIME_SPENT_WIRE.rows(queryset.order_by("created_at", "id")))


class TaskTimeSpentView(UserView):
    def get(self, request: Request, task_id: str, date: str) -> Response:
        time_spent = TimeSpent.objects.filter(
            person=request.user, task_id=parse_instance_id(task_id), date=_date(date)
        ).first()
        if time_spent is None:
            raise NotFound()
        return Response(TIME_SPENT_WIRE.instance(time_spent))


class DesktopLoginLogsView(UserView):
    def get(self, request: Request) -> Response:
        queryset = request.user.desktop_logins.order_by("-date", "id")
        return Response(DESKTOP_LOGIN_LOG_WIRE.rows(queryset))

    def post(self, request: Request) -> Response:
        data = body_of(request)
        date = None
        if data.get("date"):
            date = parse_datetime(str(data["date"]))
            if date is None:
                raise validation_error(("date", "Input should be a valid datetime"))
            if date.tzinfo is None:
                date = date.replace(tzinfo=dt.UTC)
        log = services.desktop_login_log_create(person=request.user, date=date)
        return Response(DESKTOP_LOGIN_LOG_WIRE.instance(log), status=status.HTTP_201_CREATED)


class ClearAvatarView(UserView):
    def delete(self, request: Request) -> Response:
        person_avatar_clear(actor=request.user, person=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

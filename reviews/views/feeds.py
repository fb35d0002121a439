"""The feeds: the event log, news, notifications and subscriptions resources, saved searches,
plugins and search."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api import event_log
from kitsu_site.api.errors import Forbidden, NotFound, WrongParameter
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import filter_queryset, page_envelope, parse_list_query
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from kitsu_site.api.wire import WireFormat
from people.models import Person, Role
from production import permissions
from production.models import Plugin, Project, SearchFilter, SearchFilterGroup
from reviews.models import News, Notification, PreviewFile, Subscription
from reviews.selectors import feeds as selectors
from reviews.serializers import feeds as serializers

EVENTS_LIST_CAP = 1000


def path_id(raw: Any) -> uuid.UUID:
    """An id taken from the path: a malformed one names nothing (404), as in the reference."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise NotFound() from None


def project_or_404(raw: Any) -> Project:
    project = Project.objects.filter(pk=path_id(raw)).first()
    if project is None:
        raise NotFound()
    return project


def require_manager(person: Person) -> None:
    if person.role not in (Role.ADMIN, Role.MANAGER):
        raise Forbidden()


# -- /data/<model> resources (admin only, as the reference) -------------------------------------
class EventViewSet(ZouModelViewSet):
    """`/data/events`: the raw log; an unpaginated list stops at 1000 rows."""

    queryset = serializers.ApiEventSerializer.Meta.model.objects.all()
    serializer_class = serializers.ApiEventSerializer

    def list(self, request: Request) -> Response:
        self.check_read(request)
        query = parse_list_query(request.query_params, self.model)
        queryset = filter_queryset(self.get_queryset(), query)
        wire = self.wire_for(request)
        if query.paginated:
            page_rows, envelope = page_envelope(queryset, query)
            data = wire.rows(page_rows, relations=query.relations, fields=query.fields)
            return Response({"data": data, **envelope})
        capped = queryset.order_by("created_at", "id")[:EVENTS_LIST_CAP]
        return Response(wire.rows(capped, relations=query.relations, fields=query.fields))


def _notification_type(queryset: models.QuerySet, value: str) -> models.QuerySet:
    return queryset.filter(notification_type=value)


class NotificationViewSet(ZouModelViewSet):
    """Notifications go out with `notification_type`; the reference writes and filters that
    column under the name `type`."""

    queryset = Notification.objects.all()
    serializer_class = serializers.NotificationSerializer
    computed_filters = {"type": _notification_type}

    @staticmethod
    def request_body(request: Request) -> dict[str, Any]:
        data = ZouModelViewSet.request_body(request)
        if "notification_type" in data:
            if request.method == "POST":
                raise WrongParameter(
                    "'notification_type' is an invalid keyword argument for Notification"
                )
            data = {key: value for key, value in data.items() if key != "notification_type"}
        if "type" in data:
            data = {**data, "notification_type": data["type"]}
            del data["type"]
        return data


class NewsViewSet(ZouModelViewSet):
    queryset = News.objects.all()
    serializer_class = serializers.NewsSerializer


class SubscriptionViewSet(ZouModelViewSet):
    queryset = Subscription.objects.all()
    serializer_class = serializers.SubscriptionSerializer


class PluginViewSet(ZouModelViewSet):
    queryset = Plugin.objects.all()
    serializer_class = serializers.PluginSerializer


class SearchFilterViewSet(ZouModelViewSet):
    queryset = SearchFilter.objects.all()
    serializer_class = serializers.SearchFilterSerializer


class SearchFilterGroupViewSet(ZouModelViewSet):
    queryset = SearchFilterGroup.objects.all()
    serializer_class = serializers.SearchFilterGroupSerializer


# -- the event log -------------------------------------------------------------------------------
class LastEventsView(APIView):
    """Admins read every event; managers those of their projects (project-less ones hidden)."""

    def get(self, request: Request) -> Response:
        require_manager(request.user)
        query = event_log.EventQuery.from_params(request.query_params)
        project_ids = None
        if not request.user.is_admin:
            project_ids = set(permissions.projects_of(request.user).values_list("pk", flat=True))
            if query.project_id is not None and query.project_id not in project_ids:
                raise Forbidden()
        return Response(event_log.last_events(query, project_ids=project_ids))


class EventNamesView(APIView):
    def get(self, request: Request) -> Response:
        require_manager(request.user)
        return Response(event_log.event_names())


class LastLoginLogsView(APIView):
    def get(self, request: Request) -> Response:
        require_admin(request)
        window = event_log.Window.from_params(
            request.query_params, cursor_key="cursor_login_log_id"
        )
        return Response(selectors.last_login_logs(window))


# -- news ----------------------------------------------------------------------------------------
class ProjectNewsView(APIView):
    """A project's news feed: its team, clients excepted (vendors read it whole, as the
    reference)."""

    def get(self, request: Request, project_id: str) -> Response:
        project = project_or_404(project_id)
        role = permissions.check_project_access(request.user, project.pk)
        if role == Role.CLIENT:
            raise Forbidden()
        query = selectors.NewsQuery.from_params(request.query_params)
        return Response(selectors.news_feed(project_ids=[project.pk], query=query))


class ProjectSingleNewsView(APIView):
    def get(self, request: Request, project_id: str, news_id: str) -> Response:
        project = project_or_404(project_id)
        role = permissions.check_project_access(request.user, project.pk)
        if role == Role.VENDOR:
            raise Forbidden()
        row = selectors.news_single(project_id=project.pk, news_id=path_id(news_id))
        if row is None:
            raise NotFound()
        return Response(row)


class ProjectsNewsView(APIView):
    """The news of every open project of the caller (all projects for admins); `project_id`
    narrows it to one of them and is ignored otherwise."""

    def get(self, request: Request) -> Response:
        if request.user.is_admin:
            projects = Project.objects.all()
        else:
            projects = permissions.open_projects_of(request.user)
        project_ids = set(projects.values_list("pk", flat=True))
        try:
            wanted = uuid.UUID(request.query_params.get("project_id") or "")
        except ValueError:
            wanted = None
        if wanted in project_ids:
            project_ids = {wanted}
        query = selectors.NewsQuery.from_params(request.query_params)
        return Response(selectors.news_feed(project_ids=project_ids, query=query))


# -- per-project lists of the generic resources (admin only) -----------------------------------
class ProjectRowsView(APIView):
    """The rows of one table that belong to a project, for admins."""

    wire: WireFormat

    def rows_of(self, project_id: uuid.UUID) -> models.QuerySet:
        raise NotImplementedError

    def get(self, request: Request, project_id: str) -> Response:
        require_admin(request)
        pk = path_id(project_id)
        if not Project.objects.filter(pk=pk).exists():
            raise NotFound()
        return Response(self.wire.rows(self.rows_of(pk).order_by("created_at", "id")))


class ProjectNotificationsView(ProjectRowsView):
    wire = serializers.NotificationSerializer.wire

    def rows_of(self, project_id: uuid.UUID) -> models.QuerySet:
        return Notification.objects.filter(task__project_id=project_id)


class ProjectSubscriptionsView(ProjectRowsView):
    wire = serializers.SubscriptionSerializer.wire

    def rows_of(self, project_id: uuid.UUID) -> models.QuerySet:
        return Subscription.objects.filter(
            models.Q(task__project_id=project_id) | models.Q(entity__project_id=project_id)
        )


class ProjectPreviewFilesView(ProjectRowsView):
    wire = WireFormat(PreviewFile)

    def rows_of(self, project_id: uuid.UUID) -> models.QuerySet:
        return PreviewFile.objects.filter(task__project_id=project_id)


# -- search --------------------------------------------------------------------------------------
def _validation_error(field: str, message: str) -> WrongParameter:
    return WrongParameter(
        "Validation error.", data={"errors": [{"field": field, "message": message}]}
    )


def _int_field(data: dict[str, Any], key: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _validation_error(key, "Input should be a valid integer")
    return value


class SearchView(APIView):
    """`POST /data/search`: persons, assets and shots whose name holds the query, among what the
    caller may see. The reference asks its search indexer; this reads the database."""

    def post(self, request: Request) -> Response:
        data = body_dict(request)
        text = data.get("query")
        if text is None:
            raise _validation_error("query", "Field required")
        if not isinstance(text, str):
            raise _validation_error("query", "Input should be a valid string")
        limit = _int_field(data, "limit", selectors.SEARCH_LIMIT)
        offset = _int_field(data, "offset", 0)
        indexes = data.get("index_names") or list(selectors.SEARCH_INDEXES)
        if not isinstance(indexes, list):
            raise _validation_error("index_names", "Input should be a valid list")
        person = request.user
        project_ids = None
        if data.get("project_id"):
            try:
                project_id = uuid.UUID(str(data["project_id"]))
            except ValueError:
                raise WrongParameter("Malformed ID.") from None
            permissions.check_project_access(person, project_id)
            project_ids = [project_id]
        elif not person.is_admin:
            project_ids = list(permissions.open_projects_of(person).values_list("pk", flat=True))
        answer: dict[str, list] = {name: [] for name in selectors.SEARCH_INDEXES}
        if len(text.strip()) < selectors.SEARCH_MIN_QUERY:
            return Response(answer)
        query = selectors.SearchQuery(
            text=text.strip(), project_ids=project_ids, limit=limit, offset=offset
        )
        window = slice(offset, offset + limit)
        if "persons" in indexes:
            persons = selectors.search_persons(query, visible_to=person)[window]
            answer["persons"] = serializers.SEARCH_PERSON_WIRE.rows(persons)
        entities = permissions.scope_entities(
            person, serializers.SEARCH_ENTITY_WIRE.model.objects.all()
        )
        for name, shots in (("assets", False), ("shots", True)):
            if name in indexes:
                found = selectors.search_entities(query, shots=shots, entities=entities)[window]
                answer[name] = serializers.SEARCH_ENTITY_WIRE.rows(found)
        return Response(answer)

"""Time spents: a task's, per person and day (set, add, delete), the generic `/data/time-spents`
resource, a project's, the studio-wide tables and one person's sums per period."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, InvalidFormat, NotFound, WrongParameter
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id
from people import time_tables as tables
from people.models import Person, Role, TimeSpent
from people.serializers import TimeSpentSerializer
from people.timesheets import (
    check_time_spent_record_delete,
    time_spent_delete,
    time_spent_log,
    time_spent_record_create,
    time_spent_record_delete,
    time_spent_record_update,
)
from people.wire import TIME_SPENT_WIRE
from production.models import Task
from production.permissions import (
    check_entity_access,
    check_manager_project_access,
    check_project_access,
)

NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"


def found_or_404(model: Any, raw: Any) -> Any:
    """The row a path names: malformed or missing ids are both a 404, as in the reference."""
    try:
        pk = uuid.UUID(str(raw))
    except ValueError:
        raise NotFound() from None
    instance = model.objects.filter(pk=pk).first()
    if instance is None:
        raise NotFound()
    return instance


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise WrongParameter("Invalid date format.") from None


def _duration(request: Request) -> float:
    data = body_dict(request)

    def invalid(message: str) -> WrongParameter:
        return WrongParameter(
            "Validation error.", data={"errors": [{"field": "duration", "message": message}]}
        )

    value = data.get("duration")
    if value is None:
        raise invalid("Field required")
    if isinstance(value, bool):
        raise invalid("Input should be a valid number")
    try:
        duration = float(value)
    except (TypeError, ValueError):
        raise invalid(
            "Input should be a valid number, unable to parse string as a number"
        ) from None
    if not math.isfinite(duration):
        raise invalid("Input should be a finite number")
    if duration <= 0:
        raise invalid("Input should be greater than 0")
    return duration


class TaskTimeSpentsView(APIView):
    """`{total, <person_id>: [time spents]}` of a task, optionally for one day."""

    def get(self, request: Request, task_id: str, date: str | None = None) -> Response:
        task = found_or_404(Task, task_id)
        check_entity_access(request.user, task.entity)
        queryset = TimeSpent.objects.filter(task=task)
        if date is not None:
            queryset = queryset.filter(date=_day(date))
        rows = TIME_SPENT_WIRE.rows(queryset.order_by("date", "created_at", "id"))
        by_person: dict[str, list] = defaultdict(list)
        for row in rows:
            by_person[row["person_id"]].append(row)
        total = sum(row["duration"] for row in rows)
        return Response({"total": total, **by_person})


class SetTimeSpentView(APIView):
    """POST sets the person's time for the day; DELETE removes it (answered 201, as the
    reference)."""

    mode = "set"

    def post(self, request: Request, task_id: str, date: str, person_id: str) -> Response:
        task = found_or_404(Task, task_id)
        person = found_or_404(Person, person_id)
        day = _day(date)
        duration = _duration(request)
        time_spent = time_spent_log(
            actor=request.user, task=task, person=person, day=day, duration=duration, mode=self.mode
        )
        return Response(TIME_SPENT_WIRE.instance(time_spent), status=status.HTTP_201_CREATED)

    def delete(self, request: Request, task_id: str, date: str, person_id: str) -> Response:
        task = found_or_404(Task, task_id)
        person = found_or_404(Person, person_id)
        day = _day(date)
        time_spent = time_spent_delete(actor=request.user, task=task, person=person, day=day)
        return Response(TIME_SPENT_WIRE.instance(time_spent), status=status.HTTP_201_CREATED)


class AddTimeSpentView(SetTimeSpentView):
    mode = "add"
    http_method_names = ["post", "options"]


# -- the generic resource -------------------------------------------------------------------------
class TimeSpentViewSet(ZouModelViewSet):
    """`/data/time-spents`: admins only, except deletion by the assignee or a project manager;
    `start_date` and `end_date` narrow the list to a range of days, both or neither."""

    queryset = TimeSpent.objects.all()
    serializer_class = TimeSpentSerializer

    def scope_queryset(self, request: Request, queryset):
        start = request.query_params.get("start_date")
        end = request.query_params.get("end_date")
        if (start is None) != (end is None):
            raise WrongParameter(tables.RANGE_MESSAGE)
        if start is None:
            return queryset
        try:
            first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
        except ValueError:
            raise InvalidFormat() from None
        return queryset.filter(date__gte=first, date__lte=last)

    def check_delete(self, request: Request, instance: TimeSpent) -> None:
        check_time_spent_record_delete(actor=request.user, time_spent=instance)

    def perform_create(self, serializer: TimeSpentSerializer) -> TimeSpent:
        return time_spent_record_create(actor=self.request.user, fields=serializer.validated_data)

    def perform_update(self, serializer: TimeSpentSerializer) -> TimeSpent:
        return time_spent_record_update(
            actor=self.request.user,
            time_spent=serializer.instance,
            fields=serializer.validated_data,
        )

    def perform_destroy(self, instance: TimeSpent) -> None:
        time_spent_record_delete(actor=self.request.user, time_spent=instance)


# -- a project's time -----------------------------------------------------------------------------
class ProjectTimeSpentsView(APIView):
    """Every time spent on the project's tasks, by day: the team, clients excepted."""

    def get(self, request: Request, project_id: str) -> Response:
        project_pk = path_id_or_404(project_id)
        if check_project_access(request.user, project_pk) == Role.CLIENT:
            raise Forbidden()
        queryset = TimeSpent.objects.filter(task__project_id=project_pk)
        return Response(TIME_SPENT_WIRE.rows(queryset.order_by("date", "person_id", "created_at")))


class ProjectTaskTypeTimeSpentsView(APIView):
    """`{<person_id>: [time spents, latest day first]}` on the project's tasks of one task type:
    the project's managers."""

    def get(self, request: Request, project_id: str, task_type_id: str) -> Response:
        project_pk = path_id_or_404(project_id)
        try:
            task_type_pk = uuid.UUID(task_type_id)
        except ValueError:
            raise WrongParameter("Wrong UUID format.") from None
        check_manager_project_access(request.user, project_pk)
        queryset = TimeSpent.objects.filter(
            task__project_id=project_pk, task__task_type_id=task_type_pk
        ).order_by("person_id", "-date", "created_at")
        by_person: dict[str, list] = defaultdict(list)
        for row in TIME_SPENT_WIRE.rows(queryset):
            by_person[row["person_id"]].append(row)
        return Response(dict(by_person))


# -- the tables -----------------------------------------------------------------------------------
def path_id_or_404(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise NotFound() from None


def _query_id(request: Request, key: str) -> uuid.UUID | None:
    raw = request.query_params.get(key)
    return None if raw in (None, "") else parse_instance_id(raw)


def parse_year(raw: str, message: str = tables.INVALID_PERIOD) -> int:
    return tables.parse_number(raw, low=1, high=9999, message=message)


def parse_month(raw: str, message: str = tables.INVALID_PERIOD) -> int:
    return tables.parse_number(raw, low=1, high=12, message=message)


class TimeTableView(APIView):
    """`{<unit>: {<person_id>: minutes}}` over the time the caller may see, filtered by
    `project_id`, `department_id` and `studio_id`."""

    unit: tables.Unit = "week"

    def get(self, request: Request, year: str | None = None, month: str | None = None):
        year_number = None if year is None else parse_year(year)
        month_number = None if month is None else parse_month(month)
        queryset = tables.time_spents_for_tables(
            viewer=request.user,
            project_id=_query_id(request, "project_id"),
            department_id=_query_id(request, "department_id"),
            studio_id=_query_id(request, "studio_id"),
        )
        return Response(
            tables.time_spent_table(queryset, unit=self.unit, year=year_number, month=month_number)
        )


# -- one person's time ----------------------------------------------------------------------------
class PersonTimeSpentsView(APIView):
    """The person's time spents the caller may see: of one day (`<date>`, today without one), or
    from `start_date` to `end_date` with their task's project and task type (gazu's
    `get_time_spents_range`). Who may read is checked before the days are read, as in the
    reference."""

    def get(self, request: Request, person_id: str, date: str | None = None) -> Response:
        person = found_or_404(Person, person_id)
        queryset = tables.time_spents_of_person(viewer=request.user, person=person)
        if date is not None:
            return self.of_day(queryset, tables.parse_day(date))
        params = request.query_params
        days = tables.day_range(params.get("start_date"), params.get("end_date"))
        if days is None:
            return self.of_day(queryset, dt.date.today())
        return Response(tables.time_spents_between(queryset, *days))

    @staticmethod
    def of_day(queryset: QuerySet[TimeSpent], day: dt.date) -> Response:
        rows = TIME_SPENT_WIRE.rows(queryset.filter(date=day).order_by("created_at", "id"))
        return Response(rows)


class PersonMonthAllTimeSpentsView(APIView):
    """Every time spent of the person in a month: the person and admins."""

    def get(self, request: Request, person_id: str, year: str, month: str) -> Response:
        person = found_or_404(Person, person_id)
        tables.check_own_time_spents(viewer=request.user, person=person)
        start, end = tables.month_range(parse_year(year), parse_month(month))
        queryset = tables.in_period(TimeSpent.objects.filter(person=person), start, end)
        return Response(TIME_SPENT_WIRE.rows(queryset.order_by("date", "created_at")))


class PersonPeriodTimeSpentsView(APIView):
    """The person's minutes per task over a year, month, ISO week or day (`project_id` narrows
    them to a project). Who may read is checked before the period is read, as in the
    reference."""

    period = "year"

    def get(self, request: Request, person_id: str, **parts: str) -> Response:
        person = found_or_404(Person, person_id)
        queryset = tables.time_spents_of_person(viewer=request.user, person=person)
        project_id = _query_id(request, "project_id")
        if project_id is not None:
            queryset = tables.on_project(
                queryset, viewer=request.user, person=person, project_id=project_id
            )
        start, end = self.period_range(**parts)
        return Response(tables.time_spents_by_task(tables.in_period(queryset, start, end)))

    def period_range(self, **parts: str) -> tuple[dt.date, dt.date]:
        if self.period == "year":
            return tables.year_range(parse_year(parts["year"], tables.INVALID_DATE))
        if self.period == "month":
            year = parse_year(parts["year"], tables.INVALID_DATE)
            return tables.month_range(year, parse_month(parts["month"], tables.INVALID_DATE))
        if self.period == "week":
            week = tables.parse_number(parts["week"], low=1, high=53)
            return tables.iso_week_range(parse_year(parts["year"]), week)
        year, month = parse_year(parts["year"]), parse_month(parts["month"])
        day = tables.parse_number(parts["day"], low=1, high=31)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise WrongParameter(tables.INVALID_PERIOD) from None
        return date, date

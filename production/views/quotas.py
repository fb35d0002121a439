"""Quotas: what each artist delivered on the shots of a project, per day, week and month."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.viewsets import parse_instance_id
from people.models import Person, Role
from production.models import Project
from production.permissions import check_project_access
from production.selectors.quotas import (
    COUNT_MODES,
    person_quota_shots,
    project_person_quotas,
    project_quotas,
    reader_zone,
)
from production.views.common import found, path_id

# The reference words the two messages differently (sic: "weigtheddone" on the project routes).
PROJECT_MODE_MESSAGE = "count_mode must be equal to weighted, weigtheddone, feedback, or done"
PERSON_MODE_MESSAGE = "count_mode must be equal to weighted, weighteddone, feedback, or done"
PERIOD_MESSAGE = "Invalid month or year."


def count_mode_of(request: Request, message: str) -> str:
    mode = request.query_params.get("count_mode") or "weighted"
    if mode not in COUNT_MODES:
        raise WrongParameter(message)
    return mode


def query_id(request: Request, name: str) -> Any:
    raw = request.query_params.get(name)
    return parse_instance_id(raw) if raw else None


def quota_project(request: Request, raw_id: str) -> tuple[Project, str]:
    """The project (404 first) and the caller's role in it; clients are kept out."""
    project = found(Project.objects.all(), path_id(raw_id))
    role = check_project_access(request.user, project.pk)
    if role == Role.CLIENT:
        raise Forbidden()
    return project, role


class ProjectQuotasView(APIView):
    """The quota table of a task type in a project, per artist and in total. The whole team
    but clients may read it."""

    def get(self, request: Request, project_id: str, task_type_id: str) -> Response:
        project, _ = quota_project(request, project_id)
        task_type = path_id(task_type_id)
        count_mode = count_mode_of(request, PROJECT_MODE_MESSAGE)
        studio_id = query_id(request, "studio_id")
        return Response(
            project_quotas(
                project_id=project.pk,
                fps=project.fps,
                task_type_id=task_type,
                count_mode=count_mode,
                zone=reader_zone(request.user),
                studio_id=studio_id,
            )
        )


class ProjectPersonQuotasView(APIView):
    """One artist's quota table in a project, per task type. Artists and vendors read their
    own; managers and supervisors of the project anyone's."""

    def get(self, request: Request, project_id: str, person_id: str) -> Response:
        project, role = quota_project(request, project_id)
        person = found(Person.objects.all(), path_id(person_id))
        if person.pk != request.user.pk and role not in (Role.ADMIN, Role.MANAGER, Role.SUPERVISOR):
            raise Forbidden()
        count_mode = count_mode_of(request, PROJECT_MODE_MESSAGE)
        query_id(request, "studio_id")
        return Response(
            project_person_quotas(
                project_id=project.pk,
                fps=project.fps,
                person_id=person.pk,
                count_mode=count_mode,
                zone=reader_zone(request.user),
            )
        )


def _number(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise WrongParameter(PERIOD_MESSAGE) from None


def day_period(year: str, month: str, day: str) -> tuple[dt.date, dt.date]:
    try:
        date = dt.date(_number(year), _number(month), _number(day))
    except ValueError:
        raise WrongParameter(PERIOD_MESSAGE) from None
    return date, date


def week_period(year: str, week: str) -> tuple[dt.date, dt.date]:
    try:
        monday = dt.date.fromisocalendar(_number(year), _number(week), 1)
    except ValueError:
        raise WrongParameter(PERIOD_MESSAGE) from None
    return monday, monday + dt.timedelta(days=6)


def month_period(year: str, month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date(_number(year), _number(month), 1)
    except ValueError:
        raise WrongParameter(PERIOD_MESSAGE) from None
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


class PersonQuotaShotsView(APIView):
    """The shots a person delivered in a day, an ISO week or a month, with their weight.
    Only the person and admins may read them."""

    period = staticmethod(month_period)

    def get(self, request: Request, person_id: str, **period: str) -> Response:
        person = found(Person.objects.all(), path_id(person_id))
        if not request.user.is_admin and person.pk != request.user.pk:
            raise Forbidden()
        start, end = self.period(**period)
        count_mode = count_mode_of(request, PERSON_MODE_MESSAGE)
        raw_project = request.query_params.get("project_id")
        project_id = path_id(raw_project) if raw_project else None
        task_type_id = query_id(request, "task_type_id")
        return Response(
            person_quota_shots(
                person_id=person.pk,
                start=start,
                end=end,
                count_mode=count_mode,
                zone=reader_zone(request.user),
                project_id=project_id,
                task_type_id=task_type_id,
            )
        )


class PersonDayQuotaShotsView(PersonQuotaShotsView):
    period = staticmethod(day_period)


class PersonWeekQuotaShotsView(PersonQuotaShotsView):
    period = staticmethod(week_period)


class PersonMonthQuotaShotsView(PersonQuotaShotsView):
    period = staticmethod(month_period)

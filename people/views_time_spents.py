"""Time spents of a task: read them per person, and set, add or delete one person's day."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections import defaultdict
from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound, WrongParameter
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.wire import WireFormat
from people.models import Person, TimeSpent
from people.timesheets import time_spent_delete, time_spent_log
from production.models import Task
from production.permissions import check_entity_access

TIME_SPENT_WIRE = WireFormat(TimeSpent)
NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"


def _found(model: Any, raw: Any) -> Any:
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
        task = _found(Task, task_id)
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
        task = _found(Task, task_id)
        person = _found(Person, person_id)
        day = _day(date)
        duration = _duration(request)
        time_spent = time_spent_log(
            actor=request.user, task=task, person=person, day=day, duration=duration, mode=self.mode
        )
        return Response(TIME_SPENT_WIRE.instance(time_spent), status=status.HTTP_201_CREATED)

    def delete(self, request: Request, task_id: str, date: str, person_id: str) -> Response:
        task = _found(Task, task_id)
        person = _found(Person, person_id)
        day = _day(date)
        time_spent = time_spent_delete(actor=request.user, task=task, person=person, day=day)
        return Response(TIME_SPENT_WIRE.instance(time_spent), status=status.HTTP_201_CREATED)


class AddTimeSpentView(SetTimeSpentView):
    mode = "add"
    http_method_names = ["post", "options"]

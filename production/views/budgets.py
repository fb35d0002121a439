"""Budget routes beyond the project's budget list: entries of a budget, the raw `/data/budgets`
and `/data/budget-entries` resources, and the project's time spent per month (its costs)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Conflict, NotFound, validation_error
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from kitsu_site.api.wire import WireFormat
from people.models import Department, Person, Position, Seniority
from production.models import Budget, BudgetEntry
from production.selectors import planning as selectors
from production.serializers.planning import BudgetEntrySerializer, BudgetSerializer
from production.services import planning as services
from production.views.planning import managed_budget, wrong_uuid
from production.wire import BUDGET_ENTRY_CHANGE_WIRE

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class FieldError(Exception):
    """An input value its field rejects, with the reference's schema message."""


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise FieldError("Input should be a valid UUID") from None


def _optional_uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else _uuid(value)


def _date(value: Any) -> dt.date:
    text = str(value)
    try:
        parsed = parse_date(text) or parse_datetime(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise FieldError("Input should be a valid date or datetime")
    return parsed.date() if isinstance(parsed, dt.datetime) else parsed


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise FieldError("Input should be a valid integer")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FieldError(
            "Input should be a valid integer, unable to parse string as an integer"
        ) from None
    if not number.is_integer():
        raise FieldError("Input should be a valid integer, got a number with a fractional part")
    return int(number)


def _number(value: Any) -> float:
    if isinstance(value, bool) or value is None:
        raise FieldError("Input should be a valid number")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise FieldError(
            "Input should be a valid number, unable to parse string as a number"
        ) from None


def _choice(choices: list[str]) -> Callable[[Any], str]:
    message = "Input should be " + ", ".join(f"'{c}'" for c in choices[:-1])
    message += f" or '{choices[-1]}'"

    def parse(value: Any) -> str:
        if value not in choices:
            raise FieldError(message)
        return value

    return parse


def _exceptions(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError("Input should be a valid dictionary")
    for month, amount in value.items():
        if not MONTH.match(str(month)):
            raise FieldError(f"'{month}' is not a month (YYYY-MM)")
        if amount is not None:
            _number(amount)
    return value


ENTRY_FIELDS: dict[str, Callable[[Any], Any]] = {
    "department_id": _uuid,
    "person_id": _optional_uuid,
    "start_date": _date,
    "months_duration": _integer,
    "daily_salary": _number,
    "position": _choice(Position.values),
    "seniority": _choice(Seniority.values),
}
REQUIRED_ON_CREATE = ("department_id", "start_date", "months_duration", "daily_salary")


def entry_fields(data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """The entry columns of a body, parsed: unknown keys are ignored, every bad value is
    reported at once (400), and the department and person must exist."""
    parsers = dict(ENTRY_FIELDS) if creating else {**ENTRY_FIELDS, "exceptions": _exceptions}
    errors: list[tuple[str, str]] = []
    if creating:
        errors += [(key, "Field required") for key in REQUIRED_ON_CREATE if key not in data]
    fields: dict[str, Any] = {}
    for key, parse in parsers.items():
        if key not in data or key in dict(errors):
            continue
        try:
            fields[key] = parse(data[key])
        except FieldError as error:
            errors.append((key, str(error)))
    if errors:
        raise validation_error(*errors)
    check_references(fields)
    return fields


def check_references(fields: dict[str, Any]) -> None:
    department_id = fields.get("department_id")
    if department_id is not None and not Department.objects.filter(pk=department_id).exists():
        raise Conflict()
    person_id = fields.get("person_id")
    if person_id is not None and not Person.objects.filter(pk=person_id).exists():
        raise Conflict()


def entry_body(entry: BudgetEntry) -> dict[str, Any]:
    return BudgetEntrySerializer.wire.instance(entry)


def managed_entry(request: Request, project_id: str, budget_id: str, entry_id: str) -> BudgetEntry:
    """An entry of a budget of a project the caller manages (404 elsewhere)."""
    entry_pk = wrong_uuid(entry_id)
    budget = managed_budget(request, project_id, budget_id)
    entry = BudgetEntry.objects.filter(pk=entry_pk, budget=budget).select_related("budget").first()
    if entry is None:
        raise NotFound()
    return entry


class BudgetEntriesView(APIView):
    """GET|POST /data/projects/<p>/budgets/<b>/entries, for the project's managers."""

    def get(self, request: Request, project_id: str, budget_id: str) -> Response:
        budget = managed_budget(request, project_id, budget_id)
        return Response(selectors.budget_entry_rows(budget_id=budget.pk))

    def post(self, request: Request, project_id: str, budget_id: str) -> Response:
        budget = managed_budget(request, project_id, budget_id)
        fields = entry_fields(body_dict(request), creating=True)
        entry = services.budget_entry_create(actor=request.user, budget=budget, fields=fields)
        return Response(entry_body(entry))


class BudgetEntryView(APIView):
    """GET|PUT|DELETE /data/projects/<p>/budgets/<b>/entries/<e>"""

    def get(self, request: Request, project_id: str, budget_id: str, entry_id: str) -> Response:
        return Response(entry_body(managed_entry(request, project_id, budget_id, entry_id)))

    def put(self, request: Request, project_id: str, budget_id: str, entry_id: str) -> Response:
        entry = managed_entry(request, project_id, budget_id, entry_id)
        changes = entry_fields(body_dict(request), creating=False)
        entry = services.budget_entry_update(actor=request.user, entry=entry, changes=changes)
        return Response(entry_body(entry))

    def delete(self, request: Request, project_id: str, budget_id: str, entry_id: str) -> Response:
        entry = managed_entry(request, project_id, budget_id, entry_id)
        services.budget_entry_delete(actor=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProjectMonthTimeSpentsView(APIView):
    """GET /data/projects/<p>/budgets/time-spents: minutes per department, person and month,
    for admins."""

    def get(self, request: Request, project_id: str) -> Response:
        require_admin(request)
        pk = wrong_uuid(project_id)
        return Response(selectors.project_month_time_spents(project_id=pk))


# -- raw resources (admins, as every `/data/<model>` the reference leaves closed) -----------------
class BudgetViewSet(ZouModelViewSet):
    queryset = Budget.objects.all()
    serializer_class = BudgetSerializer
    protected_on_update = ("project_id", "revision")


class BudgetEntryViewSet(ZouModelViewSet):
    queryset = BudgetEntry.objects.all()
    serializer_class = BudgetEntrySerializer
    protected_on_update = ()

    def change_wire(self) -> WireFormat:
        return BUDGET_ENTRY_CHANGE_WIRE

"""Planning routes: milestones and a project's budgets."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import (
    ApiError,
    Forbidden,
    InvalidFormat,
    NotFound,
    WrongParameter,
    validation_error,
)
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from people.models import Person, Role
from production.models import Budget, Milestone, Project
from production.permissions import (
    check_manager_project_access,
    check_not_vendor,
    check_project_access,
)
from production.selectors import planning as selectors
from production.serializers.planning import BudgetSerializer, MilestoneSerializer
from production.services import planning as services
from production.views.common import path_id

WRONG_UUID_MESSAGE = "Wrong UUID format."


class MissingKey(ApiError):
    """A key the reference reads before validating the body (it answers the bare key name)."""

    data_in_body = False

    def __init__(self, key: str) -> None:
        super().__init__(f"'{key}'")


def wrong_uuid(raw: Any) -> uuid.UUID:
    """An id from the path of a project planning route: malformed is a 400 there."""
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise WrongParameter(WRONG_UUID_MESSAGE) from None


def planned_project_id(person: Person, raw: Any) -> uuid.UUID:
    """The project a planning route names. Admins pass any well-formed id (an unknown project
    lists nothing); others need an existing project (404), their team's check comes next."""
    if person.is_admin:
        return wrong_uuid(raw)
    project_id = path_id(raw)
    if not Project.objects.filter(pk=project_id).exists():
        raise NotFound()
    return project_id


def check_date(key: str, value: Any, *, update: bool) -> None:
    """A date column value: ISO date or datetime, or empty."""
    if value in (None, ""):
        return
    text = str(value)
    try:
        valid = parse_date(text) is not None or parse_datetime(text) is not None
    except ValueError:
        valid = False
    if valid:
        return
    if update:
        raise ApiError(
            f"Invalid date format for '{key}': '{value}'. Expected an ISO 8601 date or datetime."
        )
    raise InvalidFormat()


# -- milestones ------------------------------------------------------------------------------------
class MilestoneViewSet(ZouModelViewSet):
    """Milestones: the raw list is for admins; one milestone for its project's team but vendors;
    writes for the project's managers."""

    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer

    def check_read(self, request: Request, instance: Milestone | None = None) -> None:
        if instance is None:
            require_admin(request)
        else:
            check_not_vendor(request.user, instance.project_id)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        if "project_id" not in data:
            raise MissingKey("project_id")
        project_id = data["project_id"]
        if not request.user.is_admin:
            # A project id that names nothing is a 404 for non-admins, as in the reference.
            check_manager_project_access(request.user, planned_project_id(request.user, project_id))
        elif project_id is not None:
            try:
                uuid.UUID(str(project_id))
            except ValueError:
                raise InvalidFormat() from None
        check_date("date", data.get("date"), update=False)

    def check_update(self, request: Request, instance: Milestone, data: dict[str, Any]) -> None:
        check_manager_project_access(request.user, instance.project_id)
        if "date" in data:
            check_date("date", data["date"], update=True)

    def check_delete(self, request: Request, instance: Milestone) -> None:
        check_manager_project_access(request.user, instance.project_id)


class ProjectMilestonesView(APIView):
    """A project's milestones, for its team: vendors included, clients not."""

    def get(self, request: Request, project_id: str) -> Response:
        pk = planned_project_id(request.user, project_id)
        if check_project_access(request.user, pk) == Role.CLIENT:
            raise Forbidden()
        return Response(selectors.project_milestone_rows(project_id=pk))


# -- budgets ---------------------------------------------------------------------------------------
def _string_errors(
    data: dict[str, Any], *, required: tuple[str, ...], optional: tuple[str, ...]
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    for key in required:
        if key not in data:
            errors.append((key, "Field required"))
        elif not isinstance(data[key], str):
            errors.append((key, "Input should be a valid string"))
        elif not data[key]:
            errors.append((key, "String should have at least 1 character"))
    for key in optional:
        if data.get(key) is not None and not isinstance(data[key], str):
            errors.append((key, "Input should be a valid string"))
    return errors


def check_budget_fields(data: dict[str, Any], *, creating: bool) -> None:
    """Names and currencies are strings (a name is required on creation) that fit their
    columns."""
    errors = _string_errors(
        data,
        required=("name",) if creating else (),
        optional=("currency",) if creating else ("name", "currency"),
    )
    if errors:
        raise validation_error(*errors)
    for key in ("name", "currency"):
        limit = Budget._meta.get_field(key).max_length
        if isinstance(data.get(key), str) and len(data[key]) > limit:
            raise InvalidFormat()


def managed_budget(request: Request, project_id: str, budget_id: str) -> Budget:
    """The budget of a project the caller manages: a malformed budget id is a 400 before
    anything else, a budget of another project a 404."""
    budget_pk = wrong_uuid(budget_id)
    project_pk = planned_project_id(request.user, project_id)
    check_manager_project_access(request.user, project_pk)
    budget = Budget.objects.filter(pk=budget_pk, project_id=project_pk).first()
    if budget is None:
        raise NotFound()
    return budget


def budget_body(budget: Budget) -> dict[str, Any]:
    return BudgetSerializer.wire.instance(budget)


class ProjectBudgetsView(APIView):
    """A project's budgets, for its managers; a new one takes the next revision."""

    def get(self, request: Request, project_id: str) -> Response:
        pk = planned_project_id(request.user, project_id)
        check_manager_project_access(request.user, pk)
        return Response(selectors.project_budget_rows(project_id=pk))

    def post(self, request: Request, project_id: str) -> Response:
        pk = planned_project_id(request.user, project_id)
        check_manager_project_access(request.user, pk)
        data = body_dict(request)
        check_budget_fields(data, creating=True)
        budget = services.budget_create(
            actor=request.user,
            project_id=pk,
            name=data["name"],
            currency=data.get("currency", services.DEFAULT_CURRENCY),
        )
        return Response(budget_body(budget))


class ProjectBudgetView(APIView):
    def get(self, request: Request, project_id: str, budget_id: str) -> Response:
        return Response(budget_body(managed_budget(request, project_id, budget_id)))

    def put(self, request: Request, project_id: str, budget_id: str) -> Response:
        budget = managed_budget(request, project_id, budget_id)
        data = body_dict(request)
        check_budget_fields(data, creating=False)
        budget = services.budget_update(actor=request.user, budget=budget, changes=data)
        return Response(budget_body(budget))

    def delete(self, request: Request, project_id: str, budget_id: str) -> Response:
        budget = managed_budget(request, project_id, budget_id)
        services.budget_delete(actor=request.user, budget=budget)
        return Response(status=status.HTTP_204_NO_CONTENT)

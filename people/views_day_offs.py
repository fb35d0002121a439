"""Day offs: the `/data/day-offs` resource, a person's per period, everyone's per year or month
(as far as the caller may see) and a project team's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, NotFound
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from kitsu_site.api.wire import WireFormat
from people import day_offs as services
from people import time_tables as tables
from people.models import DayOff, Person
from people.serializers import DayOffSerializer
from people.views_time_spents import found_or_404, parse_year, path_id_or_404
from people.wire import DAY_OFF_WIRE
from production.models import Project
from production.permissions import check_not_vendor_or_client

DAY_OFF_WITHOUT_DESCRIPTION_WIRE = WireFormat(DayOff, hidden=("description",))


class DayOffViewSet(ZouModelViewSet):
    """The list is for admins; a day off is read by whoever may read its person's, written by
    its person or an admin, and only an admin moves it to someone else."""

    queryset = DayOff.objects.all()
    serializer_class = DayOffSerializer

    def check_read(self, request: Request, instance: DayOff | None = None) -> None:
        if instance is None:
            require_admin(request)
        elif not services.can_read_day_offs_of(viewer=request.user, person_id=instance.person_id):
            raise Forbidden()

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        if request.user.is_admin or "person_id" not in data:
            return
        if str(data["person_id"]) != str(request.user.pk):
            raise Forbidden()

    def check_update(self, request: Request, instance: DayOff, data: dict[str, Any]) -> None:
        if request.user.is_admin:
            return
        if instance.person_id != request.user.pk:
            raise Forbidden()
        if "person_id" in data and str(data["person_id"]) != str(request.user.pk):
            raise Forbidden()

    def check_delete(self, request: Request, instance: DayOff) -> None:
        if not (request.user.is_admin or instance.person_id == request.user.pk):
            raise Forbidden()

    def wire_for(self, request: Request, instance: DayOff | None = None) -> WireFormat:
        if instance is None or services.sees_descriptions(request.user):
            return DAY_OFF_WIRE
        if instance.person_id == request.user.pk:
            return DAY_OFF_WIRE
        return DAY_OFF_WITHOUT_DESCRIPTION_WIRE

    def perform_create(self, serializer: DayOffSerializer) -> DayOff:
        return services.day_off_create(actor=self.request.user, fields=serializer.validated_data)

    def perform_update(self, serializer: DayOffSerializer) -> DayOff:
        return services.day_off_update(
            actor=self.request.user, day_off=serializer.instance, fields=serializer.validated_data
        )

    def perform_destroy(self, instance: DayOff) -> None:
        services.day_off_delete(actor=self.request.user, day_off=instance)


def _readable_person(request: Request, person_id: str) -> Person:
    person = found_or_404(Person, person_id)
    if not services.can_read_day_offs_of(viewer=request.user, person_id=person.pk):
        raise Forbidden()
    return person


class PersonDayOffsView(APIView):
    """All the person's days off."""

    def get(self, request: Request, person_id: str) -> Response:
        person = _readable_person(request, person_id)
        queryset = DayOff.objects.filter(person=person)
        return Response(services.day_off_rows(queryset, viewer=request.user))


class PersonDayOffOnDateView(APIView):
    """The person's day off covering a day, or `{}`."""

    def get(self, request: Request, person_id: str, date: str) -> Response:
        person = _readable_person(request, person_id)
        day = tables.parse_day(date, message=tables.INVALID_DATE)
        queryset = services.day_offs_in_period(DayOff.objects.filter(person=person), day, day)
        rows = services.day_off_rows(queryset, viewer=request.user)
        return Response(rows[0] if rows else {})


def _period(period: str, year: str, month: str | None = None, week: str | None = None):
    number = parse_year(year)
    if period == "week":
        return tables.iso_week_range(number, tables.parse_number(week, low=1, high=53))
    if period == "month":
        return tables.month_range(number, tables.parse_number(month, low=1, high=12))
    return tables.year_range(number)


class PersonPeriodDayOffsView(APIView):
    """The person's days off sharing a day with an ISO week, a month or a year."""

    period = "year"

    def get(self, request: Request, person_id: str, **parts: str) -> Response:
        person = _readable_person(request, person_id)
        start, end = _period(self.period, **parts)
        queryset = services.day_offs_in_period(DayOff.objects.filter(person=person), start, end)
        return Response(services.day_off_rows(queryset, viewer=request.user))


class DayOffsOfPeriodView(APIView):
    """Days off of a year or month: everyone's for admins, their people's for managers and
    supervisors, one's own otherwise."""

    def get(self, request: Request, year: str, month: str | None = None) -> Response:
        start, end = _period("year" if month is None else "month", year, month=month)
        queryset = services.day_offs_in_period(
            services.day_offs_visible_to(request.user), start, end
        )
        return Response(services.day_off_rows(queryset, viewer=request.user))


class ProjectDayOffsView(APIView):
    """`{<person_id>: [days off]}` of the team, optionally between `start_date` and `end_date`;
    clients and vendors are refused."""

    def get(self, request: Request, project_id: str) -> Response:
        project_pk = path_id_or_404(project_id)
        if not Project.objects.filter(pk=project_pk).exists():
            raise NotFound()
        check_not_vendor_or_client(request.user, project_pk)
        start = _optional_day(request, "start_date")
        end = _optional_day(request, "end_date")
        return Response(
            services.project_day_offs(
                project_id=project_pk, viewer=request.user, start=start, end=end
            )
        )


def _optional_day(request: Request, key: str) -> dt.date | None:
    raw = request.query_params.get(key)
    if raw in (None, ""):
        return None
    return tables.parse_day(raw, message=tables.INVALID_DATE)

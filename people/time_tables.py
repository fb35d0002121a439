"""Reads of logged time: who sees whose minutes, the studio-wide tables and a person's sums.

Visibility (reference): admins see every time spent; managers the time logged on tasks of the
projects whose team they are in (open or closed); supervisors the same, narrowed to the task
types of their departments when they have any; everyone else only their own time. A manager or
supervisor naming a project outside their teams is refused (403), not answered with nothing.

The tables are `{<unit>: {<person_id>: minutes}}` with the unit (year, month number, ISO week
number, day of month) as a string without leading zeros. The week table groups a calendar year's
days by ISO week number: 2025-12-29 counts in the 2025 table, under week "1". Each table is one
aggregate query whatever the number of persons and days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from typing import Any, Literal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractWeek, ExtractYear

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.wire import Row, wire_uuid
from people.models import DepartmentLink, Person, Role, TimeSpent
from people.wire import TIME_SPENT_WITH_TASK_WIRE
from production.models import ProjectPersonLink

Unit = Literal["year", "month", "week", "day"]
Table = dict[str, dict[str, float]]

INVALID_PERIOD = "Invalid month or year."
INVALID_DATE = "Invalid date format."
SUPERVISOR_DEPARTMENT_REFUSED = "Supervisor not allowed to access this department"
RANGE_MESSAGE = (
    "If querying for a range of dates, both a `start_date` and an `end_date` must be given."
)
EXTRACTORS = {"year": ExtractYear, "month": ExtractMonth, "week": ExtractWeek, "day": ExtractDay}


# -- periods --------------------------------------------------------------------------------------
def parse_number(raw: Any, *, low: int, high: int, message: str = INVALID_PERIOD) -> int:
    """An integer path segment within [low, high], or a 400 with the reference message."""
    try:
        number = int(str(raw))
    except ValueError:
        raise WrongParameter(message) from None
    if not low <= number <= high:
        raise WrongParameter(message)
    return number


def parse_day(raw: str, *, message: str = INVALID_PERIOD) -> dt.date:
    """A day as the reference reads it: `2026-01-05`, `2026-1-5`, `20260105` or a datetime."""
    text = str(raw).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise WrongParameter(message) from None


def day_range(start: str | None, end: str | None) -> tuple[dt.date, dt.date] | None:
    """`start_date` and `end_date` as the reference reads them: both or neither (empty counts as
    not given, None is returned), and a day it cannot read names both in the 400."""
    if not start and not end:
        return None
    if start is None or end is None:
        raise WrongParameter(RANGE_MESSAGE)
    message = f"Wrong date format for {start} and/or {end}"
    return parse_day(start, message=message), parse_day(end, message=message)


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def iso_week_range(
    year: int, week: int, *, message: str = INVALID_PERIOD
) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of an ISO week; a week the year does not have is a 400."""
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise WrongParameter(message) from None
    return monday, monday + dt.timedelta(days=6)


# -- who sees what --------------------------------------------------------------------------------
def department_ids_of(person: Person) -> list[uuid.UUID]:
    return list(
        DepartmentLink.objects.filter(person=person).values_list("department_id", flat=True)
    )


def team_project_ids(person: Person) -> QuerySet:
    """The projects whose team the person is in, as a subquery."""
    return ProjectPersonLink.objects.filter(person=person).values("project_id")


def check_in_team(viewer: Person, project_id: uuid.UUID) -> None:
    if not ProjectPersonLink.objects.filter(person=viewer, project_id=project_id).exists():
        raise Forbidden()


def scope_for_supervision(queryset: QuerySet, *, viewer: Person, departments: list) -> QuerySet:
    """Time on tasks of the viewer's projects; for a supervisor with departments, only on task
    types of those departments."""
    queryset = queryset.filter(task__project_id__in=team_project_ids(viewer))
    if viewer.role == Role.SUPERVISOR and departments:
        queryset = queryset.filter(task__task_type__department_id__in=departments)
    return queryset


def is_supervising(person: Person) -> bool:
    return person.role in (Role.MANAGER, Role.SUPERVISOR)


def time_spents_for_tables(
    *,
    viewer: Person,
    project_id: uuid.UUID | None = None,
    department_id: uuid.UUID | None = None,
    studio_id: uuid.UUID | None = None,
) -> QuerySet[TimeSpent]:
    """The time spents the viewer may total, narrowed by the table filters.

    A manager or supervisor asking for a project outside their teams gets a 403; a supervisor
    asking for a department that is not theirs a 400.
    """
    queryset = TimeSpent.objects.all()
    if viewer.is_admin:
        pass
    elif is_supervising(viewer):
        if project_id is not None:
            check_in_team(viewer, project_id)
        departments = department_ids_of(viewer) if viewer.role == Role.SUPERVISOR else []
        refused = department_id is not None and department_id not in departments
        if viewer.role == Role.SUPERVISOR and refused:
            raise WrongParameter(SUPERVISOR_DEPARTMENT_REFUSED)
        queryset = scope_for_supervision(queryset, viewer=viewer, departments=departments)
    else:
        queryset = queryset.filter(person=viewer)
    if project_id is not None:
        queryset = queryset.filter(task__project_id=project_id)
    if department_id is not None:
        queryset = queryset.filter(task__task_type__department_id=department_id)
    if studio_id is not None:
        queryset = queryset.filter(person__studio_id=studio_id)
    return queryset


def time_spent_table(
    queryset: QuerySet[TimeSpent],
    *,
    unit: Unit,
    year: int | None = None,
    month: int | None = None,
) -> Table:
    """`{<unit>: {<person_id>: total minutes}}` of the time spents in the year (and month)."""
    if year is not None:
        start, end = month_range(year, month) if month is not None else year_range(year)
        queryset = queryset.filter(date__gte=start, date__lte=end)
    rows = (
        queryset.order_by()
        .annotate(unit=EXTRACTORS[unit]("date"))
        .values("unit", "person_id")
        .annotate(total=Sum("duration"))
        .values_list("unit", "person_id", "total")
    )
    table: Table = {}
    for value, person_id, total in sorted(rows, key=lambda row: row[0]):
        table.setdefault(str(int(value)), {})[wire_uuid(person_id)] = total
    return table


# -- one person's time ----------------------------------------------------------------------------
def time_spents_of_person(*, viewer: Person, person: Person) -> QuerySet[TimeSpent]:
    """The person's time spents the viewer may read: all of them for the person and admins,
    their projects' (and departments') for managers and supervisors; 403 for anyone else."""
    queryset = TimeSpent.objects.filter(person=person)
    if viewer.is_admin or viewer.pk == person.pk:
        return queryset
    if not is_supervising(viewer):
        raise Forbidden()
    departments = department_ids_of(viewer) if viewer.role == Role.SUPERVISOR else []
    return scope_for_supervision(queryset, viewer=viewer, departments=departments)


def on_project(
    queryset: QuerySet[TimeSpent], *, viewer: Person, person: Person, project_id: uuid.UUID
) -> QuerySet[TimeSpent]:
    """The person's time spents (from `time_spents_of_person`) on one project: a manager or
    supervisor reading someone else's time must be in that project's team."""
    if not (viewer.is_admin or viewer.pk == person.pk):
        check_in_team(viewer, project_id)
    return queryset.filter(task__project_id=project_id)


def time_spents_between(queryset: QuerySet[TimeSpent], start: dt.date, end: dt.date) -> list[Row]:
    """The time spents of the queryset from `start` to `end`, both days included, by day then
    recording order, with their task's project and task type (what a time sheet groups them
    by). One query."""
    in_range = in_period(queryset, start, end).order_by("date", "created_at", "id")
    return TIME_SPENT_WITH_TASK_WIRE.rows(in_range)


def check_own_time_spents(*, viewer: Person, person: Person) -> None:
    if not (viewer.is_admin or viewer.pk == person.pk):
        raise Forbidden()


def time_spents_by_task(queryset: QuerySet[TimeSpent]) -> list[dict[str, Any]]:
    """One row per task with its minutes in the queryset and where the task sits: project,
    entity, entity type, and the entity's parent and grandparent names (sequence and episode for
    a shot). One query."""
    rows = (
        queryset.order_by()
        .values(
            "task_id",
            "task__task_type_id",
            "task__project_id",
            "task__project__name",
            "task__entity__name",
            "task__entity__entity_type__name",
            "task__entity__parent__name",
            "task__entity__parent__parent__name",
            "task__created_at",
        )
        .annotate(total=Sum("duration"))
        .order_by("task__created_at", "task_id")
    )
    return [
        {
            "task_id": wire_uuid(row["task_id"]),
            "task_type_id": wire_uuid(row["task__task_type_id"]),
            "project_id": wire_uuid(row["task__project_id"]),
            "project_name": row["task__project__name"],
            "entity_name": row["task__entity__name"],
            "entity_type_name": row["task__entity__entity_type__name"],
            "sequence_name": row["task__entity__parent__name"],
            "episode_name": row["task__entity__parent__parent__name"],
            "duration": row["total"],
        }
        for row in rows
    ]


def in_period(queryset: QuerySet, start: dt.date, end: dt.date) -> QuerySet:
    return queryset.filter(date__gte=start, date__lte=end)


def overlapping(start: dt.date, end: dt.date) -> Q:
    """Periods (`date` to `end_date`) sharing at least one day with [start, end]."""
    return Q(date__lte=end, end_date__gte=start)

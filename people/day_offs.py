"""Day offs: who may read whose, and the writes that keep timesheets consistent with them.

Rules (reference): a person's days off are read by the person, admins, and the managers and
supervisors sharing a project team with them (a supervisor with departments only for persons of
one of those departments). The description is private: only the person, admins and managers
get it. A person (or an admin for anyone) logs a period; it may not overlap another of the
person's periods, and logging it removes the person's time spents inside it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import emit
from kitsu_site.api.wire import Row
from people.models import DayOff, DepartmentLink, Person, Role, TimeSpent
from people.time_tables import department_ids_of, is_supervising, overlapping, team_project_ids
from people.timesheets import tasks_duration_sync
from people.wire import DAY_OFF_WIRE
from production.models import ProjectPersonLink

OVERLAP_MESSAGE = "Day off already exists for this period"
INTEGRITY_MESSAGE = "The data conflicts with database integrity rules."


# -- reads ----------------------------------------------------------------------------------------
def persons_supervised_by(viewer: Person) -> QuerySet:
    """Ids of the persons whose days off a manager or supervisor reads, as a subquery: the
    members of their teams, for a supervisor with departments only those sharing one."""
    members = ProjectPersonLink.objects.filter(project_id__in=team_project_ids(viewer))
    if viewer.role == Role.SUPERVISOR:
        departments = department_ids_of(viewer)
        if departments:
            members = members.filter(
                person_id__in=DepartmentLink.objects.filter(department_id__in=departments).values(
                    "person_id"
                )
            )
    return members.values("person_id")


def can_read_day_offs_of(*, viewer: Person, person_id: Any) -> bool:
    if viewer.is_admin or viewer.pk == person_id:
        return True
    if not is_supervising(viewer):
        return False
    return persons_supervised_by(viewer).filter(person_id=person_id).exists()


def day_offs_visible_to(viewer: Person) -> QuerySet[DayOff]:
    """Every day off for admins, their people's for managers and supervisors, else their own."""
    queryset = DayOff.objects.all()
    if viewer.is_admin:
        return queryset
    if is_supervising(viewer):
        return queryset.filter(person_id__in=persons_supervised_by(viewer))
    return queryset.filter(person=viewer)


def sees_descriptions(viewer: Person) -> bool:
    return viewer.is_manager


def day_off_rows(queryset: QuerySet[DayOff], *, viewer: Person) -> list[Row]:
    """Wire rows ordered by start day, without the description of other people's days off
    unless the viewer is a manager."""
    rows = DAY_OFF_WIRE.rows(queryset.order_by("date", "person_id"))
    return [hide_description(row, viewer=viewer) for row in rows]


def hide_description(row: Row, *, viewer: Person) -> Row:
    if sees_descriptions(viewer) or row["person_id"] == str(viewer.pk):
        return row
    return {key: value for key, value in row.items() if key != "description"}


def day_offs_in_period(queryset: QuerySet[DayOff], start: dt.date, end: dt.date) -> QuerySet:
    return queryset.filter(overlapping(start, end))


def project_day_offs(
    *, project_id: Any, viewer: Person, start: dt.date | None, end: dt.date | None
) -> dict[str, list[Row]]:
    """`{<person_id>: [day offs]}` of the project's team members."""
    queryset = DayOff.objects.filter(
        person_id__in=ProjectPersonLink.objects.filter(project_id=project_id).values("person_id")
    )
    if start is not None and end is not None:
        queryset = day_offs_in_period(queryset, start, end)
    by_person: dict[str, list[Row]] = defaultdict(list)
    for row in day_off_rows(queryset, viewer=viewer):
        by_person[row["person_id"]].append(row)
    return dict(by_person)


# -- writes ---------------------------------------------------------------------------------------
def _check_period(*, person_id: Any, start: dt.date, end: dt.date, exclude: Any = None) -> None:
    if start > end:
        raise WrongParameter(INTEGRITY_MESSAGE)
    clashes = DayOff.objects.filter(overlapping(start, end), person_id=person_id)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude)
    if clashes.exists():
        raise WrongParameter(OVERLAP_MESSAGE)


def _clear_time_spents(*, day_off: DayOff, actor: Person) -> None:
    """The person was away: time logged inside the period goes, and the tasks it was logged on
    get their duration recomputed."""
    logged = TimeSpent.objects.filter(
        person_id=day_off.person_id, date__gte=day_off.date, date__lte=day_off.end_date
    )
    task_ids = set(logged.values_list("task_id", flat=True))
    if not task_ids:
        return
    logged.delete()
    tasks_duration_sync(task_ids=task_ids, actor=actor)


def _announce(verb: str, day_off_id: Any, actor: Person) -> None:
    emit(f"day-off:{verb}", {"day_off_id": day_off_id}, user_id=actor.pk)


@transaction.atomic
def day_off_create(*, actor: Person, fields: dict[str, Any]) -> DayOff:
    person = fields["person"]
    _check_period(person_id=person.pk, start=fields["date"], end=fields["end_date"])
    day_off = DayOff.objects.create(**fields)
    _clear_time_spents(day_off=day_off, actor=actor)
    _announce("new", day_off.pk, actor)
    return day_off


@transaction.atomic
def day_off_update(*, actor: Person, day_off: DayOff, fields: dict[str, Any]) -> DayOff:
    for name, value in fields.items():
        setattr(day_off, name, value)
    _check_period(
        person_id=day_off.person_id, start=day_off.date, end=day_off.end_date, exclude=day_off.pk
    )
    day_off.save()
    _clear_time_spents(day_off=day_off, actor=actor)
    _announce("update", day_off.pk, actor)
    return day_off


@transaction.atomic
def day_off_delete(*, actor: Person, day_off: DayOff) -> None:
    day_off_id = day_off.pk
    day_off.delete()
    _announce("delete", day_off_id, actor)

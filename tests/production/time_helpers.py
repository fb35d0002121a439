"""A realistic team for the time tests: two departments, two studios, three projects (one
closed), shot tasks of two departments' task types, time logged over several weeks around a new
year, and days off.

Logged minutes (all in 2026 unless said otherwise):

    ta1   Main  SH010 anim   2025-12-29: 120, 2025-12-31: 60, 01-02: 240, 01-05: 480,
                             02-16: 300, 03-01: 30
    ta1   Other SH010 anim   01-05: 60, 02-17: 90
    ta2   Main  SH010 light  01-05: 200, 01-06: 100, 03-09: 45.5
    ta2   Closed SH010 light 01-13: 33
    ta3   Main  SH020 anim   01-07: 180, 02-16: 60
    ta3   Main  SH020 light  01-07: 20
    sup   Main  SH020 anim   01-08: 30
    out   Other SH020 anim   01-09: 400, 02-16: 100
    ven   Main  SH010 anim   01-05: 50
    sup2  Other SH010 light  01-12: 75

Days off: ta1 01-19..01-23 "ski", ta2 03-30..04-03, out 02-27..03-02 "long weekend".
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.db.models import Sum

from people.models import DayOff, Role, TimeSpent
from production.models import Task
from tests.factories import DepartmentFactory, PersonFactory, StudioFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    closed_status,
    sequence,
    shot,
)

LOGS = [
    ("ta1", "main", "SH010", "anim", [("2025-12-29", 120), ("2025-12-31", 60),
                                      ("2026-01-02", 240), ("2026-01-05", 480),
                                      ("2026-02-16", 300), ("2026-03-01", 30)]),
    ("ta1", "other", "SH010", "anim", [("2026-01-05", 60), ("2026-02-17", 90)]),
    ("ta2", "main", "SH010", "light", [("2026-01-05", 200), ("2026-01-06", 100),
                                       ("2026-03-09", 45.5)]),
    ("ta2", "closed", "SH010", "light", [("2026-01-13", 33)]),
    ("ta3", "main", "SH020", "anim", [("2026-01-07", 180), ("2026-02-16", 60)]),
    ("ta3", "main", "SH020", "light", [("2026-01-07", 20)]),
    ("sup", "main", "SH020", "anim", [("2026-01-08", 30)]),
    ("out", "other", "SH020", "anim", [("2026-01-09", 400), ("2026-02-16", 100)]),
    ("ven", "main", "SH010", "anim", [("2026-01-05", 50)]),
    ("sup2", "other", "SH010", "light", [("2026-01-12", 75)]),
]  # fmt: skip
TEAMS = {
    "main": ["man", "sup", "ta1", "ta2", "ta3", "cli", "ven"],
    "other": ["ta1", "out", "sup2"],
    "closed": ["man", "ta2", "sup2"],
}


def build_team() -> SimpleNamespace:
    t = SimpleNamespace()
    t.anim = DepartmentFactory(name="Anim")
    t.light = DepartmentFactory(name="Light")
    t.paris = StudioFactory(name="Paris")
    t.lyon = StudioFactory(name="Lyon")
    people = {
        "man": (Role.MANAGER, [], None),
        "sup": (Role.SUPERVISOR, [t.anim], t.paris),
        "sup2": (Role.SUPERVISOR, [], None),
        "ta1": (Role.USER, [t.anim], t.paris),
        "ta2": (Role.USER, [t.light], t.lyon),
        "ta3": (Role.USER, [t.anim, t.light], t.lyon),
        "out": (Role.USER, [t.anim], t.paris),
        "cli": (Role.CLIENT, [], None),
        "ven": (Role.VENDOR, [t.anim], None),
    }
    for key, (role, departments, studio) in people.items():
        person = PersonFactory(role=role, studio=studio, first_name=key)
        person.departments.set(departments)
        setattr(t, key, person)
    t.tt = {
        "anim": TaskTypeFactory(name="Anim", for_entity="Shot", department=t.anim),
        "light": TaskTypeFactory(name="Light", for_entity="Shot", department=t.light),
    }
    t.projects = {
        "main": ProjectFactory(name="Main"),
        "other": ProjectFactory(name="Other"),
        "closed": ProjectFactory(name="Closed", project_status=closed_status()),
    }
    for key, members in TEAMS.items():
        for member in members:
            add_to_team(t.projects[key], getattr(t, member))
    t.tasks = {}
    for key, project in t.projects.items():
        seq = sequence(project)
        for name in ("SH010", "SH020"):
            entity = shot(project, seq, name=name)
            for tt_key, task_type in t.tt.items():
                t.tasks[key, name, tt_key] = TaskFactory(
                    entity=entity, project=project, task_type=task_type
                )
    for person, project, shot_name, tt_key, entries in LOGS:
        task = t.tasks[project, shot_name, tt_key]
        task.assignees.add(getattr(t, person))
        for day, minutes in entries:
            TimeSpent.objects.create(
                task=task, person=getattr(t, person), date=dt.date.fromisoformat(day),
                duration=minutes,
            )  # fmt: skip
    sync_durations()
    t.day_offs = {
        "ta1": DayOff.objects.create(
            person=t.ta1,
            date=dt.date(2026, 1, 19),
            end_date=dt.date(2026, 1, 23),
            description="ski",
        ),
        "ta2": DayOff.objects.create(
            person=t.ta2, date=dt.date(2026, 3, 30), end_date=dt.date(2026, 4, 3)
        ),
        "out": DayOff.objects.create(
            person=t.out,
            date=dt.date(2026, 2, 27),
            end_date=dt.date(2026, 3, 2),
            description="long weekend",
        ),
    }
    return t


def sync_durations() -> None:
    for task in Task.objects.all():
        total = task.time_spents.aggregate(total=Sum("duration"))["total"] or 0
        Task.objects.filter(pk=task.pk).update(duration=total)


def by_id(t: SimpleNamespace, table: dict) -> dict:
    """A table written with person keys (`ta1`) as the API answers it (person ids)."""
    return {
        unit: {str(getattr(t, name).pk): minutes for name, minutes in row.items()}
        for unit, row in table.items()
    }

"""A small tvshow production for the quota tests, and what the reference answers on it.

Two artists in different timezones (Paris and Tokyo) work on Animation and Layout shot tasks,
with time spents on several days, feedback (`end_date`) and done (`done_date`) stamps set
directly, and one asset task that quotas must ignore. The expected Animation tables were read on
the reference server for the same data, value by value (person ids replaced by "paris" and
"tokyo"), with an admin in Europe/Paris asking.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from people.models import Person, TimeSpent
from production.models import Entity, Project, Task, TaskStatus, TaskType
from tests.factories import PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """An aware UTC datetime from `YYYY-MM-DDTHH:MM`."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class Production:
    project: Project
    paris: Person
    tokyo: Person
    animation: TaskType
    layout: TaskType
    shots: dict[str, Entity]
    tasks: dict[str, Task] = field(default_factory=dict)

    def ids(self) -> dict[str, str]:
        return {str(self.paris.pk): "paris", str(self.tokyo.pk): "tokyo"}


def make_task(
    production: Production,
    *,
    task_type: TaskType,
    entity: Entity,
    status: TaskStatus,
    assignees: list[Person],
    times: tuple[tuple[Person, str, float], ...] = (),
    **fields: Any,
) -> Task:
    task = Task.objects.create(
        project=production.project,
        task_type=task_type,
        entity=entity,
        task_status=status,
        duration=sum(minutes for _, _, minutes in times),
        **fields,
    )
    task.assignees.set(assignees)
    for person, day, minutes in times:
        TimeSpent.objects.create(
            task=task, person=person, date=dt.date.fromisoformat(day), duration=minutes
        )
    return task


def build_production() -> Production:
    """The reference scenario: see the module docstring."""
    project = ProjectFactory(name="quotas TV", production_type="tvshow", fps="25")
    paris = PersonFactory(first_name="quotas", last_name="paris", timezone="Europe/Paris")
    tokyo = PersonFactory(first_name="quotas", last_name="tokyo", timezone="Asia/Tokyo")
    for person in (paris, tokyo):
        add_to_team(project, person)
    animation = TaskTypeFactory(name="Animation", for_entity="Shot")
    layout = TaskTypeFactory(name="Layout", for_entity="Shot")
    modeling = TaskTypeFactory(name="Modeling", for_entity="Asset")
    wip = TaskStatusFactory(name="WIP", short_name="wip", is_wip=True)
    wfa = TaskStatusFactory(name="WFA", short_name="wfa", is_feedback_request=True)
    done = TaskStatusFactory(name="Done", short_name="done", is_done=True)
    todo = TaskStatusFactory(name="Todo", short_name="todo")
    sq = sequence(project, "SQ01", episode(project, "E01"))
    shots = {
        name: shot(project, sq, name, nb_frames=frames)
        for name, frames in (
            ("SH010", 100),
            ("SH020", 48),
            ("SH030", 60),
            ("SH040", 24),
            ("SH050", None),
        )
    }
    production = Production(project, paris, tokyo, animation, layout, shots)
    new = production.tasks
    new["t1"] = make_task(
        production,
        task_type=animation,
        entity=shots["SH010"],
        status=done,
        assignees=[paris, tokyo],
        times=((paris, "2024-03-04", 120), (paris, "2024-03-05", 60), (tokyo, "2024-03-05", 120)),
        nb_drawings=10,
        real_start_date=at("2024-03-04T08:00"),
        end_date=at("2024-03-05T16:30"),
        done_date=at("2024-03-08T10:00"),
    )
    new["t2"] = make_task(
        production,
        task_type=animation,
        entity=shots["SH020"],
        status=wfa,
        assignees=[paris],
        nb_drawings=4,
        real_start_date=at("2024-03-07T09:00"),
        end_date=at("2024-03-11T23:30"),
    )
    new["t3"] = make_task(
        production,
        task_type=animation,
        entity=shots["SH030"],
        status=done,
        assignees=[tokyo],
        times=((tokyo, "2024-03-11", 60),),
        real_start_date=at("2024-03-11T01:00"),
        end_date=at("2024-03-11T15:30"),
        done_date=at("2024-03-12T02:00"),
    )
    new["t4"] = make_task(
        production, task_type=animation, entity=shots["SH040"], status=todo, assignees=[paris]
    )
    new["t5"] = make_task(
        production,
        task_type=animation,
        entity=shots["SH050"],
        status=wfa,
        assignees=[paris],
        times=((paris, "2024-03-06", 45),),
        end_date=at("2024-03-06T10:00"),
    )
    new["t6"] = make_task(
        production,
        task_type=layout,
        entity=shots["SH010"],
        status=wfa,
        assignees=[paris],
        times=((paris, "2024-03-05", 30),),
        end_date=at("2024-03-05T10:00"),
    )
    new["t7"] = make_task(
        production,
        task_type=modeling,
        entity=asset(project, "quotas Hero"),
        status=wfa,
        assignees=[paris],
        times=((paris, "2024-03-05", 30),),
        end_date=at("2024-03-05T10:00"),
    )
    new["t8"] = make_task(
        production,
        task_type=layout,
        entity=shots["SH020"],
        status=wip,
        assignees=[tokyo],
        end_date=at("2024-03-06T03:00"),
    )
    return production


def renamed(table: dict[str, Any], production: Production) -> dict[str, Any]:
    """The table with person ids replaced by "paris" / "tokyo"."""
    names = production.ids()
    return {names.get(key, key): value for key, value in table.items()}


# The reference's Animation tables of the production above, per count mode.
REFERENCE_ANIMATION = {
    "weighted": {
        "tokyo": {
            "day": {
                "frames": {"2024-03-11": 60, "2024-03-05": 40},
                "seconds": {"2024-03-11": 2.4, "2024-03-05": 1.6},
                "count": {"2024-03-11": 1.0, "2024-03-05": 0.4},
                "entries": {"2024-03": 2},
                "drawings": {"2024-03-11": 0, "2024-03-05": 4},
            },
            "week": {
                "frames": {"2024-11": 60, "2024-10": 40},
                "seconds": {"2024-11": 2.4, "2024-10": 1.6},
                "count": {"2024-11": 1.0, "2024-10": 0.4},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 0, "2024-10": 4},
            },
            "month": {
                "frames": {"2024-03": 100},
                "seconds": {"2024-03": 4.0},
                "count": {"2024-03": 1.4},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 4},
            },
            "year": {
                "frames": {"2024": 100},
                "seconds": {"2024": 4.0},
                "count": {"2024": 1.4},
                "drawings": {"2024": 4},
            },
        },
        "total": {
            "day": {
                "frames": {
                    "2024-03-11": 76,
                    "2024-03-04": 40,
                    "2024-03-05": 60,
                    "2024-03-06": 0,
                    "2024-03-07": 16,
                    "2024-03-08": 16,
                },
                "seconds": {
                    "2024-03-11": 3.04,
                    "2024-03-04": 1.6,
                    "2024-03-05": 2.4000000000000004,
                    "2024-03-06": 0.0,
                    "2024-03-07": 0.64,
                    "2024-03-08": 0.64,
                },
                "count": {
                    "2024-03-11": 1.33,
                    "2024-03-04": 0.4,
                    "2024-03-05": 0.6,
                    "2024-03-06": 1.0,
                    "2024-03-07": 0.33,
                    "2024-03-08": 0.33,
                },
                "entries": {"2024-03": 6},
                "drawings": {
                    "2024-03-11": 4,
                    "2024-03-04": 4,
                    "2024-03-05": 6,
                    "2024-03-06": 0,
                    "2024-03-07": 4,
                    "2024-03-08": 4,
                },
            },
            "week": {
                "frames": {"2024-11": 76, "2024-10": 132},
                "seconds": {"2024-11": 3.04, "2024-10": 5.279999999999999},
                "count": {"2024-11": 1.33, "2024-10": 2.67},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 4, "2024-10": 18},
            },
            "month": {
                "frames": {"2024-03": 208},
                "seconds": {"2024-03": 8.32},
                "count": {"2024-03": 4.0},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 22},
            },
            "year": {
                "frames": {"2024": 208},
                "seconds": {"2024": 8.32},
                "count": {"2024": 4.0},
                "drawings": {"2024": 22},
            },
        },
        "paris": {
            "day": {
                "frames": {
                    "2024-03-04": 40,
                    "2024-03-05": 20,
                    "2024-03-06": 0,
                    "2024-03-07": 16,
                    "2024-03-08": 16,
                    "2024-03-11": 16,
                },
                "seconds": {
                    "2024-03-04": 1.6,
                    "2024-03-05": 0.8,
                    "2024-03-06": 0.0,
                    "2024-03-07": 0.64,
                    "2024-03-08": 0.64,
                    "2024-03-11": 0.64,
                },
                "count": {
                    "2024-03-04": 0.4,
                    "2024-03-05": 0.2,
                    "2024-03-06": 1.0,
                    "2024-03-07": 0.33,
                    "2024-03-08": 0.33,
                    "2024-03-11": 0.33,
                },
                "entries": {"2024-03": 6},
                "drawings": {
                    "2024-03-04": 4,
                    "2024-03-05": 2,
                    "2024-03-06": 0,
                    "2024-03-07": 4,
                    "2024-03-08": 4,
                    "2024-03-11": 4,
                },
            },
            "week": {
                "frames": {"2024-10": 92, "2024-11": 16},
                "seconds": {"2024-10": 3.6800000000000006, "2024-11": 0.64},
                "count": {"2024-10": 2.27, "2024-11": 0.33},
                "entries": {"2024": 2},
                "drawings": {"2024-10": 14, "2024-11": 4},
            },
            "month": {
                "frames": {"2024-03": 108},
                "seconds": {"2024-03": 4.32},
                "count": {"2024-03": 2.6},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 18},
            },
            "year": {
                "frames": {"2024": 108},
                "seconds": {"2024": 4.32},
                "count": {"2024": 2.6},
                "drawings": {"2024": 18},
            },
        },
    },
    "weighteddone": {
        "tokyo": {
            "day": {
                "frames": {"2024-03-11": 60, "2024-03-05": 40},
                "seconds": {"2024-03-11": 2.4, "2024-03-05": 1.6},
                "count": {"2024-03-11": 1.0, "2024-03-05": 0.4},
                "entries": {"2024-03": 2},
                "drawings": {"2024-03-11": 0, "2024-03-05": 4},
            },
            "week": {
                "frames": {"2024-11": 60, "2024-10": 40},
                "seconds": {"2024-11": 2.4, "2024-10": 1.6},
                "count": {"2024-11": 1.0, "2024-10": 0.4},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 0, "2024-10": 4},
            },
            "month": {
                "frames": {"2024-03": 100},
                "seconds": {"2024-03": 4.0},
                "count": {"2024-03": 1.4},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 4},
            },
            "year": {
                "frames": {"2024": 100},
                "seconds": {"2024": 4.0},
                "count": {"2024": 1.4},
                "drawings": {"2024": 4},
            },
        },
        "total": {
            "day": {
                "frames": {"2024-03-11": 60, "2024-03-04": 40, "2024-03-05": 60},
                "seconds": {"2024-03-11": 2.4, "2024-03-04": 1.6, "2024-03-05": 2.4000000000000004},
                "count": {"2024-03-11": 1.0, "2024-03-04": 0.4, "2024-03-05": 0.6},
                "entries": {"2024-03": 3},
                "drawings": {"2024-03-11": 0, "2024-03-04": 4, "2024-03-05": 6},
            },
            "week": {
                "frames": {"2024-11": 60, "2024-10": 100},
                "seconds": {"2024-11": 2.4, "2024-10": 4.0},
                "count": {"2024-11": 1.0, "2024-10": 1.0},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 0, "2024-10": 10},
            },
            "month": {
                "frames": {"2024-03": 160},
                "seconds": {"2024-03": 6.4},
                "count": {"2024-03": 2.0},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 10},
            },
            "year": {
                "frames": {"2024": 160},
                "seconds": {"2024": 6.4},
                "count": {"2024": 2.0},
                "drawings": {"2024": 10},
            },
        },
        "paris": {
            "day": {
                "frames": {"2024-03-04": 40, "2024-03-05": 20},
                "seconds": {"2024-03-04": 1.6, "2024-03-05": 0.8},
                "count": {"2024-03-04": 0.4, "2024-03-05": 0.2},
                "entries": {"2024-03": 2},
                "drawings": {"2024-03-04": 4, "2024-03-05": 2},
            },
            "week": {
                "frames": {"2024-10": 60},
                "seconds": {"2024-10": 2.4000000000000004},
                "count": {"2024-10": 0.6},
                "entries": {"2024": 1},
                "drawings": {"2024-10": 6},
            },
            "month": {
                "frames": {"2024-03": 60},
                "seconds": {"2024-03": 2.4000000000000004},
                "count": {"2024-03": 0.6},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 6},
            },
            "year": {
                "frames": {"2024": 60},
                "seconds": {"2024": 2.4000000000000004},
                "count": {"2024": 0.6},
                "drawings": {"2024": 6},
            },
        },
    },
    "feedback": {
        "tokyo": {
            "day": {
                "frames": {"2024-03-11": 60, "2024-03-05": 100},
                "seconds": {"2024-03-11": 2.4, "2024-03-05": 4.0},
                "count": {"2024-03-11": 1, "2024-03-05": 1},
                "entries": {"2024-03": 2},
                "drawings": {"2024-03-11": 0, "2024-03-05": 10},
            },
            "week": {
                "frames": {"2024-11": 60, "2024-10": 100},
                "seconds": {"2024-11": 2.4, "2024-10": 4.0},
                "count": {"2024-11": 1, "2024-10": 1},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 0, "2024-10": 10},
            },
            "month": {
                "frames": {"2024-03": 160},
                "seconds": {"2024-03": 6.4},
                "count": {"2024-03": 2},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 10},
            },
            "year": {
                "frames": {"2024": 160},
                "seconds": {"2024": 6.4},
                "count": {"2024": 2},
                "drawings": {"2024": 10},
            },
        },
        "total": {
            "day": {
                "frames": {"2024-03-11": 60, "2024-03-05": 200, "2024-03-12": 48, "2024-03-06": 0},
                "seconds": {
                    "2024-03-11": 2.4,
                    "2024-03-05": 8.0,
                    "2024-03-12": 1.92,
                    "2024-03-06": 0.0,
                },
                "count": {"2024-03-11": 1, "2024-03-05": 2, "2024-03-12": 1, "2024-03-06": 1},
                "entries": {"2024-03": 4},
                "drawings": {"2024-03-11": 0, "2024-03-05": 20, "2024-03-12": 4, "2024-03-06": 0},
            },
            "week": {
                "frames": {"2024-11": 108, "2024-10": 200},
                "seconds": {"2024-11": 4.32, "2024-10": 8.0},
                "count": {"2024-11": 2, "2024-10": 3},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 4, "2024-10": 20},
            },
            "month": {
                "frames": {"2024-03": 308},
                "seconds": {"2024-03": 12.32},
                "count": {"2024-03": 5},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 24},
            },
            "year": {
                "frames": {"2024": 308},
                "seconds": {"2024": 12.32},
                "count": {"2024": 5},
                "drawings": {"2024": 24},
            },
        },
        "paris": {
            "day": {
                "frames": {"2024-03-05": 100, "2024-03-12": 48, "2024-03-06": 0},
                "seconds": {"2024-03-05": 4.0, "2024-03-12": 1.92, "2024-03-06": 0.0},
                "count": {"2024-03-05": 1, "2024-03-12": 1, "2024-03-06": 1},
                "entries": {"2024-03": 3},
                "drawings": {"2024-03-05": 10, "2024-03-12": 4, "2024-03-06": 0},
            },
            "week": {
                "frames": {"2024-10": 100, "2024-11": 48},
                "seconds": {"2024-10": 4.0, "2024-11": 1.92},
                "count": {"2024-10": 2, "2024-11": 1},
                "entries": {"2024": 2},
                "drawings": {"2024-10": 10, "2024-11": 4},
            },
            "month": {
                "frames": {"2024-03": 148},
                "seconds": {"2024-03": 5.92},
                "count": {"2024-03": 3},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 14},
            },
            "year": {
                "frames": {"2024": 148},
                "seconds": {"2024": 5.92},
                "count": {"2024": 3},
                "drawings": {"2024": 14},
            },
        },
    },
    "done": {
        "tokyo": {
            "day": {
                "frames": {"2024-03-12": 60, "2024-03-08": 100},
                "seconds": {"2024-03-12": 2.4, "2024-03-08": 4.0},
                "count": {"2024-03-12": 1, "2024-03-08": 1},
                "entries": {"2024-03": 2},
                "drawings": {"2024-03-12": 0, "2024-03-08": 10},
            },
            "week": {
                "frames": {"2024-11": 60, "2024-10": 100},
                "seconds": {"2024-11": 2.4, "2024-10": 4.0},
                "count": {"2024-11": 1, "2024-10": 1},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 0, "2024-10": 10},
            },
            "month": {
                "frames": {"2024-03": 160},
                "seconds": {"2024-03": 6.4},
                "count": {"2024-03": 2},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 10},
            },
            "year": {
                "frames": {"2024": 160},
                "seconds": {"2024": 6.4},
                "count": {"2024": 2},
                "drawings": {"2024": 10},
            },
        },
        "total": {
            "day": {
                "frames": {"2024-03-12": 60, "2024-03-08": 200},
                "seconds": {"2024-03-12": 2.4, "2024-03-08": 8.0},
                "count": {"2024-03-12": 1, "2024-03-08": 2},
                "entries": {"2024-03": 2},
                "drawings": {"2024-03-12": 0, "2024-03-08": 20},
            },
            "week": {
                "frames": {"2024-11": 60, "2024-10": 200},
                "seconds": {"2024-11": 2.4, "2024-10": 8.0},
                "count": {"2024-11": 1, "2024-10": 2},
                "entries": {"2024": 2},
                "drawings": {"2024-11": 0, "2024-10": 20},
            },
            "month": {
                "frames": {"2024-03": 260},
                "seconds": {"2024-03": 10.4},
                "count": {"2024-03": 3},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 20},
            },
            "year": {
                "frames": {"2024": 260},
                "seconds": {"2024": 10.4},
                "count": {"2024": 3},
                "drawings": {"2024": 20},
            },
        },
        "paris": {
            "day": {
                "frames": {"2024-03-08": 100},
                "seconds": {"2024-03-08": 4.0},
                "count": {"2024-03-08": 1},
                "entries": {"2024-03": 1},
                "drawings": {"2024-03-08": 10},
            },
            "week": {
                "frames": {"2024-10": 100},
                "seconds": {"2024-10": 4.0},
                "count": {"2024-10": 1},
                "entries": {"2024": 1},
                "drawings": {"2024-10": 10},
            },
            "month": {
                "frames": {"2024-03": 100},
                "seconds": {"2024-03": 4.0},
                "count": {"2024-03": 1},
                "entries": {"2024": 1},
                "drawings": {"2024-03": 10},
            },
            "year": {
                "frames": {"2024": 100},
                "seconds": {"2024": 4.0},
                "count": {"2024": 1},
                "drawings": {"2024": 10},
            },
        },
    },
}

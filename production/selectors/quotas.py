"""Quotas: the frames, shots and drawings each artist delivered per day, week, month and year.

Only shot tasks count. The raw modes (`feedback`, `done`) give each assignee the whole shot on
the day the task reached feedback (`end_date`) or done (`done_date`), in the reader's timezone.
The weighted modes (`weighted`, `weighteddone`) split the shot between the days people logged
time on it, in proportion to the minutes; a task nobody logged time on is spread evenly over the
business days from its real start to its end (or done) date.

Every read is a fixed number of queries: the tasks, their time spents and their assignees are
read with `values()` and the buckets are computed in Python.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db.models import Q

from kitsu_site.api.wire import Row, WireFormat
from people.models import Person, TimeSpent
from production.models import Entity, Task
from production.selectors.common import assignees_by_task

COUNT_MODES = ("weighted", "weighteddone", "feedback", "done")
WEIGHTED_MODES = ("weighted", "weighteddone")
SHOT = "Shot"
DEFAULT_FPS = 25.0
LEVELS = ("day", "week", "month", "year")


@dataclass(frozen=True)
class QuotaEntry:
    """One contribution: a person, a task type, a day and what it weighs."""

    person_id: str
    task_type_id: str
    shot_id: str
    task_id: str
    day: dt.date
    frames: int
    count: float
    drawings: int
    spread: bool = False


def reader_zone(person: Person) -> ZoneInfo:
    """The timezone days are read in: the caller's own (UTC when it is unknown)."""
    try:
        return ZoneInfo(person.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _date_field(count_mode: str) -> str:
    return "done_date" if count_mode in ("done", "weighteddone") else "end_date"


def business_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Monday to Friday dates from `start` to `end`, both included."""
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _shot_tasks(
    *,
    count_mode: str,
    project_id: Any = None,
    task_type_id: Any = None,
    assignee_id: Any = None,
    time_spent_person_id: Any = None,
) -> list[Row]:
    """Shot tasks stamped with the mode's date, with the shot's frames and drawings."""
    date_field = _date_field(count_mode)
    queryset = Task.objects.filter(
        entity__entity_type__name=SHOT, **{f"{date_field}__isnull": False}
    )
    if project_id is not None:
        queryset = queryset.filter(project_id=project_id)
    if task_type_id is not None:
        queryset = queryset.filter(task_type_id=task_type_id)
    if assignee_id is not None and time_spent_person_id is not None:
        queryset = queryset.filter(
            Q(assignees__id=assignee_id) | Q(time_spents__person_id=time_spent_person_id)
        ).distinct()
    elif assignee_id is not None:
        queryset = queryset.filter(assignees__id=assignee_id)
    return list(
        queryset.order_by("id").values(
            "id",
            "task_type_id",
            "entity_id",
            "duration",
            "nb_drawings",
            "real_start_date",
            "entity__nb_frames",
            date_field,
        )
    )


def _time_spents_by_task(task_ids: list[Any]) -> dict[Any, list[Row]]:
    rows = (
        TimeSpent.objects.filter(task_id__in=task_ids)
        .order_by("date", "person_id")
        .values("task_id", "person_id", "date", "duration")
    )
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["task_id"]].append(row)
    return grouped


def quota_entries(
    *,
    count_mode: str,
    zone: ZoneInfo,
    project_id: Any = None,
    task_type_id: Any = None,
    person_id: Any = None,
) -> list[QuotaEntry]:
    """Every contribution of the mode (three queries), for one person when `person_id` is set."""
    weighted = count_mode in WEIGHTED_MODES
    tasks = _shot_tasks(
        count_mode=count_mode,
        project_id=project_id,
        task_type_id=task_type_id,
        assignee_id=person_id,
        time_spent_person_id=person_id if weighted else None,
    )
    task_ids = [task["id"] for task in tasks]
    assignees = assignees_by_task(task_ids)
    time_spents = _time_spents_by_task(task_ids) if weighted else {}
    entries = [
        entry
        for task in tasks
        for entry in _task_entries(
            task,
            count_mode=count_mode,
            zone=zone,
            assignees=assignees.get(str(task["id"]), []),
            time_spents=time_spents.get(task["id"], []),
        )
    ]
    if person_id is not None:
        wanted = str(person_id)
        entries = [entry for entry in entries if entry.person_id == wanted]
    return entries


def _task_entries(
    task: Row,
    *,
    count_mode: str,
    zone: ZoneInfo,
    assignees: list[str],
    time_spents: list[Row],
) -> Iterator[QuotaEntry]:
    stamp: dt.datetime = task[_date_field(count_mode)]
    frames = task["entity__nb_frames"] or 0
    drawings = task["nb_drawings"] or 0
    common = {
        "task_type_id": str(task["task_type_id"]),
        "shot_id": str(task["entity_id"]),
        "task_id": str(task["id"]),
    }
    if count_mode not in WEIGHTED_MODES:
        day = stamp.astimezone(zone).date()
        for person in assignees:
            yield QuotaEntry(
                person_id=person, day=day, frames=frames, count=1, drawings=drawings, **common
            )
        return
    if time_spents:
        total = task["duration"] or sum(row["duration"] for row in time_spents)
        for row in time_spents:
            ratio = row["duration"] / total
            yield QuotaEntry(
                person_id=str(row["person_id"]),
                day=row["date"],
                frames=round(frames * ratio),
                count=ratio,
                drawings=round(drawings * ratio),
                **common,
            )
        return
    if task["real_start_date"] is None:
        return
    # Spread over the working days, on the stored (UTC) dates; each day gets the whole drawings
    # count, as the reference does.
    days = business_days(task["real_start_date"].date(), stamp.date())
    if not days:
        return
    for person in assignees:
        for day in days:
            yield QuotaEntry(
                person_id=person,
                day=day,
                frames=round(frames / len(days)),
                count=1 / len(days),
                drawings=drawings,
                spread=True,
                **common,
            )


# -- the project tables ---------------------------------------------------------------------------
def _keys(day: dt.date) -> dict[str, tuple[str, str | None]]:
    """The bucket key of each level and the key of the period it is counted in (entries)."""
    iso_year, iso_week, _ = day.isocalendar()
    return {
        "day": (day.isoformat(), f"{day.year}-{day.month:02d}"),
        "week": (f"{iso_year}-{iso_week}", str(iso_year)),
        "month": (f"{day.year}-{day.month:02d}", str(day.year)),
        "year": (str(day.year), None),
    }


class _Table:
    """Sums of one row of the quota table (a person, a task type or the total)."""

    def __init__(self) -> None:
        self.levels: dict[str, dict[str, dict[str, Any]]] = {
            level: {"frames": {}, "seconds": {}, "count": {}, "drawings": {}} for level in LEVELS
        }
        self.periods: dict[str, dict[str, set[str]]] = {level: defaultdict(set) for level in LEVELS}

    def add(self, entry: QuotaEntry, fps: float) -> None:
        for level, (key, period) in _keys(entry.day).items():
            sums = self.levels[level]
            for name, value in (
                ("frames", entry.frames),
                ("seconds", entry.frames / fps),
                ("count", entry.count),
                ("drawings", entry.drawings),
            ):
                sums[name][key] = sums[name].get(key, 0) + value
            if period is not None:
                self.periods[level][period].add(key)

    def render(self, *, weighted: bool) -> dict[str, Any]:
        table: dict[str, Any] = {}
        for level in LEVELS:
            sums = self.levels[level]
            counts = sums["count"]
            if weighted:
                counts = {key: round(float(value), 2) for key, value in counts.items()}
            table[level] = {
                "frames": sums["frames"],
                "seconds": sums["seconds"],
                "count": counts,
                **(
                    {"entries": {period: len(keys) for period, keys in self.periods[level].items()}}
                    if level != "year"
                    else {}
                ),
                "drawings": sums["drawings"],
            }
        return table


def project_fps(fps: Any) -> float:
    try:
        value = float(fps)
    except (TypeError, ValueError):
        return DEFAULT_FPS
    return value or DEFAULT_FPS


def quota_table(
    entries: Iterable[QuotaEntry], *, fps: float, weighted: bool, key_by: str
) -> dict[str, Any]:
    """`{<key>|"total": {day|week|month|year: {frames, seconds, count, entries, drawings}}}`,
    keyed by `person_id` or `task_type_id`."""
    tables: dict[str, _Table] = defaultdict(_Table)
    for entry in entries:
        tables[getattr(entry, key_by)].add(entry, fps)
        tables["total"].add(entry, fps)
    return {key: table.render(weighted=weighted) for key, table in tables.items()}


def project_quotas(
    *,
    project_id: Any,
    fps: Any,
    task_type_id: Any,
    count_mode: str,
    zone: ZoneInfo,
    studio_id: Any = None,
) -> dict[str, Any]:
    """The quota table of a task type in a project, per person and in total."""
    entries = quota_entries(
        count_mode=count_mode, zone=zone, project_id=project_id, task_type_id=task_type_id
    )
    if studio_id is not None:
        studio = Person.objects.filter(studio_id=studio_id)
        members = {str(pk) for pk in studio.values_list("id", flat=True)}
        entries = [entry for entry in entries if entry.person_id in members]
    return quota_table(
        entries, fps=project_fps(fps), weighted=count_mode in WEIGHTED_MODES, key_by="person_id"
    )


def project_person_quotas(
    *, project_id: Any, fps: Any, person_id: Any, count_mode: str, zone: ZoneInfo
) -> dict[str, Any]:
    """The quota table of one person in a project, per task type and in total."""
    entries = quota_entries(
        count_mode=count_mode, zone=zone, project_id=project_id, person_id=person_id
    )
    return quota_table(
        entries, fps=project_fps(fps), weighted=count_mode in WEIGHTED_MODES, key_by="task_type_id"
    )


# -- the shots of a person in a period ------------------------------------------------------------
def _shot_full_name(row: Row) -> str:
    names = [row["parent__parent__name"], row["parent__name"], row["name"]]
    return " / ".join(name for name in names if name)


QUOTA_SHOT_WIRE = WireFormat(
    Entity,
    type_name="Entity",
    relations=(),
    computed={"full_name": _shot_full_name},
    computed_from=("parent__name", "parent__parent__name"),
)


def person_quota_shots(
    *,
    person_id: Any,
    start: dt.date,
    end: dt.date,
    count_mode: str,
    zone: ZoneInfo,
    project_id: Any = None,
    task_type_id: Any = None,
) -> list[Row]:
    """The shots a person delivered between `start` and `end` (included), each with its weight:
    1 per shot in the raw modes, the sum of the person's shares (rounded to hundredths each) in
    the weighted ones. Ordered by shot name."""
    entries = quota_entries(
        count_mode=count_mode,
        zone=zone,
        project_id=project_id,
        task_type_id=task_type_id,
        person_id=person_id,
    )
    weights: dict[str, float] = {}
    spread_shares: dict[tuple[str, str], float] = defaultdict(float)
    for entry in entries:
        if not start <= entry.day <= end:
            continue
        if count_mode not in WEIGHTED_MODES:
            weights[entry.shot_id] = 1
        elif entry.spread:
            # A spread task weighs its days in the period together: 3 days of 3 make 1.0.
            spread_shares[(entry.shot_id, entry.task_id)] += entry.count
        else:
            weights[entry.shot_id] = weights.get(entry.shot_id, 0) + round(entry.count, 2)
    for (shot_id, _), share in spread_shares.items():
        weights[shot_id] = weights.get(shot_id, 0) + round(share, 2)
    if not weights:
        return []
    shots = Entity.objects.filter(id__in=[uuid.UUID(pk) for pk in weights]).order_by("name", "id")
    rows = QUOTA_SHOT_WIRE.rows(shots)
    for row in rows:
        row["weight"] = weights[row["id"]]
    return rows

"""Estimation imports: for one task type, each row sets the task of one entity (`Parent`,
`Entity`): `Estimation` (days), `Drawings`, `Start date`, `Due date`, `Difficulty` and the task
type's metadata columns. Without a due date, a row with a start date and an estimation gets the
due date that many business days later.

The parent is the sequence of a shot, the asset type of an asset, the parent of anything else.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from imports.csv_import.entities import parse_int
from imports.csv_import.names import NameIndex, name_key
from imports.csv_import.reader import CsvFile, CsvRow
from kitsu_site.api.events import changes_announced, deliveries_batched, emit
from people.models import Organisation, Person
from production.models import Entity, MetadataDescriptor, Project, Task, TaskType
from production.wire import TASK_RELATIONS_WIRE

TASK_FIELDS = ("estimation", "nb_drawings", "start_date", "due_date", "difficulty")


@dataclass
class EstimationPlan:
    task_id: Any
    fields: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


def hours_by_day() -> float:
    return Organisation.objects.values_list("hours_by_day", flat=True).first() or 8


def business_days_after(start: dt.datetime, days: int) -> dt.datetime:
    """The working day `days` business days after `start` (weekends skipped)."""
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def parse_day(row: CsvRow, column: str) -> dt.datetime | None:
    value = row.text(column)
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise row.error(f"{column} must be a date (YYYY-MM-DD), got '{value}'") from None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def parse_days(row: CsvRow) -> float | None:
    value = row.text("Estimation")
    if not value:
        return None
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise row.error(f"Estimation must be a number of days, got '{value}'") from None


class EstimationImport:
    required_columns = ("Parent", "Entity")

    def __init__(
        self,
        *,
        actor: Person,
        project: Project,
        task_type: TaskType,
        episode: Entity | None = None,
    ):
        self.actor = actor
        self.project = project
        self.task_type = task_type
        self.episode = episode

    def run(self, csv_file: CsvFile) -> list[None]:
        """Import the file; answers one `null` per row, as the reference does."""
        csv_file.require(*self.required_columns)
        tasks = self.task_index()
        minutes_by_day = hours_by_day() * 60
        descriptors = {
            name: field_name
            for name, field_name in MetadataDescriptor.objects.filter(
                project=self.project, task_type=self.task_type
            ).values_list("name", "field_name")
            if csv_file.has(name)
        }
        plans = []
        for row in csv_file.rows:
            plan = self.plan(row, tasks, minutes_by_day)
            plan.data = {key: row.text(column) for column, key in descriptors.items()}
            plans.append(plan)
        with deliveries_batched(), transaction.atomic():
            self.write(plans)
        return [None] * len(plans)

    def task_index(self) -> NameIndex[Any]:
        """The project's tasks of the task type by (parent name, entity name)."""
        tasks = Task.objects.filter(project=self.project, task_type=self.task_type)
        if self.episode is not None:
            tasks = tasks.filter(entity__parent__parent=self.episode)
        index: NameIndex[Any] = NameIndex()
        rows = tasks.values_list(
            "id", "entity__name", "entity__parent__name", "entity__entity_type__name"
        )
        by_type = self.task_type.for_entity == "Asset"
        for task_id, name, parent_name, type_name in rows:
            parent = type_name if by_type else parent_name or ""
            index.add(name_key(parent), name, task_id)
        return index

    def plan(self, row: CsvRow, tasks: NameIndex[Any], minutes_by_day: float) -> EstimationPlan:
        parent, name = row.text("Parent"), row.text("Entity")
        task_id = tasks.find(name_key(parent), name)
        if task_id is None:
            raise row.error(f"Entity '{name}' with parent '{parent}' not found")
        plan = EstimationPlan(task_id=task_id)
        days = parse_days(row)
        if days is not None:
            plan.fields["estimation"] = days * minutes_by_day
        drawings = parse_int(row, "Drawings", "Drawings")
        if drawings is not None:
            plan.fields["nb_drawings"] = drawings
        difficulty = parse_int(row, "Difficulty", "Difficulty")
        if difficulty is not None:
            if not 1 <= difficulty <= 5:
                raise row.error(f"Difficulty must be between 1 and 5, got '{difficulty}'")
            plan.fields["difficulty"] = difficulty
        self.plan_dates(row, plan, days)
        return plan

    def plan_dates(self, row: CsvRow, plan: EstimationPlan, days: float | None) -> None:
        start, due = parse_day(row, "Start date"), parse_day(row, "Due date")
        if start is not None:
            plan.fields["start_date"] = start
            if due is None and days:
                due = business_days_after(start, max(math.ceil(days) - 1, 0))
        if due is not None:
            plan.fields["due_date"] = due

    def write(self, plans: list[EstimationPlan]) -> None:
        """One bulk update of the tasks, each announced."""
        tasks = Task.objects.in_bulk([plan.task_id for plan in plans])
        changed: dict[Any, Task] = {}
        now = timezone.now()
        for plan in plans:
            task = tasks[plan.task_id]
            for name, value in plan.fields.items():
                setattr(task, name, value)
            if plan.data:
                task.data = {**(task.data or {}), **plan.data}
            task.updated_at = now
            changed[task.pk] = task
        with changes_announced(TASK_RELATIONS_WIRE, list(changed)):
            Task.objects.bulk_update(
                list(changed.values()), [*TASK_FIELDS, "data", "updated_at"], batch_size=1000
            )
            for task in changed.values():
                emit(
                    "task:update",
                    {"task_id": task.pk},
                    project_id=self.project.pk,
                    user_id=self.actor.pk,
                )

"""Reads of a project's milestones, budgets, budget entries and month costs, shaped as the
project routes answer them."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from kitsu_site.api.wire import values_fast, wire_uuid, wire_value
from people.models import Organisation, TimeSpent
from production.models import Budget, BudgetEntry, Milestone, ScheduleItem

# The project routes list rows without audit columns or type, id first.
PROJECT_MILESTONE_COLUMNS = ("id", "date", "name", "project_id", "task_type_id")
PROJECT_BUDGET_COLUMNS = ("id", "project_id", "revision", "name", "currency")
DEFAULT_HOURS_BY_DAY = 8.0


def plain_rows(queryset: models.QuerySet, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows holding only `columns`, in that order, as the wire writes values (no `type`)."""
    ids = {column for column in columns if column == "id" or column.endswith("_id")}
    return [
        {
            column: wire_uuid(row[column]) if column in ids else wire_value(row[column])
            for column in columns
        }
        for row in values_fast(queryset, columns)
    ]


def project_milestone_rows(*, project_id: uuid.UUID) -> list[dict[str, Any]]:
    """The project's milestones in creation order, in one query."""
    queryset = Milestone.objects.filter(project_id=project_id).order_by("created_at", "id")
    return plain_rows(queryset, PROJECT_MILESTONE_COLUMNS)


def project_budget_rows(*, project_id: uuid.UUID) -> list[dict[str, Any]]:
    """The project's budgets by revision, in one query."""
    queryset = Budget.objects.filter(project_id=project_id).order_by("revision", "created_at")
    return plain_rows(queryset, PROJECT_BUDGET_COLUMNS)


def next_budget_revision(*, project_id: uuid.UUID) -> int:
    """One more than the project's highest revision: numbers of deleted budgets below it are
    not reused."""
    last = Budget.objects.filter(project_id=project_id).aggregate(last=models.Max("revision"))
    return (last["last"] or 0) + 1


BUDGET_ENTRY_COLUMNS = (
    "id",
    "budget_id",
    "department_id",
    "person_id",
    "start_date",
    "months_duration",
    "daily_salary",
    "position",
    "seniority",
    "exceptions",
)


def budget_entry_rows(*, budget_id: uuid.UUID) -> list[dict[str, Any]]:
    """The budget's entries in creation order, in one query."""
    queryset = BudgetEntry.objects.filter(budget_id=budget_id).order_by("created_at", "id")
    return plain_rows(queryset, BUDGET_ENTRY_COLUMNS)


def project_month_time_spents(*, project_id: uuid.UUID) -> dict[str, dict[str, Any]]:
    """Minutes logged on the project's tasks, per department of the task type, person and
    month (`YYYY-MM`), each level with its `total`; in one query."""
    rows = (
        TimeSpent.objects.filter(task__project_id=project_id)
        .values("task__task_type__department_id", "person_id", "date__year", "date__month")
        .annotate(minutes=models.Sum("duration"))
        .order_by("date__year", "date__month")
    )
    costs: dict[str, dict[str, Any]] = {}
    for row in rows:
        department_key = json_key(row["task__task_type__department_id"])
        department = costs.setdefault(department_key, {"total": 0.0})
        person = department.setdefault(str(row["person_id"]), {"total": 0.0})
        minutes = float(row["minutes"])
        person[f"{row['date__year']:04d}-{row['date__month']:02d}"] = minutes
        person["total"] += minutes
        department["total"] += minutes
    return costs


def json_key(value: Any) -> str:
    """A dict key as the reference's JSON writes it: ids as text, no id as `null`."""
    return "null" if value is None else str(value)


def hours_by_day() -> float:
    """The studio's working day, in hours (8 until the organisation says otherwise)."""
    hours = Organisation.objects.values_list("hours_by_day", flat=True).first()
    return hours or DEFAULT_HOURS_BY_DAY


def planned_and_spent_days(*, project_id: uuid.UUID) -> list[dict[str, Any]]:
    """Per task type of the project's schedule or time spents, by name: the man-days its
    schedule item plans and the days logged on its tasks (minutes over the studio's working
    day), in three queries."""
    minutes_per_day = hours_by_day() * 60
    planned = ScheduleItem.objects.filter(project_id=project_id, object_id__isnull=True).values(
        "task_type_id", "task_type__name", "man_days"
    )
    spent = (
        TimeSpent.objects.filter(task__project_id=project_id)
        .values("task__task_type_id", "task__task_type__name")
        .annotate(minutes=models.Sum("duration"))
        .order_by()
    )
    rows: dict[Any, dict[str, Any]] = {}
    for item in planned:
        row = rows.setdefault(item["task_type_id"], _day_row(item["task_type__name"]))
        row["planned"] = float(item["man_days"] or 0)
    for total in spent:
        row = rows.setdefault(total["task__task_type_id"], _day_row(total["task__task_type__name"]))
        row["spent"] = round(total["minutes"] / minutes_per_day, 2)
    return sorted(rows.values(), key=lambda row: row["task_type"])


def _day_row(task_type_name: str) -> dict[str, Any]:
    return {"task_type": task_type_name, "planned": 0.0, "spent": 0.0}

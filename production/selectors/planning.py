"""Reads of a project's milestones and budgets, shaped as the project routes answer them."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from kitsu_site.api.wire import values_fast, wire_uuid, wire_value
from production.models import Budget, Milestone

# The project routes list rows without audit columns or type, id first.
PROJECT_MILESTONE_COLUMNS = ("id", "date", "name", "project_id", "task_type_id")
PROJECT_BUDGET_COLUMNS = ("id", "project_id", "revision", "name", "currency")


def _plain_rows(queryset: models.QuerySet, columns: tuple[str, ...]) -> list[dict[str, Any]]:
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
    return _plain_rows(queryset, PROJECT_MILESTONE_COLUMNS)


def project_budget_rows(*, project_id: uuid.UUID) -> list[dict[str, Any]]:
    """The project's budgets by revision, in one query."""
    queryset = Budget.objects.filter(project_id=project_id).order_by("revision", "created_at")
    return _plain_rows(queryset, PROJECT_BUDGET_COLUMNS)


def next_budget_revision(*, project_id: uuid.UUID) -> int:
    """One more than the project's highest revision: numbers of deleted budgets below it are
    not reused."""
    last = Budget.objects.filter(project_id=project_id).aggregate(last=models.Max("revision"))
    return (last["last"] or 0) + 1

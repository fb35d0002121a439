"""Writes of a project's plan and costs: budgets with their revision numbering, and the salary
scale grid every budget starts from."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from kitsu_site.api.events import emit
from people.models import Department, Person, Position, SalaryScale, Seniority
from production.models import Budget, BudgetEntry, Project
from production.selectors.planning import next_budget_revision

DEFAULT_CURRENCY = "USD"


def _emit_budget(name: str, budget_id: uuid.UUID, project_id: Any, actor: Person) -> None:
    emit(name, {"budget_id": budget_id}, project_id=project_id, user_id=actor.pk)


@transaction.atomic
def budget_create(
    *, actor: Person, project_id: uuid.UUID, name: str, currency: str | None = DEFAULT_CURRENCY
) -> Budget:
    """A new budget numbered after the project's last revision (`budget:create`)."""
    # Locking the project row serialises revision numbering between concurrent creations.
    Project.objects.select_for_update().filter(pk=project_id).first()
    budget = Budget.objects.create(
        project_id=project_id,
        revision=next_budget_revision(project_id=project_id),
        name=name,
        currency=currency,
    )
    _emit_budget("budget:create", budget.pk, project_id, actor)
    return budget


@transaction.atomic
def budget_update(*, actor: Person, budget: Budget, changes: dict[str, Any]) -> Budget:
    """Renames the budget or changes its currency; revision and project never change."""
    for key in ("name", "currency"):
        if changes.get(key) is not None:
            setattr(budget, key, changes[key])
    budget.save()
    _emit_budget("budget:update", budget.pk, budget.project_id, actor)
    return budget


@transaction.atomic
def budget_delete(*, actor: Person, budget: Budget) -> None:
    """Deletes the budget and its entries; only `budget:delete` is announced."""
    budget_id, project_id = budget.pk, budget.project_id
    BudgetEntry.objects.filter(budget=budget).delete()
    budget.delete()
    _emit_budget("budget:delete", budget_id, project_id, actor)


@transaction.atomic
def salary_scales_complete() -> int:
    """Creates the missing salary scale of every department × position × seniority, at 0.

    Rows come in department name, position and seniority order; their creation times step by
    a microsecond so that listings keep that order. Returns how many rows were created.
    """
    existing = set(SalaryScale.objects.values_list("department_id", "position", "seniority"))
    departments = Department.objects.order_by("name").values_list("id", flat=True)
    missing = [
        (department_id, position, seniority)
        for department_id in departments
        for position in Position.values
        for seniority in Seniority.values
        if (department_id, position, seniority) not in existing
    ]
    if not missing:
        return 0
    now = timezone.now()
    rows = [
        SalaryScale(
            department_id=department_id,
            position=position,
            seniority=seniority,
            salary=0,
        )
        for department_id, position, seniority in missing
    ]
    SalaryScale.objects.bulk_create(rows, ignore_conflicts=True)
    # auto_now_add stamps every row with its own now(); restamp them in creation order.
    for index, row in enumerate(rows):
        row.created_at = row.updated_at = now + dt.timedelta(microseconds=index)
    SalaryScale.objects.bulk_update(rows, ["created_at", "updated_at"])
    return len(rows)

"""Writes of a project's plan and costs: budgets with their revision numbering, their entries
with monthly exceptions, and the salary scale grid every budget starts from."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from kitsu_site.api.events import announcing_changes, emit
from people.models import Department, Person, Position, SalaryScale, Seniority
from production.models import Budget, BudgetEntry, Project
from production.selectors.planning import next_budget_revision
from production.wire import BUDGET_ENTRY_CHANGE_WIRE, BUDGET_PLAIN_WIRE

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


@announcing_changes(BUDGET_PLAIN_WIRE, of="budget")
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


# -- budget entries --------------------------------------------------------------------------------
def _emit_entry(name: str, entry: BudgetEntry, budget: Budget, actor: Person) -> None:
    emit(
        name,
        {"budget_id": budget.pk, "budget_entry_id": entry.pk},
        project_id=budget.project_id,
        user_id=actor.pk,
    )


def kept_exceptions(exceptions: dict[str, Any] | None) -> dict[str, Any]:
    """Monthly amounts that differ from the daily salary; a month set to zero or null goes back
    to the salary, so it is dropped."""
    return {month: amount for month, amount in (exceptions or {}).items() if amount}


@transaction.atomic
def budget_entry_create(*, actor: Person, budget: Budget, fields: dict[str, Any]) -> BudgetEntry:
    """A new position in the budget (`budget-entry:create`). `fields` are the entry's columns,
    already validated; exceptions start empty, as the reference creates them."""
    entry = BudgetEntry.objects.create(budget=budget, **fields, exceptions={})
    _emit_entry("budget-entry:create", entry, budget, actor)
    return entry


@announcing_changes(BUDGET_ENTRY_CHANGE_WIRE, of="entry")
@transaction.atomic
def budget_entry_update(
    *, actor: Person, entry: BudgetEntry, changes: dict[str, Any]
) -> BudgetEntry:
    """Applies the given columns (`budget-entry:update`); exceptions replace the previous ones,
    without their zero or null months."""
    for key, value in changes.items():
        setattr(entry, key, kept_exceptions(value) if key == "exceptions" else value)
    entry.save()
    _emit_entry("budget-entry:update", entry, entry.budget, actor)
    return entry


@transaction.atomic
def budget_entry_delete(*, actor: Person, entry: BudgetEntry) -> None:
    budget = entry.budget
    entry_id = entry.pk
    entry.delete()
    entry.pk = entry_id
    _emit_entry("budget-entry:delete", entry, budget, actor)


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

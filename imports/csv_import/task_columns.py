"""The per task type columns of entity imports: `<Task type>` (a status name or short name),
`<Task type> comment` and `<Task type> assignations` (names, e-mails or ids, comma separated).

Assignations go through the assignment service and statuses and comments through the comment
workflow, so notifications, news, dates and automations follow as for a comment posted by hand.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from imports.csv_import.reader import CsvFile, CsvRow
from people.models import Person
from production.models import Task, TaskStatus, TaskType
from production.services.tasks import tasks_assign
from reviews.services.comments import CommentInput, comment_create, locked_task


@dataclass(frozen=True)
class TaskColumns:
    """The columns a file has for one task type."""

    task_type: TaskType

    @property
    def status(self) -> str:
        return self.task_type.name

    @property
    def comment(self) -> str:
        return f"{self.task_type.name} comment"

    @property
    def assignations(self) -> str:
        return f"{self.task_type.name} assignations"


@dataclass
class TaskOrder:
    """What one row asks of one task of its entity."""

    task_type_id: Any
    status: TaskStatus | None = None
    comment: str = ""
    assignee_ids: list[Any] = field(default_factory=list)


def task_columns_of(csv_file: CsvFile, task_types: Iterable[TaskType]) -> list[TaskColumns]:
    """The task types the file has at least one column for."""
    found = []
    for task_type in task_types:
        columns = TaskColumns(task_type)
        if any(
            csv_file.has(name) for name in (columns.status, columns.comment, columns.assignations)
        ):
            found.append(columns)
    return found


class TaskLookups:
    """Statuses and persons as a spreadsheet names them, loaded once per import."""

    def __init__(self) -> None:
        self.statuses: dict[str, TaskStatus] = {}
        for status in TaskStatus.objects.order_by("-created_at"):
            self.statuses[status.name.lower()] = status
            self.statuses[status.short_name.lower()] = status
        self.persons: dict[str, Any] = {}
        for person_id, first, last, email in Person.objects.filter(is_bot=False).values_list(
            "id", "first_name", "last_name", "email"
        ):
            full_name = " ".join(part for part in (first, last) if part).strip()
            for key in (str(person_id), full_name.lower(), (email or "").lower()):
                if key:
                    self.persons.setdefault(key, person_id)

    def status(self, row: CsvRow, value: str) -> TaskStatus:
        status = self.statuses.get(value.lower())
        if status is None:
            raise row.error(f"Task status not found for {value}")
        return status

    def person_id(self, row: CsvRow, value: str) -> Any:
        person_id = self.persons.get(value.lower())
        if person_id is None:
            raise row.error(f"Person not found for {value}")
        return person_id

    def orders(self, row: CsvRow, columns: list[TaskColumns]) -> list[TaskOrder]:
        """The task orders of a row; an unknown status or person is a row error."""
        orders = []
        for column in columns:
            status_name = row.text(column.status)
            comment = row.text(column.comment)
            names = [name.strip() for name in row.text(column.assignations).split(",")]
            order = TaskOrder(
                task_type_id=column.task_type.pk,
                status=self.status(row, status_name) if status_name else None,
                comment=comment,
                assignee_ids=[self.person_id(row, name) for name in names if name],
            )
            if order.status is not None or order.comment or order.assignee_ids:
                orders.append(order)
        return orders


def task_orders_apply(*, actor: Person, orders: list[tuple[Any, TaskOrder]]) -> None:
    """Carry out the orders, given with the id of their entity: assignations first (one call
    per person), then one comment per task whose status or comment the row sets."""
    if not orders:
        return
    entity_ids = {entity_id for entity_id, _ in orders}
    task_ids = {
        (entity_id, task_type_id): task_id
        for task_id, entity_id, task_type_id in Task.objects.filter(
            entity_id__in=entity_ids
        ).values_list("id", "entity_id", "task_type_id")
    }
    by_person: dict[Any, list[Any]] = defaultdict(list)
    for entity_id, order in orders:
        task_id = task_ids.get((entity_id, order.task_type_id))
        for person_id in order.assignee_ids:
            if task_id is not None:
                by_person[person_id].append(task_id)
    persons = Person.objects.in_bulk(list(by_person))
    for person_id, person_task_ids in by_person.items():
        tasks_assign(actor=actor, person=persons[person_id], task_ids=person_task_ids)
    for entity_id, order in orders:
        task_id = task_ids.get((entity_id, order.task_type_id))
        if task_id is not None and (order.status is not None or order.comment):
            _comment(actor=actor, task_id=task_id, order=order)


def _comment(*, actor: Person, task_id: uuid.UUID, order: TaskOrder) -> None:
    task = locked_task(task_id)
    status = order.status or task.task_status
    data = CommentInput(status=status, text=order.comment, author=actor)
    comment_create(task=task, data=data, user_id=actor.pk)

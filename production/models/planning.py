"""What producers plan and cost a production with: milestones, budgets and their entries."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Department, Person, Position, Seniority
from production.models.config import TaskType
from production.models.projects import Project


class Milestone(BaseModel):
    """A dated goal on a project's schedule, optionally for one task type."""

    date = models.DateField(null=True, blank=True)
    name = models.CharField(max_length=40)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="milestones"
    )
    task_type = models.ForeignKey(
        TaskType, on_delete=models.PROTECT, null=True, blank=True, related_name="milestones"
    )

    class Meta:
        db_table = "milestone"

    def __str__(self) -> str:
        return self.name


class Budget(BaseModel):
    """One revision of a project's budget; revisions count up per project."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="budgets"
    )
    revision = models.IntegerField(default=1)
    name = models.CharField(max_length=255)
    currency = models.CharField(max_length=3, null=True, blank=True)

    class Meta:
        db_table = "budget"
        indexes = [models.Index(fields=["project", "revision"], name="budget_project_revision")]

    def __str__(self) -> str:
        return f"{self.name} (rev {self.revision})"


class BudgetEntry(BaseModel):
    """A budgeted position: a person (or a hire still to make) in a department for some months,
    with monthly amounts that differ from the daily salary (`exceptions`, `{"YYYY-MM": amount}`).
    """

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="entries")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="budget_entries"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_entries"
    )
    start_date = models.DateField()
    months_duration = models.IntegerField()
    daily_salary = models.FloatField()
    position = models.CharField(
        max_length=20, choices=Position.choices, default=Position.ARTIST, null=True, blank=True
    )
    seniority = models.CharField(
        max_length=20, choices=Seniority.choices, default=Seniority.MID, null=True, blank=True
    )
    exceptions = models.JSONField(default=dict, null=True, blank=True)

    class Meta:
        db_table = "budget_entry"

    def __str__(self) -> str:
        return f"{self.department_id} from {self.start_date}"

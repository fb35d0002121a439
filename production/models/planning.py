"""What producers plan and cost a production with: schedule items, milestones, production
schedule versions, budgets and their entries."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models import Department, Person, Position, Seniority
from production.models.config import TaskType
from production.models.projects import Project
from production.models.tasks import Task


class ScheduleItem(BaseModel):
    """The planned span and man-days of a task type on a project, or of a task type on one
    asset type, episode, sequence or edit of it (`object_id`)."""

    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    man_days = models.IntegerField(null=True, blank=True)
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="schedule_items"
    )
    task_type = models.ForeignKey(
        TaskType, on_delete=models.PROTECT, null=True, blank=True, related_name="schedule_items"
    )
    # An asset type or an entity: a plain id, as the reference keeps it.
    object_id = models.UUIDField(null=True, blank=True, db_index=True)

    class Meta:
        db_table = "schedule_item"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "task_type", "object_id"], name="schedule_item_uc"
            ),
            # NULLs are distinct for the constraint above: one task-type row per project too.
            models.UniqueConstraint(
                fields=["project", "task_type"],
                condition=models.Q(object_id__isnull=True),
                name="schedule_item_task_type_uc",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_type_id} / {self.object_id or 'task type'}"


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


class ProductionScheduleVersion(BaseModel):
    """A named draft of a project's schedule: a copy of its tasks' dates, estimations and
    assignees that producers can rework and apply back to the production."""

    name = models.CharField(max_length=80)
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="production_schedule_versions"
    )
    production_schedule_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        db_column="production_schedule_from",
        related_name="copies",
    )
    locked = models.BooleanField(default=False)
    canceled = models.BooleanField(default=False)

    class Meta:
        db_table = "production_schedule_version"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "project"], name="production_schedule_version_uc"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProductionScheduleVersionTaskLink(BaseModel):
    """One task as a production schedule version plans it."""

    production_schedule_version = models.ForeignKey(
        ProductionScheduleVersion, on_delete=models.CASCADE, related_name="task_links"
    )
    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="production_schedule_version_links"
    )
    start_date = models.DateTimeField(null=True, blank=True)
    due_date = models.DateTimeField(null=True, blank=True)
    estimation = models.FloatField(null=True, blank=True)
    assignees = models.ManyToManyField(
        Person,
        db_table="production_schedule_version_task_link_person_link",
        related_name="production_schedule_version_task_links",
        blank=True,
    )

    class Meta:
        db_table = "production_schedule_version_task_link"
        constraints = [
            models.UniqueConstraint(
                fields=["production_schedule_version", "task"],
                name="production_schedule_version_task_link_uc",
            )
        ]

    def __str__(self) -> str:
        return f"{self.production_schedule_version_id} / {self.task_id}"


class ProjectPlan(Project):
    """A project seen by its producers in the console: its schedule, budgets and the days
    planned against the days spent per task type."""

    class Meta:
        proxy = True
        verbose_name = "project plan"

    def __str__(self) -> str:
        return self.name

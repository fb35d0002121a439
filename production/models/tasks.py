"""Tasks: a step of the pipeline on one entity, assigned to people and driven by comments."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from kitsu_site.api.models import BaseModel
from people.models import Person
from production.models.breakdown import Entity
from production.models.config import TaskStatus, TaskType
from production.models.projects import Project


class Task(BaseModel):
    """One task type on one entity: its status, schedule, effort and assignees.

    Dates stamped by the comment workflow: `real_start_date` (first WIP), `end_date` (feedback
    request), `done_date`, `last_comment_date`. `duration` and `estimation` are minutes.
    """

    name = models.CharField(max_length=80, default="main")
    description = models.TextField(null=True, blank=True)
    priority = models.IntegerField(default=0)
    difficulty = models.IntegerField(default=3)
    duration = models.FloatField(default=0)
    estimation = models.FloatField(default=0)
    completion_rate = models.IntegerField(default=0)
    retake_count = models.IntegerField(default=0)
    sort_order = models.IntegerField(default=0)
    start_date = models.DateTimeField(null=True, blank=True)
    due_date = models.DateTimeField(null=True, blank=True)
    real_start_date = models.DateTimeField(null=True, blank=True)
    end_date = models.DateTimeField(null=True, blank=True)
    done_date = models.DateTimeField(null=True, blank=True)
    last_comment_date = models.DateTimeField(null=True, blank=True)
    nb_assets_ready = models.IntegerField(default=0)
    data = models.JSONField(null=True, blank=True)
    nb_drawings = models.IntegerField(default=0)
    shotgun_id = models.IntegerField(null=True, blank=True)
    last_preview_file_id = models.UUIDField(null=True, blank=True)
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="tasks")
    task_type = models.ForeignKey(TaskType, on_delete=models.PROTECT, related_name="tasks")
    task_status = models.ForeignKey(
        TaskStatus, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="tasks")
    assigner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tasks"
    )
    assignees = models.ManyToManyField(
        Person, db_table="task_person_link", related_name="tasks", blank=True
    )

    class Meta:
        db_table = "task"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "project", "task_type", "entity"], name="task_uc"
            ),
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5), name="task_difficulty_range"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "task_type"], name="task_project_type"),
            models.Index(fields=["entity", "task_type"], name="task_entity_type"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.task_type_id})"

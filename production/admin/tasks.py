"""The task console page: filters (late tasks among them), assignees, and the actions a
production manager runs on a selection (assign, change status with a comment, rebuild from the
comment history), each through the service the API calls."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from kitsu_site.api.errors import ApiError
from kitsu_site.console.actions import action_form, action_form_page
from kitsu_site.console.history import ValueHistoryAdmin, value_change_message
from people.models import Person, TimeSpent
from production.admin.scoping import ProjectScopedAdmin
from production.models import Task, TaskStatus
from production.services.tasks import tasks_assign
from reviews.services.comments import comment_post, task_rebuild_and_emit


class LateFilter(admin.SimpleListFilter):
    """Tasks whose due date has passed and that are not done."""

    title = "schedule"
    parameter_name = "late"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return (("yes", "Late"), ("no", "On time or done"))

    def queryset(self, request: HttpRequest, queryset: QuerySet[Task]) -> QuerySet[Task]:
        late = {"due_date__lt": timezone.now(), "task_status__is_done": False}
        if self.value() == "yes":
            return queryset.filter(**late)
        if self.value() == "no":
            return queryset.exclude(**late)
        return queryset


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(active=True).order_by("first_name", "last_name")
    )


class StatusChangeForm(forms.Form):
    task_status = forms.ModelChoiceField(
        queryset=TaskStatus.objects.filter(archived=False).order_by("priority", "name")
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)


@admin.register(Task)
class TaskAdmin(ProjectScopedAdmin, ValueHistoryAdmin):
    history_event_keys = ("task_id",)
    list_display = (
        "entity",
        "task_type",
        "task_status",
        "project",
        "assignee_names",
        "retake_count",
        "due_date",
    )
    list_select_related = ("entity", "task_type", "task_status", "project")
    list_filter = (
        LateFilter,
        "project",
        "task_type",
        "task_status",
        ("assignees", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("entity__name", "task_type__name", "name")
    autocomplete_fields = (
        "project",
        "entity",
        "task_type",
        "task_status",
        "assigner",
        "assignees",
    )
    readonly_fields = ("created_at", "updated_at")
    actions = ("assign_tasks", "change_status", "rebuild_from_history")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Task]:
        return super().get_queryset(request).prefetch_related("assignees")

    @admin.display(description="Assignees")
    def assignee_names(self, task: Task) -> str:
        return ", ".join(sorted(person.full_name for person in task.assignees.all()))

    @admin.action(description="Assign the selected tasks to a person", permissions=["manage"])
    def assign_tasks(self, request: HttpRequest, queryset: QuerySet[Task]):
        form = action_form(AssignForm, request)
        if not form.is_valid():
            return action_form_page(self, request, queryset, form=form, title="Assign tasks")
        person = form.cleaned_data["person"]
        task_ids = list(queryset.values_list("pk", flat=True))
        assigned = {
            row["id"] for row in tasks_assign(actor=request.user, person=person, task_ids=task_ids)
        }
        for task in queryset.filter(pk__in=assigned):
            self.log_change(request, task, f"Assigned to {person}.")
        level = messages.SUCCESS if len(assigned) == len(task_ids) else messages.WARNING
        self.message_user(
            request, f"{len(assigned)} of {len(task_ids)} task(s) assigned to {person}.", level
        )
        return None

    @admin.action(description="Change the status with a comment", permissions=["manage"])
    def change_status(self, request: HttpRequest, queryset: QuerySet[Task]):
        form = action_form(StatusChangeForm, request)
        if not form.is_valid():
            return action_form_page(self, request, queryset, form=form, title="Change status")
        status, text = form.cleaned_data["task_status"], form.cleaned_data["comment"]
        changed = 0
        for task in queryset.select_related("entity", "task_type", "task_status"):
            try:
                comment_post(
                    task_id=task.pk, actor=request.user, task_status_id=status.pk, text=text
                )
            except ApiError as error:
                self.message_user(request, f"{task}: {error.message}", messages.ERROR)
                continue
            change = [("Task status", task.task_status.name, status.name)]
            self.log_change(request, task, value_change_message(change))
            changed += 1
        self.message_user(request, f"{changed} task(s) set to {status.name}.", messages.SUCCESS)
        return None

    @admin.action(description="Rebuild from the comment history", permissions=["manage"])
    def rebuild_from_history(self, request: HttpRequest, queryset: QuerySet[Task]) -> None:
        rebuilt = queryset.select_related("entity__entity_type", "task_status")
        for task in rebuilt:
            before = (task.task_status.name, task.retake_count, task.duration)
            with transaction.atomic():
                task_rebuild_and_emit(task=task, actor=request.user)
            after = (task.task_status.name, task.retake_count, task.duration)
            labels = ("Task status", "Retake count", "Duration")
            changes = [(label, *pair) for label, *pair in zip(labels, before, after, strict=True)]
            changes = [change for change in changes if change[1] != change[2]]
            if changes:
                self.log_change(request, task, value_change_message(changes))
        self.message_user(request, f"{len(rebuilt)} task(s) rebuilt.", messages.SUCCESS)


@admin.register(TimeSpent)
class TimeSpentAdmin(ProjectScopedAdmin):
    """Time logged on tasks (minutes), as the timesheets of the API record it."""

    project_field = "task__project"
    list_display = ("date", "person", "task", "duration")
    list_select_related = ("person", "task__entity", "task__task_type")
    list_filter = ("date", "task__task_type")
    search_fields = ("person__first_name", "person__last_name", "task__entity__name")
    autocomplete_fields = ("person", "task")
    date_hierarchy = "date"
    ordering = ("-date",)

"""The console pages for planning: a project's plan (schedule items, milestones, budgets and a
chart of the days planned against the days spent per task type), budgets with their entries,
and production schedule versions. Pages are read-only: plans change through the API."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from production.admin.scoping import ProjectScopedAdmin
from production.models import (
    Budget,
    BudgetEntry,
    Milestone,
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    ProjectPlan,
    ScheduleItem,
)
from production.selectors.planning import planned_and_spent_days

BAR_WIDTH_PX = 300


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ScheduleItemInline(ReadOnlyInline):
    model = ScheduleItem
    fields = ("task_type", "object_id", "start_date", "end_date", "man_days")
    ordering = ("task_type__name", "start_date")
    verbose_name_plural = "schedule"


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("date", "name", "task_type")
    ordering = ("date",)


class BudgetInline(ReadOnlyInline):
    model = Budget
    fields = ("revision", "name", "currency")
    ordering = ("revision",)
    show_change_link = True


def _bar(value: float, scale: float, color: str) -> SafeString:
    width = round(BAR_WIDTH_PX * value / scale) if scale else 0
    return format_html(
        '<div style="background:{};width:{}px;height:10px;margin:1px 0"></div>', color, width
    )


def days_chart(rows: list[dict[str, Any]]) -> SafeString:
    """Planned (blue) and spent (orange) days per task type, as a table of plain HTML bars."""
    if not rows:
        return format_html("<p>{}</p>", "Nothing planned or spent yet.")
    scale = max(max(row["planned"], row["spent"]) for row in rows)
    body = format_html_join(
        "",
        '<tr class="days-row"><td>{}</td><td class="planned">{}</td><td class="spent">{}</td>'
        "<td>{}{}</td></tr>",
        (
            (
                row["task_type"],
                f"{row['planned']:g}",
                f"{row['spent']:g}",
                _bar(row["planned"], scale, "#4a90d9"),
                _bar(row["spent"], scale, "#f5a623"),
            )
            for row in rows
        ),
    )
    return format_html(
        '<table class="days-chart"><thead><tr><th>Task type</th><th>Planned days</th>'
        "<th>Spent days</th><th></th></tr></thead><tbody>{}</tbody></table>",
        body,
    )


@admin.register(ProjectPlan)
class ProjectPlanAdmin(ProjectScopedAdmin):
    project_field = "pk"
    list_display = ("name", "project_status", "start_date", "end_date")
    list_select_related = ("project_status",)
    list_filter = ("project_status",)
    search_fields = ("name", "code")
    fields = ("name", "start_date", "end_date", "days_chart")
    readonly_fields = fields
    inlines = (ScheduleItemInline, MilestoneInline, BudgetInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="Planned vs spent days per task type")
    def days_chart(self, obj: ProjectPlan) -> SafeString:
        return days_chart(planned_and_spent_days(project_id=obj.pk))


class BudgetEntryInline(ReadOnlyInline):
    model = BudgetEntry
    fields = (
        "department",
        "person",
        "position",
        "seniority",
        "start_date",
        "months_duration",
        "daily_salary",
        "exceptions",
    )
    ordering = ("start_date",)


@admin.register(Budget)
class BudgetAdmin(ProjectScopedAdmin):
    list_display = ("name", "project", "revision", "currency")
    list_select_related = ("project",)
    list_filter = ("currency",)
    search_fields = ("name", "project__name")
    autocomplete_fields = ("project",)
    readonly_fields = ("project", "revision")
    inlines = (BudgetEntryInline,)


class ScheduleVersionTaskInline(ReadOnlyInline):
    model = ProductionScheduleVersionTaskLink
    fields = ("task", "start_date", "due_date", "estimation")
    readonly_fields = fields
    ordering = ("start_date",)
    verbose_name_plural = "tasks"

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("task__entity", "task__task_type")


@admin.register(ProductionScheduleVersion)
class ProductionScheduleVersionAdmin(ProjectScopedAdmin):
    list_display = ("name", "project", "production_schedule_from", "locked", "canceled")
    list_select_related = ("project", "production_schedule_from")
    list_filter = ("locked", "canceled")
    search_fields = ("name", "project__name")
    autocomplete_fields = ("project", "production_schedule_from")
    inlines = (ScheduleVersionTaskInline,)

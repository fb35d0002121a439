"""The console pages for the studio-wide production settings: statuses and types."""

from django.contrib import admin

from production.models import EntityType, ProjectStatus, TaskStatus, TaskType


@admin.register(ProjectStatus)
class ProjectStatusAdmin(admin.ModelAdmin):
    list_display = ("name", "color")
    search_fields = ("name",)
    ordering = ("name",)


@admin.register(TaskStatus)
class TaskStatusAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "short_name",
        "color",
        "priority",
        "is_default",
        "is_wip",
        "is_feedback_request",
        "is_retake",
        "is_done",
        "for_concept",
        "archived",
    )
    list_filter = (
        "is_default",
        "is_wip",
        "is_feedback_request",
        "is_retake",
        "is_done",
        "for_concept",
        "is_artist_allowed",
        "is_client_allowed",
        "archived",
    )
    search_fields = ("name", "short_name")
    ordering = ("priority", "name")


@admin.register(TaskType)
class TaskTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "for_entity", "department", "priority", "archived")
    list_select_related = ("department",)
    list_filter = ("for_entity", "department", "allow_timelog", "archived")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("department",)
    ordering = ("for_entity", "priority", "name")


@admin.register(EntityType)
class EntityTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "archived")
    list_filter = ("archived",)
    search_fields = ("name", "short_name")
    autocomplete_fields = ("task_types",)
    ordering = ("name",)

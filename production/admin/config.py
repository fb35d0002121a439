"""The console pages for the studio-wide production settings: statuses, types, automations,
custom actions and preview backgrounds."""

from django.contrib import admin

from production.admin.scoping import ProjectScopedAdmin
from production.models import (
    CustomAction,
    EntityType,
    Plugin,
    PreviewBackgroundFile,
    ProjectStatus,
    SearchFilter,
    SearchFilterGroup,
    StatusAutomation,
    TaskStatus,
    TaskType,
)


@admin.register(ProjectStatus)
class ProjectStatusAdmin(admin.ModelAdmin):
    list_display = ("name", "color", "updated_at")
    list_filter = ("updated_at",)  # a name and a colour: when it changed is what filters
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


@admin.register(StatusAutomation)
class StatusAutomationAdmin(admin.ModelAdmin):
    list_display = (
        "entity_type",
        "in_task_type",
        "in_task_status",
        "out_field_type",
        "out_task_type",
        "out_task_status",
        "import_last_revision",
        "archived",
    )
    list_select_related = ("in_task_type", "in_task_status", "out_task_type", "out_task_status")
    list_filter = ("entity_type", "out_field_type", "import_last_revision", "archived")
    search_fields = (
        "entity_type",
        "in_task_type__name",
        "in_task_status__name",
        "out_task_type__name",
        "out_task_status__name",
    )
    autocomplete_fields = ("in_task_type", "in_task_status", "out_task_type", "out_task_status")
    ordering = ("entity_type", "created_at")


@admin.register(CustomAction)
class CustomActionAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "entity_type", "is_ajax")
    list_filter = ("entity_type", "is_ajax")
    search_fields = ("name", "url")
    ordering = ("name",)


@admin.register(PreviewBackgroundFile)
class PreviewBackgroundFileAdmin(admin.ModelAdmin):
    list_display = ("name", "original_name", "extension", "file_size", "is_default", "archived")
    list_filter = ("is_default", "archived", "extension")
    search_fields = ("name", "original_name")
    readonly_fields = ("original_name", "extension", "file_size")
    ordering = ("name",)


@admin.register(Plugin)
class PluginAdmin(admin.ModelAdmin):
    list_display = ("name", "plugin_id", "version", "maintainer_name", "license")
    list_filter = ("frontend_project_enabled", "frontend_studio_enabled", "license")
    search_fields = ("name", "plugin_id", "maintainer_name")
    ordering = ("name",)


@admin.register(SearchFilterGroup)
class SearchFilterGroupAdmin(ProjectScopedAdmin):
    """The saved filter groups of the Kitsu lists (the personal ones of a project's team)."""

    list_display = ("name", "list_type", "entity_type", "project", "person", "is_shared")
    list_select_related = ("project", "person")
    list_filter = ("list_type", "is_shared")
    search_fields = ("name", "project__name", "person__email")
    autocomplete_fields = ("person", "project", "department")


@admin.register(SearchFilter)
class SearchFilterAdmin(ProjectScopedAdmin):
    list_display = ("name", "list_type", "search_query", "project", "person", "is_shared")
    list_select_related = ("project", "person")
    list_filter = ("list_type", "is_shared")
    search_fields = ("name", "search_query", "project__name", "person__email")
    autocomplete_fields = ("person", "project", "department", "search_filter_group")

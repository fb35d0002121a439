"""The console pages for projects, their team and pipeline, metadata descriptors and project
templates. Writes with rules (creating, closing, deleting) go through the project services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from kitsu_site.api.errors import ApiError
from production.models import (
    MetadataDescriptor,
    Project,
    ProjectPersonLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTemplate,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
)
from production.services import projects as services


class TeamInline(admin.TabularInline):
    model = ProjectPersonLink
    extra = 0
    fields = ("person", "role")
    autocomplete_fields = ("person",)


class TaskTypeLinkInline(admin.TabularInline):
    model = ProjectTaskTypeLink
    extra = 0
    fields = ("task_type", "priority", "is_client_visible")
    autocomplete_fields = ("task_type",)
    ordering = ("priority",)


class TaskStatusLinkInline(admin.TabularInline):
    model = ProjectTaskStatusLink
    extra = 0
    fields = ("task_status", "priority", "roles_for_board", "is_client_allowed")
    autocomplete_fields = ("task_status",)
    ordering = ("priority",)


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "project_status",
        "production_type",
        "production_style",
        "start_date",
        "end_date",
    )
    list_select_related = ("project_status",)
    list_filter = ("project_status", "production_type", "production_style")
    search_fields = ("name", "code")
    autocomplete_fields = ("project_status",)
    raw_id_fields = ("default_preview_background_file",)
    filter_horizontal = ("asset_types", "status_automations", "preview_background_files")
    inlines = (TeamInline, TaskTypeLinkInline, TaskStatusLinkInline)
    actions = ("close_projects",)

    def save_model(self, request: HttpRequest, obj: Project, form, change: bool) -> None:
        if change:
            services.project_update(actor=request.user, project=obj, fields={})
        else:
            services.project_register(actor=request.user, project=obj)

    def delete_model(self, request: HttpRequest, obj: Project) -> None:
        services.project_delete(actor=request.user, project=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        for project in queryset:
            services.project_delete(actor=request.user, project=project)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ApiError as error:
            self.message_user(request, error.message, messages.ERROR)
            return self.response_post_save_change(request, None)

    @admin.action(description="Close the selected projects")
    def close_projects(self, request: HttpRequest, queryset: QuerySet[Project]) -> None:
        for project in queryset.select_related("project_status"):
            services.project_close(actor=request.user, project=project)
        self.message_user(request, f"{queryset.count()} project(s) closed.", messages.SUCCESS)


@admin.register(MetadataDescriptor)
class MetadataDescriptorAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "field_name",
        "project",
        "entity_type",
        "task_type",
        "data_type",
        "for_client",
        "position",
    )
    list_select_related = ("project", "task_type")
    list_filter = ("entity_type", "data_type", "for_client")
    search_fields = ("name", "field_name", "project__name")
    autocomplete_fields = ("project", "task_type")
    filter_horizontal = ("departments",)

    def delete_model(self, request: HttpRequest, obj: MetadataDescriptor) -> None:
        services.descriptor_delete(actor=request.user, descriptor=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[MetadataDescriptor]) -> None:
        for descriptor in queryset:
            services.descriptor_delete(actor=request.user, descriptor=descriptor)


class TemplateTaskTypeLinkInline(TaskTypeLinkInline):
    model = ProjectTemplateTaskTypeLink


class TemplateTaskStatusLinkInline(TaskStatusLinkInline):
    model = ProjectTemplateTaskStatusLink


@admin.register(ProjectTemplate)
class ProjectTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "production_type", "production_style", "fps", "resolution")
    list_select_related = ("default_preview_background_file",)
    list_filter = ("production_type", "production_style")
    search_fields = ("name", "description")
    raw_id_fields = ("default_preview_background_file",)
    filter_horizontal = ("asset_types", "status_automations", "preview_background_files")
    inlines = (TemplateTaskTypeLinkInline, TemplateTaskStatusLinkInline)

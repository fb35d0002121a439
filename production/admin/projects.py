"""The console pages for projects, their team and pipeline, metadata descriptors and project
templates, and each project's dashboard. Writes with rules (creating, closing, deleting) go
through the project services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from kitsu_site.api.errors import ApiError
from kitsu_site.console.history import ValueHistoryAdmin, value_change_message
from production.admin.dashboard import project_dashboard
from production.admin.scoping import ProjectScopedAdmin
from production.models import (
    MetadataDescriptor,
    Project,
    ProjectPersonLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTaskTypeSoftwareLink,
    ProjectTemplate,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
)
from production.services import projects as services

admin.site.index_template = "console/index.html"


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


class SoftwareLinkInline(admin.TabularInline):
    model = ProjectTaskTypeSoftwareLink
    extra = 0
    fields = ("task_type", "software")
    autocomplete_fields = ("task_type", "software")
    verbose_name_plural = "software by task type"


@admin.register(Project)
class ProjectAdmin(ProjectScopedAdmin, ValueHistoryAdmin):
    project_field = "pk"
    history_event_keys = ("project_id",)
    history_event_prefix = "project:"
    change_form_template = "console/project_change_form.html"
    list_display = (
        "name",
        "code",
        "project_status",
        "production_type",
        "production_style",
        "start_date",
        "end_date",
        "dashboard",
    )
    list_select_related = ("project_status",)
    list_filter = ("project_status", "production_type", "production_style")
    search_fields = ("name", "code")
    autocomplete_fields = (
        "project_status",
        "default_preview_background_file",
        "asset_types",
        "status_automations",
        "preview_background_files",
    )
    inlines = (TeamInline, TaskTypeLinkInline, TaskStatusLinkInline, SoftwareLinkInline)
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
        closed = 0
        for project in queryset.select_related("project_status"):
            before = project.project_status.name
            services.project_close(actor=request.user, project=project)
            change = [("Project status", before, project.project_status.name)]
            self.log_change(request, project, value_change_message(change))
            closed += 1
        self.message_user(request, f"{closed} project(s) closed.", messages.SUCCESS)

    # -- dashboards ------------------------------------------------------------------------------
    @admin.display(description="Dashboard")
    def dashboard(self, project: Project) -> str:
        url = reverse("admin:production_project_dashboard", args=[project.pk])
        return format_html('<a href="{}">Dashboard</a>', url)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "dashboards/",
                view(self.dashboards_view),
                name="production_project_dashboards",
            ),
            path(
                "<path:object_id>/dashboard/",
                view(self.dashboard_view),
                name="production_project_dashboard",
            ),
            *super().get_urls(),
        ]

    def page_context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {**self.admin_site.each_context(request), "title": title, "opts": self.opts}

    def dashboards_view(self, request: HttpRequest) -> HttpResponse:
        """The projects the user may see, each with a link to its dashboard."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        projects = self.get_queryset(request).select_related("project_status").order_by("name")
        context = {**self.page_context(request, "Project dashboards"), "projects": projects}
        return TemplateResponse(request, "console/project_dashboards.html", context)

    def dashboard_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """One project's dashboard; 404 for a project outside the user's teams."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        project = self.get_object(request, unquote(object_id))
        if project is None:
            raise Http404
        context = {
            **self.page_context(request, f"{project.name}: dashboard"),
            "project": project,
            **project_dashboard(project=project),
        }
        return TemplateResponse(request, "console/project_dashboard.html", context)


@admin.register(MetadataDescriptor)
class MetadataDescriptorAdmin(ProjectScopedAdmin):
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
    autocomplete_fields = ("project", "task_type", "departments")

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
    autocomplete_fields = (
        "default_preview_background_file",
        "asset_types",
        "status_automations",
        "preview_background_files",
    )
    inlines = (TemplateTaskTypeLinkInline, TemplateTaskStatusLinkInline)

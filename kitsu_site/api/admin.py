"""The console's name, and the event log and the outboxes (events the stream missed, jobs the
broker did not take yet) as read-only pages for studio managers."""

from django.contrib import admin
from django.http import HttpRequest

from kitsu_site.api.models import ApiEvent, UnpublishedEvent, UnsentJob
from kitsu_site.console.read_only import ReadOnlyAdmin

admin.site.site_header = "Kitsu console"
admin.site.site_title = "Kitsu console"
admin.site.index_title = "Studio data"


class StudioLogAdmin(ReadOnlyAdmin):
    """The whole studio's rows: studio managers only (production managers read the events of
    their projects' objects on each object's history page)."""

    list_select_related = False  # ids only: these rows have no foreign keys
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser


@admin.register(ApiEvent)
class ApiEventAdmin(StudioLogAdmin):
    list_display = ("name", "project_id", "user_id", "created_at")
    list_filter = ("name",)
    search_fields = ("name",)
    readonly_fields = ("name", "project_id", "user_id", "data", "created_at")
    fields = readonly_fields


@admin.register(UnpublishedEvent)
class UnpublishedEventAdmin(StudioLogAdmin):
    list_display = ("name", "created_at")
    list_filter = ("name",)
    search_fields = ("name",)
    fields = ("name", "data", "created_at")
    readonly_fields = fields


@admin.register(UnsentJob)
class UnsentJobAdmin(StudioLogAdmin):
    list_display = ("task_name", "created_at")
    list_filter = ("task_name",)
    search_fields = ("task_name",)
    fields = ("task_name", "args", "kwargs", "options", "created_at")
    readonly_fields = fields

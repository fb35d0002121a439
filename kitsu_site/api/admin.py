"""The console's name, and the event log as a read-only page."""

from django.contrib import admin
from django.http import HttpRequest

from kitsu_site.api.models import ApiEvent

admin.site.site_header = "Kitsu console"
admin.site.site_title = "Kitsu console"
admin.site.index_title = "Studio data"


@admin.register(ApiEvent)
class ApiEventAdmin(admin.ModelAdmin):
    """Events are history: nobody adds, edits or deletes them here."""

    list_display = ("name", "project_id", "user_id", "created_at")
    list_select_related = False  # ids only: the log has no foreign keys
    list_filter = ("name",)
    search_fields = ("name",)
    readonly_fields = ("name", "project_id", "user_id", "data", "created_at")
    fields = readonly_fields
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    def has_view_permission(self, request: HttpRequest, obj: ApiEvent | None = None) -> bool:
        """The whole studio's log: studio managers only (production managers read the events
        of their projects' objects on each object's history page)."""
        return request.user.is_superuser

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiEvent | None = None) -> bool:
        return False

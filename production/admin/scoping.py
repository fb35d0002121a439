"""Who sees what in the console: studio managers (admins) every row, production managers only
the rows of the projects whose team they are in. Other roles never reach the console
(`Person.is_staff`)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from production.permissions import projects_of, scope_to_team


class ProjectScopedAdmin(admin.ModelAdmin):
    """Rows reach their project through `project_field` (`"pk"` for projects themselves)."""

    project_field = "project"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if self.project_field == "pk":
            return queryset.filter(pk__in=projects_of(request.user).values("pk"))
        return scope_to_team(request.user, queryset, self.project_field)

    def has_manage_permission(self, request: HttpRequest) -> bool:
        """Actions that call the services: the services then check the project rules."""
        return request.user.is_manager

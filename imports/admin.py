"""The console's imports and exports, on the project admin registered by `production`.

The registered project admin is extended (not replaced): its class is subclassed with an
import page (upload a CSV, preview its rows and the first bad one, then apply), an exports page
(the studio's lists and each project's breakdown, as the API exports them) and CSV export
actions. The preview is a dry run of the import service inside a rolled back transaction; the
apply calls the same service for real, with the file's text carried by the preview page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from imports.csv_import.reader import CsvFile, decode, parse_csv
from imports.exports import project_file_name, project_rows
from imports.models import DataImportError
from imports.services import PROJECT_IMPORTS, csv_import
from imports.views_export import STUDIO_EXPORTS, csv_response
from kitsu_site.api.errors import ApiError, Forbidden
from kitsu_site.console.read_only import ReadOnlyAdmin
from people.models import Person
from production.models import Entity, Project, TaskType
from production.permissions import check_manager_project_access, projects_of

PREVIEW_ROWS = 200  # rows shown by the preview (the bad row is always shown)
EXPORTS = ("shots", "assets", "edits", "casting")


class DryRun(Exception):
    """Raised inside the preview's transaction to roll it back."""


class CsvImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, kind.capitalize()) for kind in PROJECT_IMPORTS])
    file = forms.FileField(required=False, help_text="UTF-8, `,` or `;` separated.")
    content = forms.CharField(required=False, widget=forms.HiddenInput)
    update = forms.BooleanField(required=False, help_text="Change the rows that already exist.")
    task_type = forms.ModelChoiceField(
        TaskType.objects.order_by("for_entity", "name"),
        required=False,
        help_text="Estimations only.",
    )
    episode = forms.ModelChoiceField(
        Entity.objects.none(), required=False, help_text="Estimations only (optional)."
    )

    def __init__(self, *args: Any, project: Project | None, **kwargs: Any):
        """Without a project, the studio's import: persons."""
        super().__init__(*args, **kwargs)
        if project is None:
            self.fields["kind"].choices = [("persons", "Persons")]
            del self.fields["task_type"], self.fields["episode"]
            return
        self.fields["episode"].queryset = Entity.objects.of_type("Episode").filter(project=project)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "estimations" and not data.get("task_type"):
            self.add_error("task_type", "An estimations import needs a task type.")
        if not data.get("file") and not data.get("content"):
            self.add_error("file", "Choose a CSV file.")
        return data

    def text(self) -> str:
        """The CSV's text: the upload's on preview, the carried one on apply."""
        upload = self.cleaned_data.get("file")
        return decode(upload.read()) if upload else self.cleaned_data["content"]


def run_import(
    request: HttpRequest, project: Project | None, form: CsvImportForm, csv_file: CsvFile
):
    return csv_import(
        kind=form.cleaned_data["kind"],
        actor=request.user,
        csv_file=csv_file,
        project=project,
        update=form.cleaned_data["update"],
        task_type=form.cleaned_data.get("task_type"),
        episode=form.cleaned_data.get("episode"),
    )


def dry_run(request: HttpRequest, project: Project | None, form: CsvImportForm, csv_file: CsvFile):
    try:
        with transaction.atomic():
            run_import(request, project, form, csv_file)
            raise DryRun()
    except DryRun:
        pass


def preview_rows(csv_file: CsvFile, error: ApiError | None) -> list[tuple[int, list[str]]]:
    """The first rows, and the bad one wherever it is."""
    shown = csv_file.rows[:PREVIEW_ROWS]
    bad_line = getattr(error, "line_number", None)
    if bad_line is not None and all(row.line_number != bad_line for row in shown):
        shown += [row for row in csv_file.rows if row.line_number == bad_line]
    return [
        (row.line_number, [row.cells.get(column, "") for column in csv_file.columns])
        for row in shown
    ]


RegisteredProjectAdmin = type(admin.site._registry[Project])


class ProjectImportExportAdmin(RegisteredProjectAdmin):
    change_form_template = "imports/project_change_form.html"
    actions = (*RegisteredProjectAdmin.actions, "import_csv", *(f"export_{w}" for w in EXPORTS))

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("exports/", view(self.exports_view), name="production_project_exports"),
            path(
                "import-csv/",
                view(self.import_view),
                name="production_project_import_persons_csv",
            ),
            path(
                "exports/<slug:what>.csv",
                view(self.studio_export_view),
                name="production_project_studio_export",
            ),
            path(
                "<path:object_id>/export/<slug:what>.csv",
                view(self.project_export_view),
                name="production_project_export",
            ),
            path(
                "<path:object_id>/import-csv/",
                view(self.import_view),
                name="production_project_import_csv",
            ),
        ]
        return urls + super().get_urls()

    # -- import ----------------------------------------------------------------------------------
    @admin.action(description="Import a CSV into the selected project")
    def import_csv(self, request: HttpRequest, queryset: QuerySet[Project]):
        project = self.single(request, queryset)
        if project is None:
            return None
        return HttpResponseRedirect(
            reverse("admin:production_project_import_csv", args=[project.pk])
        )

    def import_target(self, request: HttpRequest, object_id: str | None) -> Project | None:
        """The project imported into (its managers), or none: persons (studio managers)."""
        if object_id is None:
            if not request.user.is_admin:
                raise PermissionDenied
            return None
        project = get_object_or_404(Project, pk=object_id)
        try:
            check_manager_project_access(request.user, project.pk)
        except Forbidden:
            raise PermissionDenied from None
        return project

    def import_view(self, request: HttpRequest, object_id: str | None = None) -> HttpResponse:
        project = self.import_target(request, object_id)
        form = CsvImportForm(request.POST or None, request.FILES or None, project=project)
        context: dict[str, Any] = {}
        if request.method == "POST" and form.is_valid():
            result = self.preview_or_apply(request, project, form)
            if isinstance(result, HttpResponse):
                return result
            context = result
        context.update(
            self.admin_site.each_context(request),
            title=f"Import a CSV into {project.name}" if project else "Import persons from a CSV",
            project=project,
            form=form,
            opts=self.model._meta if project else Person._meta,
        )
        return TemplateResponse(request, "imports/csv_import.html", context)

    def preview_or_apply(
        self, request: HttpRequest, project: Project | None, form: CsvImportForm
    ) -> HttpResponse | dict[str, Any]:
        """Apply (then back to the project or the persons) or preview; the context of the page
        otherwise."""
        try:
            text = form.text()
            csv_file = parse_csv(text)
        except ApiError as unreadable:
            return {"error": unreadable}
        error: ApiError | None = None
        try:
            if "apply" in request.POST:
                rows = run_import(request, project, form, csv_file)
                self.message_user(request, f"Imported {len(rows)} rows.", messages.SUCCESS)
                if project is None:
                    return HttpResponseRedirect(reverse("admin:people_person_changelist"))
                return HttpResponseRedirect(
                    reverse("admin:production_project_change", args=[project.pk])
                )
            dry_run(request, project, form, csv_file)
        except ApiError as refused:
            error = refused
        return {
            "error": error,
            "ready": error is None,
            "content": text,
            "columns": csv_file.columns,
            "rows": preview_rows(csv_file, error),
            "nb_rows": len(csv_file.rows),
        }

    # -- exports ---------------------------------------------------------------------------------
    def exports_view(self, request: HttpRequest) -> HttpResponse:
        """The studio's lists and, for each project the user may see, its breakdown."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "CSV exports",
            "opts": self.model._meta,
            "studio_exports": list(STUDIO_EXPORTS),
            "project_exports": EXPORTS,
            "projects": self.get_queryset(request).order_by("name"),
        }
        return TemplateResponse(request, "imports/csv_exports.html", context)

    def studio_export_view(self, request: HttpRequest, what: str) -> HttpResponse:
        """A studio-wide list as the API exports it; project lists hold the user's projects."""
        export = STUDIO_EXPORTS.get(what)
        if export is None or not self.has_view_permission(request):
            raise Http404
        return csv_response(export.rows_for(projects_of(request.user)), export.name(), charset=True)

    def project_export_view(self, request: HttpRequest, object_id: str, what: str) -> HttpResponse:
        project = self.get_object(request, object_id)
        if project is None or what not in EXPORTS:
            raise Http404  # out of the user's projects, or no such export
        return csv_response(
            project_rows(project, what), project_file_name(project, what), charset=False
        )

    def single(self, request: HttpRequest, queryset: QuerySet[Project]) -> Project | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one project.", messages.WARNING)
            return None
        return queryset.get()

    def export(self, request: HttpRequest, queryset: QuerySet[Project], what: str):
        project = self.single(request, queryset)
        if project is None:
            return None
        return self.project_export_view(request, str(project.pk), what)

    @admin.action(description="Export the selected project's shots as CSV")
    def export_shots(self, request: HttpRequest, queryset: QuerySet[Project]):
        return self.export(request, queryset, "shots")

    @admin.action(description="Export the selected project's assets as CSV")
    def export_assets(self, request: HttpRequest, queryset: QuerySet[Project]):
        return self.export(request, queryset, "assets")

    @admin.action(description="Export the selected project's edits as CSV")
    def export_edits(self, request: HttpRequest, queryset: QuerySet[Project]):
        return self.export(request, queryset, "edits")

    @admin.action(description="Export the selected project's casting as CSV")
    def export_casting(self, request: HttpRequest, queryset: QuerySet[Project]):
        return self.export(request, queryset, "casting")


admin.site.unregister(Project)
admin.site.register(Project, ProjectImportExportAdmin)
admin.site.index_template = "imports/index.html"


@admin.register(DataImportError)
class DataImportErrorAdmin(ReadOnlyAdmin):
    """What a synchronisation with another instance could not apply."""

    list_display = ("created_at", "source")
    list_select_related = False  # no foreign keys
    list_filter = ("source",)
    search_fields = ("source",)
    ordering = ("-created_at",)

"""The console's imports and exports, on the project admin registered by `production`.

The registered project admin is extended (not replaced): its class is subclassed with an
import page (upload a CSV, preview its rows and the first bad one, then apply) and CSV export
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
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from imports.csv_import.reader import CsvFile, decode, parse_csv
from imports.exports import project_file_name, project_rows
from imports.services import PROJECT_IMPORTS, csv_import
from imports.views_export import csv_response
from kitsu_site.api.errors import ApiError, Forbidden
from production.models import Entity, Project, TaskType
from production.permissions import check_manager_project_access

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

    def __init__(self, *args: Any, project: Project, **kwargs: Any):
        super().__init__(*args, **kwargs)
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


def run_import(request: HttpRequest, project: Project, form: CsvImportForm, csv_file: CsvFile):
    return csv_import(
        kind=form.cleaned_data["kind"],
        actor=request.user,
        csv_file=csv_file,
        project=project,
        update=form.cleaned_data["update"],
        task_type=form.cleaned_data.get("task_type"),
        episode=form.cleaned_data.get("episode"),
    )


def dry_run(request: HttpRequest, project: Project, form: CsvImportForm, csv_file: CsvFile):
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
    actions = (*RegisteredProjectAdmin.actions, "import_csv", *(f"export_{w}" for w in EXPORTS))

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/import-csv/",
                self.admin_site.admin_view(self.import_view),
                name="production_project_import_csv",
            )
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

    def import_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        project = get_object_or_404(Project, pk=object_id)
        try:
            check_manager_project_access(request.user, project.pk)
        except Forbidden:
            raise PermissionDenied from None
        form = CsvImportForm(request.POST or None, request.FILES or None, project=project)
        context: dict[str, Any] = {}
        if request.method == "POST" and form.is_valid():
            result = self.preview_or_apply(request, project, form)
            if isinstance(result, HttpResponse):
                return result
            context = result
        context.update(
            self.admin_site.each_context(request),
            title=f"Import a CSV into {project.name}",
            project=project,
            form=form,
            opts=self.model._meta,
        )
        return TemplateResponse(request, "imports/csv_import.html", context)

    def preview_or_apply(
        self, request: HttpRequest, project: Project, form: CsvImportForm
    ) -> HttpResponse | dict[str, Any]:
        """Apply (then back to the project) or preview; the context of the page otherwise."""
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
    def single(self, request: HttpRequest, queryset: QuerySet[Project]) -> Project | None:
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one project.", messages.WARNING)
            return None
        return queryset.get()

    def export(self, request: HttpRequest, queryset: QuerySet[Project], what: str):
        project = self.single(request, queryset)
        if project is None:
            return None
        return csv_response(
            project_rows(project, what), project_file_name(project, what), charset=False
        )

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

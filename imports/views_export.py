"""CSV export routes, streamed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict, StreamingHttpResponse
from rest_framework.request import Request
from rest_framework.views import APIView

from imports.exports import (
    EVERY_EPISODE,
    MAIN_PACK,
    BreakdownScope,
    csv_lines,
    persons_rows,
    project_file_name,
    project_rows,
    projects_rows,
    task_types_rows,
)
from imports.exports_activity import (
    playlist_file_name,
    playlist_rows,
    tasks_rows,
    time_spents_file_name,
    time_spents_rows,
)
from imports.views_csv import found, project_of
from kitsu_site.api.errors import Forbidden, WrongParameter
from people.models import Person, Role
from production.models import Project
from production.permissions import (
    check_manager_project_access,
    check_supervisor_project_access,
    projects_of,
)
from reviews.models import Playlist


def csv_response(rows: Iterator[list[Any]], file_name: str, charset: bool) -> StreamingHttpResponse:
    content_type = "text/csv; charset=utf-8" if charset else "text/csv"
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows)), content_type=content_type
    )
    response["Content-Disposition"] = f"attachment; filename={file_name}"
    return response


class ProjectCsvExportView(APIView):
    """GET /export/csv/projects/<project_id>/<what>.csv (project managers)."""

    what = ""

    def get(self, request: Request, project_id: str) -> StreamingHttpResponse:
        project = project_of(project_id)
        check_manager_project_access(request.user, project.pk)
        return csv_response(
            self.rows(request, project),
            project_file_name(project, self.what),
            charset=False,
        )

    def rows(self, request: Request, project: Project) -> Iterator[list[Any]]:
        return project_rows(project, self.what)


class BreakdownCsvExportView(ProjectCsvExportView):
    """GET /export/csv/projects/<project_id>/<assets|shots>.csv, narrowed by the query string
    as gazu sends it (`episode_id`, `assigned_to`) and the reference reads it (also `id`)."""

    def rows(self, request: Request, project: Project) -> Iterator[list[Any]]:
        # Read before the response streams: a bad id is a 400, not a broken file.
        scope = breakdown_scope(request.query_params, request.user)
        return project_rows(project, self.what, scope)


def breakdown_scope(params: QueryDict, caller: Person) -> BreakdownScope:
    """The rows the query string keeps: one entity (`id`), one episode (`episode_id`: an id,
    `main` for the entities outside any episode, `all`) and, with `assigned_to` whatever its
    value, the entities where the caller has tasks, with those tasks only."""
    entity_id = params.get("id")
    episode = params.get("episode_id")
    if episode not in (None, MAIN_PACK, EVERY_EPISODE):
        episode = uuid_named("episode_id", episode)
    return BreakdownScope(
        entity_id=None if entity_id is None else uuid_named("id", entity_id),
        episode=None if episode == EVERY_EPISODE else episode,
        assignee=caller if params.get("assigned_to") is not None else None,
    )


def uuid_named(key: str, value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise WrongParameter(f"Invalid UUID format for {key}: {value}") from None


@dataclass(frozen=True)
class StudioExport:
    """A studio-wide list; `by_project` lists are given the projects the caller may read."""

    rows: Callable[..., Iterator[list[Any]]]
    file_name: Callable[[], str] | str
    by_project: bool = False

    def rows_for(self, projects: QuerySet[Project]) -> Iterator[list[Any]]:
        return self.rows(projects) if self.by_project else self.rows()

    def name(self) -> str:
        return self.file_name() if callable(self.file_name) else self.file_name


STUDIO_EXPORTS = {
    "persons": StudioExport(persons_rows, "kitsu_people_export.csv"),
    "projects": StudioExport(projects_rows, "kitsu_export.csv", by_project=True),
    "task-types": StudioExport(task_types_rows, "kitsu_export.csv"),
    "tasks": StudioExport(tasks_rows, "kitsu_tasks_export.csv", by_project=True),
    "time-spents": StudioExport(time_spents_rows, time_spents_file_name, by_project=True),
}


class StudioCsvExportView(APIView):
    """GET /export/csv/<list>.csv: studio-wide lists, for admins and production managers;
    project lists hold only the projects of the caller's teams (all of them for admins)."""

    export = STUDIO_EXPORTS["projects"]

    def get(self, request: Request) -> StreamingHttpResponse:
        if request.user.role not in (Role.ADMIN, Role.MANAGER):
            raise Forbidden()
        rows = self.export.rows_for(projects_of(request.user))
        return csv_response(rows, self.export.name(), charset=True)


class PlaylistCsvExportView(APIView):
    """GET /export/csv/playlists/<playlist_id> (supervisors and managers of its project)."""

    def get(self, request: Request, playlist_id: str) -> StreamingHttpResponse:
        playlists = Playlist.objects.select_related("project", "episode")
        playlist = found(playlists, playlist_id)
        check_supervisor_project_access(request.user, playlist.project_id)
        return csv_response(
            playlist_rows(playlist, request.user), playlist_file_name(playlist), charset=False
        )

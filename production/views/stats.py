"""Episode statistics of a project: task counts per status, and per retake round."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden
from people.models import Person, Role
from production.models import Project
from production.permissions import check_project_access
from production.selectors.stats import episode_retake_stats, episode_stats
from production.views.common import found, path_id


def stats_project(raw_id: str) -> Project:
    """The project of the path: 404 when the id is malformed or unknown, before any rights
    check, as the reference does."""
    return found(Project.objects.all(), path_id(raw_id))


def stats_reader(person: Person, project: Project, *, for_clients: bool) -> Person | None:
    """Let the team in (clients only when `for_clients`); the assignee whose tasks alone are
    counted, for vendors, else None."""
    role = check_project_access(person, project.pk)
    if role == Role.CLIENT and not for_clients:
        raise Forbidden()
    return person if role == Role.VENDOR else None


class EpisodeStatsView(APIView):
    """Task counts, frames and drawings per episode, task type and status. Clients read them
    when the project shows them its stats."""

    def get(self, request: Request, project_id: str) -> Response:
        project = stats_project(project_id)
        assignee = stats_reader(request.user, project, for_clients=project.is_client_stats_visible)
        return Response(episode_stats(project_id=project.pk, assignee=assignee))


class EpisodeRetakeStatsView(APIView):
    """Tasks per episode and task type split into done/retake/other, now and per retake
    round. Closed to clients."""

    def get(self, request: Request, project_id: str) -> Response:
        project = stats_project(project_id)
        assignee = stats_reader(request.user, project, for_clients=False)
        return Response(episode_retake_stats(project_id=project.pk, assignee=assignee))

"""Timeline import routes: a multipart `file` (OTIO, EDL...) and an optional
`naming_convention`."""

from __future__ import annotations

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from imports.otio_import import OtioImport
from imports.views_csv import found, project_of
from kitsu_site.api.errors import WrongParameter
from production.models import Entity
from production.permissions import check_manager_project_access


class OtioImportView(APIView):
    """POST /import/otio/projects/<project_id>[/episodes/<episode_id>] (project managers)."""

    def post(self, request: Request, project_id: str, episode_id: str | None = None) -> Response:
        project = project_of(project_id)
        episode = None
        if episode_id is not None:
            episode = found(Entity.objects.of_type("Episode").filter(project=project), episode_id)
        check_manager_project_access(request.user, project.pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise WrongParameter(
                "No file was sent: post the timeline as the multipart field `file`."
            )
        importer = OtioImport(
            actor=request.user,
            project=project,
            episode=episode,
            naming_convention=str(request.data.get("naming_convention") or ""),
        )
        result = importer.run(upload, upload.name)
        return Response(result, status=status.HTTP_201_CREATED)

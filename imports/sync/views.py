"""`POST /import/kitsu/<kind>`: rows from another Kitsu instance, written with their ids."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from imports.sync.kinds import ImportKind
from imports.sync.services import kitsu_rows_import
from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.viewsets import require_admin

TRUE_VALUES = ("1", "true", "yes")


class KitsuImportView(APIView):
    """Admin only. `?silent=true` skips the per-row events (bulk pushes)."""

    kind: ImportKind | None = None

    def post(self, request: Request) -> Response:
        require_admin(request)
        rows = request.data
        if not isinstance(rows, list):
            raise WrongParameter("A list of entities is expected.")
        silent = request.query_params.get("silent", "").lower() in TRUE_VALUES
        return Response(kitsu_rows_import(kind=self.kind, rows=rows, silent=silent))

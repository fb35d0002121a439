"""`/import/shotgun/...`: replaying a ShotGrid export, and the errors a migration kept."""

from __future__ import annotations

from django.db import transaction
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from imports.models import DataImportError, ImportSource
from imports.shotgun.importers import ShotgunImporter
from imports.shotgun.removers import shotgun_record_remove
from kitsu_site.api.errors import NotFound, WrongParameter, validation_error
from kitsu_site.api.viewsets import parse_instance_id, require_admin
from kitsu_site.api.wire import WireFormat

IMPORT_ERROR_WIRE = WireFormat(DataImportError)


class ShotgunImportView(APIView):
    """Admin only: a list of ShotGrid rows of one kind, answered with the records written."""

    importer: type[ShotgunImporter] | None = None

    def post(self, request: Request) -> Response:
        require_admin(request)
        entries = request.data
        if not isinstance(entries, list):
            raise WrongParameter("A list of entities is expected.")
        with transaction.atomic():
            instances = self.importer(request.user).run(entries)
        wire = self.importer.wire
        return Response([wire.instance(instance) for instance in instances])


class ShotgunRemoveView(APIView):
    """Admin only: `{"id": <ShotGrid id>}` of a record ShotGrid deleted."""

    kind: str | None = None

    def post(self, request: Request) -> Response:
        require_admin(request)
        data = request.data
        shotgun_id = data.get("id") if isinstance(data, dict) else None
        if not isinstance(shotgun_id, int) or isinstance(shotgun_id, bool):
            raise validation_error(("id", "The ShotGrid id is required."))
        result = shotgun_record_remove(actor=request.user, kind=self.kind, shotgun_id=shotgun_id)
        return Response(result)


class ShotgunImportErrorsView(APIView):
    def get(self, request: Request) -> Response:
        require_admin(request)
        errors = DataImportError.objects.filter(source=ImportSource.SHOTGUN)
        return Response(IMPORT_ERROR_WIRE.rows(errors.order_by("created_at", "id")))

    def post(self, request: Request) -> Response:
        require_admin(request)
        error = DataImportError.objects.create(event_data=request.data, source=ImportSource.SHOTGUN)
        return Response(IMPORT_ERROR_WIRE.instance(error), status=status.HTTP_201_CREATED)


class ShotgunImportErrorView(APIView):
    def delete(self, request: Request, error_id: str) -> Response:
        require_admin(request)
        deleted, _ = DataImportError.objects.filter(pk=parse_instance_id(error_id)).delete()
        if not deleted:
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)

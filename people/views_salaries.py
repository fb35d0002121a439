"""Salary scales: the studio's daily rates per department, position and seniority (admins)."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from kitsu_site.api.errors import ApiError
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from people.models import SalaryScale
from people.serializers import SalaryScaleSerializer
from production.services.planning import salary_scales_complete


class SalaryScaleViewSet(ZouModelViewSet):
    """The grid is never created by hand: listing it fills in every missing department ×
    position × seniority row at 0, and the list ignores query parameters, as the reference."""

    queryset = SalaryScale.objects.all()
    serializer_class = SalaryScaleSerializer

    def list(self, request: Request) -> Response:
        require_admin(request)
        salary_scales_complete()
        rows = SalaryScaleSerializer.wire.rows(SalaryScale.objects.order_by("created_at", "id"))
        return Response(rows)

    def create(self, request: Request) -> Response:
        require_admin(request)
        raise ApiError("Salary scales cannot be created")

"""Salary scales: the studio's daily rates per department, position and seniority (admins)."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from kitsu_site.api.errors import ApiError, InvalidFormat
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from kitsu_site.api.wire import WireFormat
from people.models import SalaryScale
from production.services.planning import salary_scales_complete


class SalaryScaleSerializer(ZouSerializer):
    wire = WireFormat(SalaryScale)

    class Meta:
        model = SalaryScale
        fields = "__all__"

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        # The reference sanitises a value of the wrong type into its "invalid format" answer.
        valid = super().is_valid(raise_exception=False)
        if valid or not raise_exception:
            return valid
        codes = {detail.code for details in self.errors.values() for detail in details}
        if codes & {"required", "null"}:
            raise ValidationError(self.errors)
        raise InvalidFormat()


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

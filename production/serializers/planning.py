"""Wire formats and write validation for milestones, budgets and budget entries."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError

from kitsu_site.api.errors import CONFLICT_MESSAGE, ApiError, InvalidFormat
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat
from production.models import Budget, BudgetEntry, Milestone


def _codes(detail: Any) -> set[str]:
    if isinstance(detail, dict):
        return set().union(set(), *(_codes(value) for value in detail.values()))
    if isinstance(detail, list):
        return set().union(set(), *(_codes(value) for value in detail))
    return {getattr(detail, "code", "invalid")}


class ReferenceWriteErrors:
    """Write errors as the reference's CRUD sanitises them: a value of the wrong type or size
    is "One of the provided values has an invalid format.", an unknown foreign key a conflict.
    Missing values keep the base answer ("A required field is missing.")."""

    def is_valid(self, *, raise_exception: bool = False) -> bool:
        valid = super().is_valid(raise_exception=False)
        if valid or not raise_exception:
            return valid
        codes = _codes(self.errors)
        if codes & {"required", "null"}:
            raise ValidationError(self.errors)
        if "does_not_exist" in codes:
            raise Conflict()
        raise InvalidFormat()


class Conflict(ApiError):
    data_in_body = False

    def __init__(self) -> None:
        super().__init__(CONFLICT_MESSAGE)


class MilestoneSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(Milestone)

    class Meta:
        model = Milestone
        fields = "__all__"


class BudgetSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(Budget)

    class Meta:
        model = Budget
        fields = "__all__"


class BudgetEntrySerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(BudgetEntry)

    class Meta:
        model = BudgetEntry
        fields = "__all__"

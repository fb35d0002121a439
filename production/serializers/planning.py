"""Wire formats and write validation for milestones, budgets and budget entries."""

from __future__ import annotations

from kitsu_site.api.serializers import ReferenceWriteErrors, ZouSerializer
from kitsu_site.api.wire import WireFormat
from production.models import Budget, BudgetEntry, Milestone


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

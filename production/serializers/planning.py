"""Wire formats and write validation for schedule items, milestones, production schedule
versions, budgets and budget entries."""

from __future__ import annotations

from kitsu_site.api.serializers import ReferenceWriteErrors, ZouSerializer
from kitsu_site.api.wire import WireFormat
from production.models import (
    Budget,
    BudgetEntry,
    Milestone,
    ProductionScheduleVersion,
    ProductionScheduleVersionTaskLink,
    ScheduleItem,
)


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


class ScheduleItemSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(ScheduleItem)

    class Meta:
        model = ScheduleItem
        fields = "__all__"
        # The reference answers its own message for duplicates, checked before validation.
        validators: list = []


class ProductionScheduleVersionSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(ProductionScheduleVersion)

    class Meta:
        model = ProductionScheduleVersion
        fields = "__all__"
        validators: list = []


class ProductionScheduleVersionTaskLinkSerializer(ReferenceWriteErrors, ZouSerializer):
    wire = WireFormat(ProductionScheduleVersionTaskLink)

    class Meta:
        model = ProductionScheduleVersionTaskLink
        fields = "__all__"
        validators: list = []

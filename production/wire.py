"""Wire formats of production records that selectors, views and other apps render: declared once
here, below the serializers, so any layer may import them."""

from __future__ import annotations

from kitsu_site.api.wire import WireFormat
from production.models import (
    Budget,
    BudgetEntry,
    Entity,
    EntityLink,
    EntityType,
    MetadataDescriptor,
    PreviewBackgroundFile,
    ProductionScheduleVersion,
    Project,
    ProjectTemplate,
    Task,
    TaskStatus,
    TaskType,
)

# The task as `/data/tasks` answers it; `relations=true` adds `assignees`.
TASK_WIRE = WireFormat(Task, relations=("assignees",))
TASK_RELATIONS_WIRE = WireFormat(Task, relations=("assignees",), always_relations=True)
PROJECT_PLAIN_WIRE = WireFormat(Project, relations=())
# The project with its team and settings: what `project:update` events announce as changed.
PROJECT_SETTINGS_WIRE = WireFormat(Project, always_relations=True)
TASK_STATUS_PLAIN_WIRE = WireFormat(TaskStatus)
TASK_TYPE_PLAIN_WIRE = WireFormat(TaskType)
ENTITY_TYPE_PLAIN_WIRE = WireFormat(EntityType, relations=())
# The full task shows its entity untyped ("Entity"), its parents typed by kind.
ENTITY_PLAIN_WIRE = WireFormat(Entity, relations=())
BUDGET_PLAIN_WIRE = WireFormat(Budget)
# Salaries are for those who plan the budget: `budget-entry:update` reaches the whole team.
BUDGET_ENTRY_CHANGE_WIRE = WireFormat(BudgetEntry, hidden=("daily_salary", "exceptions"))
SCHEDULE_VERSION_PLAIN_WIRE = WireFormat(ProductionScheduleVersion)
ENTITY_LINK_PLAIN_WIRE = WireFormat(EntityLink)
PREVIEW_BACKGROUND_FILE_PLAIN_WIRE = WireFormat(PreviewBackgroundFile)
PROJECT_TEMPLATE_PLAIN_WIRE = WireFormat(ProjectTemplate)
DESCRIPTOR_RELATIONS_WIRE = WireFormat(MetadataDescriptor, always_relations=True)
ENTITY_KIND_WIRE = WireFormat(
    Entity,
    relations=(),
    computed_from=("entity_type__name",),
    type_of=lambda row: row["entity_type__name"],
)

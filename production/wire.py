"""Wire formats of production records that selectors, views and other apps render: declared once
here, below the serializers, so any layer may import them."""

from __future__ import annotations

from kitsu_site.api.wire import WireFormat
from production.models import Entity, EntityType, Project, Task, TaskStatus, TaskType

# The task as `/data/tasks` answers it; `relations=true` adds `assignees`.
TASK_WIRE = WireFormat(Task, relations=("assignees",))
TASK_RELATIONS_WIRE = WireFormat(Task, relations=("assignees",), always_relations=True)
PROJECT_PLAIN_WIRE = WireFormat(Project, relations=())
TASK_STATUS_PLAIN_WIRE = WireFormat(TaskStatus)
TASK_TYPE_PLAIN_WIRE = WireFormat(TaskType)
ENTITY_TYPE_PLAIN_WIRE = WireFormat(EntityType, relations=())
# The full task shows its entity untyped ("Entity"), its parents typed by kind.
ENTITY_PLAIN_WIRE = WireFormat(Entity, relations=())
ENTITY_KIND_WIRE = WireFormat(
    Entity,
    relations=(),
    computed_from=("entity_type__name",),
    type_of=lambda row: row["entity_type__name"],
)

"""The production app's models, split by area."""

from production.models.breakdown import (
    AssetInstance,
    Entity,
    EntityConceptLink,
    EntityLink,
    EntityStatus,
    EntityVersion,
)
from production.models.config import (
    CustomAction,
    EntityType,
    Plugin,
    PreviewBackgroundFile,
    ProjectStatus,
    StatusAutomation,
    TaskStatus,
    TaskType,
)
from production.models.filters import SearchFilter, SearchFilterGroup
from production.models.planning import Budget, BudgetEntry, Milestone
from production.models.projects import (
    MetadataDescriptor,
    ProductionStyle,
    ProductionType,
    Project,
    ProjectPersonLink,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTaskTypeSoftwareLink,
    ProjectTemplate,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
)
from production.models.tasks import Task

__all__ = [
    "AssetInstance",
    "Budget",
    "BudgetEntry",
    "CustomAction",
    "Entity",
    "EntityConceptLink",
    "EntityLink",
    "EntityStatus",
    "EntityType",
    "EntityVersion",
    "MetadataDescriptor",
    "Milestone",
    "Plugin",
    "PreviewBackgroundFile",
    "ProductionStyle",
    "ProductionType",
    "Project",
    "ProjectPersonLink",
    "ProjectStatus",
    "ProjectTaskStatusLink",
    "ProjectTaskTypeLink",
    "ProjectTaskTypeSoftwareLink",
    "ProjectTemplate",
    "ProjectTemplateTaskStatusLink",
    "ProjectTemplateTaskTypeLink",
    "SearchFilter",
    "SearchFilterGroup",
    "StatusAutomation",
    "Task",
    "TaskStatus",
    "TaskType",
]

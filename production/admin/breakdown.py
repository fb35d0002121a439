"""Breakdown console pages: entities (assets, shots, concepts...) and their tasks."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from production.models import Entity, Task
from production.services.entities import entity_delete


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ("name", "entity_type", "project", "parent", "status", "canceled", "is_shared")
    list_select_related = ("entity_type", "project", "parent")
    list_filter = (
        "entity_type",
        "project",
        ("parent", admin.RelatedOnlyFieldListFilter),
        "status",
        "canceled",
        "is_shared",
    )
    search_fields = ("name", "code", "parent__name")
    autocomplete_fields = ("entity_type", "parent", "source", "ready_for", "created_by")
    raw_id_fields = ("project",)
    readonly_fields = ("nb_entities_out", "created_at", "updated_at")
    exclude = ("entities_out", "entity_concept_links", "instance_casting")
    actions = ("remove_entities",)

    @admin.action(description="Remove (entities with tasks are only canceled)")
    def remove_entities(self, request: HttpRequest, queryset: QuerySet[Entity]) -> None:
        count = 0
        for entity in queryset.select_related("entity_type"):
            entity_delete(actor=request.user, entity=entity, check_access=False)
            count += 1
        self.message_user(request, f"{count} entities removed or canceled.", messages.SUCCESS)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("entity", "task_type", "task_status", "project", "due_date")
    list_select_related = ("entity", "task_type", "task_status", "project")
    list_filter = (
        "project",
        "task_type",
        "task_status",
        ("assignees", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("entity__name", "task_type__name", "name")
    autocomplete_fields = ("entity", "task_type", "task_status", "assigner", "assignees")
    raw_id_fields = ("project",)
    readonly_fields = ("created_at", "updated_at")

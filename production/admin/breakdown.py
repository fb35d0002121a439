"""Breakdown console pages: entities (assets, shots, concepts...) with their main preview and
the casting of shots and episodes (saved through the casting service)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from kitsu_site.console.history import ValueHistoryAdmin
from kitsu_site.console.read_only import ReadOnlyAdmin
from kitsu_site.console.thumbnails import preview_thumbnail_html
from people.models import Chat, ChatMessage
from production.admin.scoping import ProjectScopedAdmin
from production.models import AssetInstance, Entity, EntityConceptLink, EntityLink, EntityVersion
from production.permissions import scope_to_team
from production.services.casting import CastItem, casting_replace
from production.services.entities import entity_delete


class CastingInline(admin.TabularInline):
    """What a shot or an episode casts; the entity admin saves it with `casting_replace`."""

    entity_types = ("Shot", "Episode")
    model = EntityLink
    fk_name = "entity_in"
    extra = 0
    fields = ("entity_out", "nb_occurences", "label")
    autocomplete_fields = ("entity_out",)
    verbose_name = "cast asset"
    verbose_name_plural = "casting"

    def get_queryset(self, request: HttpRequest) -> QuerySet[EntityLink]:
        return super().get_queryset(request).select_related("entity_out")


class ConceptLinkInline(admin.TabularInline):
    """The assets a concept was drawn for."""

    entity_types = ("Concept",)
    model = EntityConceptLink
    fk_name = "entity_in"
    extra = 0
    fields = ("entity_out",)
    autocomplete_fields = ("entity_out",)
    verbose_name = "linked asset"
    verbose_name_plural = "linked assets"

    def get_queryset(self, request: HttpRequest) -> QuerySet[EntityConceptLink]:
        return super().get_queryset(request).select_related("entity_out")


# The keys naming an entity in the API's events, whatever its kind.
ENTITY_EVENT_KEYS = (
    "entity_id",
    "asset_id",
    "shot_id",
    "sequence_id",
    "episode_id",
    "scene_id",
    "edit_id",
    "concept_id",
)


@admin.register(Entity)
class EntityAdmin(ProjectScopedAdmin, ValueHistoryAdmin):
    history_event_keys = ENTITY_EVENT_KEYS
    list_display = (
        "name",
        "thumbnail",
        "entity_type",
        "project",
        "parent",
        "status",
        "canceled",
        "is_shared",
    )
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
    ordering = ("name",)
    autocomplete_fields = (
        "entity_type",
        "project",
        "parent",
        "source",
        "ready_for",
        "created_by",
    )
    readonly_fields = ("nb_entities_out", "created_at", "updated_at")
    exclude = ("entities_out", "entity_concept_links", "instance_casting")
    inlines = (CastingInline, ConceptLinkInline)
    actions = ("remove_entities",)

    @admin.display(description="Preview")
    def thumbnail(self, entity: Entity) -> str:
        if entity.preview_file_id is None:
            return "-"
        return preview_thumbnail_html(entity.preview_file_id)

    def get_inlines(self, request: HttpRequest, obj: Entity | None):
        """Each inline on the pages of the kinds of entity it is about."""
        kind = obj.entity_type.name if obj is not None else None
        return tuple(inline for inline in self.inlines if kind in inline.entity_types)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not EntityLink:
            super().save_formset(request, form, formset, change)
            return
        items = [
            CastItem(
                asset_id=row.cleaned_data["entity_out"].pk,
                nb_occurences=row.cleaned_data.get("nb_occurences") or 1,
                label=row.cleaned_data.get("label") or "",
            )
            for row in formset.forms
            if row.cleaned_data
            and row.cleaned_data.get("entity_out") is not None
            and not row.cleaned_data.get("DELETE")
        ]
        casting_replace(entity=form.instance, items=items, user_id=request.user.pk)
        # What the change message reads; the service did the writes.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description="Remove (entities with tasks are only canceled)")
    def remove_entities(self, request: HttpRequest, queryset: QuerySet[Entity]) -> None:
        count = 0
        for entity in queryset.select_related("entity_type"):
            entity_delete(actor=request.user, entity=entity, check_access=False)
            count += 1
        self.message_user(request, f"{count} entities removed or canceled.", messages.SUCCESS)


@admin.register(AssetInstance)
class AssetInstanceAdmin(ProjectScopedAdmin):
    project_field = "asset__project"
    list_display = ("name", "asset", "number", "scene", "target_asset", "active")
    list_select_related = ("asset", "scene", "target_asset")
    list_filter = ("active",)
    search_fields = ("name", "asset__name", "scene__name")
    autocomplete_fields = ("asset", "scene", "target_asset")


@admin.register(EntityVersion)
class EntityVersionAdmin(ProjectScopedAdmin, ReadOnlyAdmin):
    """The snapshots the API keeps of an entity's data."""

    project_field = "entity__project"
    list_display = ("created_at", "entity", "name", "person")
    list_select_related = ("entity", "person")
    list_filter = ("created_at",)
    search_fields = ("name", "entity__name")
    autocomplete_fields = ("entity", "person")
    ordering = ("-created_at",)


class ChatMessageInline(admin.TabularInline):
    model = ChatMessage
    autocomplete_fields = ("person",)
    extra = 0
    ordering = ("created_at",)


@admin.register(Chat)
class ChatAdmin(admin.ModelAdmin):
    """Chats are opened by the API; the console reads them and removes unwanted messages."""

    list_display = ("object_id", "object_type", "last_message", "created_at")
    list_select_related = ()
    list_filter = ("object_type",)
    search_fields = ("object_id",)
    autocomplete_fields = ("participants",)
    date_hierarchy = "created_at"
    ordering = ("-last_message",)
    inlines = (ChatMessageInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Chat]:
        """Managers read the chats of their projects' entities."""
        chats = super().get_queryset(request)
        if request.user.is_admin:
            return chats
        entities = scope_to_team(request.user, Entity.objects.all())
        return chats.filter(object_id__in=entities.values("pk"))

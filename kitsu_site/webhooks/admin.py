"""Webhooks in the console: register them, read their delivery log, replay deliveries."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from kitsu_site.api.models import Webhook, WebhookDelivery
from kitsu_site.webhooks.tasks import delivery_replay_send


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "events", "active", "created_at")
    list_select_related = False  # no foreign keys
    list_filter = ("active",)
    search_fields = ("name", "url")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The log: read-only, and the replay action sends the selected events again."""

    list_display = (
        "event_name",
        "webhook",
        "object_key",
        "status",
        "attempts",
        "last_status_code",
        "created_at",
        "delivered_at",
    )
    list_select_related = ("webhook",)
    list_filter = ("status", "webhook")
    search_fields = ("event_name", "object_key")
    raw_id_fields = ("webhook", "replay_of")
    readonly_fields = (
        "webhook",
        "event_name",
        "payload",
        "object_key",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "replay_of",
        "created_at",
    )
    fields = readonly_fields
    ordering = ("-created_at",)
    actions = ("replay",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.is_admin

    @admin.action(description="Replay the selected deliveries", permissions=("replay",))
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        with transaction.atomic():
            for delivery in queryset.select_related("webhook").order_by("created_at", "pk"):
                delivery_replay_send(delivery=delivery)
        self.message_user(request, f"{queryset.count()} deliveries queued again.", messages.SUCCESS)

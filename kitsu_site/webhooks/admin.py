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
    autocomplete_fields = ("webhook", "replay_of")
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
    actions = ("replay", "retry_failed")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_replay_permission(self, request: HttpRequest) -> bool:
        return request.user.is_admin

    def send_again(self, deliveries: QuerySet[WebhookDelivery]) -> int:
        """A new delivery of each, in the order they were made; how many were queued."""
        sent = 0
        with transaction.atomic():
            for delivery in deliveries.select_related("webhook").order_by("created_at", "pk"):
                delivery_replay_send(delivery=delivery)
                sent += 1
        return sent

    @admin.action(description="Replay the selected deliveries", permissions=("replay",))
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        sent = self.send_again(queryset)
        self.message_user(request, f"{sent} deliveries queued again.", messages.SUCCESS)

    @admin.action(description="Retry the selected failed deliveries", permissions=("replay",))
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        """Only deliveries that gave up and were not retried already are sent again."""
        failed = queryset.filter(status=WebhookDelivery.Status.FAILED, replays__isnull=True)
        sent = self.send_again(failed)
        self.message_user(request, f"{sent} failed deliveries sent again.", messages.SUCCESS)
        left = queryset.count() - sent
        if left:
            self.message_user(
                request,
                f"{left} selected deliveries are not failed or were retried already.",
                messages.WARNING,
            )

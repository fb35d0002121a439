"""Webhooks on the wire: the secret is write-only (nor does it appear in update events)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from kitsu_site.api.models import Webhook, WebhookDelivery
from kitsu_site.api.serializers import ZouSerializer
from kitsu_site.api.wire import WireFormat

WEBHOOK_WIRE = WireFormat(Webhook, hidden=("secret",))
DELIVERY_WIRE = WireFormat(WebhookDelivery)


class WebhookSerializer(ZouSerializer):
    wire = WEBHOOK_WIRE

    class Meta:
        model = Webhook
        fields = "__all__"
        extra_kwargs = {"secret": {"write_only": True}}

    def validate_events(self, value: Any) -> list[str]:
        if not isinstance(value, list) or not value:
            raise serializers.ValidationError("A list of event names is expected.")
        if not all(isinstance(name, str) and name.strip() for name in value):
            raise serializers.ValidationError("Event names are non-empty strings.")
        return [name.strip().lower() for name in value]

"""Admins manage webhooks: `/data/webhooks` (the reference resource semantics), each one's
delivery log, and replaying a delivery."""

from __future__ import annotations

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import NotFound
from kitsu_site.api.models import Webhook, WebhookDelivery
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id, require_admin
from kitsu_site.api.wire import WireFormat
from kitsu_site.webhooks.serializers import DELIVERY_WIRE, WebhookSerializer
from kitsu_site.webhooks.tasks import delivery_replay_send

DELIVERY_LOG_LIMIT = 100


class WebhookViewSet(ZouModelViewSet):
    """Admins only, the base's default."""

    queryset = Webhook.objects.all()
    serializer_class = WebhookSerializer
    private_filters = frozenset({"secret"})

    def change_wire(self) -> WireFormat:
        return WebhookSerializer.wire


class WebhookDeliveriesView(APIView):
    """GET /data/webhooks/<id>/deliveries: the latest deliveries, newest first."""

    def get(self, request: Request, webhook_id: str) -> Response:
        require_admin(request)
        webhook = Webhook.objects.filter(pk=parse_instance_id(webhook_id)).first()
        if webhook is None:
            raise NotFound()
        deliveries = webhook.deliveries.order_by("-created_at", "-pk")[:DELIVERY_LOG_LIMIT]
        return Response(DELIVERY_WIRE.rows(deliveries))


class WebhookDeliveryReplayView(APIView):
    """POST /actions/webhook-deliveries/<id>/replay: send that event again (a new delivery)."""

    def post(self, request: Request, delivery_id: str) -> Response:
        require_admin(request)
        delivery = WebhookDelivery.objects.select_related("webhook")
        delivery = delivery.filter(pk=parse_instance_id(delivery_id)).first()
        if delivery is None:
            raise NotFound()
        replay = delivery_replay_send(delivery=delivery)
        replay.refresh_from_db()
        return Response(DELIVERY_WIRE.instance(replay), status=status.HTTP_201_CREATED)

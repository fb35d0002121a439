"""The task queue's side of webhooks: one attempt per task run, retries scheduled with their
backoff as later runs (`celery -A kitsu_site worker` executes them).

Without a broker (jobs run inline) nothing may wait in the web process: a failed delivery is
tried again when the next event is dispatched once its backoff has passed, or replayed.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction

from kitsu_site.api.models import WebhookDelivery
from kitsu_site.webhooks import services


@shared_task(name="webhooks.deliver", ignore_result=True)
def deliver_webhook(delivery_id: str) -> None:
    outcome = services.delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_in is not None and not settings.CELERY_TASK_ALWAYS_EAGER:
        deliver_webhook.apply_async((delivery_id,), countdown=outcome.retry_in)
    for next_id in outcome.next_ids:
        deliver_webhook.delay(next_id)


def dispatch_event(name: str, payload: dict[str, Any]) -> None:
    """The events listener: queue the deliveries an event makes (and, inline, due retries).
    Free when no webhook is active."""
    if not services.active_webhooks():
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        for delivery_id in services.due_retries().values_list("pk", flat=True):
            deliver_webhook.delay(str(delivery_id))
    for delivery in services.deliveries_create(event_name=name, payload=payload):
        deliver_webhook.delay(str(delivery.pk))


def delivery_replay_send(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Replay a delivery (console action, API): queued once the replay is saved."""
    replay = services.delivery_replay(delivery=delivery)
    transaction.on_commit(lambda: deliver_webhook.delay(str(replay.pk)))
    return replay

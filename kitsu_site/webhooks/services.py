"""Webhook deliveries: made for each subscribed event, sent signed, retried with backoff, in
order per object, and replayed on an admin's request.

Order per object: a delivery waits while an earlier one about the same object (`task:<id>`)
to the same webhook is still pending or retrying; when that one ends (delivered, or given up
after `WEBHOOK_MAX_ATTEMPTS`), the next one is sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from kitsu_site.api.models import Webhook, WebhookDelivery
from kitsu_site.api.wire import wire_datetime

Status = WebhookDelivery.Status
WAITING = (Status.PENDING, Status.RETRYING)
SIGNATURE_HEADER = "X-Kitsu-Signature"


@dataclass
class AttemptOutcome:
    """What the task queue must do after an attempt: retry it later, send the next ones."""

    retry_in: float | None = None
    next_ids: list[str] = field(default_factory=list)


# -- making deliveries -----------------------------------------------------------------------------
def object_key(event_name: str, payload: dict[str, Any]) -> str:
    """What the event is about (`task:<id>` for task:update and task:status-changed alike);
    the kind alone when it names no object."""
    stem = event_name.split(":", 1)[0]
    object_id = payload.get(f"{stem.replace('-', '_')}_id")
    return f"{stem}:{object_id}" if object_id else stem


ACTIVE_WEBHOOKS_KEY = "webhooks:active"
# No active webhook is the common case: a process that found none believes it this long
# without asking the cache again (a round trip to Redis per event costs more than a bulk write
# of hundreds of events).
NONE_ACTIVE_SECONDS = 1.0


class _NoneActive:
    until = 0.0


_none_active = _NoneActive()


def active_webhooks() -> list[Webhook]:
    """The active webhooks, cached: every event asks, and an import makes thousands. A change
    clears this process's copy (and every process's when the cache is Redis); without Redis,
    other processes see it after WEBHOOK_CACHE_SECONDS. Having found none, a process asks
    again after NONE_ACTIVE_SECONDS."""
    if time.monotonic() < _none_active.until:
        return []
    hooks = cache.get(ACTIVE_WEBHOOKS_KEY)
    if hooks is None:
        hooks = list(Webhook.objects.filter(active=True))
        cache.set(ACTIVE_WEBHOOKS_KEY, hooks, settings.WEBHOOK_CACHE_SECONDS)
    if not hooks:
        _none_active.until = time.monotonic() + NONE_ACTIVE_SECONDS
    return hooks


def active_webhooks_forget() -> None:
    _none_active.until = 0.0
    cache.delete(ACTIVE_WEBHOOKS_KEY)


def deliveries_create(*, event_name: str, payload: dict[str, Any]) -> list[WebhookDelivery]:
    """One pending delivery per active webhook subscribed to the event."""
    webhooks = [hook for hook in active_webhooks() if hook.wants(event_name)]
    key = object_key(event_name, payload)
    return [
        WebhookDelivery.objects.create(
            webhook=hook, event_name=event_name, payload=payload, object_key=key
        )
        for hook in webhooks
    ]


def delivery_replay(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """A new delivery of the same event (the old one keeps its log), sent after the
    deliveries already waiting for that object."""
    return WebhookDelivery.objects.create(
        webhook=delivery.webhook,
        event_name=delivery.event_name,
        payload=delivery.payload,
        object_key=delivery.object_key,
        replay_of=delivery,
    )


def due_retries() -> QuerySet[WebhookDelivery]:
    return WebhookDelivery.objects.filter(
        status=Status.RETRYING, next_attempt_at__lte=timezone.now()
    )


# -- sending ---------------------------------------------------------------------------------------
def delivery_body(delivery: WebhookDelivery) -> bytes:
    return orjson.dumps(
        {
            "delivery_id": str(delivery.pk),
            "event": delivery.event_name,
            "data": delivery.payload,
            "created_at": wire_datetime(delivery.created_at),
        }
    )


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the body>`: receivers recompute it with the shared secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post(delivery: WebhookDelivery) -> int:
    """POST the delivery; its HTTP status, or an OSError/HTTPError when it did not land."""
    body = delivery_body(delivery)
    request = urllib.request.Request(
        delivery.webhook.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Kitsu-Webhooks",
            "X-Kitsu-Event": delivery.event_name,
            "X-Kitsu-Delivery": str(delivery.pk),
            SIGNATURE_HEADER: signature(delivery.webhook.secret, body),
        },
    )
    with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
        return response.status


def backoff_seconds(attempts: int) -> float:
    """Doubling from the base after each failed attempt, capped."""
    delay = settings.WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1)
    return min(delay, settings.WEBHOOK_BACKOFF_MAX_SECONDS)


def earlier_waiting(delivery: WebhookDelivery) -> QuerySet[WebhookDelivery]:
    earlier = Q(created_at__lt=delivery.created_at) | Q(
        created_at=delivery.created_at, pk__lt=delivery.pk
    )
    return WebhookDelivery.objects.filter(
        earlier, webhook_id=delivery.webhook_id, object_key=delivery.object_key, status__in=WAITING
    )


def next_in_line(delivery: WebhookDelivery) -> list[str]:
    """The delivery about the same object now free to go, if one waits untried."""
    following = (
        WebhookDelivery.objects.filter(
            webhook_id=delivery.webhook_id,
            object_key=delivery.object_key,
            status=Status.PENDING,
            attempts=0,
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return [str(following)] if following else []


def delivery_attempt(*, delivery_id: Any) -> AttemptOutcome:
    """Send the delivery if it is its turn; record how it went.

    The row stays locked while it is sent, so a delivery queued twice goes out once.
    """
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(pk=delivery_id, status__in=WAITING)
            .first()
        )
        if delivery is None or earlier_waiting(delivery).exists():
            return AttemptOutcome()
        outcome = _send_and_record(delivery)
    return outcome


def _send_and_record(delivery: WebhookDelivery) -> AttemptOutcome:
    delivery.attempts += 1
    try:
        delivery.last_status_code = post(delivery)
        delivery.last_error = ""
    except urllib.error.HTTPError as error:
        delivery.last_status_code = error.code
        delivery.last_error = f"HTTP {error.code} {error.reason}"
    except (OSError, ValueError) as error:
        delivery.last_status_code = None
        delivery.last_error = str(error) or type(error).__name__
    if not delivery.last_error:
        return _record(delivery, Status.DELIVERED, delivered_at=timezone.now())
    if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        return _record(delivery, Status.FAILED)
    delay = backoff_seconds(delivery.attempts)
    return _record(
        delivery, Status.RETRYING, next_attempt_at=timezone.now() + dt.timedelta(seconds=delay)
    )


def _record(
    delivery: WebhookDelivery,
    status: str,
    *,
    next_attempt_at: dt.datetime | None = None,
    delivered_at: dt.datetime | None = None,
) -> AttemptOutcome:
    delivery.status = status
    delivery.next_attempt_at = next_attempt_at
    delivery.delivered_at = delivered_at
    delivery.save()
    if status == Status.RETRYING:
        return AttemptOutcome(retry_in=(next_attempt_at - timezone.now()).total_seconds())
    # The delivery is over either way: the next one about the object may go.
    return AttemptOutcome(next_ids=next_in_line(delivery))

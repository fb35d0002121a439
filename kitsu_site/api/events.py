"""Announcing changes: one function every service calls after a write.

`emit` waits for the surrounding transaction to commit, then stores the event in the log
(`ApiEvent`) and publishes it on Redis when `REDIS_URL` is set, for the Socket.IO stream to
relay. A Redis outage never fails the request that caused the event: the log still has it.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import orjson
from django.conf import settings
from django.db import transaction
from redis import Redis, RedisError

from kitsu_site.api.models import ApiEvent
from kitsu_site.api.wire import wire_value

logger = logging.getLogger(__name__)


@cache
def _redis_client() -> Redis:
    return Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


def emit(
    name: str,
    data: dict[str, Any],
    *,
    project_id: Any = None,
    user_id: Any = None,
    persist: bool = True,
) -> None:
    """Emit the reference-named event `name` once the current transaction commits."""
    payload = wire_value(dict(data))
    if project_id is not None:
        payload["project_id"] = str(project_id)
    transaction.on_commit(lambda: deliver(name.lower(), payload, project_id, user_id, persist))


def deliver(
    name: str, payload: dict[str, Any], project_id: Any, user_id: Any, persist: bool
) -> None:
    if persist:
        event = ApiEvent.objects.create(
            name=name, data=payload, project_id=project_id, user_id=user_id
        )
        payload = {**payload, "id": str(event.id)}
    if settings.REDIS_URL:
        publish(name, payload)


def publish(name: str, payload: dict[str, Any]) -> None:
    message = orjson.dumps({"event": name, "data": payload})
    try:
        _redis_client().publish(settings.EVENTS_CHANNEL, message)
    except RedisError:  # the stream is best effort; the event log keeps every event
        logger.warning("Could not publish event %s to Redis", name, exc_info=True)

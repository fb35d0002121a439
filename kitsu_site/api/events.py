"""Announcing changes: one function every service calls after a write.

`emit` waits for the surrounding transaction to commit, then stores the event in the log
(`ApiEvent`) and publishes it on Redis when `REDIS_URL` is set, for the Socket.IO stream to
relay. A Redis outage never fails the request that caused the event: the log still has it.

Other parts of the server follow every event through `add_listener` (webhooks), called after
the commit like the stream. Beyond the reference, `<model>:update` events emitted while
`update_events_about(id)` is open announce what changed (`changes`: `{field: [old, new]}`),
set once the write is done, to the stream and listeners; the log keeps the reference payload.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from django.conf import settings
from django.db import transaction
from redis import Redis, RedisError

from kitsu_site.api.models import ApiEvent
from kitsu_site.api.wire import wire_value

logger = logging.getLogger(__name__)

Listener = Callable[[str, dict[str, Any]], None]
_listeners: list[Listener] = []


def add_listener(listener: Listener) -> None:
    """Call `listener(name, payload)` for every event once it is committed."""
    if listener not in _listeners:
        _listeners.append(listener)


@cache
def _redis_client() -> Redis:
    return Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)


@dataclass
class UpdateEvents:
    """The update events emitted about one object during one write: what each one announces
    beyond its logged payload (the log keeps the reference's payloads)."""

    object_id: str
    extras: list[dict[str, Any]] = field(default_factory=list)

    def is_about(self, name: str, payload: dict[str, Any]) -> bool:
        return name.endswith(":update") and self.object_id in payload.values()

    def attach(self, changes: dict[str, list[Any]]) -> None:
        """Announce the changes with every such event, set before the transaction commits."""
        for extra in self.extras:
            extra["changes"] = changes


_update_events: ContextVar[UpdateEvents | None] = ContextVar("update_events", default=None)


@contextmanager
def update_events_about(object_id: Any) -> Iterator[UpdateEvents]:
    events = UpdateEvents(object_id=str(object_id))
    token = _update_events.set(events)
    try:
        yield events
    finally:
        _update_events.reset(token)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for every field whose wire value differs."""
    return {
        key: [before.get(key), value]
        for key, value in after.items()
        if key not in ("updated_at", "type") and before.get(key) != value
    }


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
    extra: dict[str, Any] = {}
    update_events = _update_events.get()
    if update_events is not None and update_events.is_about(name.lower(), payload):
        update_events.extras.append(extra)
    transaction.on_commit(
        lambda: deliver(name.lower(), payload, project_id, user_id, persist, extra)
    )


def deliver(
    name: str,
    payload: dict[str, Any],
    project_id: Any,
    user_id: Any,
    persist: bool,
    extra: dict[str, Any] | None = None,
) -> None:
    pending = _batched.get()
    if pending is not None:
        pending.append((name, payload, project_id, user_id, persist))
        return
    if persist:
        event = ApiEvent.objects.create(
            name=name, data=payload, project_id=project_id, user_id=user_id
        )
        payload = {**payload, "id": str(event.id)}
    announce(name, {**payload, **(extra or {})})


def announce(name: str, payload: dict[str, Any]) -> None:
    """Hand a committed (and logged) event to the stream and to the listeners."""
    if settings.REDIS_URL:
        publish(name, payload)
    for listener in _listeners:
        notify(listener, name, payload)


def notify(listener: Listener, name: str, payload: dict[str, Any]) -> None:
    try:
        listener(name, payload)
    except Exception:  # the write is committed: a listener's failure must not turn it into a 500
        logger.exception("Event listener %s failed on %s", listener, name)


def publish(name: str, payload: dict[str, Any]) -> None:
    message = orjson.dumps({"event": name, "data": payload})
    try:
        _redis_client().publish(settings.EVENTS_CHANNEL, message)
    except RedisError:  # the stream is best effort; the event log keeps every event
        logger.warning("Could not publish event %s to Redis", name, exc_info=True)


_batched: ContextVar[list | None] = ContextVar("batched_deliveries", default=None)


@contextmanager
def deliveries_batched() -> Iterator[None]:
    """Events delivered inside the block are logged in one bulk insert when it ends (imports
    of thousands of rows), then published in their order."""
    pending: list = []
    token = _batched.set(pending)
    try:
        yield
    finally:
        _batched.reset(token)
    events = [
        ApiEvent(name=name, data=payload, project_id=project_id, user_id=user_id)
        for name, payload, project_id, user_id, persist in pending
        if persist
    ]
    ApiEvent.objects.bulk_create(events, batch_size=1000)
    logged = iter(events)
    for name, payload, _, _, persist in pending:
        if persist:
            payload = {**payload, "id": str(next(logged).id)}
        announce(name, payload)

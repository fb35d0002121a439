"""Announcing changes: one function every service calls after a write.

`emit` waits for the surrounding transaction to commit, then stores the event in the log
(`ApiEvent`) and publishes it on Redis when `REDIS_URL` is set, for the Socket.IO stream to
relay. A Redis outage never fails the request that caused the event: the event waits and
reaches the stream, in order, once Redis answers again (`publish_backlog`).

Other parts of the server follow every event through `add_listener` (webhooks), called after
the commit like the stream. Beyond the reference, `<model>:update` events emitted inside
`changes_announced(wire, ids)` announce what changed (`changes`: `{field: [old, new]}`), set
once the write is done, to the stream and listeners; the log keeps the reference payload.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson
from django.conf import settings
from django.db import transaction
from redis import Redis, RedisError

from kitsu_site.api.bulk import bulk_insert
from kitsu_site.api.models import ApiEvent, UnpublishedEvent
from kitsu_site.api.outbox import outbox_flush
from kitsu_site.api.wire import WireFormat, wire_value

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
    """The update events emitted about some objects during one write: what each one announces
    beyond its logged payload (the log keeps the reference's payloads). An event about none of
    them is left to the write around this one, if any."""

    object_ids: frozenset[str]
    outer: UpdateEvents | None = None
    extras: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def claim(self, name: str, payload: dict[str, Any], extra: dict[str, Any]) -> None:
        """Keep `extra` to fill with the changes of the object the event `name` is about."""
        if not name.endswith(":update"):
            return
        ids = [value for value in payload.values() if isinstance(value, str)]
        about = next((value for value in ids if value in self.object_ids), None)
        if about is not None:
            self.extras.setdefault(about, []).append(extra)
        elif self.outer is not None:
            self.outer.claim(name, payload, extra)

    def attach(self, object_id: str, changes: dict[str, list[Any]]) -> None:
        """Announce the changes with every event about the object, before the commit."""
        for extra in self.extras.get(object_id, ()):
            extra["changes"] = changes


_update_events: ContextVar[UpdateEvents | None] = ContextVar("update_events", default=None)


@contextmanager
def update_events_about(object_ids: Iterable[Any]) -> Iterator[UpdateEvents]:
    events = UpdateEvents(frozenset(map(str, object_ids)), outer=_update_events.get())
    token = _update_events.set(events)
    try:
        yield events
    finally:
        _update_events.reset(token)


@dataclass
class Written:
    """The objects' `wire` rows once the write is done, by id text: filled when the block of
    `changes_announced` ends, for an answer that shows them without reading them again."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)


@contextmanager
def changes_announced(wire: WireFormat, object_ids: Iterable[Any]) -> Iterator[Written]:
    """Around a write: its `<model>:update` events about these objects announce what changed
    in their `wire` fields (`changes`), however the write is made (a resource's PUT, a
    comment moving its task's status, an assignment). The write runs in a transaction, so
    the changes are known before the events leave. The block gets the `Written` rows."""
    ids = [str(object_id) for object_id in object_ids]
    before = _snapshots(wire, ids)
    written = Written()
    in_transaction = transaction.get_connection().in_atomic_block
    with (
        nullcontext() if in_transaction else transaction.atomic(),
        update_events_about(ids) as events,
    ):
        yield written
        written.rows = _snapshots(wire, ids)
        for object_id, row in written.rows.items():
            if object_id in before:
                events.attach(object_id, changed_fields(before[object_id], row))


def announcing_changes(wire: WireFormat, of: str) -> Callable[[Callable], Callable]:
    """A service whose update events about the object given as its keyword argument `of`
    announce what changed in it (see `changes_announced`)."""

    def decorate(service: Callable) -> Callable:
        @functools.wraps(service)
        def write(*args: Any, **kwargs: Any) -> Any:
            with changes_announced(wire, [kwargs[of].pk]):
                return service(*args, **kwargs)

        return write

    return decorate


def _snapshots(wire: WireFormat, object_ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = wire.rows(wire.model._base_manager.filter(pk__in=object_ids))
    return {row["id"]: row for row in rows}


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
    if update_events is not None:
        update_events.claim(name.lower(), payload, extra)
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
        pending.append((name, payload, project_id, user_id, persist, extra))
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
    """Send the event to the stream. When Redis does not answer, the event waits in
    `UnpublishedEvent` and goes out after those before it once Redis answers again: at this
    process's next event, or at the stream processes' next sweep (`publish_backlog`)."""
    if _backlog.left_by_this_process and not publish_backlog():
        _keep_unpublished(name, payload)
        return
    try:
        _send(name, payload)
    except RedisError:  # the request that caused the event is answered all the same
        logger.warning("Could not publish event %s to Redis, kept for later", name, exc_info=True)
        _keep_unpublished(name, payload)


def _send(name: str, payload: dict[str, Any]) -> None:
    _redis_client().publish(settings.EVENTS_CHANNEL, _message(name, payload))


def _message(name: str, payload: dict[str, Any]) -> bytes:
    return orjson.dumps({"event": name, "data": payload})


class _Backlog:
    """Whether this process kept events for later: its next one waits behind them."""

    left_by_this_process = False


_backlog = _Backlog()
BACKLOG_BATCH = 500


def _keep_unpublished(name: str, payload: dict[str, Any]) -> None:
    UnpublishedEvent.objects.create(name=name, data=payload)
    _backlog.left_by_this_process = True


def publish_backlog() -> bool:
    """Publish the events Redis missed, oldest first, each by one process only when several
    sweep at once; True when none is left, False when Redis still does not answer."""
    if not outbox_flush(
        UnpublishedEvent.objects.all(),
        send=lambda event: _send(event.name, event.data),
        receiver_down=RedisError,
        logger=logger,
        receiver="Redis",
        what="events",
        batch=BACKLOG_BATCH,
    ):
        return False
    _backlog.left_by_this_process = False
    return True


_batched: ContextVar[list | None] = ContextVar("batched_deliveries", default=None)


@contextmanager
def deliveries_batched() -> Iterator[None]:
    """Events delivered inside the block (the commit of a bulk write: imports, bulk task
    creation and assignment) are logged in one bulk insert when it ends, then published in
    their order in one round trip to Redis, then handed to the listeners."""
    pending: list = []
    token = _batched.set(pending)
    try:
        yield
    finally:
        _batched.reset(token)
    logged = [
        (uuid.uuid4(), name, payload, project_id, user_id)
        for name, payload, project_id, user_id, persist, _ in pending
        if persist
    ]
    bulk_insert(ApiEvent, ("id", "name", "data", "project_id", "user_id"), logged)
    event_ids = iter(logged)
    announced = []
    for name, payload, _, _, persist, extra in pending:
        if persist:
            payload = {**payload, "id": str(next(event_ids)[0])}
        announced.append((name, {**payload, **(extra or {})}))
    if settings.REDIS_URL and announced:
        _publish_all(announced)
    for name, payload in announced:
        for listener in _listeners:
            notify(listener, name, payload)


def _publish_all(events: list[tuple[str, dict[str, Any]]]) -> None:
    """`publish` for many events in one pipeline. Behind a backlog they go one by one as
    `publish` sends them; when Redis does not answer they join the backlog, in order."""
    if _backlog.left_by_this_process:
        for name, payload in events:
            publish(name, payload)
        return
    pipeline = _redis_client().pipeline(transaction=False)
    for name, payload in events:
        pipeline.publish(settings.EVENTS_CHANNEL, _message(name, payload))
    try:
        pipeline.execute()
    except RedisError:  # the request that caused the events is answered all the same
        logger.warning("Could not publish %d events to Redis, kept for later", len(events))
        for name, payload in events:
            _keep_unpublished(name, payload)

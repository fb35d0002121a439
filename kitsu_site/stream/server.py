"""The `/events` Socket.IO namespace: the API's events relayed, and Kitsu's review rooms.

Each stream process subscribes once to the events channel the API processes publish on, and
sends each event to those of its own clients allowed to see it: with any number of API and
stream processes, every client gets every event it may see exactly once. Review-room messages
go through the Socket.IO Redis manager, so the people of a room may sit on different processes.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import socketio
from asgiref.sync import sync_to_async
from django.db import DatabaseError, close_old_connections
from redis.asyncio import Redis
from redis.exceptions import RedisError

from kitsu_site.api.events import publish_backlog
from kitsu_site.stream.audience import event_audience, event_project_id, may_join_room
from kitsu_site.stream.identity import ConnectionRefused, handshake_token, person_for_token
from kitsu_site.stream.rooms import RoomStore, apply_player_state

logger = logging.getLogger(__name__)

NAMESPACE = "/events"
RESUBSCRIBE_DELAY = 1.0
# How often each process publishes the events Redis missed during an outage (see `publish`).
BACKLOG_SWEEP_INTERVAL = 5.0
# Messages a room member sends to the others, as they are (annotations, versions, zoom).
RELAYED_ROOM_EVENTS = (
    "preview-room:add-annotation",
    "preview-room:remove-annotation",
    "preview-room:update-annotation",
    "preview-room:change-version",
    "preview-room:panzoom-changed",
    "preview-room:comparison-panzoom-changed",
)

Handler = Callable[..., Awaitable[None]]


@dataclass
class Connection:
    """One client of this process: whom it speaks for and the review rooms it is in."""

    person_id: str
    token: str
    is_preview_account: bool
    joined_rooms: set[str] = field(default_factory=set)


def authenticated(handler: Handler) -> Handler:
    """Run a client message's handler only while its token is still valid (not revoked,
    account active); otherwise close the connection, as the reference does."""

    @functools.wraps(handler)
    async def wrapper(stream: EventStream, sid: str, data: Any = None, **options: Any) -> None:
        connection = stream.connections.get(sid)
        if connection is None:
            return
        try:
            await sync_to_async(person_for_token)(connection.token)
        except ConnectionRefused as refusal:
            logger.info("Stream message refused: %s", refusal)
            await stream.sio.disconnect(sid, namespace=NAMESPACE)
            return
        await handler(stream, sid, data if isinstance(data, dict) else {}, **options)

    return wrapper


class EventStream:
    """The Socket.IO server of one stream process and the relay of the API's events."""

    def __init__(self, *, redis_url: str, channel: str):
        self.redis_url = redis_url
        self.channel = channel
        manager = socketio.AsyncRedisManager(redis_url, channel=f"{channel}:stream")
        self.sio = socketio.AsyncServer(async_mode="asgi", client_manager=manager)
        self.rooms = RoomStore(Redis.from_url(redis_url), prefix=f"{channel}:stream")
        self.connections: dict[str, Connection] = {}
        self._tasks: list[asyncio.Task] = []
        self._register_handlers()

    def _register_handlers(self) -> None:
        handlers: dict[str, Callable] = {
            "connect": self.on_connect,
            "disconnect": self.on_disconnect,
            "preview-room:open-playlist": functools.partial(on_open_playlist, self),
            "preview-room:close-playlist": functools.partial(on_close_playlist, self),
            "preview-room:join": functools.partial(on_join, self),
            "preview-room:leave": functools.partial(on_leave, self),
            "preview-room:room-updated": functools.partial(on_room_updated, self),
        }
        for name in RELAYED_ROOM_EVENTS:
            handlers[name] = functools.partial(relay_to_room, self, name=name)
        for name, handler in handlers.items():
            self.sio.on(name, handler, namespace=NAMESPACE)

    # -- connections ----------------------------------------------------------------------------
    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        token = handshake_token(environ, auth)
        try:
            person = await sync_to_async(person_for_token)(token)
        except ConnectionRefused as refusal:
            logger.info("Stream connection refused: %s", refusal)
            raise socketio.exceptions.ConnectionRefusedError(str(refusal)) from None
        self.connections[sid] = Connection(
            person_id=str(person.pk),
            token=token,
            is_preview_account=person.preview_project_id is not None,
        )

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        connection = self.connections.pop(sid, None)
        if connection is None:
            return
        for room_id in connection.joined_rooms:
            await self.leave_room(room_id, connection.person_id)

    # -- the API's events -----------------------------------------------------------------------
    async def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.relay_events()),
            asyncio.create_task(self.sweep_backlog()),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()

    async def sweep_backlog(self) -> None:
        """Publish, every few seconds, the events the API kept while Redis was unreachable, so
        they arrive even when no new event follows them."""
        while True:
            await asyncio.sleep(BACKLOG_SWEEP_INTERVAL)
            try:
                await sync_to_async(_publish_backlog)()
            except DatabaseError:  # the next sweep tries again
                logger.warning("Could not publish the events backlog", exc_info=True)

    async def relay_events(self) -> None:
        """Forward every message of the events channel; resubscribe after a Redis outage."""
        while True:
            try:
                await self._consume_channel()
            except (RedisError, OSError):
                logger.warning("Event channel lost, resubscribing", exc_info=True)
                await asyncio.sleep(RESUBSCRIBE_DELAY)

    async def _consume_channel(self) -> None:
        async with Redis.from_url(self.redis_url) as redis, redis.pubsub() as pubsub:
            await pubsub.subscribe(self.channel)
            async for message in pubsub.listen():
                if message["type"] == "message":
                    await self.deliver(message["data"])

    async def deliver(self, raw: bytes) -> None:
        """Send one published event to the clients of this process that may see it."""
        try:
            body = orjson.loads(raw)
            name, data = body["event"], body["data"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            logger.warning("Ignoring a malformed event message: %r", raw[:200])
            return
        if not isinstance(data, dict):
            logger.warning("Ignoring an event whose data is no object: %r", raw[:200])
            return
        reference_payload = {key: value for key, value in data.items() if key != "changes"}
        for sid, reads_changes in await self.recipients(data):
            payload = data if reads_changes else reference_payload
            await self.sio.emit(name, payload, to=sid, namespace=NAMESPACE, ignore_queue=True)

    async def recipients(self, data: Any) -> list[tuple[str, bool]]:
        """The clients of this process that may receive the event, each with whether it may
        read its `changes`."""
        connections = dict(self.connections)
        if not connections:
            return []
        person_ids = {connection.person_id for connection in connections.values()}
        audience = await sync_to_async(event_audience)(event_project_id(data), person_ids)
        return [
            (sid, audience[connection.person_id])
            for sid, connection in connections.items()
            if connection.person_id in audience
        ]

    # -- review rooms ---------------------------------------------------------------------------
    async def emit_to_room(self, name: str, data: dict[str, Any], room_id: str) -> None:
        await self.sio.emit(name, data, room=room_id, namespace=NAMESPACE)

    async def emit_people(self, room_id: str, people: list[str]) -> None:
        await self.emit_to_room(
            "preview-room:room-people-updated",
            {"people": people, "playlist_id": room_id, "id": room_id},
            room_id,
        )

    async def leave_room(self, room_id: str, person_id: str) -> None:
        people = await self.rooms.remove_person(room_id, person_id)
        await self.emit_people(room_id, people)

    def in_room(self, sid: str, room_id: str) -> bool:
        return room_id in self.sio.rooms(sid, namespace=NAMESPACE)

    async def may_join(self, sid: str, room_id: Any) -> bool:
        connection = self.connections[sid]
        return await sync_to_async(may_join_room)(connection.person_id, room_id)


def _publish_backlog() -> None:
    """One sweep, its database connection then handled as at the end of a request."""
    try:
        publish_backlog()
    finally:
        close_old_connections()


@authenticated
async def on_open_playlist(stream: EventStream, sid: str, data: dict[str, Any]) -> None:
    """Opening a playlist page enters its room as a watcher: the page shows who reviews."""
    room_id = str(data.get("playlist_id", ""))
    if not await stream.may_join(sid, room_id):
        return
    await stream.sio.enter_room(sid, room_id, namespace=NAMESPACE)
    await stream.emit_people(room_id, await stream.rooms.people(room_id))


@authenticated
async def on_close_playlist(stream: EventStream, sid: str, data: dict[str, Any]) -> None:
    await stream.sio.leave_room(sid, str(data.get("playlist_id", "")), namespace=NAMESPACE)


@authenticated
async def on_join(stream: EventStream, sid: str, data: dict[str, Any]) -> None:
    """Joining the review: the first one in sets what the player shows."""
    room_id = str(data.get("playlist_id", ""))
    if not await stream.may_join(sid, room_id):
        return
    connection = stream.connections[sid]
    room = await stream.rooms.load(room_id)
    if not room["people"]:
        apply_player_state(room, data)
    room["playlist_id"] = room_id
    await stream.rooms.add_person(room_id, connection.person_id)
    await stream.rooms.save(room_id, room)
    room["people"] = await stream.rooms.people(room_id)
    connection.joined_rooms.add(room_id)
    await stream.sio.enter_room(sid, room_id, namespace=NAMESPACE)
    await stream.emit_people(room_id, room["people"])
    await stream.emit_to_room("preview-room:room-updated", room, room_id)


@authenticated
async def on_leave(stream: EventStream, sid: str, data: dict[str, Any]) -> None:
    room_id = str(data.get("playlist_id", ""))
    connection = stream.connections[sid]
    connection.joined_rooms.discard(room_id)
    await stream.leave_room(room_id, connection.person_id)


@authenticated
async def on_room_updated(stream: EventStream, sid: str, data: dict[str, Any]) -> None:
    """A member drives the player: everyone in the room follows."""
    room_id = str(data.get("playlist_id", ""))
    if stream.connections[sid].is_preview_account or not stream.in_room(sid, room_id):
        return
    room = apply_player_state(await stream.rooms.load(room_id), data)
    await stream.rooms.save(room_id, room)
    await stream.emit_to_room(
        "preview-room:room-updated", {"only_newcomer": False, **room}, room_id
    )


@authenticated
async def relay_to_room(stream: EventStream, sid: str, data: dict[str, Any], *, name: str) -> None:
    """Annotations, version and zoom changes go to the room as they are. Preview accounts
    watch, they do not drive."""
    room_id = str(data.get("playlist_id", ""))
    if stream.connections[sid].is_preview_account or not stream.in_room(sid, room_id):
        return
    await stream.emit_to_room(name, data, room_id)

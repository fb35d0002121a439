"""The shared state of Kitsu's review rooms (one per playlist), kept in Redis so that the
people of a room may be connected to different stream processes.

The reference keeps it in the memory of its single stream process; the state and event
payloads are the same: who is in the room (in the order they joined) and what the player shows.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from redis.asyncio import Redis

COMPARING_FIELDS = {"enable", "task_type", "revision", "mode", "comparison_preview_index"}
PLAYER_FLAGS = {
    "is_playing": False,
    "is_repeating": None,
    "is_laser_mode": None,
    "is_annotations_displayed": False,
    "is_zoom_enabled": False,
    "is_waveform_displayed": False,
}
PLAYER_POSITION = (
    "user_id",
    "local_id",
    "current_entity_id",
    "current_entity_index",
    "current_preview_file_id",
    "current_preview_file_index",
    "handle_in",
    "handle_out",
)


def empty_room() -> dict[str, Any]:
    return {
        "playlist_id": None,
        "user_id": None,
        "local_id": None,
        "people": [],
        "is_playing": False,
        "current_entity_id": None,
        "current_entity_index": None,
        "current_preview_file_id": None,
        "current_preview_file_index": None,
        "current_frame": 0,
        "is_repeating": None,
        "is_annotations_displayed": False,
        "is_zoom_enabled": False,
        "is_waveform_displayed": False,
        "is_laser_mode": None,
        "handle_in": None,
        "handle_out": None,
        "speed": None,
        "comparing": {
            "enable": False,
            "task_type": None,
            "revision": None,
            "mode": "sidebyside",
            "comparison_preview_index": 0,
        },
    }


def apply_player_state(room: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The room once a member's player state (`data`) is applied, unknown keys dropped."""
    room["playlist_id"] = data.get("playlist_id", "")
    for key in PLAYER_POSITION:
        room[key] = data.get(key)
    for key, default in PLAYER_FLAGS.items():
        room[key] = data.get(key, default)
    if "current_frame" in data:
        room["current_frame"] = data["current_frame"]
    if isinstance(data.get("comparing"), dict):
        room["comparing"] = {
            key: value for key, value in data["comparing"].items() if key in COMPARING_FIELDS
        }
    if isinstance(data.get("speed"), (int, float)) and not isinstance(data["speed"], bool):
        room["speed"] = data["speed"]
    return room


class RoomStore:
    """Room state and membership under `<prefix>:room:<playlist id>` keys."""

    def __init__(self, redis: Redis, prefix: str):
        self.redis = redis
        self.prefix = prefix

    def _state_key(self, room_id: str) -> str:
        return f"{self.prefix}:room:{room_id}"

    def _people_key(self, room_id: str) -> str:
        return f"{self.prefix}:room:{room_id}:people"

    async def people(self, room_id: str) -> list[str]:
        members = await self.redis.zrange(self._people_key(room_id), 0, -1)
        return [member.decode() for member in members]

    async def load(self, room_id: str) -> dict[str, Any]:
        """The room with its people; an empty room when nobody is in it."""
        raw = await self.redis.get(self._state_key(room_id))
        room = orjson.loads(raw) if raw else empty_room()
        room["people"] = await self.people(room_id)
        return room

    async def save(self, room_id: str, room: dict[str, Any]) -> None:
        state = {key: value for key, value in room.items() if key != "people"}
        await self.redis.set(self._state_key(room_id), orjson.dumps(state))

    async def add_person(self, room_id: str, person_id: str) -> None:
        await self.redis.zadd(self._people_key(room_id), {person_id: time.time()}, nx=True)

    async def remove_person(self, room_id: str, person_id: str) -> list[str]:
        """The people left; the room's state goes with its last member, as in the reference."""
        await self.redis.zrem(self._people_key(room_id), person_id)
        people = await self.people(room_id)
        if not people:
            await self.redis.delete(self._state_key(room_id))
        return people

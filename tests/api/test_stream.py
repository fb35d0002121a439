"""The event stream's own behaviour against real stream processes: its HTTP routes, the
API's /status probe, and Kitsu's review rooms across two stream processes."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

import pytest
import requests
import socketio

from people.models import Role
from people.tokens import issue_login_tokens
from reviews.models import Playlist
from tests.e2e.servers import Stack, free_port
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, add_to_team

pytestmark = pytest.mark.django_db(transaction=True)

ROOM_EVENTS = (
    "preview-room:room-people-updated",
    "preview-room:room-updated",
    "preview-room:add-annotation",
)


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        stack = Stack(apis=0, streams=2)
    yield stack
    stack.stop()


class RoomClient:
    """A Socket.IO client of the `/events` namespace recording the review-room messages."""

    def __init__(self, stream_url: str, person):
        token = issue_login_tokens(person)["access_token"]
        self.received: dict[str, list[dict]] = defaultdict(list)
        self.lock = threading.Lock()
        self.sio = socketio.Client(reconnection=False)
        for name in ROOM_EVENTS:
            self.sio.on(name, self._recorder(name), namespace="/events")
        self.sio.connect(
            stream_url, headers={"Authorization": f"Bearer {token}"}, namespaces=["/events"]
        )

    def _recorder(self, name):
        def record(data):
            with self.lock:
                self.received[name].append(data)

        return record

    def send(self, name: str, data: dict) -> None:
        self.sio.emit(name, data, namespace="/events")

    def wait_for(self, name: str, count: int, timeout: float = 3) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received[name]) < count:
            time.sleep(0.01)
        with self.lock:
            return list(self.received[name])


@pytest.fixture
def room_clients():
    opened = []

    def open_client(stream_url, person):
        client = RoomClient(stream_url, person)
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        if client.sio.connected:
            client.sio.disconnect()


def test_index_and_stats(stack):
    assert requests.get(stack.stream_urls[0], timeout=5).json() == {"name": "Zou Event stream"}
    assert requests.get(f"{stack.stream_urls[0]}/stats", timeout=5).json() == {"nb_connections": 0}
    response = requests.get(f"{stack.stream_urls[0]}/nowhere", timeout=5)
    assert response.status_code == 404


def test_status_reports_the_stream(stack, api_client, settings):
    settings.EVENT_STREAM_URL = stack.stream_urls[0]
    assert api_client.get("/status").json()["event-stream-up"] is True
    settings.EVENT_STREAM_URL = f"http://127.0.0.1:{free_port()}"
    assert api_client.get("/status").json()["event-stream-up"] is False


def test_review_room_across_two_stream_processes(stack, room_clients):
    project = ProjectFactory(name="Rooms")
    supervisor = PersonFactory(role=Role.SUPERVISOR, email="sup@studio.example")
    artist = PersonFactory(role=Role.USER, email="artist@studio.example")
    outsider = PersonFactory(role=Role.USER, email="outsider@studio.example")
    for member in (supervisor, artist):
        add_to_team(project, member)
    playlist = Playlist.objects.create(project=project, name="Dailies")
    room_id = str(playlist.pk)

    watcher = room_clients(stack.stream_urls[0], supervisor)
    watcher.send("preview-room:open-playlist", {"playlist_id": room_id})
    assert watcher.wait_for("preview-room:room-people-updated", 1) == [
        {"people": [], "playlist_id": room_id, "id": room_id}
    ]

    reviewer = room_clients(stack.stream_urls[1], artist)
    reviewer.send(
        "preview-room:join",
        {"playlist_id": room_id, "current_frame": 12, "is_playing": True, "secret": "dropped"},
    )
    people_updates = watcher.wait_for("preview-room:room-people-updated", 2)
    assert people_updates[-1] == {"people": [str(artist.pk)], "playlist_id": room_id, "id": room_id}
    [room] = watcher.wait_for("preview-room:room-updated", 1)
    assert room["people"] == [str(artist.pk)]
    assert (room["playlist_id"], room["current_frame"], room["is_playing"]) == (room_id, 12, True)
    assert "secret" not in room

    watcher.send("preview-room:join", {"playlist_id": room_id, "current_frame": 99})
    joined = reviewer.wait_for("preview-room:room-updated", 2)[-1]
    assert joined["people"] == [str(artist.pk), str(supervisor.pk)]
    assert joined["current_frame"] == 12  # the first one in sets what the player shows

    annotation = {"playlist_id": room_id, "frame": 3, "data": {"objects": ["line"]}}
    reviewer.send("preview-room:add-annotation", annotation)
    assert watcher.wait_for("preview-room:add-annotation", 1) == [annotation]

    intruder = room_clients(stack.stream_urls[0], outsider)
    intruder.send("preview-room:join", {"playlist_id": room_id})
    intruder.send("preview-room:add-annotation", {**annotation, "frame": 666})
    time.sleep(0.5)
    assert intruder.received == {}
    assert watcher.wait_for("preview-room:add-annotation", 1) == [annotation]

    reviewer.sio.disconnect()
    assert watcher.wait_for("preview-room:room-people-updated", 4)[-1] == {
        "people": [str(supervisor.pk)],
        "playlist_id": room_id,
        "id": room_id,
    }


def test_vendor_may_not_enter_a_review_room(stack, room_clients):
    project = ProjectFactory(name="Vendors")
    vendor = PersonFactory(role=Role.VENDOR, email="vendor@studio.example")
    add_to_team(project, vendor)
    playlist = Playlist.objects.create(project=project, name="Client review")
    client = room_clients(stack.stream_urls[0], vendor)
    client.send("preview-room:open-playlist", {"playlist_id": str(playlist.pk)})
    client.send("preview-room:join", {"playlist_id": str(playlist.pk)})
    time.sleep(0.5)
    assert client.received == {}

"""gazu's event listener against the real stack: API processes (gunicorn) and event stream
processes (uvicorn) started by the test, Redis between them, PostgreSQL behind.

The processes use the test database, so they see what each test commits.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections import defaultdict

import gazu
import pytest
import requests
import socketio

from kitsu_site.api.models import ApiEvent
from people.models import Role
from tests.e2e.servers import ROOT, Stack
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    add_to_team,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMENT_EVENTS = ("task:update", "task:status-changed", "comment:new")


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        stack = Stack(apis=2, streams=2)
    yield stack
    stack.stop()


class Listener:
    """A gazu client logged in through one API process, listening on one stream process."""

    def __init__(self, *, api_url: str, stream_url: str, email: str, names=COMMENT_EVENTS):
        self.client = gazu.client.create_client(f"{api_url}/api")
        gazu.log_in(email, DEFAULT_PASSWORD, client=self.client)
        gazu.client.set_event_host(stream_url, client=self.client)
        self.received: dict[str, list[tuple[float, dict]]] = defaultdict(list)
        self.lock = threading.Lock()
        self.events = gazu.events.init(client=self.client, reconnection=False)
        for name in names:
            gazu.events.add_listener(self.events, name, self._recorder(name))

    def _recorder(self, name: str):
        def record(data: dict) -> None:
            with self.lock:
                self.received[name].append((time.monotonic(), data))

        return record

    def payloads(self, name: str) -> list[dict]:
        with self.lock:
            return [data for _, data in self.received[name]]

    def wait_for(self, counts: dict[str, int], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(len(self.payloads(name)) >= count for name, count in counts.items()):
                return True
            time.sleep(0.01)
        return False

    def close(self) -> None:
        self.events.disconnect()


@pytest.fixture
def listeners():
    opened: list[Listener] = []

    def open_listener(**kwargs) -> Listener:
        listener = Listener(**kwargs)
        opened.append(listener)
        return listener

    yield open_listener
    for listener in opened:
        listener.close()


@pytest.fixture
def production():
    """A project with an admin, a supervisor in its team, a task and a WIP status."""
    admin = PersonFactory(role=Role.ADMIN, email="admin@studio.example")
    supervisor = PersonFactory(role=Role.SUPERVISOR, email="sup@studio.example")
    project = ProjectFactory(name="Events")
    add_to_team(project, supervisor)
    task = TaskFactory(entity__project=project)
    wip = TaskStatusFactory(short_name="wip", name="WIP", is_wip=True)
    return {"admin": admin, "supervisor": supervisor, "project": project, "task": task, "wip": wip}


COMMENTER = """
import sys, gazu
api, token, task_id, status_id, text = sys.argv[1:]
gazu.set_host(api + "/api")
gazu.client.set_tokens({"access_token": token})
gazu.task.add_comment(task_id, status_id, text)
"""


def comment_from_another_process(api_url: str, listener: Listener, task, status, text: str):
    """gazu in a separate Python process posts the comment (as the listener's person)."""
    token = listener.client.tokens["access_token"]
    subprocess.run(
        [sys.executable, "-c", COMMENTER, api_url, token, str(task.pk), str(status.pk), text],
        check=True,
        cwd=ROOT,
        timeout=60,
    )
    return time.monotonic()


def test_listener_gets_comment_events_within_a_second(stack, listeners, production):
    task, wip = production["task"], production["wip"]
    listener = listeners(
        api_url=stack.api_urls[0], stream_url=stack.stream_urls[0], email="sup@studio.example"
    )
    sent = comment_from_another_process(stack.api_urls[1], listener, task, wip, "Ready to go")
    assert listener.wait_for({name: 1 for name in COMMENT_EVENTS}, timeout=1.0)
    for name in COMMENT_EVENTS:
        arrival, _ = listener.received[name][0]
        assert arrival - sent < 1.0
    [update] = listener.payloads("task:update")
    assert update["task_id"] == str(task.pk)
    assert update["project_id"] == str(task.project_id)
    # Beyond the reference: what the comment changed on the task, old and new values.
    assert update["changes"]["task_status_id"] == [str(task.task_status_id), str(wip.pk)]
    [changed] = listener.payloads("task:status-changed")
    assert changed["new_task_status_id"] == str(wip.pk)
    assert changed["previous_task_status_id"] == str(task.task_status_id)
    [comment] = listener.payloads("comment:new")
    logged = ApiEvent.objects.get(name="comment:new")
    assert comment == {**logged.data, "id": str(logged.pk)}
    assert comment["task_id"] == str(task.pk)


def test_two_apis_two_streams_lose_and_duplicate_nothing(stack, listeners, production):
    task, wip = production["task"], production["wip"]
    todo = task.task_status
    on_first = listeners(
        api_url=stack.api_urls[0], stream_url=stack.stream_urls[0], email="sup@studio.example"
    )
    on_second = listeners(
        api_url=stack.api_urls[1], stream_url=stack.stream_urls[1], email="admin@studio.example"
    )
    rounds = 6
    for index in range(rounds):
        api = stack.api_urls[index % 2]
        status = wip if index % 2 == 0 else todo
        comment_from_another_process(api, on_first, task, status, f"Round {index}")
    expected = {
        name: set(ApiEvent.objects.filter(name=name).values_list("pk", flat=True))
        for name in COMMENT_EVENTS
    }
    assert len(expected["comment:new"]) == rounds
    assert len(expected["task:status-changed"]) == rounds
    for listener in (on_first, on_second):
        counts = {name: len(ids) for name, ids in expected.items()}
        assert listener.wait_for(counts, timeout=5)
        time.sleep(0.5)  # anything duplicated would have arrived by now
        for name, ids in expected.items():
            received = [payload["id"] for payload in listener.payloads(name)]
            assert sorted(received) == sorted(str(pk) for pk in ids)


def test_connection_without_a_valid_token_is_refused(stack, production):
    client = gazu.client.create_client(f"{stack.api_urls[0]}/api")
    gazu.client.set_event_host(stack.stream_urls[0], client=client)
    with pytest.raises(socketio.exceptions.ConnectionError):
        gazu.events.init(client=client, reconnection=False)
    client.tokens = {"access_token": "not-a-token"}
    with pytest.raises(socketio.exceptions.ConnectionError):
        gazu.events.init(client=client, reconnection=False)
    gazu.log_in("sup@studio.example", DEFAULT_PASSWORD, client=client)
    gazu.log_out(client=client)  # the token is revoked
    with pytest.raises(socketio.exceptions.ConnectionError):
        gazu.events.init(client=client, reconnection=False)


def test_outsider_gets_no_event_of_the_project(stack, listeners, production):
    PersonFactory(role=Role.USER, email="outsider@studio.example")
    names = (*COMMENT_EVENTS, "main:test")
    member = listeners(
        api_url=stack.api_urls[0],
        stream_url=stack.stream_urls[0],
        email="sup@studio.example",
        names=names,
    )
    outsider = listeners(
        api_url=stack.api_urls[1],
        stream_url=stack.stream_urls[1],
        email="outsider@studio.example",
        names=names,
    )
    comment_from_another_process(
        stack.api_urls[0], member, production["task"], production["wip"], "Team only"
    )
    requests.get(f"{stack.api_urls[1]}/status/test-event", timeout=5)  # an event of no project
    assert member.wait_for({"comment:new": 1, "main:test": 1}, timeout=2)
    assert outsider.wait_for({"main:test": 1}, timeout=2)
    time.sleep(0.5)
    assert {name: len(outsider.payloads(name)) for name in names} == {
        "task:update": 0,
        "task:status-changed": 0,
        "comment:new": 0,
        "main:test": 1,
    }

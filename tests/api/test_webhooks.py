"""Webhooks against a real HTTP receiver on loopback: signed deliveries of the subscribed
events, retries with backoff while the receiver is down, order per object, replays, and the
admins' resource and console pages."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from kitsu_site import celery_app
from kitsu_site.api.models import ApiEvent, Webhook, WebhookDelivery
from tests.conftest import client_for
from tests.jobs import jobs_sent_to

pytestmark = pytest.mark.django_db

SECRET = "s3cret-shared-with-the-receiver"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Receiver:
    """Records every POST (headers and body); answers `status`; may be stopped and started."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/hooks"
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.status = 200
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def bodies(self) -> list[dict]:
        return [json.loads(body) for _, body in self.received]

    def wait_for(self, count: int, timeout: float = 20) -> list[dict]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.bodies()


def wait_until(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.start()
    yield receiver
    receiver.stop()


@pytest.fixture
def webhook(receiver):
    return Webhook.objects.create(
        name="Render farm", url=receiver.url, secret=SECRET, events=["department:*"]
    )


@pytest.fixture
def short_backoff(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 0.05
    settings.WEBHOOK_BACKOFF_MAX_SECONDS = 0.2
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


def create_department(client, name):
    return client.post(
        "/data/departments", {"name": name, "color": "#FF0000"}, format="json"
    ).json()


def rename_department(client, department_id, name):
    return client.put(f"/data/departments/{department_id}", {"name": name}, format="json")


# -- delivery ----------------------------------------------------------------------------------
def test_subscribed_event_is_posted_signed(admin_client, receiver, webhook, committed):
    department = committed(lambda: create_department(admin_client, "Lighting"))
    event = ApiEvent.objects.get(name="department:new")
    delivery = WebhookDelivery.objects.get()
    [(headers, body)] = receiver.received
    assert headers["X-Kitsu-Signature"] == (
        "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    )
    assert headers["X-Kitsu-Event"] == "department:new"
    assert headers["X-Kitsu-Delivery"] == str(delivery.pk)
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "delivery_id": str(delivery.pk),
        "event": "department:new",
        "data": {"department_id": department["id"], "id": str(event.pk)},
        "created_at": delivery.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)
    assert delivery.last_error == ""
    assert delivery.object_key == f"department:{department['id']}"


def test_other_events_and_inactive_webhooks_are_not_posted(
    admin_client, receiver, webhook, committed
):
    Webhook.objects.create(name="Off", url=receiver.url, secret="x", events=["*"], active=False)
    committed(lambda: admin_client.post("/data/studios", {"name": "Paris"}, format="json"))
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_event_name_patterns():
    webhook = Webhook(events=["task:*", "comment:new"])
    assert [webhook.wants(name) for name in ("task:update", "comment:new", "comment:update")] == [
        True,
        True,
        False,
    ]
    assert Webhook(events=["*"]).wants("person:new") is True


def test_down_receiver_gets_the_events_in_order_once_up(
    admin_client, receiver, webhook, committed, settings
):
    settings.WEBHOOK_BACKOFF_SECONDS = 60
    department = committed(lambda: create_department(admin_client, "Anim"))
    receiver.stop()
    committed(lambda: rename_department(admin_client, department["id"], "Animation"))
    committed(lambda: rename_department(admin_client, department["id"], "Animation 2D"))
    first, second = WebhookDelivery.objects.filter(event_name="department:update").order_by(
        "created_at"
    )
    assert (first.status, first.attempts, second.status, second.attempts) == (
        "retrying",
        1,
        "pending",  # waits for the first one: same object
        0,
    )
    assert "Connection refused" in first.last_error
    assert 59 < (first.next_attempt_at - first.updated_at).total_seconds() <= 60
    receiver.start()
    # The backoff has passed; in inline mode the next event retries what is due.
    WebhookDelivery.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    other = committed(lambda: create_department(admin_client, "Layout"))
    names = [
        (body["event"], body["data"].get("changes", {}).get("name")) for body in receiver.bodies()
    ]
    assert names == [
        ("department:new", None),
        ("department:update", ["Anim", "Animation"]),
        ("department:update", ["Animation", "Animation 2D"]),
        ("department:new", None),
    ]
    assert receiver.bodies()[-1]["data"]["department_id"] == other["id"]
    first.refresh_from_db()
    assert (first.status, first.attempts, first.last_status_code) == ("delivered", 2, 200)


@pytest.fixture
def worker(settings):
    """A real Celery worker (in this process) on a queue of its own, Redis as the broker."""
    queue = f"webhooks-test-{uuid.uuid4().hex}"
    with jobs_sent_to("redis://127.0.0.1:6379/6", queue):
        settings.CELERY_TASK_ALWAYS_EAGER = False
        with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=5):
            yield


@pytest.mark.django_db(transaction=True)
def test_worker_retries_with_backoff_until_the_receiver_is_back(
    admin_client, receiver, webhook, worker, settings
):
    settings.WEBHOOK_BACKOFF_SECONDS = 0.2
    settings.WEBHOOK_BACKOFF_MAX_SECONDS = 0.8
    department = create_department(admin_client, "Anim")
    assert [body["event"] for body in receiver.wait_for(1)] == ["department:new"]
    receiver.stop()
    for name in ("A", "B", "C"):
        assert rename_department(admin_client, department["id"], name).status_code == 200
    create_department(admin_client, "Layout")
    time.sleep(2)  # down for a while: the attempts fail and back off
    first = WebhookDelivery.objects.filter(event_name="department:update").earliest("created_at")
    assert first.status == "retrying"
    assert first.attempts >= 3
    receiver.start()
    bodies = receiver.wait_for(5)
    renames = [
        body["data"]["changes"]["name"] for body in bodies if body["event"].endswith("update")
    ]
    assert renames == [["Anim", "A"], ["A", "B"], ["B", "C"]]
    assert (
        sorted(body["event"] for body in bodies)
        == ["department:new"] * 2 + ["department:update"] * 3
    )
    assert len({body["delivery_id"] for body in bodies}) == 5  # each delivery once
    assert wait_until(lambda: not WebhookDelivery.objects.exclude(status="delivered").exists())


def test_gives_up_after_the_last_attempt_and_lets_the_next_go(
    admin_client, receiver, webhook, committed, short_backoff, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    department = committed(lambda: create_department(admin_client, "Comp"))
    receiver.status = 500
    committed(lambda: rename_department(admin_client, department["id"], "Compositing"))
    failed = WebhookDelivery.objects.get(event_name="department:update")
    assert (failed.status, failed.attempts, failed.last_status_code) == ("failed", 1, 500)
    assert failed.last_error == "HTTP 500 Internal Server Error"
    receiver.status = 200
    committed(lambda: rename_department(admin_client, department["id"], "Comp"))
    assert WebhookDelivery.objects.filter(status="delivered").count() == 2


# -- replay --------------------------------------------------------------------------------------
def test_admin_replays_a_delivery(admin_client, receiver, webhook, committed):
    committed(lambda: create_department(admin_client, "FX"))
    original = WebhookDelivery.objects.get()
    response = committed(
        lambda: admin_client.post(f"/actions/webhook-deliveries/{original.pk}/replay")
    )
    assert response.status_code == 201
    replay = WebhookDelivery.objects.get(replay_of=original)
    assert response.json()["id"] == str(replay.pk)
    assert response.json()["replay_of_id"] == str(original.pk)
    first, again = receiver.bodies()
    assert again["data"] == first["data"]
    assert again["delivery_id"] == str(replay.pk)
    replay.refresh_from_db()
    assert replay.status == "delivered"


def test_console_replay_action(admin, receiver, webhook, committed, client):
    committed(lambda: create_department(client_for(admin), "Matte"))
    original = WebhookDelivery.objects.get()
    client.force_login(admin)
    response = committed(
        lambda: client.post(
            "/admin/api/webhookdelivery/",
            {"action": "replay", "_selected_action": [str(original.pk)]},
        )
    )
    assert response.status_code == 302
    assert len(receiver.received) == 2
    assert WebhookDelivery.objects.filter(replay_of=original, status="delivered").count() == 1
    assert client.get("/admin/api/webhookdelivery/").status_code == 200
    assert client.get(f"/admin/api/webhookdelivery/{original.pk}/change/").status_code == 200
    assert client.get("/admin/api/webhook/").status_code == 200


def test_replay_unknown_or_refused(admin_client, role_clients):
    response = admin_client.post(
        "/actions/webhook-deliveries/00000000-0000-0000-0000-000000000000/replay"
    )
    assert response.status_code == 404
    _, manager = role_clients["manager"]
    response = manager.post(
        "/actions/webhook-deliveries/00000000-0000-0000-0000-000000000000/replay"
    )
    assert response.status_code == 403


# -- the admins' resource ----------------------------------------------------------------------
def test_admin_registers_a_webhook(admin_client):
    response = admin_client.post(
        "/data/webhooks",
        {"name": "Farm", "url": "http://farm.example/hook", "secret": "k", "events": ["Task:*"]},
        format="json",
    )
    assert response.status_code == 201
    webhook = Webhook.objects.get()
    body = response.json()
    assert body == {
        "name": "Farm",
        "url": "http://farm.example/hook",
        "events": ["task:*"],
        "active": True,
        "id": str(webhook.pk),
        "created_at": webhook.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": webhook.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "Webhook",
    }
    assert webhook.secret == "k"


def test_webhook_update_event_does_not_reveal_the_secret(admin_client, committed, receiver):
    webhook = Webhook.objects.create(
        name="Audit", url=receiver.url, secret="a", events=["webhook:update"]
    )
    body = {"secret": "b", "name": "Audit 2"}
    response = committed(
        lambda: admin_client.put(f"/data/webhooks/{webhook.pk}", body, format="json")
    )
    assert response.status_code == 200
    assert "secret" not in response.json()
    [delivered] = receiver.bodies()
    assert delivered["data"]["changes"] == {"name": ["Audit", "Audit 2"]}
    [(headers, raw)] = receiver.received
    assert headers["X-Kitsu-Signature"] == (
        "sha256=" + hmac.new(b"b", raw, hashlib.sha256).hexdigest()
    )  # signed with the new secret


@pytest.mark.parametrize(
    "body",
    [
        {"name": "X", "url": "not a url", "secret": "k", "events": ["task:new"]},
        {"name": "X", "url": "http://a.example/", "secret": "k", "events": []},
        {"name": "X", "url": "http://a.example/", "secret": "k", "events": "task:new"},
        {"name": "X", "url": "http://a.example/", "events": ["task:new"]},
    ],
)
def test_invalid_webhook_is_refused(admin_client, body):
    response = admin_client.post("/data/webhooks", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"] is True
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
def test_only_admins_manage_webhooks(role_clients, role):
    webhook = Webhook.objects.create(name="Farm", url="http://farm.example/", secret="a")
    _, client = role_clients[role]
    assert client.get("/data/webhooks").status_code == 403
    assert client.get(f"/data/webhooks/{webhook.pk}/deliveries").status_code == 403
    body = {"name": "X", "url": "http://a.example/", "secret": "k", "events": ["*"]}
    assert client.post("/data/webhooks", body, format="json").status_code == 403
    assert client.delete(f"/data/webhooks/{webhook.pk}").status_code == 403


def make_webhooks(count):
    for index in range(count):
        hook = Webhook.objects.create(
            name=f"Hook {index}", url="http://a.example/", secret="k", events=["*"]
        )
        WebhookDelivery.objects.create(
            webhook=hook, event_name="task:new", payload={}, object_key="task:1"
        )
    return hook


@pytest.mark.parametrize("count", [1, 3])
def test_webhook_lists_query_count(admin_client, django_assert_num_queries, count):
    hook = make_webhooks(count)
    with django_assert_num_queries(3):  # the caller (person, revocation) and the rows
        assert len(admin_client.get("/data/webhooks").json()) == count
    with django_assert_num_queries(4):
        deliveries = admin_client.get(f"/data/webhooks/{hook.pk}/deliveries").json()
    assert [row["event_name"] for row in deliveries] == ["task:new"]
    assert deliveries[0]["status"] == "pending"

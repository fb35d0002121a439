"""Redis (events, broker) going away: the API keeps answering, and what it announced or asked
for during the outage reaches the stream and the queue, in order, once Redis is back."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator

import orjson
import pytest
from redis import Redis, RedisError

from kitsu_site.api import events
from kitsu_site.api.models import UnpublishedEvent, UnsentJob
from kitsu_site.celery import _outbox, jobs_resend
from kitsu_site.stream import server
from kitsu_site.stream.server import EventStream
from people.models import Role
from reviews.models import BuildJob
from tests.conftest import client_for
from tests.e2e.servers import free_port
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.jobs import jobs_sent_to
from tests.reviews.comments_helpers import post_comment, production
from tests.reviews.playlist_helpers import build_production

pytestmark = pytest.mark.django_db(transaction=True)  # events and jobs leave on commit

# What a comment changing the task's status announces, and one asking for a review.
COMMENT_EVENTS = ["comment:new", "task:update", "task:status-changed", "news:new"]
REVIEW_REQUEST_EVENTS = [
    "comment:new",
    "task:update",
    "task:status-changed",
    "task:to-review",
    "news:new",
]


class SpareRedis:
    """A Redis server of the test's own, stopped and started again at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [shutil.which("redis-server"), "--port", str(self.port), "--save", ""]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                Redis.from_url(self.url).ping()
                return
            except RedisError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def spare_redis(settings) -> Iterator[SpareRedis]:
    """Events published to a spare Redis, on a channel of the test's own, and the cache there
    as in production."""
    redis = SpareRedis()
    redis.start()
    settings.REDIS_URL = redis.url
    settings.CACHES = {
        "default": {
            "BACKEND": "kitsu_site.api.redis_cache.TolerantRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    settings.EVENTS_CHANNEL = f"test-events-{uuid.uuid4().hex}"
    events._redis_client.cache_clear()
    yield redis
    events._redis_client.cache_clear()
    events._backlog.left_by_this_process = False
    _outbox.left_by_this_process = False
    if redis.process.poll() is None:
        redis.stop()


class Subscriber:
    """Reads what reaches the events channel."""

    def __init__(self, url: str, channel: str) -> None:
        self.pubsub = Redis.from_url(url).pubsub(ignore_subscribe_messages=True)
        self.pubsub.subscribe(channel)

    def names(self, count: int, timeout: float = 10) -> list[str]:
        received: list[str] = []
        deadline = time.monotonic() + timeout
        while len(received) < count and time.monotonic() < deadline:
            message = self.pubsub.get_message(timeout=0.1)
            if message is not None:
                received.append(orjson.loads(message["data"])["event"])
        return received


def kept_names() -> list[str]:
    return list(
        UnpublishedEvent.objects.order_by("created_at", "id").values_list("name", flat=True)
    )


def comment_setup():
    prod = production()
    admin = PersonFactory(role=Role.ADMIN, email="admin@studio.example")
    return prod, client_for(admin)


def test_logins_and_lists_are_answered_while_redis_is_down(spare_redis, api_client):
    prod, _ = comment_setup()
    spare_redis.stop()
    login = api_client.post(
        "/auth/login", {"email": "admin@studio.example", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 200
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {login.json()['access_token']}")
    projects = api_client.get("/data/projects")
    assert [project["id"] for project in projects.json()] == [str(prod.project.pk)]
    assert post_comment(api_client, prod.modeling, prod.status.wip).status_code == 201


def test_events_of_an_outage_go_out_in_order_before_the_next_one(spare_redis, settings):
    prod, client = comment_setup()
    spare_redis.stop()
    assert post_comment(client, prod.modeling, prod.status.wip).status_code == 201
    assert post_comment(client, prod.modeling, prod.status.wfa).status_code == 201
    assert kept_names() == COMMENT_EVENTS + REVIEW_REQUEST_EVENTS
    spare_redis.start()
    subscriber = Subscriber(spare_redis.url, settings.EVENTS_CHANNEL)
    assert post_comment(client, prod.modeling, prod.status.done).status_code == 201
    assert subscriber.names(13) == COMMENT_EVENTS + REVIEW_REQUEST_EVENTS + COMMENT_EVENTS
    assert kept_names() == []


def test_the_stream_sweeps_the_events_left_by_other_processes(spare_redis, settings, monkeypatch):
    prod, client = comment_setup()
    spare_redis.stop()
    assert post_comment(client, prod.modeling, prod.status.wip).status_code == 201
    events._backlog.left_by_this_process = False  # kept by another API process
    spare_redis.start()
    subscriber = Subscriber(spare_redis.url, settings.EVENTS_CHANNEL)
    monkeypatch.setattr(server, "BACKLOG_SWEEP_INTERVAL", 0.05)
    stream = EventStream(redis_url=spare_redis.url, channel=settings.EVENTS_CHANNEL)

    async def sweep_for_a_while() -> None:
        await stream.start()
        await asyncio.sleep(1)
        await stream.stop()

    asyncio.run(sweep_for_a_while())
    assert subscriber.names(4) == COMMENT_EVENTS
    assert kept_names() == []


def test_jobs_asked_for_while_the_broker_is_down_are_sent_once_it_is_back(spare_redis):
    prod = build_production()
    client = client_for(PersonFactory(role=Role.ADMIN, email="admin@studio.example"))
    queue = f"test-jobs-{uuid.uuid4().hex}"
    url = f"/data/playlists/{prod.playlist.pk}/build/mp4"
    with jobs_sent_to(spare_redis.url, queue):
        spare_redis.stop()
        response = client.get(url)
        assert response.status_code == 200
        job = BuildJob.objects.get()
        assert response.json()["id"] == str(job.pk)
        assert response.json()["status"] == "running"
        kept = UnsentJob.objects.get()
        assert (kept.task_name, kept.args, kept.kwargs) == (
            "reviews.build_playlist_movie",
            [str(job.pk)],
            {},
        )
        spare_redis.start()
        assert jobs_resend() is True
    assert not UnsentJob.objects.exists()
    (message,) = Redis.from_url(spare_redis.url).lrange(queue, 0, -1)
    headers = orjson.loads(message)["headers"]
    assert (headers["task"], headers["id"], headers["argsrepr"]) == (
        "reviews.build_playlist_movie",
        kept.options["task_id"],
        repr([str(job.pk)]),
    )

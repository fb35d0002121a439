"""emit(): stored after commit, published on Redis when configured, never failing a write."""

import json
import time
import uuid

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from redis import Redis

from kitsu_site.api.events import _redis_client, emit
from kitsu_site.api.models import ApiEvent

LOCAL_REDIS = "redis://127.0.0.1:6379/0"
CLOSED_PORT_REDIS = "redis://127.0.0.1:6390/0"


@pytest.fixture(autouse=True)
def fresh_redis_client():
    """The client is cached per process: each test gets one for its own REDIS_URL."""
    _redis_client.cache_clear()
    yield
    _redis_client.cache_clear()


@pytest.fixture
def subscriber():
    redis = Redis.from_url(LOCAL_REDIS, socket_timeout=5)
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(settings.EVENTS_CHANNEL)
    pubsub.get_message(timeout=1)  # the subscription confirmation
    yield pubsub
    pubsub.close()
    redis.close()


def next_message_about(pubsub, person_id: str) -> dict | None:
    """The first message on the channel about `person_id` (other processes may publish too)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        message = pubsub.get_message(timeout=1)
        if message is None:
            continue
        assert message["channel"] == settings.EVENTS_CHANNEL.encode()
        body = json.loads(message["data"])
        if body.get("data", {}).get("person_id") == person_id:
            return body
    return None


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_emit_stores_the_event_only_once_the_transaction_commits():
    person_id, project_id, user_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with transaction.atomic():
        emit("Person:Update", {"person_id": person_id}, project_id=project_id, user_id=user_id)
        assert ApiEvent.objects.count() == 0
    event = ApiEvent.objects.get()
    assert event.name == "person:update"
    assert event.data == {"person_id": str(person_id), "project_id": str(project_id)}
    assert (event.project_id, event.user_id) == (project_id, user_id)


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_emit_in_a_rolled_back_transaction_stores_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        emit("person:new", {"person_id": uuid.uuid4()})
        raise RuntimeError
    assert ApiEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL=LOCAL_REDIS)
def test_emit_publishes_on_redis(subscriber):
    person_id, project_id = uuid.uuid4(), uuid.uuid4()
    with transaction.atomic():
        emit("person:update", {"person_id": person_id}, project_id=project_id)
    event = ApiEvent.objects.get()
    received = next_message_about(subscriber, str(person_id))
    assert received == {
        "event": "person:update",
        "data": {
            "person_id": str(person_id),
            "project_id": str(project_id),
            "id": str(event.id),
        },
    }


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL=CLOSED_PORT_REDIS)
def test_emit_survives_redis_being_down():
    person_id = uuid.uuid4()
    with transaction.atomic():
        emit("person:delete", {"person_id": person_id})
    event = ApiEvent.objects.get()
    assert (event.name, event.data) == ("person:delete", {"person_id": str(person_id)})

"""`bulk_insert` (tuples in one COPY or executemany) and `deliveries_batched` (the events of a
bulk write logged in one insert, published in one round trip, in order)."""

import json
import time
import uuid

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from redis import Redis

from kitsu_site.api import events
from kitsu_site.api.bulk import bulk_insert
from kitsu_site.api.events import deliveries_batched, emit, update_events_about
from kitsu_site.api.models import ApiEvent, UnpublishedEvent

LOCAL_REDIS = "redis://127.0.0.1:6379/1"
AWKWARD_NAME = "tab\there\nnewline \\N back\\slash {braces} 100% é"
AWKWARD_DATA = {"text": 'quote " tab\t line\n \\N {} %s', "nested": [1, 2.5, None, True]}


@pytest.fixture
def listened():
    """What the listeners receive, in order."""
    received = []
    events._listeners.append(lambda name, payload: received.append((name, payload)))
    yield received
    events._listeners.pop()


@pytest.mark.django_db
def test_rows_go_in_with_their_values_defaults_and_ordered_dates(django_assert_num_queries):
    ids = [uuid.uuid4() for _ in range(3)]
    project_id = uuid.uuid4()
    rows = [
        (ids[0], AWKWARD_NAME, AWKWARD_DATA, str(project_id)),
        (ids[1], "plain", {}, None),
        (ids[2], "", {"a": {"b": []}}, project_id),
    ]
    with django_assert_num_queries(1):
        bulk_insert(ApiEvent, ("id", "name", "data", "project_id"), rows)
    stored = list(ApiEvent.objects.order_by("created_at"))
    assert [event.id for event in stored] == ids
    assert [(event.name, event.data, event.project_id) for event in stored] == [
        (AWKWARD_NAME, AWKWARD_DATA, project_id),
        ("plain", {}, None),
        ("", {"a": {"b": []}}, project_id),
    ]
    assert all(event.user_id is None for event in stored)
    assert all(event.created_at == event.updated_at for event in stored)
    assert stored[0].created_at < stored[1].created_at < stored[2].created_at


@pytest.mark.django_db
def test_a_column_the_model_lacks_is_refused():
    with pytest.raises(ValueError, match="ApiEvent has no column nope"):
        bulk_insert(ApiEvent, ("id", "nope"), [(uuid.uuid4(), 1)])


@pytest.mark.django_db
def test_no_rows_make_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        bulk_insert(ApiEvent, ("id",), [])


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_batched_events_are_logged_in_one_insert_in_order(listened):
    user_id, project_id = uuid.uuid4(), uuid.uuid4()
    with (
        CaptureQueriesContext(connection) as queries,
        deliveries_batched(),
        transaction.atomic(),
    ):
        for index in range(5):
            emit("Shot:New", {"shot_id": f"s{index}"}, project_id=project_id, user_id=user_id)
        emit("notification:new", {"notification_id": "n"}, persist=False)
        assert not ApiEvent.objects.exists()
    writes = [q["sql"] for q in queries if "api_event" in q["sql"] and "SELECT" not in q["sql"]]
    assert len(writes) == 1
    logged = list(ApiEvent.objects.order_by("created_at"))
    assert [(event.name, event.data) for event in logged] == [
        ("shot:new", {"shot_id": f"s{index}", "project_id": str(project_id)}) for index in range(5)
    ]
    assert {(event.user_id, event.project_id) for event in logged} == {(user_id, project_id)}
    assert listened == [
        ("shot:new", {"shot_id": f"s{index}", "project_id": str(project_id), "id": str(event.id)})
        for index, event in enumerate(logged)
    ] + [("notification:new", {"notification_id": "n"})]


@pytest.mark.django_db(transaction=True)
@override_settings(REDIS_URL="")
def test_batched_update_events_keep_their_changes(listened):
    task_id = str(uuid.uuid4())
    with deliveries_batched(), transaction.atomic(), update_events_about([task_id]) as about:
        emit("task:update", {"task_id": task_id})
        about.attach(task_id, {"priority": [0, 2]})
    event = ApiEvent.objects.get()
    assert event.data == {"task_id": task_id}
    assert listened == [
        ("task:update", {"task_id": task_id, "id": str(event.id), "changes": {"priority": [0, 2]}})
    ]


@pytest.mark.django_db(transaction=True)
def test_batched_events_are_published_in_order(settings):
    settings.REDIS_URL = LOCAL_REDIS
    events._redis_client.cache_clear()
    redis = Redis.from_url(LOCAL_REDIS, socket_timeout=5)
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(settings.EVENTS_CHANNEL)
    pubsub.get_message(timeout=1)
    marker = str(uuid.uuid4())
    try:
        with deliveries_batched(), transaction.atomic():
            for index in range(3):
                emit("task:new", {"task_id": f"t{index}", "marker": marker})
        received = []
        deadline = time.monotonic() + 5
        while len(received) < 3 and time.monotonic() < deadline:
            message = pubsub.get_message(timeout=1)
            if message and json.loads(message["data"])["data"].get("marker") == marker:
                received.append(json.loads(message["data"]))
    finally:
        pubsub.close()
        redis.close()
        events._redis_client.cache_clear()
    logged = list(ApiEvent.objects.order_by("created_at"))
    assert received == [
        {"event": "task:new", "data": {"task_id": f"t{i}", "marker": marker, "id": str(e.id)}}
        for i, e in enumerate(logged)
    ]


@pytest.mark.django_db(transaction=True)
def test_batched_events_wait_for_redis_when_it_does_not_answer(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6390/1"  # nothing listens there
    events._redis_client.cache_clear()
    try:
        with deliveries_batched(), transaction.atomic():
            emit("task:new", {"task_id": "t1"})
            emit("task:new", {"task_id": "t2"})
        assert events._backlog.left_by_this_process
    finally:
        events._backlog.left_by_this_process = False
        events._redis_client.cache_clear()
    logged = list(ApiEvent.objects.order_by("created_at"))
    waiting = UnpublishedEvent.objects.order_by("created_at")
    assert [(event.name, event.data) for event in waiting] == [
        ("task:new", {"task_id": f"t{index + 1}", "id": str(event.id)})
        for index, event in enumerate(logged)
    ]

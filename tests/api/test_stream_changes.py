"""Update events carry the changed fields with their old and new values (`changes`), whichever
way the resource writes (the base update or a resource's own service), on the stream; the
event log keeps the reference payload."""

import json
import uuid

import pytest
from redis import Redis

from kitsu_site.api.events import _redis_client
from kitsu_site.api.models import ApiEvent
from tests.production.factories import ProjectFactory, TaskFactory, TaskTypeFactory, asset

pytestmark = pytest.mark.django_db

LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def published(settings):
    """The events published on a channel of this test's own, as the stream reads them."""
    _redis_client.cache_clear()
    settings.REDIS_URL = LOCAL_REDIS
    settings.EVENTS_CHANNEL = f"test-changes-{uuid.uuid4().hex}"
    pubsub = Redis.from_url(LOCAL_REDIS).pubsub(ignore_subscribe_messages=True)
    pubsub.subscribe(settings.EVENTS_CHANNEL)
    pubsub.get_message(timeout=1)

    def messages(name):
        bodies = []
        while (message := pubsub.get_message(timeout=0.5)) is not None:
            bodies.append(json.loads(message["data"]))
        return [body["data"] for body in bodies if body["event"] == name]

    yield messages
    pubsub.close()
    _redis_client.cache_clear()


@pytest.fixture
def put(django_capture_on_commit_callbacks):
    """A PUT whose commit callbacks (the events) run before it returns, as in production."""

    def send(client, url, body):
        with django_capture_on_commit_callbacks(execute=True):
            return client.put(url, body, format="json")

    return send


def test_base_update_event_carries_changes(admin_client, put, published):
    task_type = TaskTypeFactory(name="Modeling", color="#111111")
    body = {"name": "Sculpt", "color": "#111111"}
    response = put(admin_client, f"/data/task-types/{task_type.pk}", body)
    assert response.status_code == 200
    event = ApiEvent.objects.get(name="task-type:update")
    assert event.data == {"task_type_id": str(task_type.pk)}  # the log: the reference payload
    assert published("task-type:update") == [
        {
            "task_type_id": str(task_type.pk),
            "id": str(event.pk),
            "changes": {"name": ["Modeling", "Sculpt"]},
        }
    ]


def test_service_update_event_carries_changes(admin_client, put, published):
    task = TaskFactory(duration=0, estimation=2)
    response = put(admin_client, f"/data/tasks/{task.pk}", {"estimation": 5})
    assert response.status_code == 200
    [update] = published("task:update")
    assert update["changes"] == {"estimation": [2, 5]}
    assert (update["task_id"], update["project_id"]) == (str(task.pk), str(task.project_id))


def test_entity_update_event_carries_changes(admin_client, put, published):
    hero = asset(ProjectFactory(name="Changes"), name="Hero", description="old")
    body = {"description": "new", "data": {"k": 1}}
    response = put(admin_client, f"/data/entities/{hero.pk}", body)
    assert response.status_code == 200
    [update] = published("asset:update")
    assert update["changes"] == {"description": ["old", "new"], "data": [None, {"k": 1}]}


def test_refused_update_emits_nothing(role_clients, put, published):
    task_type = TaskTypeFactory(name="Modeling")
    _, artist = role_clients["user"]
    response = put(artist, f"/data/task-types/{task_type.pk}", {"name": "X"})
    assert response.status_code == 403
    assert not ApiEvent.objects.exists()
    assert published("task-type:update") == []

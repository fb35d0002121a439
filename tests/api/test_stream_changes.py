"""Update events carry the changed fields with their old and new values (`changes`), whichever
way the resource writes (the base update or a resource's own service), on the stream; the
event log keeps the reference payload."""

import json
import uuid

import pytest
from django.db import transaction
from redis import Redis

from kitsu_site.api.events import _redis_client, changes_announced, emit
from kitsu_site.api.models import ApiEvent
from kitsu_site.api.wire import wire_datetime
from people.models import Organisation, Role
from production.models import Budget, ScheduleItem, TaskType
from production.wire import TASK_TYPE_PLAIN_WIRE
from reviews.models import WorkingFile
from tests.factories import PersonFactory
from tests.production.casting_helpers import cast, make_breakdown
from tests.production.factories import (
    EntityFactory,
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    asset,
    entity_type,
)
from tests.reviews.preview_media_helpers import media_prod, new_preview

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


def test_comment_status_change_event_carries_changes(admin_client, committed, published):
    task = TaskFactory()
    todo = task.task_status
    wip = TaskStatusFactory(short_name="wip", name="WIP", is_wip=True)
    body = {"task_status_id": str(wip.pk), "comment": "started"}
    response = committed(
        lambda: admin_client.post(f"/actions/tasks/{task.pk}/comment", body, format="json")
    )
    assert response.status_code == 201
    task.refresh_from_db()
    [update] = published("task:update")
    assert update["changes"] == {
        "task_status_id": [str(todo.pk), str(wip.pk)],
        "real_start_date": [None, wire_datetime(task.real_start_date)],
        "last_comment_date": [None, wire_datetime(task.last_comment_date)],
    }
    event = ApiEvent.objects.get(name="task:update")
    assert event.data == {"task_id": str(task.pk), "project_id": str(task.project_id)}


def test_assignment_event_carries_changes(admin_client, admin, committed, published):
    task = TaskFactory()
    artist = PersonFactory(role=Role.USER)
    body = {"task_ids": [str(task.pk)]}
    response = committed(
        lambda: admin_client.put(f"/actions/persons/{artist.pk}/assign", body, format="json")
    )
    assert response.status_code == 200
    [update] = published("task:update")
    assert update["changes"] == {
        "assigner_id": [None, str(admin.pk)],
        "assignees": [[], [str(artist.pk)]],
    }


def test_project_team_event_carries_changes(admin_client, committed, published):
    project = ProjectFactory(name="Team")
    artist = PersonFactory(role=Role.USER)
    body = {"person_id": str(artist.pk)}
    response = committed(
        lambda: admin_client.post(f"/data/projects/{project.pk}/team", body, format="json")
    )
    assert response.status_code == 201
    [update] = published("project:update")
    assert update["changes"] == {"team": [[], [str(artist.pk)]]}


def test_nested_writes_announce_each_object_changes(published, django_capture_on_commit_callbacks):
    """An update event about an object the inner write does not cover goes to the outer one;
    payload values that are not ids (lists) are no obstacle."""
    first, second = TaskTypeFactory(name="First"), TaskTypeFactory(name="Second")
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        changes_announced(TASK_TYPE_PLAIN_WIRE, [first.pk]),
        changes_announced(TASK_TYPE_PLAIN_WIRE, [second.pk]),
    ):
        TaskType.objects.filter(pk=first.pk).update(name="First!")
        TaskType.objects.filter(pk=second.pk).update(name="Second!")
        emit("task-type:update", {"task_type_id": first.pk, "tags": ["a"]})
        emit("task-type:update", {"task_type_id": second.pk})
    changes = {row["task_type_id"]: row["changes"] for row in published("task-type:update")}
    assert changes == {
        str(first.pk): {"name": ["First", "First!"]},
        str(second.pk): {"name": ["Second", "Second!"]},
    }


def test_comment_edit_event_carries_changes(admin_client, admin, put, published):
    prod = media_prod(admin)
    prod.comment.text = "first"
    prod.comment.save(update_fields=["text"])
    response = put(admin_client, f"/data/comments/{prod.comment.pk}", {"text": "second"})
    assert response.status_code == 200
    [update] = published("comment:update")
    assert update["changes"] == {"text": ["first", "second"], "editor_id": [None, str(admin.pk)]}


def test_preview_file_update_event_carries_changes(admin_client, admin, put, published):
    preview = new_preview(media_prod(admin), position=1)
    response = put(admin_client, f"/data/preview-files/{preview.pk}", {"position": 2})
    assert response.status_code == 200
    [update] = published("preview-file:update")
    assert update["changes"] == {"position": [1, 2]}


def test_schedule_item_update_event_carries_changes(admin_client, put, published):
    project = ProjectFactory(name="Planned")
    item = ScheduleItem.objects.create(project=project, task_type=TaskTypeFactory(), man_days=2)
    response = put(admin_client, f"/data/schedule-items/{item.pk}", {"man_days": 5})
    assert response.status_code == 200
    [update] = published("schedule-item:update")
    assert update["changes"] == {"man_days": [2, 5]}


def test_working_file_update_event_carries_changes(admin_client, put, published):
    working_file = WorkingFile.objects.create(task=TaskFactory(), name="main", comment="old")
    url = f"/actions/working-files/{working_file.pk}/comment"
    response = put(admin_client, url, {"comment": "new"})
    assert response.status_code == 200
    [update] = published("working-file:update")
    assert update["changes"] == {"comment": ["old", "new"]}


def test_organisation_update_event_carries_changes(admin_client, put, published):
    organisation = Organisation.objects.create(name="Studio", chat_token_slack="xoxb-secret")
    body = {"name": "Big Studio", "chat_token_slack": "xoxb-other"}
    response = put(admin_client, f"/data/organisations/{organisation.pk}", body)
    assert response.status_code == 200
    [update] = published("organisation:update")
    assert update["changes"] == {"name": ["Studio", "Big Studio"]}  # secrets never appear


def test_budget_update_event_carries_changes(admin_client, put, published):
    project = ProjectFactory(name="Budgeted")
    budget = Budget.objects.create(project=project, name="B", revision=1, currency="EUR")
    url = f"/data/projects/{project.pk}/budgets/{budget.pk}"
    response = put(admin_client, url, {"name": "Main", "currency": "USD"})
    assert response.status_code == 200
    [update] = published("budget:update")
    assert update["changes"] == {"name": ["B", "Main"], "currency": ["EUR", "USD"]}


def test_concept_move_event_carries_changes(admin_client, committed, published):
    project = ProjectFactory(name="Concepts")
    folder = EntityFactory(project=project, name="Props", entity_type=entity_type("ConceptFolder"))
    sketch = EntityFactory(project=project, name="Sketch", entity_type=entity_type("Concept"))
    body = {"concept_ids": [str(sketch.pk)], "concept_folder_id": str(folder.pk)}
    url = f"/actions/projects/{project.pk}/move-concepts"
    response = committed(lambda: admin_client.post(url, body, format="json"))
    assert response.status_code == 200
    [update] = published("concept:update")
    assert update["changes"] == {"parent_id": [None, str(folder.pk)]}


def test_casting_asset_update_event_carries_episode_changes(admin_client, put, published):
    """Casting's `asset:update` is about the episodes the asset is cast in."""
    bd = make_breakdown()
    url = f"/data/projects/{bd.project.pk}/entities/{bd.shot1.pk}/casting"
    response = put(admin_client, url, [cast(bd.hero)])
    assert response.status_code == 200
    [update] = published("asset:update")
    assert update["asset_id"] == str(bd.hero.pk)
    assert update["changes"] == {"casting_episode_ids": [[], [str(bd.episode.pk)]]}
    response = put(admin_client, url, [])
    assert response.status_code == 200
    [update] = published("asset:update")
    assert update["changes"] == {"casting_episode_ids": [[str(bd.episode.pk)], []]}


def test_kitsu_row_import_update_events_carry_changes(admin_client, committed, published):
    """Rows pushed from another instance announce what they changed, in the served shape."""
    project = ProjectFactory(name="Synced")
    shot = EntityFactory(project=project, name="SH010", entity_type=entity_type("Shot"))
    shot_row = {
        "id": str(shot.pk),
        "name": "SH020",
        "project_id": str(project.pk),
        "entity_type_id": str(shot.entity_type_id),
        "description": "From the studio's other site",
    }
    url = "/import/kitsu/entities"
    response = committed(lambda: admin_client.post(url, [shot_row], format="json"))
    assert response.status_code == 200
    [update] = published("shot:update")
    assert update["shot_id"] == str(shot.pk)
    assert update["changes"] == {
        "name": ["SH010", "SH020"],
        "description": [shot.description, "From the studio's other site"],
        "data": [shot.data, {}],
    }


def test_kitsu_row_import_new_rows_carry_no_changes(admin_client, committed, published):
    project = ProjectFactory(name="Synced")
    shot_row = {
        "id": str(uuid.uuid4()),
        "name": "SH030",
        "project_id": str(project.pk),
        "entity_type_id": str(entity_type("Shot").pk),
    }
    url = "/import/kitsu/entities"
    response = committed(lambda: admin_client.post(url, [shot_row], format="json"))
    assert response.status_code == 200
    [new] = published("shot:new")
    assert "changes" not in new

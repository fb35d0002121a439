"""Schedule items: created on first listing per task type, asset type, episode, sequence and
edit; the raw resource; role rules; query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from production.models import ScheduleItem
from tests.production.factories import TaskFactory, TaskTypeFactory, sequence
from tests.production.planning_helpers import build_plan, count_queries, event_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return build_plan()


def today() -> str:
    return timezone.localdate().isoformat()


def tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def item_row(item: ScheduleItem, **extra) -> dict:
    return {
        "id": str(item.id),
        "start_date": item.start_date.isoformat() if item.start_date else None,
        "end_date": item.end_date.isoformat() if item.end_date else None,
        "man_days": item.man_days,
        "project_id": str(item.project_id),
        "task_type_id": str(item.task_type_id),
        "object_id": str(item.object_id) if item.object_id else None,
        **extra,
    }


def test_task_type_items_created_on_first_listing(
    admin_client, plan, django_capture_on_commit_callbacks
):
    url = f"/data/projects/{plan.project.id}/schedule-items/task-types"
    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client.get(url).json()
    items = {item.task_type_id: item for item in ScheduleItem.objects.all()}
    # Task types with tasks, for breakdown kinds: concepts and unused task types get none.
    assert set(items) == {plan.animation.id, plan.modeling.id, plan.editing.id}
    assert first == [
        item_row(items[task_type.id]) for task_type in (plan.animation, plan.editing, plan.modeling)
    ]
    assert {(row["start_date"], row["end_date"], row["man_days"]) for row in first} == {
        (today(), tomorrow(), None)
    }
    assert event_names() == ["schedule-item:new"] * 3

    ScheduleItem.objects.filter(task_type=plan.modeling).update(
        start_date="2024-01-01", man_days=12
    )
    TaskFactory(entity=plan.hero, task_type=plan.concept)
    with django_capture_on_commit_callbacks(execute=True):
        second = admin_client.get(url).json()
    assert ScheduleItem.objects.count() == 3
    assert [row["task_type_id"] for row in second] == [
        str(plan.modeling.id),
        str(plan.animation.id),
        str(plan.editing.id),
    ]
    assert second[0]["man_days"] == 12
    assert event_names() == ["schedule-item:new"] * 3

    # An item whose task type no task uses any more is left out, not deleted.
    plan.edit_task.delete()
    third = admin_client.get(url).json()
    assert [row["task_type_id"] for row in third] == [str(plan.modeling.id), str(plan.animation.id)]
    assert ScheduleItem.objects.count() == 3


@pytest.mark.parametrize(
    ("kind", "task_type", "names"),
    [
        ("sequences", "animation", ["SQ01", "SQ02"]),
        ("episodes", "animation", ["E01", "E02"]),
        ("asset-types", "modeling", ["Character", "Prop"]),
        ("edits", "editing", ["E01_edit"]),
    ],
)
def test_object_items_created_on_first_listing(admin_client, plan, kind, task_type, names):
    task_type = getattr(plan, task_type)
    url = f"/data/projects/{plan.project.id}/schedule-items/{task_type.id}/{kind}"
    rows = admin_client.get(url).json()
    items = {str(item.object_id): item for item in ScheduleItem.objects.all()}
    assert len(items) == len(names)
    assert rows == [
        item_row(items[row["object_id"]], name=name) for row, name in zip(rows, names, strict=True)
    ]
    assert {row["task_type_id"] for row in rows} == {str(task_type.id)}
    assert admin_client.get(url).json() == rows
    assert ScheduleItem.objects.count() == len(names)


def test_object_items_of_one_episode(admin_client, plan):
    base = f"/data/projects/{plan.project.id}/schedule-items"
    episode = f"?episode_id={plan.e01.id}"
    sequences = admin_client.get(f"{base}/{plan.animation.id}/sequences{episode}").json()
    assert [(row["name"], row["object_id"]) for row in sequences] == [("SQ01", str(plan.sq01.id))]
    episodes = admin_client.get(f"{base}/{plan.animation.id}/episodes{episode}").json()
    assert [row["name"] for row in episodes] == ["E01"]
    asset_types = admin_client.get(f"{base}/{plan.modeling.id}/asset-types{episode}").json()
    assert [row["name"] for row in asset_types] == ["Character"]
    # The full listing completes the rows the episode listing did not need.
    assert len(admin_client.get(f"{base}/{plan.animation.id}/sequences").json()) == 2


def test_object_items_bad_ids(admin_client, plan):
    base = f"/data/projects/{plan.project.id}/schedule-items"
    response = admin_client.get(f"{base}/bad/sequences")
    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "Wrong UUID format.", "data": None},
    )
    unknown = TaskTypeFactory().id
    TaskTypeFactory._meta.model.objects.filter(pk=unknown).delete()
    assert admin_client.get(f"{base}/{unknown}/sequences").status_code == 404
    assert admin_client.get(f"{base}/{plan.animation.id}/sequences?episode_id=x").status_code == 400
    assert not ScheduleItem.objects.exists()


def test_project_schedule_items_lists_every_item(admin_client, plan):
    project = plan.project.id
    admin_client.get(f"/data/projects/{project}/schedule-items/task-types")
    admin_client.get(f"/data/projects/{project}/schedule-items/{plan.animation.id}/sequences")
    rows = admin_client.get(f"/data/projects/{project}/schedule-items").json()
    items = ScheduleItem.objects.order_by("created_at", "id")
    assert len(rows) == 5
    assert rows == [
        {
            **item_row(item),
            "created_at": item.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "updated_at": item.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "type": "ScheduleItem",
        }
        for item in items
    ]


def test_schedule_views_roles(plan):
    base = f"/data/projects/{plan.project.id}/schedule-items"
    expected = {
        base: {"manager": 200, "supervisor": 200, "user": 200, "client": 403, "vendor": 403},
        f"{base}/task-types": {
            "manager": 200,
            "supervisor": 200,
            "user": 200,
            "client": 200,
            "vendor": 403,
        },
        f"{base}/{plan.animation.id}/sequences": {
            "manager": 200,
            "supervisor": 200,
            "user": 200,
            "client": 200,
            "vendor": 403,
        },
    }
    for path, statuses in expected.items():
        for role, code in {**statuses, "outsider": 403}.items():
            assert plan.clients[role].get(path).status_code == code, (path, role)


def test_raw_schedule_items(admin_client, plan, django_capture_on_commit_callbacks):
    body = {"project_id": str(plan.project.id), "task_type_id": str(plan.animation.id)}
    with django_capture_on_commit_callbacks(execute=True):
        created = admin_client.post("/data/schedule-items", {**body, "man_days": 4}, format="json")
    assert created.status_code == 201
    item = ScheduleItem.objects.get()
    assert created.json()["man_days"] == 4
    duplicate = admin_client.post("/data/schedule-items", body, format="json")
    assert (duplicate.status_code, duplicate.json()) == (
        400,
        {"error": True, "message": "A similar schedule item already exists", "data": None},
    )
    url = f"/data/schedule-items/{item.id}"
    response = admin_client.put(
        url,
        {"man_days": "12", "start_date": "2024-02-01", "project_id": str(plan.e01.id)},
        format="json",
    )
    item.refresh_from_db()
    assert (item.man_days, item.start_date.isoformat(), item.project_id) == (
        4,
        "2024-02-01",
        plan.project.id,
    )
    assert response.json()["start_date"] == "2024-02-01"
    assert admin_client.get(url).json()["id"] == str(item.id)
    assert admin_client.delete(url).status_code == 204
    assert event_names() == ["schedule-item:new"]


def test_raw_schedule_items_roles(plan):
    animation = ScheduleItem.objects.create(project=plan.project, task_type=plan.animation)
    modeling = ScheduleItem.objects.create(project=plan.project, task_type=plan.modeling)
    for role, client in plan.clients.items():
        assert client.get("/data/schedule-items").status_code == 403, role
        assert client.get(f"/data/schedule-items/{animation.id}").status_code == 403, role
        anim = client.put(f"/data/schedule-items/{animation.id}", {"man_days": 3}, format="json")
        model = client.put(f"/data/schedule-items/{modeling.id}", {"man_days": 3}, format="json")
        # Supervisors plan their department's task types only.
        assert anim.status_code == (200 if role in ("manager", "supervisor") else 403), role
        assert model.status_code == (200 if role == "manager" else 403), role
        body = {"project_id": str(plan.project.id), "task_type_id": str(plan.editing.id)}
        created = client.post("/data/schedule-items", body, format="json")
        assert created.status_code == (201 if role == "manager" else 403), role
        if role != "manager":
            assert client.delete(f"/data/schedule-items/{modeling.id}").status_code == 403, role
    assert plan.clients["manager"].delete(f"/data/schedule-items/{modeling.id}").status_code == 204


@pytest.mark.parametrize(
    ("path", "add"),
    [
        ("schedule-items/task-types", "task_type"),
        ("schedule-items/{animation}/sequences", "sequence"),
        ("schedule-items", "item"),
    ],
)
def test_schedule_lists_query_count(admin_client, plan, path, add):
    url = f"/data/projects/{plan.project.id}/" + path.format(animation=plan.animation.id)
    admin_client.get(url)  # the first listing creates the items
    one, before = count_queries(admin_client, url)
    for index in range(2):
        if add == "task_type":
            TaskFactory(entity=plan.sh01, task_type=TaskTypeFactory(for_entity="Shot"))
        elif add == "sequence":
            sequence(plan.project, f"SQ1{index}", plan.e01)
        else:
            ScheduleItem.objects.create(project=plan.project, task_type=TaskTypeFactory())
    admin_client.get(url)
    three, rows = count_queries(admin_client, url)
    assert one == three
    assert len(rows) == len(before) + 2

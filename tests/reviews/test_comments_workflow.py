"""Posting comments drives the task: a whole review cycle, deletions and back-dated comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import EntityLink, ProjectTaskTypeLink, StatusAutomation
from reviews.models import Comment, News, Notification, Subscription
from reviews.services.task_history import task_rebuild
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import (
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    sequence,
    shot,
)
from tests.reviews.comments_helpers import post_comment, production, task_state

pytestmark = pytest.mark.django_db


def created(response) -> Comment:
    assert response.status_code == 201, response.json()
    return Comment.objects.get(pk=response.json()["id"])


def test_review_cycle_sets_every_task_field(admin_client, django_capture_on_commit_callbacks):
    prod = production()
    s, task = prod.status, prod.modeling

    wip = created(post_comment(admin_client, task, s.wip, "started"))
    assert task_state(task) == {
        "status": "wip",
        "retake_count": 0,
        "real_start_date": wip.created_at,
        "end_date": None,
        "done_date": None,
        "last_comment_date": wip.created_at,
    }
    wfa = created(post_comment(admin_client, task, s.wfa, "please check"))
    assert task_state(task) == {
        "status": "wfa",
        "retake_count": 0,
        "real_start_date": wip.created_at,
        "end_date": wfa.created_at,
        "done_date": None,
        "last_comment_date": wfa.created_at,
    }
    retake = created(post_comment(admin_client, task, s.retake, "again"))
    expected = {
        "status": "retake",
        "retake_count": 1,
        "real_start_date": wip.created_at,
        "end_date": None,
        "done_date": None,
        "last_comment_date": retake.created_at,
    }
    assert task_state(task) == expected
    # Same status again: a note, not a new retake.
    second = created(post_comment(admin_client, task, s.retake, "and again"))
    assert task_state(task) == {**expected, "last_comment_date": second.created_at}
    wfa2 = created(post_comment(admin_client, task, s.wfa, "fixed"))
    retake2 = created(post_comment(admin_client, task, s.retake, "nope"))
    assert task_state(task)["retake_count"] == 2
    wfa3 = created(post_comment(admin_client, task, s.wfa, "fixed twice"))
    done = created(post_comment(admin_client, task, s.done, "approved"))
    assert task_state(task) == {
        "status": "done",
        "retake_count": 2,
        "real_start_date": wip.created_at,
        "end_date": wfa3.created_at,  # a done status keeps the feedback date
        "done_date": done.created_at,
        "last_comment_date": done.created_at,
    }
    assert wfa2.created_at < retake2.created_at

    # Deleting the approval replays the history: first feedback, no done date.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"/data/tasks/{task.pk}/comments/{done.pk}")
    assert response.status_code == 204
    assert task_state(task) == {
        "status": "wfa",
        "retake_count": 2,
        "real_start_date": wip.created_at,
        "end_date": wfa.created_at,
        "done_date": None,
        "last_comment_date": wfa3.created_at,
    }
    changed = ApiEvent.objects.filter(name="task:status-changed").order_by("-created_at").first()
    assert changed.data["previous_task_status_id"] == str(s.done.pk)
    assert changed.data["new_task_status_id"] == str(s.wfa.pk)
    assert not News.objects.filter(comment_id=done.pk).exists()

    # A back-dated done comment older than everything: the history is replayed again.
    before = wip.created_at - dt.timedelta(minutes=5)
    back = post_comment(
        admin_client, task, s.done, "old approval", created_at=before.strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert back.status_code == 201
    assert back.json()["created_at"] == before.strftime("%Y-%m-%dT%H:%M:%S")
    state = task_state(task)
    assert state["status"] == "wfa"
    assert state["done_date"] == before.replace(microsecond=0)
    assert state["last_comment_date"] == wfa3.created_at
    # A back-dated retake between the first WIP and the first feedback is one more entry.
    between = wip.created_at + (wfa.created_at - wip.created_at) / 2
    created(post_comment(admin_client, task, s.retake, "early", created_at=between.isoformat()))
    assert task_state(task)["retake_count"] == 3


def test_posted_comment_shape_and_events(admin_client, admin, django_capture_on_commit_callbacks):
    prod = production()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(admin_client, prod.modeling, prod.status.wip, "hi")
    body = response.json()
    assert response.status_code == 201
    assert body["object_id"] == str(prod.modeling.pk)
    assert body["text"] == "hi"
    assert body["task_status"]["short_name"] == "wip"
    assert body["task_status"]["type"] == "TaskStatus"
    assert body["person"]["full_name"] == "John Did"
    assert "password" not in body["person"]
    for key in ("previews", "mentions", "department_mentions", "acknowledgements"):
        assert body[key] == []
    assert body["attachment_files"] == []
    names = list(ApiEvent.objects.order_by("created_at").values_list("name", flat=True))
    assert names == ["comment:new", "task:update", "task:status-changed", "news:new"]
    event = ApiEvent.objects.get(name="comment:new")
    assert event.data == {
        "comment_id": body["id"],
        "task_id": str(prod.modeling.pk),
        "person_id": str(admin.pk),
        "for_client": False,
        "task_status_id": str(prod.status.wip.pk),
        "project_id": str(prod.project.pk),
    }


def test_missing_status_and_unknown_ids(admin_client):
    prod = production()
    response = admin_client.post(
        f"/actions/tasks/{prod.modeling.pk}/comment", {"comment": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["data"]["errors"] == [
        {"field": "task_status_id", "message": "Field required"}
    ]
    assert post_comment(admin_client, prod.modeling, prod.status.wip).status_code == 201
    response = admin_client.post(
        "/actions/tasks/xyz/comment", {"task_status_id": "x"}, format="json"
    )
    assert response.status_code == 404


def test_retake_cap(admin_client):
    prod = production(max_retakes=1)
    s = prod.status
    assert post_comment(admin_client, prod.modeling, s.retake).status_code == 201
    post_comment(admin_client, prod.modeling, s.wfa)
    response = post_comment(admin_client, prod.modeling, s.retake)
    assert response.status_code == 400
    assert response.json()["message"] == "No more retakes allowed on this task"
    # The entity's own cap wins over the project's.
    prod.asset.data = {"max_retakes": 3}
    prod.asset.save()
    assert post_comment(admin_client, prod.modeling, s.retake).status_code == 201


def test_mentions_and_hashtags(admin_client, admin):
    prod = production()
    jane = PersonFactory(first_name="Jane", last_name="Doe")
    outsider = PersonFactory(first_name="Out", last_name="Sider")
    add_to_team(prod.project, jane)
    department = DepartmentFactory(name="Modeling Dept")
    colleague = PersonFactory()
    colleague.departments.add(department)
    add_to_team(prod.project, colleague)
    text = "Look @Jane Doe and @Out Sider, @Modeling Dept #shading"
    body = post_comment(admin_client, prod.modeling, prod.status.wip, text).json()
    assert body["mentions"] == [str(jane.pk)]
    assert body["department_mentions"] == [str(department.pk)]
    mentioned = Notification.objects.filter(notification_type="mention")
    assert set(mentioned.values_list("person_id", flat=True)) == {jane.pk, colleague.pk}
    assert not Notification.objects.filter(person=outsider).exists()
    copy = Comment.objects.get(object=prod.shading)
    assert copy.text == f"{text}\n\n____\nFrom Modeling task"
    assert copy.task_status_id == prod.status.todo.pk
    assert not Comment.objects.filter(object=prod.rigging).exists()
    assert task_state(prod.shading)["last_comment_date"] == copy.created_at
    post_comment(admin_client, prod.modeling, prod.status.wip, "to everyone #all")
    assert Comment.objects.filter(object=prod.rigging).count() == 1


def test_comment_notifications_go_to_followers_but_not_the_author(admin_client, admin):
    prod = production()
    artist, follower, seq_follower = PersonFactory(), PersonFactory(), PersonFactory()
    prod.modeling.assignees.add(artist, admin)
    Subscription.objects.create(person=follower, task=prod.modeling)
    post_comment(admin_client, prod.modeling, prod.status.wip, "go")
    rows = Notification.objects.filter(notification_type="comment")
    assert set(rows.values_list("person_id", flat=True)) == {artist.pk, follower.pk}
    assert all(row.change for row in rows)
    # Sequence subscribers hear about the shots of the sequence.
    sq = sequence(prod.project)
    sh = shot(prod.project, sq)
    from tests.production.factories import TaskFactory

    shot_task = TaskFactory(
        entity=sh,
        project=prod.project,
        task_type=prod.modeling.task_type,
        task_status=prod.status.todo,
    )
    Subscription.objects.create(person=seq_follower, entity=sq, task_type=prod.modeling.task_type)
    post_comment(admin_client, shot_task, prod.status.todo, "note")
    assert Notification.objects.filter(person=seq_follower, task=shot_task, change=False).exists()


def test_posting_costs_the_same_queries_whatever_the_team(admin_client):
    prod = production()
    post_comment(admin_client, prod.rigging, prod.status.wip, "warm-up")

    def queries_for(task, size: int) -> int:
        people = [PersonFactory() for _ in range(size)]
        for person in people:
            add_to_team(prod.project, person)
            Subscription.objects.create(person=person, task=task)
        task.assignees.add(*people[: size // 2])
        text = " ".join(f"@{p.first_name} {p.last_name}" for p in people) + " done"
        with CaptureQueriesContext(connection) as queries:
            assert post_comment(admin_client, task, prod.status.wip, text).status_code == 201
        assert Notification.objects.filter(task=task, notification_type="mention").count() == size
        return len(queries)

    assert queries_for(prod.modeling, 2) == queries_for(prod.shading, 10)


def test_status_automation_posts_on_the_next_step(admin_client):
    prod = production()
    s = prod.status
    automation = StatusAutomation.objects.create(
        entity_type="asset",
        in_task_type=prod.modeling.task_type,
        in_task_status=s.done,
        out_field_type="status",
        out_task_type=prod.rigging.task_type,
        out_task_status=s.wip,
    )
    backwards = StatusAutomation.objects.create(
        entity_type="asset",
        in_task_type=prod.rigging.task_type,
        in_task_status=s.wip,
        out_field_type="status",
        out_task_type=prod.modeling.task_type,
        out_task_status=s.retake,
    )
    ready = StatusAutomation.objects.create(
        entity_type="asset",
        in_task_type=prod.modeling.task_type,
        in_task_status=s.done,
        out_field_type="ready_for",
        out_task_type=prod.shading.task_type,
    )
    prod.project.status_automations.add(automation, backwards, ready)
    post_comment(admin_client, prod.modeling, s.done, "ok")
    auto = Comment.objects.get(object=prod.rigging)
    assert auto.text == "Change triggered by Modeling set to Done"
    assert task_state(prod.rigging)["status"] == "wip"
    # The rigging WIP would move modeling backwards: skipped.
    assert task_state(prod.modeling)["status"] == "done"
    prod.asset.refresh_from_db()
    assert prod.asset.ready_for_id == prod.shading.task_type_id


def test_rebuild_of_a_task_without_comments():
    prod = production()
    prod.modeling.retake_count = 4
    prod.modeling.task_status = prod.status.done
    prod.modeling.save()
    assert task_rebuild(task=prod.modeling) == prod.status.done.pk
    assert task_state(prod.modeling) == {
        "status": "todo",
        "retake_count": 0,
        "real_start_date": None,
        "end_date": None,
        "done_date": None,
        "last_comment_date": None,
    }


def test_role_client_for_project(role_clients):
    """Managers may post as someone else, back-dated and for clients; artists may not."""
    prod = production()
    manager, manager_client = role_clients[Role.MANAGER]
    artist, artist_client = role_clients[Role.USER]
    add_to_team(prod.project, manager)
    add_to_team(prod.project, artist)
    prod.modeling.assignees.add(artist)
    body = post_comment(
        manager_client,
        prod.modeling,
        prod.status.wip,
        person_id=str(artist.pk),
        for_client=True,
        created_at="2020-01-01T00:00:00",
    ).json()
    assert (body["person_id"], body["for_client"], body["created_at"]) == (
        str(artist.pk),
        True,
        "2020-01-01T00:00:00",
    )
    body = post_comment(
        artist_client,
        prod.modeling,
        prod.status.wfa,
        person_id=str(manager.pk),
        for_client=True,
        created_at="2020-01-01T00:00:00",
    ).json()
    assert (body["person_id"], body["for_client"]) == (str(artist.pk), False)
    assert body["created_at"] != "2020-01-01T00:00:00"


def test_ready_for_automation_refreshes_the_shots_readiness(admin_client):
    prod = production()
    s = prod.status
    layout = TaskTypeFactory(name="Layout", for_entity="Shot")
    ProjectTaskTypeLink.objects.create(project=prod.project, task_type=layout, priority=1)
    shot_ = shot(prod.project, sequence(prod.project))
    EntityLink.objects.create(entity_in=shot_, entity_out=prod.asset)
    layout_task = TaskFactory(entity=shot_, project=prod.project, task_type=layout)
    ready = StatusAutomation.objects.create(
        entity_type="asset",
        in_task_type=prod.modeling.task_type,
        in_task_status=s.done,
        out_field_type="ready_for",
        out_task_type=prod.shading.task_type,
    )
    prod.project.status_automations.add(ready)
    assert layout_task.nb_assets_ready == 0

    post_comment(admin_client, prod.modeling, s.done, "modeling approved")

    layout_task.refresh_from_db()
    assert layout_task.nb_assets_ready == 1

"""The per-user routes: to-do lists, context, assigned entities, notifications, subscriptions,
saved filters, time and day offs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import DayOff, Person, Role, TimeSpent
from people.tokens import issue_api_token
from production.models import SearchFilter, Task
from reviews.models import Comment, Notification, Subscription
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    closed_status,
    episode,
    sequence,
    shot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(db):
    """An artist with tasks in two open projects and a closed one, a supervisor of modeling."""
    modeling_dep = DepartmentFactory(name="Modeling")
    artist = PersonFactory(role=Role.USER, first_name="Artie", last_name="User")
    supervisor = PersonFactory(role=Role.SUPERVISOR, first_name="Supy", last_name="Visor")
    supervisor.departments.add(modeling_dep)
    todo = TaskStatusFactory(name="Todo", short_name="todo", is_default=True, color="#f5f5f5")
    wip = TaskStatusFactory(name="WIP", short_name="wip", is_wip=True)
    wfa = TaskStatusFactory(name="WFA", short_name="wfa", is_feedback_request=True)
    done = TaskStatusFactory(name="Done", short_name="done", is_done=True)
    modeling = TaskTypeFactory(name="Modeling", department=modeling_dep, color="#78909C")
    shading = TaskTypeFactory(name="Shading")
    animation = TaskTypeFactory(name="Animation", for_entity="Shot")
    proj_a = ProjectFactory(name="A Project")
    proj_tv = ProjectFactory(name="TV Project", production_type="tvshow")
    closed = ProjectFactory(name="Closed Project", project_status=closed_status())
    for project in (proj_a, proj_tv, closed):
        add_to_team(project, artist)
        add_to_team(project, supervisor)
    hero = asset(proj_a, "Hero")
    villain = asset(proj_a, "Villain")
    ep = episode(proj_tv)
    sq = sequence(proj_tv, "SQ01", episode=ep)
    sh = shot(proj_tv, sq, "SH010")
    sh2 = shot(proj_tv, sq, "SH020")
    tasks = {
        "hero_modeling": TaskFactory(entity=hero, task_type=modeling, task_status=wip),
        "villain_modeling": TaskFactory(entity=villain, task_type=modeling, task_status=wfa),
        "hero_shading": TaskFactory(entity=hero, task_type=shading, task_status=done),
        "sh010": TaskFactory(entity=sh, task_type=animation, task_status=todo),
        "sh020": TaskFactory(entity=sh2, task_type=animation, task_status=todo),
        "closed": TaskFactory(entity=asset(closed, "Old"), task_type=modeling, task_status=todo),
    }
    for key in ("hero_modeling", "villain_modeling", "hero_shading", "sh010", "closed"):
        tasks[key].assignees.add(artist)
    return {
        "artist": artist,
        "supervisor": supervisor,
        "tasks": tasks,
        "statuses": {"todo": todo, "wip": wip, "wfa": wfa, "done": done},
        "types": {"modeling": modeling, "shading": shading, "animation": animation},
        "projects": {"a": proj_a, "tv": proj_tv, "closed": closed},
        "entities": {"hero": hero, "villain": villain, "ep": ep, "sq": sq, "sh": sh, "sh2": sh2},
    }


def _ids(rows):
    return sorted(row["id"] for row in rows)


def test_todo_list_has_open_undone_assigned_tasks(studio):
    artist, tasks = studio["artist"], studio["tasks"]
    admin = PersonFactory(role=Role.ADMIN)
    comment = Comment.objects.create(
        object=tasks["villain_modeling"], person=admin, text="please check", task_status=None
    )
    response = client_for(artist).get("/data/user/tasks")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    expected = {str(tasks[key].id) for key in ("hero_modeling", "villain_modeling", "sh010")}
    assert set(rows) == expected
    villain = rows[str(tasks["villain_modeling"].id)]
    assert villain["last_comment"] == {
        "text": "please check",
        "date": comment.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "person_id": str(admin.id),
    }
    assert villain["project_name"] == "A Project"
    assert villain["entity_name"] == "Villain"
    assert villain["entity_type_name"] == "Character"
    assert villain["entity_data"] == {}
    assert villain["entity_preview_file_id"] == ""
    assert villain["entity_source_id"] == ""
    assert villain["sequence_name"] is None
    assert villain["episode_id"] == ""
    assert villain["episode_name"] is None
    assert villain["task_type_name"] == "Modeling"
    assert villain["task_type_color"] == "#78909C"
    assert villain["task_status_name"] == "WFA"
    assert villain["task_status_short_name"] == "wfa"
    assert villain["task_type_for_entity"] == "Asset"
    assert villain["assignees"] == [str(artist.id)]
    assert villain["type"] == "Task"
    shot_row = rows[str(tasks["sh010"].id)]
    assert shot_row["sequence_name"] == "SQ01"
    assert shot_row["episode_id"] == str(studio["entities"]["ep"].id)
    assert shot_row["episode_name"] == "E01"
    assert shot_row["last_comment"] == {}


def test_done_tasks(studio):
    response = client_for(studio["artist"]).get("/data/user/done-tasks")
    assert response.status_code == 200
    assert _ids(response.json()) == [str(studio["tasks"]["hero_shading"].id)]


def test_tasks_to_check_for_supervisor_and_artist(studio):
    response = client_for(studio["supervisor"]).get("/data/user/tasks-to-check")
    assert _ids(response.json()) == [str(studio["tasks"]["villain_modeling"].id)]
    assert client_for(studio["artist"]).get("/data/user/tasks-to-check").json() == []
    values = client_for(studio["supervisor"]).get("/data/user/tasks-to-check/filter-values")
    assert values.json() == {
        "project_ids": [str(studio["projects"]["a"].id)],
        "task_type_ids": [str(studio["types"]["modeling"].id)],
        "task_status_ids": [str(studio["statuses"]["wfa"].id)],
        "episode_ids": [],
        "person_ids": [str(studio["artist"].id)],
    }


@pytest.mark.parametrize("path", ["/data/user/tasks", "/data/user/done-tasks"])
def test_todo_lists_run_a_fixed_number_of_queries(studio, path):
    artist = studio["artist"]
    client = client_for(artist)
    client.get(path)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    status = studio["statuses"]["done" if "done" in path else "todo"]
    for index in range(3):
        task = TaskFactory(
            entity=asset(studio["projects"]["a"], f"Extra {index}"),
            task_type=studio["types"]["modeling"],
            task_status=status,
        )
        task.assignees.add(artist, studio["supervisor"])
        Comment.objects.create(object=task, person=artist, text="c")
    with CaptureQueriesContext(connection) as many:
        response = client.get(path)
    assert len(response.json()) >= 4
    assert len(many) == len(one)


def test_tasks_to_check_query_count(studio):
    client = client_for(studio["supervisor"])
    with CaptureQueriesContext(connection) as one:
        client.get("/data/user/tasks-to-check")
    for index in range(3):
        TaskFactory(
            entity=asset(studio["projects"]["a"], f"Check {index}"),
            task_type=studio["types"]["modeling"],
            task_status=studio["statuses"]["wfa"],
        ).assignees.add(studio["artist"])
    with CaptureQueriesContext(connection) as many:
        response = client.get("/data/user/tasks-to-check")
    assert len(response.json()) == 4
    assert len(many) == len(one)


def test_open_projects_and_context(studio):
    artist = studio["artist"]
    response = client_for(artist).get("/data/user/projects/open")
    assert [row["name"] for row in response.json()] == ["A Project", "TV Project"]
    assert {"descriptors", "task_type_links", "task_statuses_link"} <= set(response.json()[0])
    context = client_for(artist).get("/data/user/context").json()
    assert set(context) == {
        "asset_types",
        "custom_actions",
        "status_automations",
        "departments",
        "studios",
        "notification_count",
        "persons",
        "project_status",
        "project_roles",
        "projects",
        "task_types",
        "task_status",
        "search_filters",
        "search_filter_groups",
        "preview_background_files",
        "plugins",
    }
    assert [project["name"] for project in context["projects"]] == ["A Project", "TV Project"]
    assert "email" not in context["persons"][0]
    admin = PersonFactory(role=Role.ADMIN)
    admin_context = client_for(admin).get("/data/user/context").json()
    assert admin_context["user_limit"] == 100
    assert "email" in admin_context["persons"][0]


def test_assigned_entities(studio):
    client = client_for(studio["artist"])
    projects, entities, types = studio["projects"], studio["entities"], studio["types"]
    hero = entities["hero"]
    asset_types = client.get(f"/data/user/projects/{projects['a'].id}/asset-types").json()
    assert [(row["name"], row["type"]) for row in asset_types] == [("Character", "AssetType")]
    assets = client.get(
        f"/data/user/projects/{projects['a'].id}/asset-types/{hero.entity_type_id}/assets"
    ).json()
    assert [row["name"] for row in assets] == ["Hero", "Villain"]
    assert assets[0]["type"] == "Asset"
    episodes = client.get(f"/data/user/projects/{projects['tv'].id}/episodes").json()
    assert [row["id"] for row in episodes] == [str(entities["ep"].id)]
    sequences = client.get(f"/data/user/projects/{projects['tv'].id}/sequences").json()
    assert [row["id"] for row in sequences] == [str(entities["sq"].id)]
    shots = client.get(f"/data/user/sequences/{entities['sq'].id}/shots").json()
    assert [row["name"] for row in shots] == ["SH010"]
    assert client.get(f"/data/user/sequences/{entities['sq'].id}/scenes").json() == []
    hero_tasks = client.get(f"/data/user/assets/{hero.id}/tasks").json()
    assert _ids(hero_tasks) == sorted(
        str(studio["tasks"][key].id) for key in ("hero_modeling", "hero_shading")
    )
    hero_types = client.get(f"/data/user/assets/{hero.id}/task-types").json()
    assert [row["name"] for row in hero_types] == ["Modeling", "Shading"]
    shot_types = client.get(f"/data/user/shots/{entities['sh'].id}/task-types").json()
    assert [row["id"] for row in shot_types] == [str(types["animation"].id)]
    assert client.get(f"/data/user/shots/{entities['sh2'].id}/tasks").json() == []
    assert client.get("/data/user/assets/not-an-id/tasks").status_code == 400


def _notify(studio, **fields):
    admin = PersonFactory(role=Role.ADMIN)
    task = studio["tasks"]["hero_modeling"]
    comment = Comment.objects.create(
        object=task, person=admin, text="go", task_status=studio["statuses"]["wip"]
    )
    comment.mentions.add(studio["artist"])
    return Notification.objects.create(
        person=studio["artist"],
        author=admin,
        comment=comment,
        task=task,
        notification_type="comment",
        change=True,
        **fields,
    )


def test_notifications(studio):
    notification = _notify(studio)
    artist = studio["artist"]
    client = client_for(artist)
    rows = client.get("/data/user/notifications").json()
    assert rows == [
        {
            "id": str(notification.id),
            "type": "Notification",
            "notification_type": "comment",
            "author_id": str(notification.author_id),
            "comment_id": str(notification.comment_id),
            "task_id": str(notification.task_id),
            "task_type_id": str(studio["types"]["modeling"].id),
            "task_status_id": str(studio["statuses"]["wip"].id),
            "mentions": [str(artist.id)],
            "department_mentions": [],
            "reply_mentions": [],
            "reply_department_mentions": [],
            "preview_file_id": None,
            "project_id": str(studio["projects"]["a"].id),
            "project_name": "A Project",
            "comment_text": "go",
            "reply_text": "",
            "created_at": notification.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
            "read": False,
            "change": True,
            "full_entity_name": "Character / Hero",
            "episode_id": None,
            "entity_preview_file_id": None,
            "subscription_id": None,
            "playlist_id": None,
            "playlist_name": "",
            "playlist_for_entity": "",
            "playlist_is_for_all": False,
        }
    ]
    assert client.get("/data/user/notifications?read=true").json() == []
    assert client.get(f"/data/user/notifications/{notification.id}").json() == rows[0]
    response = client.put(f"/data/user/notifications/{notification.id}", {"read": True}, "json")
    assert response.status_code == 200
    assert response.json()["read"] is True
    assert "notification_type" not in response.json()
    assert client.get("/data/user/notifications?read=false").json() == []
    client.put(f"/data/user/notifications/{notification.id}", {"read": False}, "json")
    response = client.post("/actions/user/notifications/mark-all-as-read")
    assert response.json() == {"success": True}
    assert not Notification.objects.filter(read=False).exists()
    other = client_for(studio["supervisor"])
    assert other.get(f"/data/user/notifications/{notification.id}").status_code == 403


def test_notifications_query_count(studio):
    client = client_for(studio["artist"])
    _notify(studio)
    with CaptureQueriesContext(connection) as one:
        client.get("/data/user/notifications")
    for _ in range(3):
        _notify(studio)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/data/user/notifications").json()) == 4
    assert len(many) == len(one)


def test_subscriptions(studio):
    artist = studio["artist"]
    client = client_for(artist)
    task = studio["tasks"]["hero_modeling"]
    response = client.post(f"/actions/user/tasks/{task.id}/subscribe")
    assert response.status_code == 201
    body = response.json()
    assert body["task_id"] == str(task.id)
    assert body["person_id"] == str(artist.id)
    assert body["type"] == "Subscription"
    again = client.post(f"/actions/user/tasks/{task.id}/subscribe").json()
    assert again["id"] == body["id"]
    assert client.get(f"/data/user/tasks/{task.id}/subscribed").json() is True
    assert client.delete(f"/actions/user/tasks/{task.id}/unsubscribe").status_code == 204
    assert client.get(f"/data/user/tasks/{task.id}/subscribed").json() is False
    assert client.get("/data/user/tasks/bad/subscribed").json() is False
    other = studio["tasks"]["villain_modeling"]
    bulk = client.post(
        "/actions/user/tasks/subscribe", {"task_ids": [str(task.id), str(other.id)]}, "json"
    )
    assert bulk.status_code == 201
    assert len(bulk.json()) == 2
    unsub = client.post("/actions/user/tasks/unsubscribe", {"task_ids": [str(task.id)]}, "json")
    assert unsub.json() == [str(task.id)]
    assert list(Subscription.objects.values_list("task_id", flat=True)) == [other.id]
    sq, animation = studio["entities"]["sq"], studio["types"]["animation"]
    path = f"sequences/{sq.id}/task-types/{animation.id}"
    response = client.post(f"/actions/user/{path}/subscribe")
    assert response.status_code == 201
    assert response.json()["entity_id"] == str(sq.id)
    assert client.get(f"/data/user/{path}/subscribed").json() is True
    assert client.get(f"/data/user/entities/{sq.id}/task-types/{animation.id}/subscribed").json()
    assert client.delete(f"/actions/user/{path}/unsubscribe").status_code == 204
    assert client.get(f"/data/user/{path}/subscribed").json() is False
    assert client.post(f"/actions/user/tasks/{sq.id}/subscribe").status_code == 404


def test_filters_and_groups(studio):
    artist = studio["artist"]
    project = studio["projects"]["a"]
    client = client_for(artist)
    missing = client.post("/data/user/filters", {"list_type": "asset"}, "json")
    assert missing.status_code == 400
    assert missing.json()["data"]["errors"] == [
        {"field": "name", "message": "Field required"},
        {"field": "query", "message": "Field required"},
    ]
    group = client.post(
        "/data/user/filter-groups",
        {"list_type": "asset", "name": "grp", "color": "#ff0000", "project_id": str(project.id)},
        "json",
    )
    assert group.status_code == 201
    group_id = group.json()["id"]
    created = client.post(
        "/data/user/filters",
        {
            "list_type": "asset",
            "name": "mine",
            "query": "hero",
            "project_id": str(project.id),
            "is_shared": True,
            "search_filter_group_id": group_id,
        },
        "json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["search_query"] == "hero"
    assert body["is_shared"] is False  # artists cannot share
    assert body["type"] == "SearchFilter"
    global_filter = client.post(
        "/data/user/filters", {"list_type": "asset", "name": "g", "query": "x"}, "json"
    ).json()
    listing = client.get("/data/user/filters").json()
    assert listing == {"asset": {str(project.id): [body], "all": [global_filter]}}
    assert client_for(studio["supervisor"]).get("/data/user/filters").json() == {}
    updated = client.put(f"/data/user/filters/{body['id']}", {"name": "renamed"}, "json")
    assert updated.json()["name"] == "renamed"
    groups = client.get("/data/user/filter-groups").json()
    assert list(groups["asset"][str(project.id)][0].items()) == list(group.json().items())
    assert client.get(f"/data/user/filter-groups/{group_id}").json()["name"] == "grp"
    renamed = client.put(f"/data/user/filter-groups/{group_id}", {"name": "g2"}, "json")
    assert renamed.json()["name"] == "g2"
    assert client.delete(f"/data/user/filter-groups/{group_id}").status_code == 204
    assert not SearchFilter.objects.filter(id=body["id"]).exists()
    assert client.delete(f"/data/user/filters/{global_filter['id']}").status_code == 204
    assert client.get("/data/user/filters").json() == {}


def test_supervisor_shares_filters_with_the_team(studio):
    project = studio["projects"]["a"]
    client_for(studio["supervisor"]).post(
        "/data/user/filters",
        {
            "list_type": "asset",
            "name": "s",
            "query": "q",
            "project_id": str(project.id),
            "is_shared": True,
        },
        "json",
    )
    shared = client_for(studio["artist"]).get("/data/user/filters").json()
    assert [row["name"] for row in shared["asset"][str(project.id)]] == ["s"]


def test_time_spents_day_offs_and_desktop_logins(studio):
    artist = studio["artist"]
    client = client_for(artist)
    task = studio["tasks"]["hero_modeling"]
    spent = TimeSpent.objects.create(
        person=artist, task=task, date=dt.date(2026, 1, 5), duration=120
    )
    rows = client.get("/data/user/time-spents/2026-01-05").json()
    assert [row["id"] for row in rows] == [str(spent.id)]
    assert rows[0]["duration"] == 120.0
    assert client.get("/data/user/time-spents").json() == []
    assert client.get("/data/user/time-spents/bad").json()["message"] == "Wrong date format."
    one = client.get(f"/data/user/tasks/{task.id}/time-spents/2026-01-05")
    assert one.json()["id"] == str(spent.id)
    assert client.get(f"/data/user/tasks/{task.id}/time-spents/2026-01-06").status_code == 404
    day_off = DayOff.objects.create(
        person=artist, date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 12), description="h"
    )
    assert client.get("/data/user/day-offs/2026-01-11").json()["id"] == str(day_off.id)
    assert client.get("/data/user/day-offs/2026-01-13").json() == {}
    created = client.post("/data/user/desktop-login-logs", {"date": "2026-01-05T10:00:00"}, "json")
    assert created.status_code == 201
    assert created.json()["date"] == "2026-01-05T10:00:00"
    logs = client.get("/data/user/desktop-login-logs").json()
    assert [row["id"] for row in logs] == [created.json()["id"]]


def test_clear_avatar(studio):
    artist = studio["artist"]
    Person.objects.filter(pk=artist.pk).update(has_avatar=True)
    assert client_for(artist).delete("/actions/user/clear-avatar").status_code == 204
    artist.refresh_from_db()
    assert artist.has_avatar is False


@pytest.mark.parametrize(
    "path",
    [
        "/data/user/tasks",
        "/data/user/context",
        "/data/user/notifications",
        "/data/user/filters",
        "/data/user/projects/open",
    ],
)
def test_bots_are_refused(studio, path):
    bot = PersonFactory(role=Role.USER, is_bot=True)
    token = issue_api_token(bot)
    bot.save()
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(path).status_code == 403


def test_unauthenticated_is_refused(api_client):
    assert api_client.get("/data/user/tasks").status_code == 401


def test_closed_project_tasks_are_left_out(studio):
    rows = client_for(studio["artist"]).get("/data/user/tasks").json()
    assert str(studio["tasks"]["closed"].id) not in {row["id"] for row in rows}
    assert Task.objects.filter(assignees=studio["artist"]).count() == 5


def _range_row(spent: TimeSpent) -> dict:
    """A time spent as the range of `/data/user/time-spents` sends it."""
    return {
        "duration": spent.duration,
        "date": spent.date.isoformat(),
        "task_id": str(spent.task_id),
        "person_id": str(spent.person_id),
        "project_id": str(spent.task.project_id),
        "task_type_id": str(spent.task.task_type_id),
        "id": str(spent.id),
        "created_at": spent.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": spent.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "TimeSpent",
    }


def _log(person: Person, task: Task, day: int, minutes: float) -> TimeSpent:
    return TimeSpent.objects.create(
        person=person, task=task, date=dt.date(2026, 1, day), duration=minutes
    )


def _range(client, start: str, end: str):
    return client.get("/data/user/time-spents", {"start_date": start, "end_date": end})


def test_time_spents_of_a_range_of_days(studio):
    artist, tasks = studio["artist"], studio["tasks"]
    first = _log(artist, tasks["hero_modeling"], 5, 60)
    shot_day = _log(artist, tasks["sh010"], 7, 30)
    last = _log(artist, tasks["hero_modeling"], 9, 120)
    _log(artist, tasks["hero_modeling"], 4, 15)
    _log(artist, tasks["hero_shading"], 10, 15)
    _log(studio["supervisor"], tasks["hero_modeling"], 6, 45)
    client = client_for(artist)

    response = _range(client, "2026-01-05", "2026-01-09")

    assert response.status_code == 200
    # Both days included, by day, the person's own time only.
    assert response.json() == [_range_row(first), _range_row(shot_day), _range_row(last)]
    assert response.json()[1]["project_id"] == str(studio["projects"]["tv"].id)
    assert response.json()[1]["task_type_id"] == str(studio["types"]["animation"].id)
    assert _range(client, "2026-01-07", "2026-01-07").json() == [_range_row(shot_day)]
    # The day forms PostgreSQL reads, as the reference sends them to it.
    assert _range(client, "2026-1-7", "20260107").json() == [_range_row(shot_day)]
    assert _range(client, "2026-01-07T00:00:00", "2026-01-07").json() == [_range_row(shot_day)]
    assert _range(client, "2026-01-09", "2026-01-05").json() == []


def test_time_spents_range_needs_both_days_readable(studio):
    client = client_for(studio["artist"])
    _log(studio["artist"], studio["tasks"]["hero_modeling"], 5, 60)
    both = "If querying for a range of dates, both a `start_date` and an `end_date` must be given."
    cases = [
        ({"start_date": "2026-01-05"}, both),
        ({"end_date": "2026-01-05"}, both),
        (
            {"start_date": "bad", "end_date": "2026-01-05"},
            "Wrong date format for bad and/or 2026-01-05",
        ),
        (
            {"start_date": "2026-01-05", "end_date": "2026-02-30"},
            "Wrong date format for 2026-01-05 and/or 2026-02-30",
        ),
        ({"start_date": "2026-01-05", "end_date": ""}, "Wrong date format for 2026-01-05 and/or "),
    ]
    for params, message in cases:
        response = client.get("/data/user/time-spents", params)
        assert response.status_code == 400, params
        assert response.json() == {"error": True, "message": message, "data": None}
    # Both empty is no range at all: today's time spents, as without them.
    today = TimeSpent.objects.create(
        person=studio["artist"], task=studio["tasks"]["sh010"], date=dt.date.today(), duration=10
    )
    rows = client.get("/data/user/time-spents", {"start_date": "", "end_date": ""}).json()
    assert [row["id"] for row in rows] == [str(today.id)]


def test_time_spents_range_is_the_callers_own(studio):
    artist, tasks = studio["artist"], studio["tasks"]
    manager = PersonFactory(role=Role.MANAGER)
    outsider = PersonFactory(role=Role.USER)
    add_to_team(studio["projects"]["a"], manager)
    artist_time = _log(artist, tasks["hero_modeling"], 5, 60)
    manager_time = _log(manager, tasks["hero_modeling"], 5, 90)
    days = {"start_date": "2026-01-01", "end_date": "2026-01-31"}

    assert client_for(artist).get("/data/user/time-spents", days).json() == [
        _range_row(artist_time)
    ]
    assert client_for(manager).get("/data/user/time-spents", days).json() == [
        _range_row(manager_time)
    ]
    assert client_for(outsider).get("/data/user/time-spents", days).json() == []
    bot = PersonFactory(role=Role.USER, is_bot=True)
    token = issue_api_token(bot)
    bot.save()
    from rest_framework.test import APIClient

    bot_client = APIClient()
    bot_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bot_client.get("/data/user/time-spents", days).status_code == 403
    assert APIClient().get("/data/user/time-spents", days).status_code == 401


def test_time_spents_range_query_count(studio):
    artist, tasks = studio["artist"], studio["tasks"]
    client = client_for(artist)
    _log(artist, tasks["hero_modeling"], 5, 60)
    with CaptureQueriesContext(connection) as one:
        assert len(_range(client, "2026-01-01", "2026-01-31").json()) == 1
    for day in range(6, 16):
        _log(artist, tasks["sh010" if day % 2 else "villain_modeling"], day, 30)
    with CaptureQueriesContext(connection) as many:
        assert len(_range(client, "2026-01-01", "2026-01-31").json()) == 11
    assert len(many) == len(one)

"""News feeds, the feed resources (notifications, news, subscriptions, plugins, saved searches),
per-project lists and search."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory, force_authenticate

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Plugin
from reviews.models import Comment, News, Notification, PreviewFile, Subscription
from reviews.views.feeds import ProjectsNewsView
from tests.conftest import client_for
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    add_to_team,
    asset,
    closed_status,
    episode,
    sequence,
    shot,
)

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 3, 1, 10, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def statuses():
    return {
        "wip": TaskStatusFactory(short_name="wip", name="WIP", is_wip=True),
        "wfa": TaskStatusFactory(short_name="wfa", name="WFA", is_feedback_request=True),
        "retake": TaskStatusFactory(short_name="retake", name="Retake", is_retake=True),
    }


def post_news(task, author, status, *, at, change=True, preview=None):
    comment = Comment.objects.create(object=task, person=author, task_status=status, text="x")
    news = News.objects.create(
        task=task, author=author, comment=comment, change=change, preview_file=preview
    )
    News.objects.filter(pk=news.pk).update(created_at=at)
    news.refresh_from_db()
    return news


@pytest.fixture
def feed(role_clients, statuses):
    """A project with an asset task and four news, an older one first."""
    project = ProjectFactory(name="Feeds")
    hero = asset(project, name="Hero")
    task = TaskFactory(entity=hero, project=project)
    for role, (person, _) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    artist = role_clients[Role.USER][0]
    client = role_clients[Role.CLIENT][0]
    manager = role_clients[Role.MANAGER][0]
    news = [
        post_news(task, artist, statuses["wip"], at=T0),
        post_news(task, artist, statuses["wfa"], at=T0 + dt.timedelta(seconds=1)),
        post_news(task, client, statuses["wfa"], at=T0 + dt.timedelta(seconds=2), change=False),
        post_news(task, manager, statuses["retake"], at=T0 + dt.timedelta(seconds=3)),
    ]
    return project, task, news


def news_url(project, news=None):
    path = f"/data/projects/{project.id}/news"
    return path if news is None else f"{path}/{news.id}"


def test_project_news_rows(admin_client, feed, statuses, role_clients):
    project, task, news = feed
    manager = role_clients[Role.MANAGER][0]
    body = admin_client.get(news_url(project)).json()
    assert {key: value for key, value in body.items() if key != "data"} == {
        "total": 4,
        "nb_pages": 1,
        "limit": 50,
        "offset": 0,
        "page": 1,
        "stats": {
            str(statuses["wip"].id): 1,
            str(statuses["wfa"].id): 1,
            str(statuses["retake"].id): 1,
        },
    }
    assert [row["id"] for row in body["data"]] == [str(item.id) for item in reversed(news)]
    assert body["data"][0] == {
        "id": str(news[3].id),
        "type": "News",
        "author_id": str(manager.id),
        "comment_id": str(news[3].comment_id),
        "task_id": str(task.id),
        "task_type_id": str(task.task_type_id),
        "task_status_id": str(statuses["retake"].id),
        "task_entity_id": str(task.entity_id),
        "preview_file_id": None,
        "preview_file_extension": None,
        "preview_file_revision": None,
        "project_id": str(project.id),
        "project_name": "Feeds",
        "created_at": "2024-03-01T10:00:03",
        "change": True,
        "full_entity_name": "Character / Hero",
        "episode_id": None,
        "entity_preview_file_id": None,
        "person": {
            "id": str(manager.id),
            "first_name": manager.first_name,
            "last_name": manager.last_name,
            "full_name": manager.full_name,
            "has_avatar": False,
            "role": "manager",
        },
    }
    single = admin_client.get(news_url(project, news[3]))
    assert single.status_code == 200
    assert single.json() == body["data"][0]


def test_project_news_filters_and_pages(admin_client, feed, statuses, role_clients):
    project, task, news = feed
    artist = role_clients[Role.USER][0]

    def ids(params):
        return [row["id"] for row in admin_client.get(news_url(project), params).json()["data"]]

    page = admin_client.get(news_url(project), {"page": 2, "limit": 3}).json()
    assert (page["offset"], page["nb_pages"], len(page["data"])) == (3, 2, 1)
    assert ids({"task_status_id": statuses["wfa"].id}) == [str(news[2].id), str(news[1].id)]
    assert admin_client.get(news_url(project), {"task_status_id": statuses["wfa"].id}).json()[
        "stats"
    ] == {str(statuses["wfa"].id): 1}
    assert ids({"person_id": artist.id}) == [str(news[1].id), str(news[0].id)]
    assert ids({"after": "2024-03-01T10:00:01"}) == [str(news[3].id), str(news[2].id)]
    assert ids({"before": "2024-03-01T10:00:01"}) == [str(news[0].id)]
    assert len(ids({"after": "2024-03-01"})) == 4
    assert ids({"task_type_id": task.task_type_id}) == [str(item.id) for item in reversed(news)]
    assert ids({"task_type_id": uuid.uuid4()}) == []
    assert ids({"only_preview": "true"}) == []
    preview = PreviewFile.objects.create(task=task, extension="png", revision=2)
    News.objects.filter(pk=news[1].pk).update(preview_file=preview)
    assert ids({"only_preview": "true"}) == [str(news[1].id)]
    row = admin_client.get(news_url(project, news[1])).json()
    assert (
        row["preview_file_id"],
        row["preview_file_extension"],
        row["preview_file_revision"],
    ) == (
        str(preview.id),
        "png",
        2,
    )
    assert ids({"only_preview": "false"}) == [str(item.id) for item in reversed(news)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "Wrong value for parameter page."),
        ({"page": "0"}, "Wrong value for parameter page."),
        ({"limit": "abc"}, "Wrong value for parameter limit."),
        ({"limit": "-1"}, "Wrong value for parameter limit."),
        ({"task_status_id": "bad"}, "The task_status_id parameter is not a valid id"),
        ({"person_id": "bad"}, "The person_id parameter is not a valid id"),
        (
            {"after": "bad"},
            "Wrong date format for before argument.Expected format: 2020-01-05T13:23:10 or "
            "2020-01-05",
        ),
    ],
)
def test_project_news_bad_parameters(admin_client, feed, params, message):
    project, _, _ = feed
    response = admin_client.get(news_url(project), params)
    assert response.status_code == 400
    assert response.json()["message"] == message


def test_project_news_of_a_shot(admin_client, statuses, admin):
    project = ProjectFactory(production_type="tvshow")
    ep = episode(project, "E02")
    sq = sequence(project, "SQ02", episode=ep)
    task = TaskFactory(entity=shot(project, sq, "SH030"), project=project)
    post_news(task, admin, statuses["wip"], at=T0)
    row = admin_client.get(news_url(project)).json()["data"][0]
    assert (row["full_entity_name"], row["episode_id"]) == ("E02 / SQ02 / SH030", str(ep.id))
    assert admin_client.get(news_url(project), {"episode_id": ep.id}).json()["total"] == 1
    assert admin_client.get(news_url(project), {"episode_id": uuid.uuid4()}).json()["total"] == 0


def test_project_news_role_matrix(role_clients, feed, make_person, admin_client):
    project, _, news = feed
    for role in (Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.VENDOR):
        assert role_clients[role][1].get(news_url(project)).status_code == 200
    # As the reference: clients may not read the feed but may read one news; vendors the reverse.
    assert role_clients[Role.CLIENT][1].get(news_url(project)).status_code == 403
    assert role_clients[Role.CLIENT][1].get(news_url(project, news[0])).status_code == 200
    assert role_clients[Role.VENDOR][1].get(news_url(project, news[0])).status_code == 403
    outsider = client_for(make_person())
    assert outsider.get(news_url(project)).status_code == 403
    assert outsider.get(news_url(project, news[0])).status_code == 403
    other = ProjectFactory()
    assert admin_client.get(news_url(other, news[0])).status_code == 404
    assert admin_client.get(f"{news_url(project)}/bad").status_code == 404
    assert admin_client.get("/data/projects/bad/news").status_code == 404
    assert admin_client.get(f"/data/projects/{uuid.uuid4()}/news").status_code == 404


def test_project_news_query_count(admin_client, admin, statuses):
    project = ProjectFactory()

    def count(n):
        for index in range(n):
            task = TaskFactory(entity=asset(project, name=f"A{n}{index}"), project=project)
            post_news(task, admin, statuses["wip"], at=T0)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(news_url(project)).json()["total"] >= n
        return len(queries)

    assert count(1) == count(3)


def projects_news(person, params=None):
    request = APIRequestFactory().get("/data/projects/news", params or {})
    force_authenticate(request, user=person)
    response = ProjectsNewsView.as_view()(request)
    response.render()
    return response


def test_news_of_every_project(feed, admin, role_clients, statuses, make_person):
    project, _, _ = feed
    other = ProjectFactory(name="Other")
    other_task = TaskFactory(entity=asset(other), project=other)
    post_news(other_task, admin, statuses["wip"], at=T0 + dt.timedelta(minutes=1))
    assert projects_news(admin).data["total"] == 5
    assert projects_news(admin, {"project_id": other.id}).data["total"] == 1
    # A malformed or foreign `project_id` is ignored.
    assert projects_news(admin, {"project_id": "bad"}).data["total"] == 5
    client = role_clients[Role.CLIENT][0]
    assert projects_news(client).data["total"] == 4
    assert projects_news(client, {"project_id": other.id}).data["total"] == 4
    assert projects_news(make_person()).data == {
        "data": [],
        "total": 0,
        "nb_pages": 0,
        "limit": 50,
        "offset": 0,
        "page": 1,
        "stats": {},
    }
    project.project_status = closed_status()
    project.save()
    assert projects_news(client).data["total"] == 0


# -- the generic resources -----------------------------------------------------------------------
@pytest.fixture
def notified(feed, role_clients):
    project, task, news = feed
    artist, manager = role_clients[Role.USER][0], role_clients[Role.MANAGER][0]
    return Notification.objects.create(
        person=artist,
        author=manager,
        task=task,
        comment=news[3].comment,
        notification_type="comment",
        change=True,
    )


def test_notifications_resource(
    admin_client, notified, role_clients, django_capture_on_commit_callbacks
):
    artist, manager = role_clients[Role.USER][0], role_clients[Role.MANAGER][0]
    expected = {
        "read": False,
        "change": True,
        "notification_type": "comment",
        "person_id": str(artist.id),
        "author_id": str(manager.id),
        "comment_id": str(notified.comment_id),
        "task_id": str(notified.task_id),
        "playlist_id": None,
        "reply_id": None,
        "id": str(notified.id),
        "created_at": notified.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": notified.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "Notification",
    }
    assert admin_client.get("/data/notifications").json() == [expected]
    assert admin_client.get(f"/data/notifications/{notified.id}").json() == expected
    assert admin_client.get("/data/notifications", {"type": "comment"}).json() == [expected]
    assert admin_client.get("/data/notifications", {"type": "mention"}).json() == []
    body = {
        "person_id": str(artist.id),
        "author_id": str(manager.id),
        "task_id": str(notified.task_id),
    }
    refused = admin_client.post(
        "/data/notifications", {**body, "notification_type": "mention"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["message"] == (
        "'notification_type' is an invalid keyword argument for Notification"
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = admin_client.post(
            "/data/notifications", {**body, "type": "mention"}, format="json"
        )
    assert created.status_code == 201
    assert created.json()["notification_type"] == "mention"
    new_id = created.json()["id"]
    # `notification_type` is ignored on update; `type` writes it.
    ignored = admin_client.put(
        f"/data/notifications/{new_id}", {"notification_type": "reply"}, format="json"
    )
    assert ignored.json()["notification_type"] == "mention"
    updated = admin_client.put(
        f"/data/notifications/{new_id}", {"read": True, "type": "reply"}, format="json"
    )
    assert (updated.json()["read"], updated.json()["notification_type"]) == (True, "reply")
    assert role_clients[Role.USER][1].delete(f"/data/notifications/{new_id}").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"/data/notifications/{new_id}").status_code == 204
    assert not Notification.objects.filter(pk=new_id).exists()
    events = ApiEvent.objects.filter(name__startswith="notification:")
    assert sorted(event.name for event in events) == ["notification:delete", "notification:new"]
    assert ApiEvent.objects.get(name="notification:delete").data == {"notification_id": new_id}


@pytest.mark.parametrize(
    ("path", "body", "wire_type"),
    [
        (
            "/data/plugins",
            {
                "plugin_id": "p1",
                "name": "P",
                "version": "1.0",
                "maintainer_name": "me",
                "license": "MIT",
            },
            "Plugin",
        ),
        (
            "/data/search-filter-groups",
            {"list_type": "asset", "name": "G", "color": "#000000"},
            "SearchFilterGroup",
        ),
        (
            "/data/search-filters",
            {"list_type": "asset", "name": "F", "search_query": "hero"},
            "SearchFilter",
        ),
    ],
)
def test_admin_resources(admin_client, role_clients, path, body, wire_type):
    created = admin_client.post(path, body, format="json")
    assert created.status_code == 201
    row = created.json()
    assert row["type"] == wire_type
    assert admin_client.get(path).json() == [admin_client.get(f"{path}/{row['id']}").json()]
    for role in (Role.MANAGER, Role.USER, Role.CLIENT):
        client = role_clients[role][1]
        assert client.get(path).status_code == 403
        assert client.post(path, body, format="json").status_code == 403
    assert admin_client.delete(f"{path}/{row['id']}").status_code == 204


def test_plugin_required_fields(admin_client):
    response = admin_client.post("/data/plugins", {"plugin_id": "p", "name": "P"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "A required field is missing."
    assert not Plugin.objects.exists()


def test_subscriptions_and_news_resources(admin_client, feed, role_clients):
    project, task, news = feed
    artist = role_clients[Role.USER][0]
    created = admin_client.post(
        "/data/subscriptions", {"person_id": str(artist.id), "task_id": str(task.id)}, format="json"
    )
    assert created.status_code == 201
    subscription = Subscription.objects.get()
    assert created.json() == {
        "person_id": str(artist.id),
        "task_id": str(task.id),
        "entity_id": None,
        "task_type_id": None,
        "id": str(subscription.id),
        "created_at": subscription.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": subscription.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "Subscription",
    }
    assert admin_client.get(f"/data/projects/{project.id}/subscriptions").json() == [created.json()]
    assert len(admin_client.get("/data/news").json()) == 4
    row = admin_client.get(f"/data/news/{news[0].id}").json()
    assert (row["type"], row["task_id"], row["change"]) == ("News", str(task.id), True)
    assert (
        admin_client.put(f"/data/news/{news[0].id}", {"change": False}, format="json").json()[
            "change"
        ]
        is False
    )
    assert role_clients[Role.MANAGER][1].get("/data/news").status_code == 403


@pytest.mark.parametrize("resource", ["notifications", "subscriptions", "preview-files"])
def test_project_lists_are_admin_only(admin_client, role_clients, notified, feed, resource):
    project, _, _ = feed
    assert admin_client.get(f"/data/projects/{project.id}/{resource}").status_code == 200
    for role in (Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.CLIENT, Role.VENDOR):
        client = role_clients[role][1]
        assert client.get(f"/data/projects/{project.id}/{resource}").status_code == 403
    assert admin_client.get(f"/data/projects/bad/{resource}").status_code == 404


def test_project_lists_rows(admin_client, notified, feed):
    project, task, _ = feed
    rows = admin_client.get(f"/data/projects/{project.id}/notifications").json()
    assert [row["id"] for row in rows] == [str(notified.id)]
    preview = PreviewFile.objects.create(task=task, extension="png")
    rows = admin_client.get(f"/data/projects/{project.id}/preview-files").json()
    assert [(row["id"], row["type"]) for row in rows] == [(str(preview.id), "PreviewFile")]
    assert admin_client.get(f"/data/projects/{uuid.uuid4()}/preview-files").status_code == 404


def test_project_notifications_query_count(admin_client, feed, role_clients):
    project, task, news = feed
    artist = role_clients[Role.USER][0]

    def count(n):
        for _index in range(n):
            Notification.objects.create(
                person=artist,
                author=role_clients[Role.MANAGER][0],
                task=task,
                notification_type="mention",
                reply_id=uuid.uuid4(),
            )
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(f"/data/projects/{project.id}/notifications")
        return len(queries)

    assert count(1) == count(3)


# -- search --------------------------------------------------------------------------------------
def test_search(role_clients, feed, admin_client, make_person):
    project, task, _ = feed
    sq = sequence(project, "SQ01")
    hero_shot = shot(project, sq, "SH_HERO")
    other = ProjectFactory()
    asset(other, name="Hero of another project")
    body = admin_client.post("/data/search", {"query": "hero"}, format="json").json()
    assert sorted(row["name"] for row in body["assets"]) == ["Hero", "Hero of another project"]
    assert [row["id"] for row in body["shots"]] == [str(hero_shot.id)]
    assert body["shots"][0]["type"] == "Shot"
    assert body["assets"][0]["type"] == "Asset"
    artist_client = role_clients[Role.USER][1]
    body = artist_client.post("/data/search", {"query": "hero"}, format="json").json()
    assert [row["name"] for row in body["assets"]] == ["Hero"]
    artist = role_clients[Role.USER][0]
    found = artist_client.post("/data/search", {"query": artist.last_name}, format="json").json()
    assert [row["id"] for row in found["persons"]] == [str(artist.id)]
    assert set(found["persons"][0]) == {
        "id",
        "first_name",
        "last_name",
        "full_name",
        "has_avatar",
        "active",
        "role",
        "studio_id",
        "type",
    }
    stranger = make_person(last_name="Zorglub")
    assert (
        artist_client.post("/data/search", {"query": "Zorglub"}, format="json").json()["persons"]
        == []
    )
    assert [
        row["id"]
        for row in admin_client.post("/data/search", {"query": "Zorglub"}, format="json").json()[
            "persons"
        ]
    ] == [str(stranger.id)]
    short = admin_client.post("/data/search", {"query": "he"}, format="json").json()
    assert short == {"persons": [], "assets": [], "shots": []}
    only = admin_client.post(
        "/data/search", {"query": "hero", "index_names": ["shots"]}, format="json"
    ).json()
    assert (only["assets"], len(only["shots"])) == ([], 1)
    limited = admin_client.post(
        "/data/search", {"query": "hero", "limit": 1, "offset": 1}, format="json"
    ).json()
    assert [row["name"] for row in limited["assets"]] == ["Hero of another project"]
    scoped = admin_client.post(
        "/data/search", {"query": "hero", "project_id": str(other.id)}, format="json"
    ).json()
    assert [row["name"] for row in scoped["assets"]] == ["Hero of another project"]
    refused = artist_client.post(
        "/data/search", {"query": "hero", "project_id": str(other.id)}, format="json"
    )
    assert refused.status_code == 403
    missing = admin_client.post("/data/search", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["data"] == {"errors": [{"field": "query", "message": "Field required"}]}

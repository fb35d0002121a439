"""The event log: `/data/events/last` with its filters and cursor, names, login logs and the raw
`/data/events` resource."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import LoginLog, Role
from tests.conftest import client_for
from tests.production.factories import ProjectFactory, add_to_team

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2024, 3, 1, 10, 0, 0, tzinfo=dt.UTC)


def make_event(name, *, at, project=None, user=None, data=None):
    event = ApiEvent.objects.create(
        name=name,
        project_id=None if project is None else project.pk,
        user_id=None if user is None else user.pk,
        data=data or {},
    )
    ApiEvent.objects.filter(pk=event.pk).update(created_at=at)
    event.refresh_from_db()
    return event


@pytest.fixture
def log(admin):
    """Two projects and a dozen events a second apart (the newest last)."""
    project, other = ProjectFactory(name="Feeds"), ProjectFactory(name="Other")
    names = [
        ("project:new", None),
        ("task:new", project),
        ("task:update", project),
        ("task-type:new", None),
        ("asset:new", other),
        ("preview-file:add-file", project),
        ("person:set-thumbnail", None),
        ("task:status-changed", project),
        ("comment:new", project),
        ("asset:update", other),
    ]
    events = [
        make_event(name, at=T0 + dt.timedelta(seconds=index), project=proj, user=admin)
        for index, (name, proj) in enumerate(names)
    ]
    return project, other, events


def names_of(response):
    return [row["name"] for row in response.json()]


def test_last_events_rows_newest_first(admin_client, admin, log):
    project, _, events = log
    response = admin_client.get("/data/events/last", {"limit": 2})
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": str(events[-1].id),
            "created_at": "2024-03-01T10:00:09",
            "name": "asset:update",
            "user_id": str(admin.id),
            "project_id": str(events[-1].project_id),
            "data": {},
        },
        {
            "id": str(events[-2].id),
            "created_at": "2024-03-01T10:00:08",
            "name": "comment:new",
            "user_id": str(admin.id),
            "project_id": str(project.id),
            "data": {},
        },
    ]


def test_last_events_cursor_pages_through_the_log(admin_client, log):
    _, _, events = log
    first = admin_client.get("/data/events/last", {"limit": 4}).json()
    second = admin_client.get(
        "/data/events/last", {"limit": 4, "cursor_event_id": first[-1]["id"]}
    ).json()
    third = admin_client.get(
        "/data/events/last", {"limit": 4, "cursor_event_id": second[-1]["id"]}
    ).json()
    ids = [row["id"] for row in first + second + third]
    assert ids == [str(event.id) for event in reversed(events)]


def test_last_events_time_window(admin_client, log):
    response = admin_client.get(
        "/data/events/last", {"after": "2024-03-01T10:00:02", "before": "2024-03-01T10:00:05"}
    )
    assert names_of(response) == ["asset:new", "task-type:new"]
    assert names_of(admin_client.get("/data/events/last", {"after": "2024-03-02"})) == []
    assert len(admin_client.get("/data/events/last", {"before": "2024-03-02"}).json()) == 10


def test_last_events_name_filters(admin_client, log):
    assert names_of(admin_client.get("/data/events/last", {"name": "task:new"})) == ["task:new"]
    # Exact and case-sensitive.
    assert names_of(admin_client.get("/data/events/last", {"name": "TASK:new"})) == []
    prefixed = admin_client.get("/data/events/last?name_prefixes=task&name_prefixes=asset")
    assert names_of(prefixed) == [
        "asset:update",
        "task:status-changed",
        "asset:new",
        "task:update",
        "task:new",
    ]
    suffixed = admin_client.get("/data/events/last?name_suffixes=new&name_prefixes=task")
    assert names_of(suffixed) == ["task:new"]
    # `task-type:new` is not a `task` event.
    assert "task-type:new" not in names_of(prefixed)


def test_last_events_only_files_and_persons(admin_client, admin, make_person, log):
    files = admin_client.get("/data/events/last", {"only_files": "true"})
    assert names_of(files) == ["person:set-thumbnail", "preview-file:add-file"]
    # Only the exact string switches it on.
    assert len(admin_client.get("/data/events/last", {"only_files": "1"}).json()) == 10
    other = make_person()
    make_event("task:assign", at=T0 + dt.timedelta(minutes=5), user=other)
    mine = admin_client.get(f"/data/events/last?person_ids={other.id}")
    assert names_of(mine) == ["task:assign"]


def test_last_events_limit(admin_client, log):
    assert len(admin_client.get("/data/events/last", {"limit": 3}).json()) == 3
    assert admin_client.get("/data/events/last", {"limit": 0}).json() == []
    ApiEvent.objects.bulk_create(ApiEvent(name="bulk:new", data={}) for _ in range(1000))
    assert len(admin_client.get("/data/events/last", {"limit": 5000}).json()) == 1000
    assert len(admin_client.get("/data/events/last").json()) == 100


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"limit": "abc"}, "Wrong value for parameter limit."),
        ({"limit": "-3"}, "Wrong value for parameter limit."),
        ({"cursor_event_id": "bad"}, "The cursor_event_id parameter is not a valid id"),
        ({"project_id": "bad"}, "The project_id parameter is not a valid id"),
        ({"person_ids": "bad"}, "The person_ids parameter contains an invalid id"),
        ({"name_prefixes": "task:"}, "The name_prefixes parameter contains an invalid value"),
        ({"name_suffixes": "TASK"}, "The name_suffixes parameter contains an invalid value"),
        (
            {"after": "yesterday"},
            "Wrong date format for before argument.Expected format: 2020-01-05T13:23:10 or "
            "2020-01-05",
        ),
        (
            {"before": "2024-03-01T10:00:00.500"},
            "Wrong date format for before argument.Expected format: 2020-01-05T13:23:10 or "
            "2020-01-05",
        ),
    ],
)
def test_last_events_bad_parameters(admin_client, log, params, message):
    response = admin_client.get("/data/events/last", params)
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": message, "data": None}


def test_last_events_unknown_cursor(admin_client, log):
    missing = uuid.uuid4()
    response = admin_client.get("/data/events/last", {"cursor_event_id": str(missing)})
    assert response.status_code == 400
    assert response.json()["message"] == f"No event found with id: {missing}"


def test_last_events_role_matrix(role_clients, log):
    project, other, _ = log
    manager, manager_client = role_clients[Role.MANAGER]
    add_to_team(project, manager)
    rows = manager_client.get("/data/events/last").json()
    # Only the events of his projects: project-less ones are hidden.
    assert names_of_rows(rows) == [
        "comment:new",
        "task:status-changed",
        "preview-file:add-file",
        "task:update",
        "task:new",
    ]
    assert (
        manager_client.get("/data/events/last", {"project_id": str(project.id)}).status_code == 200
    )
    assert manager_client.get("/data/events/last", {"project_id": str(other.id)}).status_code == 403
    assert manager_client.get("/data/events/names").status_code == 200
    assert manager_client.get("/data/events/login-logs/last").status_code == 403
    for role in (Role.SUPERVISOR, Role.USER, Role.CLIENT, Role.VENDOR):
        person, client = role_clients[role]
        add_to_team(project, person)
        assert client.get("/data/events/last").status_code == 403
        assert client.get("/data/events/names").status_code == 403
        assert client.get("/data/events/login-logs/last").status_code == 403
        assert client.get("/data/events").status_code == 403


def names_of_rows(rows):
    return [row["name"] for row in rows]


def test_admin_sees_every_event_and_foreign_project_filter(admin_client, log):
    _, other, _ = log
    assert len(admin_client.get("/data/events/last").json()) == 10
    rows = admin_client.get("/data/events/last", {"project_id": str(other.id)}).json()
    assert names_of_rows(rows) == ["asset:update", "asset:new"]
    assert admin_client.get("/data/events/last", {"project_id": str(uuid.uuid4())}).json() == []


def test_last_events_query_count(admin_client, admin):
    def count(n):
        for index in range(n):
            make_event("task:new", at=T0 + dt.timedelta(seconds=index))
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/data/events/last").status_code == 200
        return len(queries)

    assert count(1) == count(3)


def test_event_names(admin_client, log):
    response = admin_client.get("/data/events/names")
    assert response.json() == sorted(
        {
            "project:new",
            "task:new",
            "task:update",
            "task-type:new",
            "asset:new",
            "preview-file:add-file",
            "person:set-thumbnail",
            "task:status-changed",
            "comment:new",
            "asset:update",
        }
    )


def make_login(person, at, origin="web"):
    log = LoginLog.objects.create(person=person, ip_address="127.0.0.1", origin=origin)
    LoginLog.objects.filter(pk=log.pk).update(created_at=at)
    return log


def test_login_logs(admin_client, admin, make_person):
    artist = make_person()
    logs = [
        make_login(admin if index % 2 else artist, T0 + dt.timedelta(minutes=index))
        for index in range(5)
    ]
    response = admin_client.get("/data/events/login-logs/last", {"limit": 2})
    assert response.json() == [
        {
            "id": str(logs[4].id),
            "created_at": "2024-03-01T10:04:00",
            "ip_address": "127.0.0.1",
            "person_id": str(artist.id),
            "origin": "web",
        },
        {
            "id": str(logs[3].id),
            "created_at": "2024-03-01T10:03:00",
            "ip_address": "127.0.0.1",
            "person_id": str(admin.id),
            "origin": "web",
        },
    ]
    older = admin_client.get(
        "/data/events/login-logs/last", {"cursor_login_log_id": str(logs[3].id)}
    ).json()
    assert [row["id"] for row in older] == [str(log.id) for log in reversed(logs[:3])]
    mine = admin_client.get("/data/events/login-logs/last", {"person_ids": str(artist.id)}).json()
    assert [row["id"] for row in mine] == [str(logs[4].id), str(logs[2].id), str(logs[0].id)]
    missing = uuid.uuid4()
    response = admin_client.get("/data/events/login-logs/last", {"cursor_login_log_id": missing})
    assert response.status_code == 400
    assert response.json()["message"] == f"No login log found with id: {missing}"
    bad = admin_client.get("/data/events/login-logs/last", {"cursor_login_log_id": "x"})
    assert bad.json()["message"] == "The cursor_login_log_id parameter is not a valid id"


def test_login_logs_query_count(admin_client, admin):
    def count(n):
        for index in range(n):
            make_login(admin, T0 + dt.timedelta(minutes=index))
        with CaptureQueriesContext(connection) as queries:
            admin_client.get("/data/events/login-logs/last")
        return len(queries)

    assert count(1) == count(3)


def test_events_resource(admin_client, admin, log, django_capture_on_commit_callbacks):
    project, _, events = log
    rows = admin_client.get("/data/events").json()
    assert [row["id"] for row in rows] == [str(event.id) for event in events]
    assert rows[1] == {
        "name": "task:new",
        "user_id": str(admin.id),
        "project_id": str(project.id),
        "data": {},
        "id": str(events[1].id),
        "created_at": "2024-03-01T10:00:01",
        "updated_at": rows[1]["updated_at"],
        "type": "ApiEvent",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            f"/data/events/{events[1].id}",
            {"data": {"x": 1}, "project_id": None},
            format="json",
        )
    assert response.status_code == 200
    body = response.json()
    # `project_id` is protected on update.
    assert (body["data"], body["project_id"]) == ({"x": 1}, str(project.id))
    logged = ApiEvent.objects.get(name="api-event:update")
    assert logged.data == {"api_event_id": str(events[1].id), "project_id": str(project.id)}
    assert admin_client.put("/data/events/bad", {}, format="json").status_code == 400
    missing = admin_client.put(f"/data/events/{uuid.uuid4()}", {}, format="json")
    assert missing.status_code == 404


def test_events_resource_list_is_capped(admin_client):
    ApiEvent.objects.bulk_create(ApiEvent(name="bulk:new", data={}) for _ in range(1005))
    assert len(admin_client.get("/data/events").json()) == 1000
    page = admin_client.get("/data/events", {"page": 1, "limit": 2}).json()
    assert page["total"] == 1005


def test_events_resource_admin_only(role_clients, log):
    _, _, events = log
    for role in (Role.MANAGER, Role.USER):
        client = role_clients[role][1]
        assert client.get("/data/events").status_code == 403
        assert client.put(f"/data/events/{events[0].id}", {}, format="json").status_code == 403


def test_manager_events_need_a_manager_role(make_person, log):
    project, _, _ = log
    supervisor = make_person(role=Role.SUPERVISOR)
    add_to_team(project, supervisor, role=Role.MANAGER)
    assert client_for(supervisor).get("/data/events/last").status_code == 403

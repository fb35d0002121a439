"""Time spents on a task: reading them, setting, adding and deleting a person's day, with the
rules on who may log for whom and what each write keeps in sync."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import DayOff, Role, TimeSpent
from tests.conftest import client_for
from tests.production.factories import ProjectFactory, TaskFactory, add_to_team, asset

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(role_clients, admin):
    project = ProjectFactory(name="Timesheets")
    task = TaskFactory(entity=asset(project), project=project)
    artist = role_clients[Role.USER][0]
    for role, (person, _) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    task.assignees.add(artist)
    return project, task, artist


def url(task, day=None, person=None, add=False):
    path = f"/actions/tasks/{task.id}/time-spents"
    if day:
        path += f"/{day}"
    if person:
        path += f"/persons/{person.id}"
    if add:
        path += "/add"
    return path


def row(time_spent, duration=None):
    return {
        "duration": time_spent.duration if duration is None else duration,
        "date": time_spent.date.isoformat(),
        "task_id": str(time_spent.task_id),
        "person_id": str(time_spent.person_id),
        "id": str(time_spent.id),
        "created_at": time_spent.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": time_spent.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "TimeSpent",
    }


def test_set_add_and_read(admin_client, setup, django_capture_on_commit_callbacks):
    project, task, artist = setup
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url(task, "2024-05-02", artist), {"duration": 120}, format="json"
        )
    assert response.status_code == 201
    spent = TimeSpent.objects.get()
    assert response.json() == row(spent)
    assert response.json()["duration"] == 120.0
    assert [event.name for event in ApiEvent.objects.order_by("created_at")] == [
        "person:update",
        "time-spent:new",
        "task:update",
    ]
    assert ApiEvent.objects.get(name="time-spent:new").data == {
        "time_spent_id": str(spent.id),
        "project_id": str(project.id),
    }
    ApiEvent.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url(task, "2024-05-02", artist, add=True), {"duration": 30}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["duration"] == 150.0
    # The presence did not move: no person:update.
    assert sorted(event.name for event in ApiEvent.objects.all()) == [
        "task:update",
        "time-spent:update",
    ]
    admin_client.post(url(task, "2024-05-01", artist, add=True), {"duration": 15.5}, format="json")
    task.refresh_from_db()
    artist.refresh_from_db()
    assert task.duration == 165.5
    assert artist.last_presence == dt.date(2024, 5, 2)
    first, second = TimeSpent.objects.order_by("date")
    assert admin_client.get(url(task)).json() == {
        "total": 165.5,
        str(artist.id): [row(first), row(second)],
    }
    assert admin_client.get(url(task, "2024-05-02")).json() == {
        "total": 150.0,
        str(artist.id): [row(second)],
    }
    assert admin_client.get(url(task, "2024-05-03")).json() == {"total": 0}
    # Setting replaces the value.
    admin_client.post(url(task, "2024-05-02", artist), {"duration": 60}, format="json")
    task.refresh_from_db()
    assert task.duration == 75.5


def test_delete_answers_201_with_a_zero_duration(
    admin_client, setup, django_capture_on_commit_callbacks
):
    _, task, artist = setup
    admin_client.post(url(task, "2024-05-02", artist), {"duration": 60}, format="json")
    admin_client.post(url(task, "2024-05-03", artist), {"duration": 20}, format="json")
    spent = TimeSpent.objects.get(date="2024-05-02")
    ApiEvent.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(url(task, "2024-05-02", artist))
    assert response.status_code == 201
    assert response.json() == row(spent, duration=0)
    assert sorted(event.name for event in ApiEvent.objects.all()) == [
        "task:update",
        "time-spent:delete",
    ]
    task.refresh_from_db()
    assert task.duration == 20
    assert admin_client.delete(url(task, "2024-05-02", artist)).status_code == 404


def test_last_presence_only_moves_forward(admin_client, setup):
    _, task, artist = setup
    admin_client.post(url(task, "2024-05-10", artist), {"duration": 60}, format="json")
    admin_client.post(url(task, "2020-01-01", artist), {"duration": 60}, format="json")
    artist.refresh_from_db()
    assert artist.last_presence == dt.date(2024, 5, 10)


def test_day_off_does_not_block_logging(admin_client, setup):
    _, task, artist = setup
    DayOff.objects.create(person=artist, date="2024-05-10", end_date="2024-05-11")
    response = admin_client.post(url(task, "2024-05-10", artist), {"duration": 60}, format="json")
    assert response.status_code == 201


def test_write_rules(role_clients, setup, admin_client, admin, make_person):
    project, task, artist = setup
    day = "2024-05-02"
    body = {"duration": 10}
    # Only assignees get time; an admin logging for himself on an unassigned task is refused.
    assert admin_client.post(url(task, day, admin), body, format="json").status_code == 403
    manager = role_clients[Role.MANAGER][0]
    assert admin_client.post(url(task, day, manager), body, format="json").status_code == 403
    # The assignee himself, an admin, the project's manager.
    for role in (Role.USER, Role.MANAGER):
        client = role_clients[role][1]
        assert client.post(url(task, day, artist), body, format="json").status_code == 201
    for role in (Role.SUPERVISOR, Role.CLIENT, Role.VENDOR):
        client = role_clients[role][1]
        assert client.post(url(task, day, artist), body, format="json").status_code == 403
        assert client.delete(url(task, day, artist)).status_code == 403
    outsider = make_person(role=Role.MANAGER)
    assert client_for(outsider).post(url(task, day, artist), body, format="json").status_code == 403
    # A team member whose project role is not manager.
    demoted = make_person(role=Role.MANAGER)
    add_to_team(project, demoted, role=Role.USER)
    assert client_for(demoted).post(url(task, day, artist), body, format="json").status_code == 403
    assert role_clients[Role.USER][1].delete(url(task, day, artist)).status_code == 201


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Field required"),
        ({"duration": "abc"}, "Input should be a valid number, unable to parse string as a number"),
        ({"duration": 0}, "Input should be greater than 0"),
        ({"duration": -5}, "Input should be greater than 0"),
    ],
)
def test_bad_duration(admin_client, setup, body, message):
    _, task, artist = setup
    for add in (False, True):
        response = admin_client.post(url(task, "2024-05-02", artist, add=add), body, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "error": True,
            "message": "Validation error.",
            "data": {"errors": [{"field": "duration", "message": message}]},
        }


def test_bad_paths(admin_client, setup):
    project, task, artist = setup
    for day in ("bad", "2024-13-01"):
        response = admin_client.post(url(task, day, artist), {"duration": 5}, format="json")
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": "Invalid date format.", "data": None}
        assert admin_client.delete(url(task, day, artist)).status_code == 400
        assert admin_client.get(url(task, day)).status_code == 400
    missing = f"/actions/tasks/{task.id}/time-spents/2024-05-02/persons"
    assert admin_client.post(f"{missing}/bad", {"duration": 5}, format="json").status_code == 404
    assert admin_client.post(f"{missing}/{project.id}", {"duration": 5}).status_code == 404
    for task_id in ("bad", project.id, uuid.uuid4()):
        assert admin_client.get(f"/actions/tasks/{task_id}/time-spents").status_code == 404
        response = admin_client.post(
            f"/actions/tasks/{task_id}/time-spents/2024-05-02/persons/{artist.id}",
            {"duration": 5},
            format="json",
        )
        assert response.status_code == 404


def test_read_rules(role_clients, setup, make_person):
    _, task, _ = setup
    for role in (Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.CLIENT):
        assert role_clients[role][1].get(url(task)).status_code == 200
        assert role_clients[role][1].get(url(task, "2024-05-02")).status_code == 200
    vendor, vendor_client = role_clients[Role.VENDOR]
    assert vendor_client.get(url(task)).status_code == 403
    task.assignees.add(vendor)
    assert vendor_client.get(url(task)).status_code == 200
    assert client_for(make_person()).get(url(task)).status_code == 403


def test_read_query_count(admin_client, setup, make_person):
    _, task, artist = setup

    def count(n):
        TimeSpent.objects.all().delete()
        for _index in range(n):
            person = make_person()
            TimeSpent.objects.create(task=task, person=person, date="2024-05-02", duration=10)
        with CaptureQueriesContext(connection) as queries:
            body = admin_client.get(url(task)).json()
        assert body["total"] == 10 * n
        return len(queries)

    assert count(1) == count(3)

"""Who receives a relayed event, and who reads its `changes`: clients and vendors see only part
of a project's work, so they get the reference payload alone."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from kitsu_site.stream.audience import event_audience
from kitsu_site.stream.server import Connection, EventStream
from people.models import Role
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, add_to_team

pytestmark = pytest.mark.django_db(transaction=True)


def relayed(stream: EventStream, message: dict) -> None:
    """Deliver one published message, then close the connection the stream's database thread
    opened (a connection left open would keep the test database from being copied later)."""

    async def deliver_and_close() -> None:
        await stream.deliver(orjson.dumps(message))
        await sync_to_async(connections.close_all)()

    asyncio.run(deliver_and_close())


@pytest.fixture
def people():
    project = ProjectFactory()
    people = {
        role: PersonFactory(role=role)
        for role in (Role.ADMIN, Role.MANAGER, Role.USER, Role.CLIENT, Role.VENDOR)
    }
    for role in (Role.MANAGER, Role.USER, Role.CLIENT, Role.VENDOR):
        add_to_team(project, people[role])
    people["outsider"] = PersonFactory(role=Role.USER)
    people["inactive"] = PersonFactory(role=Role.USER, active=False)
    add_to_team(project, people["inactive"])
    return project, people


def ids(people, *keys):
    return {str(people[key].pk) for key in keys}


def test_a_projects_event_reaches_its_team_and_only_studio_roles_read_changes(people):
    project, people = people
    audience = event_audience(project.pk, ids(people, *people))
    assert audience == {
        str(people[Role.ADMIN].pk): True,
        str(people[Role.MANAGER].pk): True,
        str(people[Role.USER].pk): True,
        str(people[Role.CLIENT].pk): False,
        str(people[Role.VENDOR].pk): False,
    }


def test_an_event_of_no_project_reaches_every_active_person(people):
    _, people = people
    audience = event_audience(None, ids(people, *people))
    assert set(audience) == ids(people, *people) - ids(people, "inactive")
    assert audience[str(people["outsider"].pk)] is True
    assert audience[str(people[Role.CLIENT].pk)] is False


def test_the_stream_strips_changes_for_clients_and_vendors(people):
    project, people = people
    stream = EventStream(redis_url="redis://127.0.0.1:6379/0", channel="audience-test")
    for key in (Role.USER, Role.CLIENT, Role.VENDOR, "outsider"):
        stream.connections[f"sid-{key}"] = Connection(
            person_id=str(people[key].pk), token="", is_preview_account=False
        )
    sent = {}

    async def emit(name, data, *, to, namespace, ignore_queue):
        sent[to] = (name, data)

    stream.sio.emit = emit
    event = {
        "comment_id": "c1",
        "project_id": str(project.pk),
        "changes": {"text": ["draft", "final"]},
    }
    relayed(stream, {"event": "comment:update", "data": event})
    reference_payload = {"comment_id": "c1", "project_id": str(project.pk)}
    assert sent == {
        f"sid-{Role.USER}": ("comment:update", event),
        f"sid-{Role.CLIENT}": ("comment:update", reference_payload),
        f"sid-{Role.VENDOR}": ("comment:update", reference_payload),
    }


def test_an_event_whose_data_is_no_object_is_ignored(people):
    _, people = people
    stream = EventStream(redis_url="redis://127.0.0.1:6379/0", channel="audience-test")
    stream.connections["sid"] = Connection(
        person_id=str(people[Role.ADMIN].pk), token="", is_preview_account=False
    )
    sent = []

    async def emit(*args, **kwargs):
        sent.append(args)

    stream.sio.emit = emit
    relayed(stream, {"event": "task:update", "data": ["x"]})
    assert sent == []

"""Big lists read every value in its wire form in SQL (`wire_values`): they must give exactly
what the instance path, converting Python values one by one, gives."""

from __future__ import annotations

import datetime as dt
import json

import orjson
import pytest

from kitsu_site.api.wire import json_value, wire_values
from production.models import Entity, Task
from production.serializers import ENTITY_WIRE
from production.wire import TASK_RELATIONS_WIRE, TASK_WIRE
from tests.factories import PersonFactory
from tests.production.tasks_helpers import build_production, count_queries

pytestmark = pytest.mark.django_db

PARIS = dt.timezone(dt.timedelta(hours=2))
RICH_DATA = {"notes": "é — ✓", "frames": [1, 2.5, None], "nested": {"ok": True, "big": 2**62}}


@pytest.fixture
def prod(admin):
    return build_production(admin)


@pytest.fixture
def rich_task(prod):
    """A task with every kind of value: dates with microseconds, in another zone, before year
    1000, JSON with unicode, floats and nesting, two assignees."""
    task = prod.task(
        prod.shots[0],
        description='Ready?\n"quoted"',
        duration=90.5,
        estimation=120,
        start_date=dt.datetime(2024, 2, 3, 23, 59, 59, 999999, tzinfo=PARIS),
        due_date=dt.datetime(999, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        last_comment_date=dt.datetime(2024, 12, 31, 23, 0, tzinfo=dt.UTC),
        data=RICH_DATA,
    )
    task.assignees.set([PersonFactory(), PersonFactory()])
    return Task.objects.get(pk=task.pk)


def test_task_rows_are_the_instance_rows(rich_task, prod):
    prod.task(prod.shots[1])  # all null dates, no data
    tasks = Task.objects.order_by("created_at", "id")
    expected = [TASK_RELATIONS_WIRE.instance(task) for task in tasks]
    assert expected[0]["start_date"] == "2024-02-03T21:59:59"
    assert expected[0]["due_date"] == "999-01-02T03:04:05"
    assert expected[0]["data"] == RICH_DATA
    rows = TASK_RELATIONS_WIRE.rows(tasks)
    assert orjson.dumps(rows) == orjson.dumps(expected)
    assert sorted(rows[0]["assignees"]) == sorted(str(p.id) for p in rich_task.assignees.all())


def test_entity_rows_with_computed_type_are_the_instance_rows(prod):
    shot = prod.shots[0]
    Entity.objects.filter(pk=shot.pk).update(data={"fps": "25", "frame_in": 1})
    entities = Entity.objects.filter(project=prod.project).order_by("name")
    expected = [ENTITY_WIRE.instance(entity, relations=True) for entity in entities]
    rows = ENTITY_WIRE.rows(entities, relations=True)
    assert orjson.dumps(rows) == orjson.dumps(expected)
    assert {row["type"] for row in rows} == {"Episode", "Sequence", "Shot", "Asset"}


def test_task_list_route_gives_the_instance_rows(rich_task, prod):
    url = f"/data/tasks?project_id={prod.project.id}"
    body = prod.client("admin").get(url).content
    assert body == orjson.dumps([TASK_WIRE.instance(rich_task)])
    with_assignees = prod.client("admin").get(url + "&relations=true").json()
    assert with_assignees == [TASK_RELATIONS_WIRE.instance(rich_task)]


def test_task_list_by_project_query_count_is_fixed(prod):
    client = prod.client("manager")
    url = f"/data/tasks?project_id={prod.project.id}&relations=true"
    prod.task(prod.shots[0]).assignees.add(prod.people["artist"])
    one, _ = count_queries(lambda: client.get(url))
    for entity in (prod.shots[1], prod.shots[2], prod.assets[0]):
        prod.task(entity).assignees.add(prod.people["artist"], prod.people["modeler"])
    four, response = count_queries(lambda: client.get(url))
    assert len(response.json()) == 4
    assert one == four


def test_a_page_of_tasks_carries_its_assignees(prod):
    tasks = [prod.task(entity) for entity in prod.shots]
    tasks[0].assignees.add(prod.people["artist"])
    body = prod.client("admin").get("/data/tasks", {"page": 1, "limit": 2, "relations": "true"})
    rows = body.json()["data"]
    assert len(rows) == 2
    expected = {str(task.id): TASK_RELATIONS_WIRE.instance(task) for task in tasks}
    assert rows == [expected[row["id"]] for row in rows]


def test_wire_values_reads_paths_in_their_wire_form(rich_task, prod):
    (values,) = wire_values(
        Task.objects.filter(pk=rich_task.pk),
        ("id", "entity__parent__parent_id", "start_date", "entity__name", "data", "duration"),
    )
    assert values == [
        str(rich_task.id),
        str(prod.episodes[0].id),
        "2024-02-03T21:59:59",
        "SH010",
        RICH_DATA,
        90.5,
    ]


@pytest.mark.parametrize(
    "text",
    ['{"a": [1, 2.5, "\\u00e9"], "b": null}', "18446744073709551615", "1e400", '"\\ud800"'],
)
def test_json_value_decodes_as_the_standard_decoder(text):
    decoded = json_value(text)
    assert repr(decoded) == repr(json.loads(text))


def test_json_value_gives_unreadable_text_back():
    assert json_value("not json") == "not json"
    assert json_value(None) is None

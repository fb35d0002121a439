"""Every console list, walked from the admin registry, runs the same number of queries for a
few rows as for more, for an admin and for a manager; the task and entity lists of a 50,000-task
production run the queries of a one-task production."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Person
from production.models import Entity, Task, TaskType
from tests.console.console_helpers import console_for, studio, task
from tests.console.full_production import LABELS, SINGLETONS, changelist_url, populate
from tests.production.factories import TaskTypeFactory, asset, entity_type

pytestmark = pytest.mark.django_db

STUDIO_LOGS = ["api.ApiEvent", "api.UnpublishedEvent", "api.UnsentJob"]  # admins only


def page_stats(console, label: str) -> tuple[int, int, int]:
    """The page's status, its number of queries, and how many rows its list holds."""
    with CaptureQueriesContext(connection) as queries:
        response = console.get(changelist_url(label))
    rows = response.context["cl"].result_count if response.status_code == 200 else 0
    return response.status_code, len(queries), rows


def every_page(console) -> dict[str, tuple[int, int, int]]:
    return {label: page_stats(console, label) for label in LABELS}


@pytest.mark.parametrize("who", ["admin", "manager"])
def test_every_list_runs_a_fixed_number_of_queries(who):
    s = studio()
    console = console_for(getattr(s, who))
    populate(s, 0)
    every_page(console)  # session and caches warm
    before = every_page(console)
    for index in (1, 2, 3):
        populate(s, index)
    after = every_page(console)
    queries = {label: stats[1] for label, stats in after.items()}
    assert queries == {label: stats[1] for label, stats in before.items()}
    not_grown = [
        label
        for label in LABELS
        if after[label][0] == 200
        and after[label][2] <= before[label][2]
        and label not in SINGLETONS
    ]
    assert not_grown == []
    refused = sorted(label for label, stats in after.items() if stats[0] != 200)
    assert refused == ([] if who == "admin" else STUDIO_LOGS)


BIG_LISTS = [
    "/admin/production/task/",
    "/admin/production/task/?late=yes",
    "/admin/production/task/?q=Prop",
    "/admin/production/task/?o=-7",
    "/admin/production/entity/",
]
NB_ASSETS, NB_TASK_TYPES = 5_000, 10  # 50,000 tasks
NEW_ID_SQL = {"postgresql": "gen_random_uuid()", "sqlite": "lower(hex(randomblob(16)))"}


def db_value(model, value):
    return model._meta.pk.get_db_prep_value(value, connection)


def copy_task_sql() -> str:
    """Copies of a task, one per asset named `Prop0...` and task type named `Step...` of its
    project, in one statement (50,000 model instances would take minutes to write)."""
    quote = connection.ops.quote_name
    columns = [field.column for field in Task._meta.concrete_fields]
    replaced = {"id": NEW_ID_SQL[connection.vendor], "entity_id": "e.id", "task_type_id": "tt.id"}
    values = [replaced.get(column, f"t.{quote(column)}") for column in columns]
    return (
        f"INSERT INTO {quote(Task._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"SELECT {', '.join(values)} FROM {quote(Task._meta.db_table)} t, "
        f"{quote(Entity._meta.db_table)} e, {quote(TaskType._meta.db_table)} tt "
        "WHERE t.id = %s AND e.project_id = t.project_id "
        "AND e.name LIKE 'Prop0%%' AND tt.name LIKE 'Step%%'"
    )


def assign_all_sql() -> str:
    quote = connection.ops.quote_name
    link = Task.assignees.through._meta.db_table
    return (
        f"INSERT INTO {quote(link)} (task_id, person_id) "
        f"SELECT id, %s FROM {quote(Task._meta.db_table)} WHERE id <> %s"
    )


def big_production(s, template: Task) -> None:
    """5,000 assets with 10 tasks each, copies of the template, all assigned to the artist."""
    character = entity_type("Character")
    Entity.objects.bulk_create(
        Entity(project=s.project, entity_type=character, name=f"Prop{index:05}")
        for index in range(NB_ASSETS)
    )
    for index in range(NB_TASK_TYPES):
        TaskTypeFactory(name=f"Step{index}")
    template_id = db_value(Task, template.pk)
    with connection.cursor() as cursor:
        cursor.execute(copy_task_sql(), [template_id])
        cursor.execute(assign_all_sql(), [db_value(Person, s.artist.pk), template_id])


def queries_of(console, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert console.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["admin", "manager"])
def test_lists_of_a_50000_task_production_run_the_queries_of_a_small_one(who):
    s = studio()
    row = task(s, asset(s.project, "Prop small"), s.modeling, s.statuses.wip)
    row.assignees.add(s.artist)
    console = console_for(getattr(s, who))
    queries_of(console, BIG_LISTS[0])  # session and caches warm
    small = {url: queries_of(console, url) for url in BIG_LISTS}
    big_production(s, row)
    assert {url: queries_of(console, url) for url in BIG_LISTS} == small
    page = console.get("/admin/production/task/").context["cl"]
    assert (page.result_count, len(page.result_list)) == (50_001, 100)
    assert page.result_list[0].assignees.all()[0] == s.artist

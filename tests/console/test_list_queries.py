"""The main console lists (tasks, entities, persons, previews, comments, projects) run the same
number of queries for one row as for many, for an admin and for a manager."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Comment
from tests.console.console_helpers import console_for, preview_of, studio, task
from tests.factories import PersonFactory
from tests.production.factories import asset

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/production/task/",
    "/admin/production/entity/",
    "/admin/production/project/",
    "/admin/people/person/",
    "/admin/reviews/previewfile/",
    "/admin/reviews/comment/",
]


def add_rows(s, index: int) -> None:
    entity = asset(s.project, f"Prop{index}")
    row = task(s, entity, s.modeling, s.statuses.wip)
    row.assignees.add(s.artist, PersonFactory())
    preview_of(row)
    Comment.objects.create(object=row, person=s.artist, task_status=s.statuses.wip, text="ok")


def count_queries(console, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert console.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("who", ["admin", "manager"])
def test_list_query_count_is_fixed(url, who):
    s = studio()
    console = console_for(getattr(s, who))
    add_rows(s, 0)
    one = count_queries(console, url)
    for index in range(1, 6):
        add_rows(s, index)
    assert count_queries(console, url) == one

"""An object's history page: console changes with their old and new values, and the events the
API published about it."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry

from kitsu_site.api.models import ApiEvent
from tests.conftest import client_for
from tests.console.console_helpers import change_form_data, console_for, studio, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    s = studio()
    return s, task(s, s.hero, s.modeling, s.statuses.todo)


def test_console_change_is_logged_with_old_and_new_values(prod):
    s, todo = prod
    console = console_for(s.admin)
    url = f"/admin/production/task/{todo.pk}/change/"
    data = change_form_data(console.get(url))
    data.update(priority="3", task_status=str(s.statuses.wip.pk), _save="Save")
    assert console.post(url, data).status_code == 302
    entry = LogEntry.objects.get(object_id=str(todo.pk))
    assert entry.get_change_message() == (
        "Changed Priority: “0” → “3” and Task status: “Todo” → “WIP”."
    )
    history = console.get(f"/admin/production/task/{todo.pk}/history/").content.decode()
    assert "Priority: “0” → “3”" in history


def test_api_changes_are_listed_on_the_history_page(prod, django_capture_on_commit_callbacks):
    s, todo = prod
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(s.admin).put(f"/data/tasks/{todo.pk}", {"priority": 2}, format="json")
    assert response.status_code == 200
    ApiEvent.objects.create(
        name="task:update",
        user_id=s.manager.pk,
        data={"task_id": str(todo.pk), "changes": {"priority": [2, 4]}},
    )
    ApiEvent.objects.create(name="task:update", data={"task_id": "someone-else"})
    response = console_for(s.admin).get(f"/admin/production/task/{todo.pk}/history/")
    events = response.context["api_events"]()
    assert [(e["name"], str(e["user"])) for e in events] == [
        ("task:update", "Max Manager"),
        ("task:update", "Ada Admin"),  # the API's own event, made by the PUT
    ]
    assert events[0]["changes"] == ["priority: “2” → “4”"]
    assert "Changes made through the API" in response.content.decode()


def test_history_of_an_object_out_of_reach(prod):
    s, _ = prod
    theirs = task(s, s.stranger, s.modeling, s.statuses.todo)
    response = console_for(s.manager).get(f"/admin/production/task/{theirs.pk}/history/")
    assert response.status_code == 302

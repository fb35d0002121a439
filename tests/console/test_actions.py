"""Console actions run through the services the API calls: assign, change status with a
comment, rebuild from the history, close a project, deactivate (tokens revoked), invite,
retry a broken preview, retry failed webhook deliveries."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from kitsu_site.api.models import Webhook, WebhookDelivery
from production.models import Task
from reviews.media.paths import preview_upload_path
from reviews.models import Comment, PreviewFile
from tests.api.test_webhooks import Receiver
from tests.conftest import client_for
from tests.console.console_helpers import comment_on, console_for, days_ago, studio, task
from tests.reviews.preview_media_helpers import picture_bytes

pytestmark = pytest.mark.django_db

TASKS = "/admin/production/task/"
DELIVERIES = "/admin/api/webhookdelivery/"


@pytest.fixture
def prod():
    s = studio()
    return s, task(s, s.hero, s.modeling, s.statuses.todo)


def run(console, url: str, action: str, ids, **fields):
    return console.post(
        url, {"action": action, "_selected_action": [str(i) for i in ids], **fields}
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def last_log(obj) -> str:
    return LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time").get_change_message()


def test_assign_asks_for_the_person_then_assigns(prod, django_capture_on_commit_callbacks):
    s, todo = prod
    console = console_for(s.manager)
    page = run(console, TASKS, "assign_tasks", [todo.pk])
    assert page.status_code == 200
    assert page.context["title"] == "Assign tasks"
    assert f'name="_selected_action" value="{todo.pk}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = run(
            console, TASKS, "assign_tasks", [todo.pk], person=str(s.artist.pk), apply="Apply"
        )
    assert response.status_code == 302
    assert list(todo.assignees.all()) == [s.artist]
    assert last_log(todo) == "Assigned to Art Ist."
    shown = console.get(TASKS)
    assert messages_of(shown) == ["1 of 1 task(s) assigned to Art Ist."]


def test_change_status_posts_the_comment(prod, django_capture_on_commit_callbacks):
    s, todo = prod
    console = console_for(s.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = run(
            console,
            TASKS,
            "change_status",
            [todo.pk],
            task_status=str(s.statuses.wip.pk),
            comment="Starting now",
            apply="Apply",
        )
    assert response.status_code == 302
    todo.refresh_from_db()
    assert todo.task_status == s.statuses.wip
    comment = Comment.objects.get(object=todo)
    assert (comment.text, comment.person, comment.task_status) == (
        "Starting now",
        s.admin,
        s.statuses.wip,
    )
    assert last_log(todo) == "Changed Task status: “Todo” → “WIP”."


def test_change_status_without_status_shows_the_form_again(prod):
    s, todo = prod
    response = run(console_for(s.admin), TASKS, "change_status", [todo.pk], apply="Apply")
    assert response.status_code == 200
    assert response.context["form"].errors == {"task_status": ["This field is required."]}
    assert not Comment.objects.exists()


def test_rebuild_from_history(prod):
    s, todo = prod
    comment_on(todo, s.statuses.retake, s.admin, days_ago(2))
    comment_on(todo, s.statuses.wip, s.admin, days_ago(1))
    Task.objects.filter(pk=todo.pk).update(retake_count=7)
    response = run(console_for(s.admin), TASKS, "rebuild_from_history", [todo.pk])
    assert response.status_code == 302
    todo.refresh_from_db()
    assert (todo.task_status, todo.retake_count) == (s.statuses.wip, 1)
    assert last_log(todo) == ("Changed Task status: “Todo” → “WIP” and Retake count: “7” → “1”.")


def test_close_project(prod):
    s, _ = prod
    response = run(
        console_for(s.admin), "/admin/production/project/", "close_projects", [s.project.pk]
    )
    assert response.status_code == 302
    s.project.refresh_from_db()
    assert s.project.project_status.name == "Closed"
    assert last_log(s.project) == "Changed Project status: “Open” → “Closed”."


def test_deactivate_revokes_tokens(prod, django_capture_on_commit_callbacks):
    s, _ = prod
    api = client_for(s.artist)
    assert api.get("/data/user/context").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = run(
            console_for(s.admin), "/admin/people/person/", "deactivate_selected", [s.artist.pk]
        )
    assert response.status_code == 302
    s.artist.refresh_from_db()
    assert s.artist.active is False
    assert api.get("/data/user/context").status_code == 401
    assert last_log(s.artist) == "Changed Active: “yes” → “no”."


def test_send_invitations(prod):
    s, _ = prod
    response = run(console_for(s.admin), "/admin/people/person/", "send_invitations", [s.artist.pk])
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["art@x.org"]]
    assert "Ada Admin invites you" in mail.outbox[0].body


def test_retry_broken_preview(prod, django_capture_on_commit_callbacks):
    s, todo = prod
    kept = PreviewFile.objects.create(
        task=todo, name="v1", revision=1, status="broken", extension="png", original_name="v1"
    )
    lost = PreviewFile.objects.create(
        task=todo, name="v2", revision=2, status="broken", extension="png", original_name="v2"
    )
    default_storage.save(preview_upload_path(kept.pk, "png"), ContentFile(picture_bytes()))
    console = console_for(s.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = run(
            console, "/admin/reviews/previewfile/", "retry_processing", [kept.pk, lost.pk]
        )
    assert response.status_code == 302
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert (kept.status, lost.status) == ("ready", "broken")
    assert messages_of(console.get("/admin/reviews/previewfile/")) == [
        "1 preview(s) sent to processing again.",
        "1 preview(s) have no stored upload to process.",
    ]


def test_manager_actions_stay_inside_the_service_rules(prod, django_capture_on_commit_callbacks):
    """The service refuses a task of a project the manager is not in (not even listed)."""
    s, todo = prod
    theirs = task(s, s.stranger, s.modeling, s.statuses.todo)
    console = console_for(s.manager)
    with django_capture_on_commit_callbacks(execute=True):
        run(
            console, TASKS, "assign_tasks", [todo.pk, theirs.pk], person=str(s.artist.pk), apply="1"
        )
    assert list(theirs.assignees.all()) == []
    assert list(todo.assignees.all()) == [s.artist]


def test_retry_failed_webhook_deliveries(prod, django_capture_on_commit_callbacks):
    """Only the failed deliveries not retried yet go out again, as new deliveries."""
    s, _ = prod
    receiver = Receiver()
    receiver.start()
    try:
        hook = Webhook.objects.create(name="Farm", url=receiver.url, secret="s", events=["*"])
        failed, delivered, retried = (
            WebhookDelivery.objects.create(
                webhook=hook,
                event_name="task:update",
                payload={"task_id": key},
                object_key=f"task:{key}",
                status=status,
            )
            for key, status in (("1", "failed"), ("2", "delivered"), ("3", "failed"))
        )
        WebhookDelivery.objects.create(
            webhook=hook, event_name="task:update", object_key="task:3", replay_of=retried
        )
        console = console_for(s.admin)
        with django_capture_on_commit_callbacks(execute=True):
            response = run(
                console,
                DELIVERIES,
                "retry_failed",
                [failed.pk, delivered.pk, retried.pk],
            )
        assert response.status_code == 302
        again = WebhookDelivery.objects.get(replay_of=failed)
        assert (again.status, again.payload) == ("delivered", {"task_id": "1"})
        assert [body["delivery_id"] for body in receiver.bodies()] == [str(again.pk)]
        assert WebhookDelivery.objects.filter(replay_of=delivered).count() == 0
        assert WebhookDelivery.objects.filter(replay_of=retried).count() == 1
        assert messages_of(console.get(DELIVERIES)) == [
            "1 failed deliveries sent again.",
            "2 selected deliveries are not failed or were retried already.",
        ]
    finally:
        receiver.stop()


def test_managers_cannot_retry_webhooks(prod):
    s, _ = prod
    response = console_for(s.manager).get(DELIVERIES)
    assert response.status_code == 200
    assert "retry_failed" not in response.content.decode()

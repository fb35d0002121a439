"""Notifications by mail and chat: each recipient gets the channels they asked for, once the
comment is committed, from the task queue. Slack and Discord are mocked at their HTTP API;
Mattermost is a real incoming-webhook receiver on loopback; mail uses the locmem backend."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import pytest
import responses
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Organisation, Person
from reviews.models import Comment, Notification
from reviews.services.notification_channels import (
    CHAT_MESSAGE_LIMIT,
    DISCORD_API_URL,
    SLACK_POST_URL,
    chat_text,
    notification_message,
    notification_send,
)
from reviews.tasks import NOTIFICATION_MAX_RETRIES, send_notification
from tests.factories import PersonFactory
from tests.loopback import LoopbackServer, QuietHandler
from tests.production.factories import add_to_team
from tests.reviews.comments_helpers import post_comment, production

pytestmark = pytest.mark.django_db

TASK_NAME = "Big Buck / Character / Hero / Modeling"


class Receiver(QuietHandler):
    """A Mattermost incoming webhook: records each JSON body, answers `status`."""

    def do_POST(self):  # noqa: N802 (the http.server handler name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, json.loads(body)))
        self.reply(b"ok", content_type="text/plain", status=self.server.status)


@pytest.fixture
def mattermost() -> Iterator[ThreadingHTTPServer]:
    with LoopbackServer(Receiver) as server:
        server.http.received, server.http.status = [], 200
        yield server.http


def mattermost_url(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_port}/hooks/k1"


@pytest.fixture
def chats(mattermost) -> Iterator[responses.RequestsMock]:
    """The studio's chat credentials, and the Slack and Discord APIs answering."""
    organisation = Organisation.current()
    organisation.chat_token_slack = "xoxb-slack-token"
    organisation.chat_token_discord = "discord-bot-token"
    organisation.chat_webhook_mattermost = mattermost_url(mattermost)
    organisation.save()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.add_passthru("http://127.0.0.1")
        mocked.post(SLACK_POST_URL, json={"ok": True})
        mocked.post(f"{DISCORD_API_URL}/users/@me/channels", json={"id": "900"})
        mocked.post(f"{DISCORD_API_URL}/channels/900/messages", json={"id": "1"})
        yield mocked


@pytest.fixture
def prod():
    return production(name="Big Buck")


@pytest.fixture
def people(prod):
    """Assignees of the modeling task, each on one channel (and one on none)."""
    channels = {
        "mail": {"notifications_enabled": True},
        "slack": {"notifications_slack_enabled": True, "notifications_slack_userid": "U042"},
        "mattermost": {
            "notifications_mattermost_enabled": True,
            "notifications_mattermost_userid": "jane",
        },
        "discord": {
            "notifications_discord_enabled": True,
            "notifications_discord_userid": "1234567890",
        },
        "none": {"notifications_slack_userid": "U099"},
    }
    persons = {}
    for name, fields in channels.items():
        person = PersonFactory(
            first_name=name.title(), last_name="Artist", email=f"{name}@studio.example", **fields
        )
        add_to_team(prod.project, person)
        prod.modeling.assignees.add(person)
        persons[name] = person
    return persons


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            response = call()
        assert response.status_code in (200, 201), response.content
        return response.json()

    return run


def sent_bodies(mocked: responses.RequestsMock) -> list[tuple[str, dict]]:
    return [(call.request.url, json.loads(call.request.body)) for call in mocked.calls]


def test_a_status_change_reaches_each_channel(
    admin_client, prod, people, chats, mattermost, mailoutbox, committed
):
    committed(lambda: post_comment(admin_client, prod.modeling, prod.status.wfa, "Look at it"))
    headline = f"John Did set {TASK_NAME} to Waiting For Approval"
    url = f"http://localhost:8000/productions/{prod.project.pk}/assets/tasks/{prod.modeling.pk}"

    (mail,) = mailoutbox
    assert (mail.subject, mail.to, mail.from_email) == (
        f"[Kitsu] {headline}",
        ["mail@studio.example"],
        "kitsu@localhost",
    )
    assert mail.body == (
        f"{headline}\n\nLook at it\n\nStatus: Waiting For Approval\nOpen the task in Kitsu: {url}\n"
    )
    ((html, mime),) = mail.alternatives
    assert mime == "text/html"
    assert f"<p><strong>{headline}</strong></p>" in html
    assert f'<p><a href="{url}">Open the task in Kitsu</a></p>' in html

    chat = f"*{headline}*\nLook at it\n"
    assert sorted(sent_bodies(chats), key=lambda sent: sent[0]) == [
        (
            f"{DISCORD_API_URL}/channels/900/messages",
            {"content": f"{chat}[Open the task in Kitsu]({url})"},
        ),
        (f"{DISCORD_API_URL}/users/@me/channels", {"recipient_id": "1234567890"}),
        (SLACK_POST_URL, {"channel": "U042", "text": f"{chat}<{url}|Open the task in Kitsu>"}),
    ]
    assert {call.request.url: call.request.headers["Authorization"] for call in chats.calls} == {
        f"{DISCORD_API_URL}/channels/900/messages": "Bot discord-bot-token",
        f"{DISCORD_API_URL}/users/@me/channels": "Bot discord-bot-token",
        SLACK_POST_URL: "Bearer xoxb-slack-token",
    }
    assert mattermost.received == [
        (
            "/hooks/k1",
            {
                "channel": "@jane",
                "username": "Kitsu",
                "text": f"{chat}[Open the task in Kitsu]({url})",
            },
        )
    ]


def test_the_text_is_escaped_in_the_html_mail(admin_client, prod, people, mailoutbox, committed):
    text = "<b>bold</b> & co\nline two"
    committed(lambda: post_comment(admin_client, prod.modeling, prod.status.todo, text))
    (mail,) = mailoutbox
    assert mail.subject == f"[Kitsu] John Did commented on {TASK_NAME}"
    assert mail.body.startswith(f"John Did commented on {TASK_NAME}\n\n{text}\n\nStatus: Todo\n")
    html = mail.alternatives[0][0]
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co<br>line two" in html
    assert "<b>bold</b>" not in html


def test_nothing_leaves_before_the_commit(
    admin_client, prod, people, chats, mattermost, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_comment(admin_client, prod.modeling, prod.status.wip, "hello")
    assert (mailoutbox, len(chats.calls), mattermost.received) == ([], 0, [])
    for callback in callbacks:
        callback()
    assert [mail.to for mail in mailoutbox] == [["mail@studio.example"]]
    assert (len(chats.calls), len(mattermost.received)) == (3, 1)


def test_mention_reply_and_assignation_messages(admin_client, prod, people, mailoutbox, committed):
    mailer = people["mail"]
    prod.modeling.assignees.remove(mailer)
    comment = committed(
        lambda: post_comment(admin_client, prod.modeling, prod.status.todo, "@Mail Artist see")
    )
    base = f"/data/tasks/{prod.modeling.pk}/comments/{comment['id']}"
    committed(lambda: admin_client.post(f"{base}/reply", {"text": "@Mail Artist again"}))
    committed(
        lambda: admin_client.put(
            f"/actions/tasks/{prod.shading.pk}/assign",
            {"person_id": str(mailer.pk)},
            format="json",
        )
    )
    tasks = f"http://localhost:8000/productions/{prod.project.pk}/assets/tasks"
    shading = "Big Buck / Character / Hero / Shading"
    assert [(mail.to, mail.subject, mail.body) for mail in mailoutbox] == [
        (
            ["mail@studio.example"],
            f"[Kitsu] John Did mentioned you on {TASK_NAME}",
            f"John Did mentioned you on {TASK_NAME}\n\n@Mail Artist see\n\nStatus: Todo\n"
            f"Open the task in Kitsu: {tasks}/{prod.modeling.pk}\n",
        ),
        (
            ["mail@studio.example"],
            f"[Kitsu] John Did mentioned you in a reply on {TASK_NAME}",
            f"John Did mentioned you in a reply on {TASK_NAME}\n\n@Mail Artist again\n\n"
            f"Status: Todo\nOpen the task in Kitsu: {tasks}/{prod.modeling.pk}\n",
        ),
        (
            ["mail@studio.example"],
            f"[Kitsu] John Did assigned you to {shading}",
            f"John Did assigned you to {shading}\n\n"
            f"Open the task in Kitsu: {tasks}/{prod.shading.pk}\n",
        ),
    ]


def test_a_reply_reaches_the_comments_author(admin_client, prod, people, mailoutbox, committed):
    mailer = people["mail"]
    prod.modeling.assignees.remove(mailer)
    comment = committed(
        lambda: post_comment(
            admin_client, prod.modeling, prod.status.todo, "mine", person_id=str(mailer.pk)
        )
    )
    assert mailoutbox == []
    base = f"/data/tasks/{prod.modeling.pk}/comments/{comment['id']}"
    committed(lambda: admin_client.post(f"{base}/reply", {"text": "done, thanks"}))
    (mail,) = mailoutbox
    assert (mail.to, mail.subject) == (
        ["mail@studio.example"],
        f"[Kitsu] John Did replied on {TASK_NAME}",
    )
    assert mail.body.split("\n\n")[1] == "done, thanks"


def test_a_refused_or_unavailable_channel_never_fails_the_comment(
    admin_client, prod, people, chats, mattermost, mailoutbox, committed, caplog
):
    chats.replace(responses.POST, SLACK_POST_URL, json={"ok": False, "error": "user_not_found"})
    chats.replace(responses.POST, f"{DISCORD_API_URL}/users/@me/channels", status=503)
    mattermost.status = 500
    body = committed(lambda: post_comment(admin_client, prod.modeling, prod.status.wip, "go"))
    assert body["text"] == "go"
    assert [mail.to for mail in mailoutbox] == [["mail@studio.example"]]
    warnings = {
        record.getMessage().split(" not sent on ")[1].split(":")[0]: record.getMessage()
        for record in caplog.records
        if record.levelname == "WARNING"
    }
    assert sorted(warnings) == ["discord", "mattermost", "slack"]
    assert warnings["discord"].endswith(f"{DISCORD_API_URL}/users/@me/channels: HTTP 503")
    assert warnings["mattermost"].endswith(f"{mattermost_url(mattermost)}: HTTP 500")
    assert warnings["slack"].endswith("not sent on slack: Slack: user_not_found")


def test_an_unavailable_channel_is_tried_again_by_the_worker(
    settings, admin, prod, people, chats, monkeypatch
):
    """With a broker, the job retries with its backoff until the channel answers (here run
    in process: each retry at once)."""
    notification = Notification.objects.create(
        notification_type="assignation",
        person=people["slack"],
        author=admin,
        task=prod.modeling,
    )
    chats.replace(responses.POST, SLACK_POST_URL, status=503)
    chats.add(responses.POST, SLACK_POST_URL, status=429)
    chats.add(responses.POST, SLACK_POST_URL, json={"ok": True})
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setitem(send_notification.app.conf, "task_eager_propagates", False)
    send_notification.apply(args=(str(notification.pk), "slack"), throw=False)
    assert [call.response.status_code for call in chats.calls] == [503, 429, 200]


def test_chat_text_is_cut_to_fit_every_chat(admin, prod, people):
    comment = Comment.objects.create(
        object=prod.modeling, person=admin, task_status=prod.status.wip, text="x" * 5000
    )
    notification = Notification.objects.create(
        notification_type="comment",
        person=people["discord"],
        author=admin,
        task=prod.modeling,
        comment=comment,
    )
    message = notification_message(notification)
    text = chat_text(message, lambda url, label: f"[{label}]({url})")
    assert len(text) == CHAT_MESSAGE_LIMIT
    assert text.split("\n")[1].endswith("xx…")


def test_posting_costs_the_same_queries_whatever_the_channels(admin_client, prod, people):
    def queries_for(text: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = post_comment(admin_client, prod.modeling, prod.status.wip, text)
        assert response.status_code == 201
        return len(queries)

    queries_for("the status changes")
    with_channels = queries_for("same status")
    Person.objects.filter(pk__in=[p.pk for p in people.values()]).update(
        notifications_enabled=False,
        notifications_slack_enabled=False,
        notifications_mattermost_enabled=False,
        notifications_discord_enabled=False,
    )
    assert queries_for("same status again") == with_channels


def test_the_worker_gives_up_after_its_last_try(
    settings, admin, prod, people, chats, monkeypatch, caplog
):
    notification = Notification.objects.create(
        notification_type="assignation", person=people["slack"], author=admin, task=prod.modeling
    )
    chats.replace(responses.POST, SLACK_POST_URL, status=502)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setitem(send_notification.app.conf, "task_eager_propagates", False)
    send_notification.apply(args=(str(notification.pk), "slack"), throw=False)
    assert len(chats.calls) == NOTIFICATION_MAX_RETRIES + 1
    (warning,) = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warning == (
        f"Notification {notification.pk} not sent on slack: {SLACK_POST_URL}: HTTP 502"
    )


def test_a_deleted_notification_or_a_changed_mind_sends_nothing(admin, prod, people, mailoutbox):
    notification = Notification.objects.create(
        notification_type="assignation", person=people["mail"], author=admin, task=prod.modeling
    )
    Person.objects.filter(pk=people["mail"].pk).update(notifications_enabled=False)
    assert notification_send(notification_id=notification.pk, channel="email") is False
    notification.delete()
    assert notification_send(notification_id=notification.pk, channel="email") is False
    assert mailoutbox == []

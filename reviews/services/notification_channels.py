"""Notifications leave the server: a mail, and chat messages on Slack, Mattermost and Discord.

Each person chooses their channels (`notifications_enabled` for mail,
`notifications_<chat>_enabled` with their user id on that chat); the organisation holds the
studio's chat credentials (a Slack bot token, a Mattermost incoming-webhook URL, a Discord bot
token). One delivery sends one notification on one channel; the task queue runs it after the
notification is committed and tries again when the channel is unavailable
(`reviews.tasks.send_notification`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from smtplib import SMTPException
from typing import Any

import requests
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from people.models import Organisation, Person
from production.models import EntityType, Task
from production.selectors.user import ENTITY_NAME_COLUMNS, full_entity_name
from reviews.models import Notification, NotificationType

logger = logging.getLogger(__name__)

EMAIL, SLACK, MATTERMOST, DISCORD = "email", "slack", "mattermost", "discord"
SLACK_POST_URL = "https://slack.com/api/chat.postMessage"
DISCORD_API_URL = "https://discord.com/api/v10"
CHAT_TIMEOUT_SECONDS = 10
# Discord refuses messages longer than 2,000 characters; the others are far more generous.
CHAT_MESSAGE_LIMIT = 2000
SENT_KINDS = {
    NotificationType.COMMENT,
    NotificationType.MENTION,
    NotificationType.ASSIGNATION,
    NotificationType.REPLY,
    NotificationType.REPLY_MENTION,
}


class ChannelUnavailable(Exception):
    """The channel could not take the message now (network, 5xx, rate limit): try later."""


class ChannelRefused(Exception):
    """The channel refused the message for good (bad credentials, unknown user)."""


# -- who wants what --------------------------------------------------------------------------------
PREFERENCE_FIELDS = (
    "id",
    "email",
    "notifications_enabled",
    "notifications_slack_enabled",
    "notifications_slack_userid",
    "notifications_mattermost_enabled",
    "notifications_mattermost_userid",
    "notifications_discord_enabled",
    "notifications_discord_userid",
)


def wanted_channels(preferences: dict[str, Any]) -> list[str]:
    """The channels a person asked for and can be reached on."""
    channels = [EMAIL] if preferences["notifications_enabled"] and preferences["email"] else []
    for chat in (SLACK, MATTERMOST, DISCORD):
        prefix = f"notifications_{chat}"
        if preferences[f"{prefix}_enabled"] and preferences[f"{prefix}_userid"]:
            channels.append(chat)
    return channels


def channels_by_person(person_ids: Iterable[Any]) -> dict[Any, list[str]]:
    """One query: the channels of each of these persons who wants at least one."""
    rows = Person.objects.filter(pk__in=set(person_ids), active=True).values(*PREFERENCE_FIELDS)
    wanted = {row["id"]: wanted_channels(row) for row in rows}
    return {person_id: channels for person_id, channels in wanted.items() if channels}


# -- what it says ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class NotificationMessage:
    """A notification put in words, the same on every channel."""

    subject: str
    headline: str
    text: str
    task_name: str
    status_name: str
    url: str


HEADLINES = {
    NotificationType.COMMENT: "{author} commented on {task}",
    NotificationType.MENTION: "{author} mentioned you on {task}",
    NotificationType.ASSIGNATION: "{author} assigned you to {task}",
    NotificationType.REPLY: "{author} replied on {task}",
    NotificationType.REPLY_MENTION: "{author} mentioned you in a reply on {task}",
}
STATUS_CHANGE_HEADLINE = "{author} set {task} to {status}"

TASK_CONTEXT = (
    "project_id",
    "project__name",
    "task_type__name",
    *(f"entity__{column}" for column in ENTITY_NAME_COLUMNS),
)


def task_url(*, task_id: Any, project_id: Any, kind: str, episode_id: Any = None) -> str:
    """The task's page in the Kitsu front end (under its episode when it has one)."""
    section = f"{kind.lower()}s" if kind in EntityType.TEMPORAL_NAMES else "assets"
    episode = f"episodes/{episode_id}/" if episode_id else ""
    return f"{settings.DOMAIN_URL}/productions/{project_id}/{episode}{section}/tasks/{task_id}"


def _reply_text(replies: list[dict[str, Any]] | None, reply_id: Any) -> str:
    reply = next((item for item in replies or [] if str(item.get("id")) == str(reply_id)), None)
    return (reply or {}).get("text") or ""


def notification_message(notification: Notification) -> NotificationMessage:
    """The words of a notification, its comment (or reply) and task loaded with it."""
    task = Task.objects.filter(pk=notification.task_id).values(*TASK_CONTEXT).get()
    entity_name, episode_id = full_entity_name(task, prefix="entity__")
    task_name = f"{task['project__name']} / {entity_name} / {task['task_type__name']}"
    comment = notification.comment
    status_name = comment.task_status.name if comment and comment.task_status else ""
    kind = notification.notification_type
    template = HEADLINES[kind]
    if kind == NotificationType.COMMENT and notification.change:
        template = STATUS_CHANGE_HEADLINE
    headline = template.format(
        author=notification.author.full_name, task=task_name, status=status_name
    )
    if notification.reply_id:
        text = _reply_text(comment.replies, notification.reply_id)
    else:
        text = (comment.text or "") if comment else ""
    url = task_url(
        task_id=notification.task_id,
        project_id=task["project_id"],
        kind=task["entity__entity_type__name"],
        episode_id=episode_id,
    )
    return NotificationMessage(
        subject=f"[Kitsu] {headline}",
        headline=headline,
        text=text,
        task_name=task_name,
        status_name=status_name,
        url=url,
    )


def chat_text(message: NotificationMessage, link: Callable[[str, str], str]) -> str:
    """The chat version: headline, the text (cut to fit every chat), a link to the task."""
    headline, footer = f"*{message.headline}*", link(message.url, "Open the task in Kitsu")
    room = CHAT_MESSAGE_LIMIT - len(headline) - len(footer) - 2
    text = message.text if len(message.text) <= room else message.text[: room - 1] + "…"
    return "\n".join(part for part in (headline, text, footer) if part)


# -- sending ---------------------------------------------------------------------------------------
def send_email(person: Person, message: NotificationMessage, _organisation: Organisation) -> None:
    context = {"message": message, "person": person}
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=render_to_string("reviews/notification_email.txt", context),
        to=[person.email],
    )
    html = render_to_string("reviews/notification_email.html", context)
    mail.attach_alternative(html, "text/html")
    try:
        mail.send()
    except (SMTPException, OSError) as error:
        raise ChannelUnavailable(f"mail to {person.email}: {error}") from error


def _post_json(
    url: str, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> requests.Response:
    """POST `payload`; 429 and 5xx answers or no answer at all are worth another try later."""
    try:
        response = requests.post(url, json=payload, headers=headers, timeout=CHAT_TIMEOUT_SECONDS)
    except requests.RequestException as error:
        raise ChannelUnavailable(f"{url}: {error}") from error
    if response.status_code == 429 or response.status_code >= 500:
        raise ChannelUnavailable(f"{url}: HTTP {response.status_code}")
    if response.status_code >= 400:
        raise ChannelRefused(f"{url}: HTTP {response.status_code} {response.text[:200]}")
    return response


def _answer(response: requests.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError as error:
        raise ChannelRefused(f"{response.url}: not a JSON answer") from error
    return answer if isinstance(answer, dict) else {}


def send_slack(person: Person, message: NotificationMessage, organisation: Organisation) -> None:
    """A direct message from the studio's Slack bot (chat.postMessage to the user id)."""
    token = organisation.chat_token_slack
    if not token:
        raise ChannelRefused("no Slack token set on the organisation")
    response = _post_json(
        SLACK_POST_URL,
        {
            "channel": person.notifications_slack_userid,
            "text": chat_text(message, lambda url, label: f"<{url}|{label}>"),
        },
        {"Authorization": f"Bearer {token}"},
    )
    # Slack answers 200 with `ok: false` when it refuses (bad token, unknown user).
    answer = _answer(response)
    if not answer.get("ok"):
        if answer.get("error") == "ratelimited":
            raise ChannelUnavailable("Slack: ratelimited")
        raise ChannelRefused(f"Slack: {answer.get('error')}")


def send_mattermost(
    person: Person, message: NotificationMessage, organisation: Organisation
) -> None:
    """A direct message through the studio's incoming webhook (`channel` = `@user`)."""
    webhook = organisation.chat_webhook_mattermost
    if not webhook:
        raise ChannelRefused("no Mattermost webhook set on the organisation")
    _post_json(
        webhook,
        {
            "channel": f"@{person.notifications_mattermost_userid}",
            "username": "Kitsu",
            "text": chat_text(message, lambda url, label: f"[{label}]({url})"),
        },
    )


def send_discord(person: Person, message: NotificationMessage, organisation: Organisation) -> None:
    """A direct message from the studio's Discord bot: open the DM channel, post in it."""
    token = organisation.chat_token_discord
    if not token:
        raise ChannelRefused("no Discord token set on the organisation")
    headers = {"Authorization": f"Bot {token}"}
    channel = _answer(
        _post_json(
            f"{DISCORD_API_URL}/users/@me/channels",
            {"recipient_id": person.notifications_discord_userid},
            headers,
        )
    )
    if not channel.get("id"):
        raise ChannelRefused("Discord: no direct-message channel opened")
    _post_json(
        f"{DISCORD_API_URL}/channels/{channel['id']}/messages",
        {"content": chat_text(message, lambda url, label: f"[{label}]({url})")},
        headers,
    )


SENDERS: dict[str, Callable[[Person, NotificationMessage, Organisation], None]] = {
    EMAIL: send_email,
    SLACK: send_slack,
    MATTERMOST: send_mattermost,
    DISCORD: send_discord,
}


def notification_send(*, notification_id: Any, channel: str) -> bool:
    """Send one notification on one channel, if it still exists and its recipient still wants
    that channel. Raises ChannelUnavailable when worth another try; a refusal is logged and
    dropped. True when sent."""
    notification = (
        Notification.objects.select_related("person", "author", "comment__task_status")
        .filter(pk=notification_id, notification_type__in=SENT_KINDS, task__isnull=False)
        .first()
    )
    if notification is None:
        return False
    person = notification.person
    preferences = {name: getattr(person, name) for name in PREFERENCE_FIELDS}
    if not person.active or channel not in wanted_channels(preferences):
        return False
    try:
        SENDERS[channel](person, notification_message(notification), Organisation.current())
    except ChannelRefused as error:
        logger.warning("Notification %s not sent on %s: %s", notification_id, channel, error)
        return False
    return True

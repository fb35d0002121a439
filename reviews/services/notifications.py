"""Who hears about a comment, and the news feed line it makes.

Each recipient gets one notification row per kind, written in bulk so that commenting costs
the same number of queries whatever the size of the team; those who asked for mails or chat
messages get them from the task queue once the comment is committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from kitsu_site.api.events import emit
from people.models import Person
from production.models import Task
from reviews.models import Comment, News, Notification, NotificationType, Subscription
from reviews.tasks import notifications_send_schedule


def comment_recipients(*, task: Task, author_id: Any) -> set[Any]:
    """Assignees, task subscribers and subscribers of the task type on the shot's sequence,
    minus the author."""
    recipients = set(task.assignees.values_list("id", flat=True))
    subscriptions = Q(task_id=task.pk)
    parent_id = task.entity.parent_id
    if parent_id is not None:
        subscriptions |= Q(entity_id=parent_id, task_type_id=task.task_type_id)
    recipients.update(
        Subscription.objects.filter(subscriptions).values_list("person_id", flat=True)
    )
    recipients.discard(author_id)
    return recipients


def mention_recipients(*, comment: Comment, project_id: Any, person_ids: Iterable[Any]) -> set[Any]:
    """Mentioned persons and the project members of the mentioned departments."""
    recipients = set(person_ids)
    department_ids = list(comment.department_mentions.values_list("id", flat=True))
    if department_ids:
        recipients.update(
            Person.objects.filter(
                departments__in=department_ids, team_links__project_id=project_id
            ).values_list("id", flat=True)
        )
    return recipients


def _create(
    *,
    kind: str,
    recipients: Iterable[Any],
    author_id: Any,
    comment: Comment,
    task: Task,
    change: bool = False,
    reply_id: Any = None,
) -> list[Notification]:
    notifications = [
        Notification(
            notification_type=kind,
            person_id=person_id,
            author_id=author_id,
            comment=comment,
            task=task,
            change=change,
            reply_id=reply_id,
        )
        for person_id in recipients
    ]
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    notifications_send_schedule(notifications)
    for notification in notifications:
        emit(
            "notification:new",
            {"notification_id": notification.pk, "person_id": notification.person_id},
            project_id=task.project_id,
            user_id=author_id,
            persist=False,
        )
    return notifications


def notify_comment(
    *, comment: Comment, task: Task, change: bool, mentioned_ids: Iterable[Any]
) -> None:
    """`comment` notifications to the task's followers, `mention` ones to the people named."""
    author_id = comment.person_id
    _create(
        kind=NotificationType.COMMENT,
        recipients=comment_recipients(task=task, author_id=author_id),
        author_id=author_id,
        comment=comment,
        task=task,
        change=change,
    )
    mentioned = mention_recipients(
        comment=comment, project_id=task.project_id, person_ids=mentioned_ids
    )
    if mentioned:
        _create(
            kind=NotificationType.MENTION,
            recipients=mentioned,
            author_id=author_id,
            comment=comment,
            task=task,
            change=change,
        )


def notify_reply(
    *, comment: Comment, task: Task, reply_id: Any, author_id: Any, mentioned_ids: Iterable[Any]
) -> None:
    """`reply` notifications to the followers and the comment's author, `reply-mention` ones to
    the people named in the reply."""
    recipients = comment_recipients(task=task, author_id=author_id)
    if comment.person_id != author_id:
        recipients.add(comment.person_id)
    _create(
        kind=NotificationType.REPLY,
        recipients=recipients,
        author_id=author_id,
        comment=comment,
        task=task,
        reply_id=reply_id,
    )
    mentioned = set(mentioned_ids)
    if mentioned:
        _create(
            kind=NotificationType.REPLY_MENTION,
            recipients=mentioned,
            author_id=author_id,
            comment=comment,
            task=task,
            reply_id=reply_id,
        )


def news_create(*, comment: Comment, task: Task, change: bool, user_id: Any) -> News:
    news = News.objects.create(
        change=change, author_id=comment.person_id, comment=comment, task=task
    )
    emit(
        "news:new",
        {
            "news_id": news.pk,
            "task_type_id": task.task_type_id,
            "task_status_id": comment.task_status_id,
        },
        project_id=task.project_id,
        user_id=user_id,
    )
    return news


def comment_feeds_clear(*, comment: Comment, project_id: Any, user_id: Any) -> None:
    """Remove the comment's notifications and news lines (`news:delete` for each)."""
    Notification.objects.filter(comment=comment).delete()
    for news_id in list(News.objects.filter(comment=comment).values_list("id", flat=True)):
        emit("news:delete", {"news_id": news_id}, project_id=project_id, user_id=user_id)
    News.objects.filter(comment=comment).delete()

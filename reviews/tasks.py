"""Background jobs of the review loop, run by Celery workers (inline without a broker)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction

from reviews.models import Notification
from reviews.playlist_jobs import playlist_movie_build
from reviews.services.notification_channels import (
    ChannelUnavailable,
    channels_by_person,
    notification_send,
)
from reviews.services.preview_media import preview_file_process

logger = logging.getLogger(__name__)

# A channel down for a while: tries after 1, 2, 4, ... minutes, up to about an hour in all.
NOTIFICATION_MAX_RETRIES = 6
NOTIFICATION_BACKOFF_SECONDS = 60


@shared_task(name="reviews.process_preview_file", acks_late=True)
def process_preview_file(preview_file_id: str, normalize: bool = True) -> None:
    """Make the served files of an uploaded preview; it ends ready or broken."""
    preview_file_process(preview_id=preview_file_id, normalize=normalize)


@shared_task(name="reviews.build_playlist_movie", acks_late=True)
def build_playlist_movie(job_id: str) -> None:
    """Build a playlist's movie; the job ends succeeded or failed."""
    playlist_movie_build(job_id=job_id)


def preview_processing_schedule(*, preview_id: Any, normalize: bool = True, inline: bool) -> None:
    """Once the upload is committed, process it in this process (`inline`, the reference's
    `no_job`) or hand it to a worker."""

    def start() -> None:
        if inline:
            preview_file_process(preview_id=preview_id, normalize=normalize)
        else:
            process_preview_file.delay(str(preview_id), normalize)

    transaction.on_commit(start)


@shared_task(
    name="reviews.send_notification",
    bind=True,
    acks_late=True,
    max_retries=NOTIFICATION_MAX_RETRIES,
)
def send_notification(self, notification_id: str, channel: str) -> None:
    """Send a notification on one channel; an unavailable channel is tried again later.
    Without a broker nothing may wait in the web process: the failure is logged."""
    try:
        notification_send(notification_id=notification_id, channel=channel)
    except ChannelUnavailable as error:
        if settings.CELERY_TASK_ALWAYS_EAGER or self.request.retries >= NOTIFICATION_MAX_RETRIES:
            logger.warning("Notification %s not sent on %s: %s", notification_id, channel, error)
            return
        countdown = NOTIFICATION_BACKOFF_SECONDS * 2**self.request.retries
        raise self.retry(exc=error, countdown=countdown) from error


def notifications_send_schedule(notifications: Iterable[Notification]) -> None:
    """Once the notifications are committed, send each on its recipient's channels. One query
    whatever their number; a delivery never fails the request that made it."""
    notifications = list(notifications)
    if not notifications:
        return
    channels = channels_by_person(notification.person_id for notification in notifications)
    for notification in notifications:
        for channel in channels.get(notification.person_id, ()):
            transaction.on_commit(_delivery(str(notification.pk), channel), robust=True)


def _delivery(notification_id: str, channel: str) -> Callable[[], None]:
    def deliver() -> None:
        send_notification.delay(notification_id, channel)

    return deliver

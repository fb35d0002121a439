"""Background jobs of the review loop, run by Celery workers (inline without a broker)."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.db import transaction

from reviews.playlist_jobs import playlist_movie_build
from reviews.services.preview_media import preview_file_process


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

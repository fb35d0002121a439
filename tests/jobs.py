"""Sending the background jobs of a test to a real worker instead of running them inline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kitsu_site.celery import app as celery_app


def _reconfigure(**conf) -> None:
    """Change where jobs are sent. Celery keeps its connection pool and queue table from the
    first job sent by this process (another test may have sent one): both are dropped."""
    celery_app.conf.update(**conf)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.amqp._rtable = None
    for cached in ("queues", "default_queue", "router"):
        celery_app.amqp.__dict__.pop(cached, None)


@contextmanager
def jobs_sent_to(broker_url: str, queue: str) -> Iterator[None]:
    """Inside the block, jobs go to `queue` on `broker_url` (a worker must consume it); after
    it, the configuration from before the block comes back, inline jobs included."""
    keys = ("broker_url", "task_always_eager", "task_default_queue")
    previous = {key: celery_app.conf[key] for key in keys}
    _reconfigure(broker_url=broker_url, task_always_eager=False, task_default_queue=queue)
    try:
        yield
    finally:
        _reconfigure(**previous)

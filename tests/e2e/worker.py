"""A Celery worker running as a separate process beside the live server, as a studio runs it:
the jobs the server asks for (preview processing, playlist movie builds) go through Redis to
that process instead of running inline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from redis import Redis

from tests.e2e.servers import REDIS_URL, ROOT, server_database_url
from tests.jobs import jobs_sent_to

WORKER_OPTIONS = ("--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat")


def wait_for(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.2)


@pytest.fixture(name="worker")
def worker_process(settings, media_root, tmp_path) -> Iterator[Path]:
    """A Celery worker process consuming a queue of its own (so that its jobs meet no other
    test's worker), on the test database and media folder; the live server sends its jobs
    there instead of running them inline. Yields the worker's log file."""
    queue = f"kitsu-e2e-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": server_database_url(),
        "MEDIA_ROOT": str(media_root),
        "CELERY_BROKER_URL": REDIS_URL,
        "MEDIA_X264_PRESET": "ultrafast",
    }
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "kitsu_site", "worker", "-Q", queue]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, *WORKER_OPTIONS, "-l", "info"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        wait_for(lambda: b"ready." in log.read_bytes(), 60, "the worker to start")
        settings.MEDIA_X264_PRESET = "ultrafast"
        with jobs_sent_to(REDIS_URL, queue):
            yield log
    finally:
        process.terminate()
        process.wait(timeout=30)
        Redis.from_url(REDIS_URL).delete(queue, f"_kombu.binding.{queue}")

"""Server processes the e2e tests start beside the live server: API processes (gunicorn) and
event stream processes (uvicorn) on the test database or a clone of it, Redis between them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.db import connection
from redis import Redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_database_url(database: dict[str, Any] | None = None) -> str:
    """A database of the tests (theirs by default) as a server process reaches it: the
    PostgreSQL one, or the SQLite file tests/settings.py names."""
    db = database or connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


class Stack:
    """API and stream processes sharing one events channel of their own."""

    def __init__(
        self,
        *,
        apis: int,
        streams: int,
        database_url: str | None = None,
        env: dict[str, str] | None = None,
    ):
        self.channel = f"test-events-{uuid.uuid4().hex}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url or server_database_url(),
            "REDIS_URL": REDIS_URL,
            "EVENTS_CHANNEL": self.channel,
            "CACHE_KEY_PREFIX": self.channel,
            **(env or {}),
        }
        self.processes: list[subprocess.Popen] = []
        self.api_urls = [self._start_api() for _ in range(apis)]
        self.stream_urls = [self._start_stream() for _ in range(streams)]
        self._wait_until_ready(streams)

    def _spawn(self, *command: str) -> None:
        self.processes.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )

    def _start_api(self) -> str:
        port = free_port()
        self._spawn(sys.executable, "-m", "gunicorn", "kitsu_site.wsgi", "-b", f"127.0.0.1:{port}")
        return f"http://127.0.0.1:{port}"

    def _start_stream(self) -> str:
        port = free_port()
        self._spawn(
            sys.executable, "-m", "uvicorn", "kitsu_site.stream.asgi:app",
            "--port", str(port), "--ws", "wsproto", "--log-level", "warning",
        )  # fmt: skip
        return f"http://127.0.0.1:{port}"

    def _wait_until_ready(self, streams: int) -> None:
        deadline = time.monotonic() + 60
        redis = Redis.from_url(REDIS_URL)
        while time.monotonic() < deadline:
            if self._all_answer() and redis.pubsub_numsub(self.channel)[0][1] == streams:
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("The API and stream processes did not start.")

    def _all_answer(self) -> bool:
        try:
            return all(requests.get(url, timeout=1).ok for url in self.api_urls + self.stream_urls)
        except requests.RequestException:
            return False

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=10)

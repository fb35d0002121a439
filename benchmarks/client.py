"""A small HTTP client for the benchmarks: logs in to any Zou-compatible server (this one or the
reference) and sends JSON requests on a keep-alive session.

A target is written `name=URL,EMAIL,PASSWORD`, for example
`ours=http://127.0.0.1:8000/api,admin@example.com,secret`; the URL is the API root (where
`/auth/login` lives).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import requests


@dataclasses.dataclass(frozen=True)
class Target:
    name: str
    url: str
    email: str
    password: str

    @classmethod
    def parse(cls, text: str) -> Target:
        name, _, rest = text.partition("=")
        url, email, password = rest.split(",", 2)
        return cls(name=name, url=url.rstrip("/"), email=email, password=password)


class ApiError(RuntimeError):
    pass


class Api:
    """One logged-in session. Every call raises ApiError on a status other than 2xx."""

    def __init__(self, target: Target):
        self.target = target
        self.session = requests.Session()
        self.login()

    def login(self) -> None:
        answer = self.session.post(
            f"{self.target.url}/auth/login",
            json={"email": self.target.email, "password": self.target.password},
            timeout=60,
        )
        if answer.status_code != 200:
            raise ApiError(f"login to {self.target.url} failed: {answer.status_code}")
        token = answer.json()["access_token"]
        self.session.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        answer = self.request(method, path, body, **params)
        if not 200 <= answer.status_code < 300:
            raise ApiError(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
        return answer.json() if answer.content else None

    def request(self, method: str, path: str, body: Any = None, **params: Any):
        return self.session.request(
            method,
            f"{self.target.url}{path}",
            json=body,
            params=params or None,
            timeout=600,
        )

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, **params)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body)

    def put(self, path: str, body: Any = None) -> Any:
        return self.call("PUT", path, body)

    def timed(self, method: str, path: str, body: Any = None) -> tuple[float, int, int]:
        """Milliseconds, status and body size of one request, the body read whole."""
        started = time.perf_counter()
        answer = self.request(method, path, body)
        size = len(answer.content)
        return (time.perf_counter() - started) * 1000, answer.status_code, size

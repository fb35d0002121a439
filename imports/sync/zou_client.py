"""A small client for a running Zou/Kitsu API: log in, read lists, download files."""

from __future__ import annotations

from typing import Any

import requests

TIMEOUT_SECONDS = 60


class ZouClientError(Exception):
    """The source instance refused or failed a request."""


class ZouClient:
    def __init__(self, url: str, *, session: requests.Session | None = None):
        self.base = url.rstrip("/")
        self.session = session or requests.Session()

    def log_in(self, email: str, password: str) -> None:
        response = self.session.post(
            f"{self.base}/auth/login",
            json={"email": email, "password": password},
            timeout=TIMEOUT_SECONDS,
        )
        token = response.json().get("access_token") if response.ok else None
        if not token:
            raise ZouClientError(f"Login refused by {self.base} ({response.status_code}).")
        self.session.headers["Authorization"] = f"Bearer {token}"

    def rows(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """A JSON list the source serves at `path`."""
        response = self.session.get(f"{self.base}/{path}", params=params, timeout=TIMEOUT_SECONDS)
        if not response.ok:
            raise ZouClientError(f"GET /{path} answered {response.status_code}.")
        body = response.json()
        if not isinstance(body, list):
            raise ZouClientError(f"GET /{path} did not answer a list.")
        return body

    def download(self, path: str) -> bytes | None:
        """The bytes of a file the source serves, or None when it has none."""
        response = self.session.get(f"{self.base}/{path}", timeout=TIMEOUT_SECONDS)
        if response.status_code == 404:
            return None
        if not response.ok:
            raise ZouClientError(f"GET /{path} answered {response.status_code}.")
        return response.content

"""The stream's plain HTTP routes, beside Socket.IO: what it is and how many clients it has."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from django.conf import settings

from kitsu_site.stream.server import EventStream

AsgiApp = Callable[[dict, Callable, Callable], Awaitable[None]]


def plain_routes(stream: EventStream) -> AsgiApp:
    def body_for(path: str) -> dict[str, Any] | None:
        if path == "/":
            return {"name": f"{settings.APP_NAME} Event stream"}
        if path == "/stats":
            return {"nb_connections": len(stream.connections)}
        return None

    async def app(scope: dict, receive: Callable, send: Callable) -> None:
        body = body_for(scope["path"]) if scope["method"] in ("GET", "HEAD") else None
        status = 200 if body is not None else 404
        content = orjson.dumps(
            body if body is not None else {"error": True, "message": "Not found"}
        )
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", b"%d" % len(content)),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else content}
        )

    return app

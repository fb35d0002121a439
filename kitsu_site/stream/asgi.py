"""The event stream as an ASGI application: `uvicorn kitsu_site.stream.asgi:app`.

`GET /` names the service (the API's /status probes it) and `GET /stats` counts this process's
connections; `/socket.io/` is the Socket.IO endpoint with the `/events` namespace.
"""

from __future__ import annotations

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitsu_site.settings")
django.setup()

import socketio  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

from kitsu_site.stream.http import plain_routes  # noqa: E402
from kitsu_site.stream.server import EventStream  # noqa: E402

if not settings.REDIS_URL:
    raise ImproperlyConfigured("The event stream needs REDIS_URL: events come through Redis.")

stream = EventStream(redis_url=settings.REDIS_URL, channel=settings.EVENTS_CHANNEL)
app = socketio.ASGIApp(
    stream.sio,
    other_asgi_app=plain_routes(stream),
    on_startup=stream.start,
    on_shutdown=stream.stop,
)

"""`manage.py run_stream`: serve the event stream with uvicorn (one process per call)."""

from __future__ import annotations

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve the Socket.IO event stream (/events); needs REDIS_URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=5001)

    def handle(self, *args, host: str, port: int, **options) -> None:
        if not settings.REDIS_URL:
            raise CommandError("The event stream needs REDIS_URL: events come through Redis.")
        self.stdout.write(f"Event stream on http://{host}:{port} (namespace /events)")
        uvicorn.run("kitsu_site.stream.asgi:app", host=host, port=port, ws="wsproto")

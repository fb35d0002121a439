"""Routes about the server itself: `/`, `/status`, `/status.txt`, `/config`."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from redis import Redis, RedisError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class IndexView(PublicView):
    """GET and HEAD /: the API's name and version (clients use it to check the host)."""

    def get(self, request: Request) -> Response:
        return Response({"api": settings.APP_NAME, "version": settings.APP_VERSION})


def database_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def key_value_store_up() -> bool:
    if not settings.REDIS_URL:
        return False
    try:
        return bool(Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping())
    except RedisError:
        return False


def service_status() -> dict[str, object]:
    return {
        "name": settings.APP_NAME,
        "version": settings.APP_VERSION,
        "database-up": database_up(),
        "key-value-store-up": key_value_store_up(),
        "event-stream-up": False,
        "job-queue-up": False,
        "indexer-up": False,
    }


class StatusView(PublicView):
    def get(self, request: Request) -> Response:
        return Response(service_status())


class TextStatusView(PublicView):
    """GET /status.txt: the same, one `key: up|down` line each, for monitoring probes."""

    def get(self, request: Request) -> HttpResponse:
        status = service_status()
        lines = [f"name: {status.pop('name')}", f"version: {status.pop('version')}"]
        lines += [f"{key}: {'up' if value else 'down'}" for key, value in sorted(status.items())]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class ConfigView(PublicView):
    """GET /config: what the web client needs to know before anyone logs in."""

    def get(self, request: Request) -> Response:
        return Response(
            {
                "is_self_hosted": True,
                "crisp_token": "",
                "dark_theme_by_default": False,
                "indexer_configured": False,
                "saml_enabled": False,
                "saml_idp_name": "",
                "oidc_enabled": False,
                "oidc_idp_name": "",
                "default_locale": settings.DEFAULT_LOCALE,
                "default_timezone": settings.DEFAULT_TIMEZONE,
                "enforce_2fa": False,
                "movie_highdef_bitrate": settings.MOVIE_HIGHDEF_BITRATE,
                "movie_lowdef_bitrate": settings.MOVIE_LOWDEF_BITRATE,
                "preview_accounts_enabled": False,
            }
        )

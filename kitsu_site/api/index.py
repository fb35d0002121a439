"""Routes about the server itself: `/`, `/status`, `/status.txt`, `/config`."""

from __future__ import annotations

import datetime
import json
import os
import time
import urllib.request

import psutil
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from redis import Redis, RedisError
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.events import emit


class PublicView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]


class IndexSchema(AutoSchema):
    """`/api` is the unslashed alias of `/api/`, for clients probing their host: listed once."""

    def is_excluded(self) -> bool:
        return self.path == "/api"


class IndexView(PublicView):
    """GET and HEAD /: the API's name and version (clients use it to check the host)."""

    schema = IndexSchema()

    @extend_schema(
        responses=inline_serializer(
            "ApiIndex", {"api": serializers.CharField(), "version": serializers.CharField()}
        )
    )
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


def event_stream_up() -> bool:
    """The stream answers its index with its name (not any server that happens to listen)."""
    try:
        with urllib.request.urlopen(settings.EVENT_STREAM_URL, timeout=2) as response:
            body = json.loads(response.read())
    except (OSError, ValueError):
        return False
    return isinstance(body, dict) and body.get("name") == f"{settings.APP_NAME} Event stream"


def service_status() -> dict[str, object]:
    return {
        "name": settings.APP_NAME,
        "version": settings.APP_VERSION,
        "database-up": database_up(),
        "key-value-store-up": key_value_store_up(),
        "event-stream-up": event_stream_up(),
        "job-queue-up": False,
        "indexer-up": False,
    }


STATUS_SCHEMA = inline_serializer(
    "ServiceStatus",
    {
        "name": serializers.CharField(),
        "version": serializers.CharField(),
        "database-up": serializers.BooleanField(),
        "key-value-store-up": serializers.BooleanField(),
        "event-stream-up": serializers.BooleanField(),
        "job-queue-up": serializers.BooleanField(),
        "indexer-up": serializers.BooleanField(),
    },
)


def influx_status() -> dict[str, object]:
    """The service status as 1/0 fields and a timestamp, for InfluxDB/Telegraf probes."""
    status = service_status()
    fields = {key: int(bool(value)) for key, value in status.items() if key.endswith("-up")}
    return {**fields, "time": time.time()}


def resource_usage() -> dict[str, object]:
    """CPU, load and memory of the machine running this process."""
    load = os.getloadavg()
    memory = psutil.virtual_memory()
    return {
        "date": datetime.datetime.now().isoformat(),
        "cpu": {
            "percent": psutil.cpu_percent(interval=None, percpu=True),
            "loadavg": {"last 1 min": load[0], "last 5 min": load[1], "last 10 min": load[2]},
        },
        "memory": {
            "total": memory.total,
            "used": memory.used,
            "available": memory.available,
            "percent": memory.percent,
        },
        "jobs": {"running_jobs": 0},
    }


class StatusView(PublicView):
    """GET /status: which backing services answer."""

    @extend_schema(responses=STATUS_SCHEMA)
    def get(self, request: Request) -> Response:
        return Response(service_status())


class InfluxStatusView(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(influx_status())


class ResourcesStatusView(PublicView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        return Response(resource_usage())


class TestEventView(PublicView):
    """Sends a `main:test` event (not stored) so operators can check the event stream."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        emit("main:test", {"test": True}, persist=False)
        return Response({"success": True})


class TextStatusView(PublicView):
    """GET /status.txt: the same, one `key: up|down` line each, for monitoring probes."""

    @extend_schema(responses={(200, "text/plain"): OpenApiTypes.STR})
    def get(self, request: Request) -> HttpResponse:
        status = service_status()
        lines = [f"name: {status.pop('name')}", f"version: {status.pop('version')}"]
        lines += [f"{key}: {'up' if value else 'down'}" for key, value in sorted(status.items())]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


class ConfigView(PublicView):
    """GET /config: what the web client needs to know before anyone logs in."""

    @extend_schema(
        responses=inline_serializer(
            "ServerConfig",
            {
                "is_self_hosted": serializers.BooleanField(),
                "crisp_token": serializers.CharField(),
                "dark_theme_by_default": serializers.BooleanField(),
                "indexer_configured": serializers.BooleanField(),
                "saml_enabled": serializers.BooleanField(),
                "saml_idp_name": serializers.CharField(),
                "oidc_enabled": serializers.BooleanField(),
                "oidc_idp_name": serializers.CharField(),
                "default_locale": serializers.CharField(),
                "default_timezone": serializers.CharField(),
                "enforce_2fa": serializers.BooleanField(),
                "movie_highdef_bitrate": serializers.IntegerField(),
                "movie_lowdef_bitrate": serializers.IntegerField(),
                "preview_accounts_enabled": serializers.BooleanField(),
            },
        )
    )
    def get(self, request: Request) -> Response:
        return Response(
            {
                "is_self_hosted": True,
                "crisp_token": "",
                "dark_theme_by_default": False,
                "indexer_configured": False,
                "saml_enabled": settings.SAML_ENABLED,
                "saml_idp_name": settings.SAML_IDP_NAME,
                "oidc_enabled": settings.OIDC_ENABLED,
                "oidc_idp_name": "",
                "default_locale": settings.DEFAULT_LOCALE,
                "default_timezone": settings.DEFAULT_TIMEZONE,
                "enforce_2fa": settings.ENFORCE_2FA,
                "movie_highdef_bitrate": settings.MOVIE_HIGHDEF_BITRATE,
                "movie_lowdef_bitrate": settings.MOVIE_LOWDEF_BITRATE,
                "preview_accounts_enabled": False,
            }
        )

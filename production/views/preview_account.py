"""`/data/projects/<project_id>/preview-account`: the project's preview account, for its
managers. GET shows it (or null), POST creates it or renews its password, PUT opens or closes
it, DELETE removes it."""

from __future__ import annotations

import uuid
from datetime import UTC
from typing import Any

from django.http import HttpResponse, JsonResponse
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import validation_error
from people.models import Person
from production import permissions
from production.models import Project
from production.services import preview_account as services
from production.views.common import found, path_id

TRUE_WORDS = {"true", "1", "yes", "y", "on", "t"}
FALSE_WORDS = {"false", "0", "no", "n", "off", "f"}


def account_body(person: Person, password: str | None = None) -> dict[str, Any]:
    """The reference body: `preview_open_until` naive UTC with microseconds, as it sends it."""
    until = person.preview_open_until
    body: dict[str, Any] = {
        "id": str(person.pk),
        "email": person.email,
        "full_name": person.full_name,
        "preview_open_until": (
            until.astimezone(UTC).replace(tzinfo=None).isoformat() if until else None
        ),
    }
    if password is not None:
        body["password"] = password
    return body


def parse_is_open(request: Request) -> bool:
    """`is_open`, read as the reference's schema reads a boolean."""
    try:
        data = request.data
    except ParseError:
        data = {}
    if hasattr(data, "dict"):
        data = data.dict()
    if not isinstance(data, dict):
        raise validation_error(
            ("", "Input should be a valid dictionary or instance of PreviewAccountOpenSchema")
        )
    if "is_open" not in data:
        raise validation_error(("is_open", "Field required"))
    value = data["is_open"]
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return value.strip().lower() in TRUE_WORDS
    raise validation_error(
        ("is_open", "Input should be a valid boolean, unable to interpret input")
    )


def managed_project_id(request: Request, project_id: str) -> uuid.UUID:
    pid = path_id(project_id)
    permissions.check_manager_project_access(request.user, pid)
    return pid


class PreviewAccountView(APIView):
    def get(self, request: Request, project_id: str) -> HttpResponse:
        person = services.preview_account_of(project_id=managed_project_id(request, project_id))
        if person is None:
            # DRF renders a None body as nothing; the reference sends a JSON `null`.
            return JsonResponse(None, safe=False)
        return Response(account_body(person))

    def post(self, request: Request, project_id: str) -> Response:
        pid = managed_project_id(request, project_id)
        project = found(Project.objects.all(), pid)
        person, password = services.preview_account_create(actor=request.user, project=project)
        return Response(account_body(person, password), status=status.HTTP_201_CREATED)

    def put(self, request: Request, project_id: str) -> Response:
        is_open = parse_is_open(request)
        pid = managed_project_id(request, project_id)
        person = services.preview_account_set_open(
            actor=request.user, project_id=pid, is_open=is_open
        )
        return Response(account_body(person))

    def delete(self, request: Request, project_id: str) -> Response:
        pid = managed_project_id(request, project_id)
        services.preview_account_delete(actor=request.user, project_id=pid)
        return Response(status=status.HTTP_204_NO_CONTENT)

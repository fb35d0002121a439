"""Response headers that Django's own security middleware does not send, and the cap on the
size of what clients may send."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (`frame-ancestors` by default) to every answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def too_large_response() -> JsonResponse:
    return JsonResponse(
        {
            "error": True,
            "message": f"The request is too large (at most {settings.MAX_UPLOAD_SIZE} bytes).",
        },
        status=413,
    )


class UploadSizeLimitMiddleware:
    """Refuses with 413 any request announcing a body over `MAX_UPLOAD_SIZE`, before a byte of
    it is read. Django reads no more than the announced length, so nothing gets past it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_UPLOAD_SIZE:
            return too_large_response()
        return self.get_response(request)

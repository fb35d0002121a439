"""The Swagger UI's assets where the reference's flasgger serves them, and /static/ files.

WhiteNoise answers `/static/...` before any view for the files it indexed at start-up; the
`/static/` view below is its fallback (files the static finders hold that it did not index, or
a server started without it) and the route that says the path is served. Unknown files get the
API's JSON 404.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.templatetags.static import static
from django.views.decorators.http import require_GET

SWAGGER_UI_DIST = "drf_spectacular_sidecar/swagger-ui-dist"


@require_GET
def static_file(request: HttpRequest, filename: str) -> FileResponse:
    """GET /static/<path>: a file of the apps' static folders."""
    try:
        found = finders.find(filename)
    except SuspiciousFileOperation:  # a path leaving the static folders
        raise Http404(filename) from None
    if not found:
        raise Http404(filename)
    try:
        return FileResponse(open(found, "rb"))  # noqa: SIM115 (FileResponse closes it)
    except IsADirectoryError:
        raise Http404(filename) from None


@require_GET
def swagger_ui_file(request: HttpRequest, filename: str) -> FileResponse:
    """GET /docs/<path>: a Swagger UI asset (script, style sheet, icon)."""
    return static_file(request, f"{SWAGGER_UI_DIST}/{filename}")


@require_GET
def oauth2_redirect(request: HttpRequest) -> HttpResponse:
    """GET /oauth2-redirect.html: where Swagger UI's OAuth2 sign-in comes back to."""
    script = static(f"{SWAGGER_UI_DIST}/oauth2-redirect.js")
    page = (
        '<!doctype html>\n<html lang="en-US">\n<body>\n'
        f'<script src="{script}"></script>\n</body>\n</html>\n'
    )
    return HttpResponse(page, content_type="text/html; charset=utf-8")

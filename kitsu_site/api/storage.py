"""Serving files kept in the default storage (local folder or S3), one way for every route."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse

from kitsu_site.api.errors import NotFound


def stored_file_response(
    path: str,
    content_type: str | None = None,
    *,
    download_name: str | None = None,
) -> FileResponse:
    """The stored file at `path`, inline or as a download named `download_name`; 404 when it
    is not stored. Browsers never sniff another type than the one sent."""
    if not default_storage.exists(path):
        raise NotFound()
    response = FileResponse(
        default_storage.open(path, "rb"),
        content_type=content_type,
        as_attachment=download_name is not None,
        filename=download_name or "",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

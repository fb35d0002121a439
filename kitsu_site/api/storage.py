"""Serving files kept in the default storage (local folder or S3), one way for every route.

Given the request, a `Range: bytes=...` header is answered with 206 and just those bytes, so
video players can seek in a movie without loading it all; a range past the end gets 416.
Stored files come from users: a type a browser could run (HTML, SVG, XML, scripts) is never
sent, such files go as `application/octet-stream`, and browsers are told not to sniff.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from typing import IO

from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils.http import content_disposition_header

from kitsu_site.api.errors import NotFound

SINGLE_RANGE = re.compile(r"^\s*bytes=(\d*)-(\d*)\s*$")
CHUNK_SIZE = 512 * 1024
# Media families browsers only display or play; an SVG picture runs scripts, so it is not one.
SAFE_TYPE_FAMILIES = ("image/", "video/", "audio/", "model/")
SAFE_TYPES = frozenset(
    {"application/pdf", "application/zip", "application/octet-stream", "text/plain", "text/csv"}
)
SCRIPTABLE_TYPES = frozenset({"image/svg+xml"})


def safe_content_type(content_type: str | None, name: str) -> str:
    """The type to send for a stored file: the given one or the one its `name` suggests,
    unless a browser could run it as a page."""
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    essence = content_type.split(";")[0].strip().lower()
    if essence in SCRIPTABLE_TYPES:
        return "application/octet-stream"
    if essence in SAFE_TYPES or essence.startswith(SAFE_TYPE_FAMILIES):
        return content_type
    return "application/octet-stream"


def stored_file_response(
    path: str,
    content_type: str | None = None,
    *,
    download_name: str | None = None,
    request: HttpRequest | None = None,
) -> HttpResponseBase:
    """The stored file at `path`, inline or as a download named `download_name`; 404 when it
    is not stored. Browsers never sniff another type than the one sent. With `request`, byte
    ranges are honoured."""
    if not default_storage.exists(path):
        raise NotFound()
    content_type = safe_content_type(content_type, download_name or path)
    range_header = request.headers.get("Range") if request is not None else None
    byte_range = None
    if range_header:
        try:
            byte_range = _requested_range(range_header, default_storage.size(path))
        except UnsatisfiableRange as error:
            return _unsatisfiable_range_response(error.size)
    if byte_range is not None:
        response = _partial_response(path, content_type, byte_range)
        if download_name is not None:
            response["Content-Disposition"] = content_disposition_header(True, download_name)
    else:
        response = FileResponse(
            default_storage.open(path, "rb"),
            content_type=content_type,
            as_attachment=download_name is not None,
            filename=download_name or "",
        )
    if request is not None:
        response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class UnsatisfiableRange(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def _requested_range(header: str, size: int) -> tuple[int, int, int] | None:
    """`(start, end, size)` (end included) of a single byte range; None when the header is not
    one (several ranges, another unit): the whole file is then sent, as HTTP allows."""
    match = SINGLE_RANGE.match(header)
    if match is None or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise UnsatisfiableRange(size)
    return start, end, size


def _partial_response(
    path: str, content_type: str, byte_range: tuple[int, int, int]
) -> StreamingHttpResponse:
    start, end, size = byte_range
    response = StreamingHttpResponse(
        _read_span(default_storage.open(path, "rb"), start, end - start + 1),
        status=206,
        content_type=content_type,
    )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return response


def _read_span(handle: IO[bytes], start: int, length: int) -> Iterator[bytes]:
    with handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK_SIZE, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _unsatisfiable_range_response(size: int) -> JsonResponse:
    response = JsonResponse(
        {"error": True, "message": "The requested range is outside the file."}, status=416
    )
    response["Content-Range"] = f"bytes */{size}"
    return response

"""Where each file of a preview lives in the default storage.

The layout mirrors the serving URLs, so readers and writers agree without a table:
`/pictures/thumbnails/preview-files/<id>.png` is stored at
`previews/pictures/thumbnails/<id>.png`, `/movies/low/preview-files/<id>.mp4` at
`previews/movies/low/<id>.mp4`.

Areas:
- pictures/originals       the uploaded picture, or any other allowed file, as uploaded
- pictures/previews        1200-wide PNG of a picture (or a movie's first frame)
- pictures/thumbnails      150x100 PNG
- pictures/thumbnails-square  100x100 PNG
- movies/originals         the normalised H.264 mp4
- movies/low               the low-definition mp4
- movies/source            the uploaded movie as it came
- movies/tiles             the tile strip PNG of a movie

A movie's frame also becomes its pictures/originals PNG (the picture Kitsu shows as its cover).
Uploads wait under `previews/uploads/` until the media pipeline has made the files above.
Beside previews: environment backgrounds, the organisation's avatar and the thumbnails of
picture attachments, each under its own folder.
"""

from __future__ import annotations

from typing import Any

PREVIEW_AREAS = (
    "pictures/originals",
    "pictures/previews",
    "pictures/thumbnails",
    "pictures/thumbnails-square",
    "movies/originals",
    "movies/low",
    "movies/source",
    "movies/tiles",
)


def preview_storage_path(area: str, preview_id: Any, extension: str) -> str:
    """The storage path of one file of a preview (`area` is one of PREVIEW_AREAS)."""
    if area not in PREVIEW_AREAS:
        raise ValueError(f"Unknown preview area: {area}")
    return f"previews/{area}/{preview_id}.{extension}"


def preview_upload_path(preview_id: Any, extension: str) -> str:
    """Where an upload waits for its processing job."""
    return f"previews/uploads/{preview_id}.{extension or 'bin'}"


def background_file_path(background_id: Any, extension: str) -> str:
    return f"preview-backgrounds/{background_id}.{extension}"


def background_thumbnail_path(background_id: Any) -> str:
    return f"preview-backgrounds/thumbnails/{background_id}.png"


def organisation_thumbnail_path(organisation_id: Any) -> str:
    return f"pictures/thumbnails/organisations/{organisation_id}.png"


def attachment_thumbnail_path(attachment_id: Any) -> str:
    return f"attachments/thumbnails/{attachment_id}.png"

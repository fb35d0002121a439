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

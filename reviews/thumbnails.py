"""Project thumbnails: any readable picture becomes a 400x400 PNG, the picture scaled to fit
and centred on a transparent square, as the reference renders them."""

from __future__ import annotations

import io
import warnings
from typing import Any

from PIL import Image, UnidentifiedImageError

from kitsu_site.api.errors import WrongParameter

THUMBNAIL_SIZE = (400, 400)
NOT_A_PICTURE = "Uploaded file is not a readable picture."


def project_thumbnail_path(project_id: Any) -> str:
    return f"pictures/thumbnails/projects/{project_id}.png"


def square_png(upload: Any) -> bytes:
    """The 400x400 PNG of an uploaded picture; 400 when it is empty, truncated, not a picture
    or a decompression bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as picture:
                picture.load()
                picture = picture.convert("RGBA")
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise WrongParameter(NOT_A_PICTURE) from None
    ratio = min(THUMBNAIL_SIZE[0] / picture.width, THUMBNAIL_SIZE[1] / picture.height)
    size = (max(1, round(picture.width * ratio)), max(1, round(picture.height * ratio)))
    fitted = picture.resize(size, Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", THUMBNAIL_SIZE, (0, 0, 0, 0))
    canvas.paste(fitted, ((THUMBNAIL_SIZE[0] - size[0]) // 2, (THUMBNAIL_SIZE[1] - size[1]) // 2))
    output = io.BytesIO()
    canvas.save(output, format="PNG")
    return output.getvalue()

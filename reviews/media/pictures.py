"""Pictures: an uploaded picture becomes its PNG original, a 1200-wide preview and two
thumbnails, with the sizes the reference serves.

Thumbnails fit the picture inside their box, centred on a transparent background; the preview
is 1200 pixels wide, upscaled when the picture is smaller. Reading goes through
`kitsu_site.api.pictures.read_picture`, which refuses unreadable pictures and decompression
bombs.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import IO

from PIL import Image

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.pictures import MAX_PIXELS, read_picture
from reviews.media.errors import MediaError

PREVIEW_WIDTH = 1200
THUMBNAIL_SIZE = (150, 100)
SQUARE_THUMBNAIL_SIZE = (100, 100)
# Modes a PNG keeps as they are; anything else (CMYK, floats...) is converted first.
PNG_MODES = {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}


@dataclass(frozen=True)
class PictureRenditions:
    """The PNG bytes of each file a picture preview serves, and the picture's size."""

    width: int
    height: int
    original: bytes
    preview: bytes
    thumbnail: bytes
    square_thumbnail: bytes


def open_picture(upload: IO[bytes]) -> Image.Image:
    """The whole picture; MediaError when it cannot be read or is too big to be safe."""
    try:
        return read_picture(upload)
    except WrongParameter as error:
        raise MediaError(str(error.detail)) from None


def png_bytes(image: Image.Image) -> bytes:
    if image.mode not in PNG_MODES:
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _scaled(length: int, scale: float) -> int:
    # Rounded first, so that an exact fit (1600 * 150/1600) does not become one pixel more.
    return max(1, math.ceil(round(length * scale, 6)))


def fit_in_box(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The picture scaled to fit `size` and centred on a transparent canvas of that size."""
    box_width, box_height = size
    scale = min(box_width / image.width, box_height / image.height)
    width = min(box_width, _scaled(image.width, scale))
    height = min(box_height, _scaled(image.height, scale))
    resized = image.convert("RGBA").resize((width, height), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    canvas.paste(resized, ((box_width - width) // 2, (box_height - height) // 2))
    return canvas


def preview_size(width: int, height: int) -> tuple[int, int]:
    """1200 wide with the picture's proportions, shrunk further only when a very tall picture
    would make a preview bigger than any picture the server reads."""
    scale = min(PREVIEW_WIDTH / width, math.sqrt(MAX_PIXELS / (width * height)))
    return _scaled(width, scale), _scaled(height, scale)


def picture_renditions(image: Image.Image) -> PictureRenditions:
    preview = image.convert("RGBA").resize(
        preview_size(image.width, image.height), Image.Resampling.LANCZOS
    )
    return PictureRenditions(
        width=image.width,
        height=image.height,
        original=png_bytes(image),
        preview=png_bytes(preview),
        thumbnail=png_bytes(fit_in_box(image, THUMBNAIL_SIZE)),
        square_thumbnail=png_bytes(fit_in_box(image, SQUARE_THUMBNAIL_SIZE)),
    )


def thumbnail_png(upload: IO[bytes]) -> bytes:
    """The 150x100 thumbnail of an uploaded picture (attachments, backgrounds)."""
    return png_bytes(fit_in_box(open_picture(upload), THUMBNAIL_SIZE))

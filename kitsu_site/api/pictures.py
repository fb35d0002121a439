"""Uploaded pictures: read whole with Pillow, fitted into a transparent square PNG, stored.

The picture is scaled to fit the square (up or down, keeping its proportions) and centred on a
transparent background, as the reference does. Anything Pillow cannot read whole (not a
picture, a truncated file, an empty upload, a decompression bomb) is refused with a 400.
"""

from __future__ import annotations

import io
import warnings
from typing import IO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from kitsu_site.api.errors import WrongParameter

THUMBNAIL_SIZE = 400
# Far above any photo a person would upload, far below what would exhaust the server's memory.
MAX_PIXELS = 50_000_000
NOT_A_PICTURE_MESSAGE = "Uploaded file is not a readable picture."


def read_picture(upload: IO[bytes]) -> Image.Image:
    """The whole picture in `upload`; 400 when Pillow cannot read it all or it is too big."""
    data = upload.read()
    if not data:
        raise WrongParameter(NOT_A_PICTURE_MESSAGE)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse those too.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PIXELS:
                raise WrongParameter(NOT_A_PICTURE_MESSAGE)
            image.load()
    except WrongParameter:
        raise
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise WrongParameter(NOT_A_PICTURE_MESSAGE) from None
    return image


def square_png(upload: IO[bytes], size: int = THUMBNAIL_SIZE) -> bytes:
    """The PNG bytes of `upload` fitted into a transparent `size`x`size` square."""
    image = read_picture(upload).convert("RGBA")
    scale = min(size / image.width, size / image.height)
    width = max(1, round(image.width * scale))
    height = max(1, round(image.height * scale))
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(resized, ((size - width) // 2, (size - height) // 2))
    output = io.BytesIO()
    canvas.save(output, format="PNG")
    return output.getvalue()


def picture_delete(*, path: str) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)


def picture_replace(*, path: str, png: bytes) -> None:
    """Store `png` at `path` in the default storage, replacing what was there."""
    picture_delete(path=path)
    default_storage.save(path, ContentFile(png))

"""Avatars of persons: an uploaded picture becomes a 400x400 PNG kept in the default storage.

The picture is scaled to fit the square (up or down, keeping its proportions) and centred on a
transparent background, as the reference does. Anything Pillow cannot read whole (not a
picture, a truncated file, an empty upload, a decompression bomb) is refused with a 400.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import IO, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import emit
from people.models import Person

THUMBNAIL_SIZE = 400
# Far above any photo a person would upload, far below what would exhaust the server's memory.
MAX_PIXELS = 50_000_000
NOT_A_PICTURE_MESSAGE = "Uploaded file is not a readable picture."


def person_thumbnail_path(person_id: Any) -> str:
    return f"thumbnails/persons/{person_id}.png"


def public_thumbnail_path(person_id: Any) -> str:
    """The path the reference answers after an upload (its own storage layout)."""
    return f"pictures/thumbnails/persons/{person_id}.png"


def _read_picture(upload: IO[bytes]) -> Image.Image:
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


def square_thumbnail(upload: IO[bytes], size: int = THUMBNAIL_SIZE) -> bytes:
    """The PNG bytes of `upload` fitted into a transparent `size`x`size` square."""
    image = _read_picture(upload).convert("RGBA")
    scale = min(size / image.width, size / image.height)
    width = max(1, round(image.width * scale))
    height = max(1, round(image.height * scale))
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.paste(resized, ((size - width) // 2, (size - height) // 2))
    output = io.BytesIO()
    canvas.save(output, format="PNG")
    return output.getvalue()


def person_thumbnail_delete(*, person_id: uuid.UUID | str) -> None:
    path = person_thumbnail_path(person_id)
    if default_storage.exists(path):
        default_storage.delete(path)


def person_thumbnail_set(*, actor: Person, person: Person, upload: IO[bytes]) -> str:
    """Store a new avatar for `person` and announce it; returns the reference's path."""
    png = square_thumbnail(upload)
    path = person_thumbnail_path(person.id)
    with transaction.atomic():
        person.has_avatar = True
        person.save(update_fields=["has_avatar", "updated_at"])
        person_thumbnail_delete(person_id=person.id)
        default_storage.save(path, ContentFile(png))
        emit("person:update", {"person_id": person.id}, user_id=actor.id)
        emit("person:set-thumbnail", {"person_id": person.id}, user_id=actor.id)
    return public_thumbnail_path(person.id)


def person_thumbnail_open(*, person: Person) -> IO[bytes] | None:
    """The stored avatar, or None when the person has none."""
    path = person_thumbnail_path(person.id)
    if not person.has_avatar or not default_storage.exists(path):
        return None
    return default_storage.open(path, "rb")

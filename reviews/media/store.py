"""Moving preview media between the default storage (local folder or S3) and the local
working folder ffmpeg needs."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reviews.media.paths import preview_storage_path


def store_bytes(path: str, content: bytes) -> None:
    """Store `content` at `path`, replacing what was there."""
    delete_stored(path)
    default_storage.save(path, ContentFile(content))


def store_file(path: str, local_path: Path) -> None:
    delete_stored(path)
    with local_path.open("rb") as handle:
        default_storage.save(path, File(handle))


def store_upload(path: str, upload: IO[bytes]) -> None:
    delete_stored(path)
    upload.seek(0)
    default_storage.save(path, File(upload))


def copy_stored(source: str, target: str) -> bool:
    """Copy the stored file at `source` to `target`; False when there is none to copy."""
    if not default_storage.exists(source):
        return False
    delete_stored(target)
    with default_storage.open(source, "rb") as stored:
        default_storage.save(target, File(stored))
    return True


def delete_stored(path: str) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)


def store_preview_file(area: str, preview_id: Any, extension: str, content: bytes) -> None:
    store_bytes(preview_storage_path(area, preview_id, extension), content)


@contextmanager
def working_folder() -> Iterator[Path]:
    """A private local folder, removed with everything in it once the work is done."""
    folder = Path(tempfile.mkdtemp(prefix="kitsu-media-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def fetch_to(path: str, target: Path) -> Path:
    """Copy the stored file at `path` into the local file `target`."""
    with default_storage.open(path, "rb") as stored, target.open("wb") as local:
        shutil.copyfileobj(stored, local, length=1024 * 1024)
    return target

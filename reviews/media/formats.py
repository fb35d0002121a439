"""Which uploads a preview accepts, and what the pipeline makes of each kind."""

from __future__ import annotations

import enum


class PreviewKind(enum.Enum):
    PICTURE = "picture"  # becomes a PNG original, preview and thumbnails
    MOVIE = "movie"  # normalised to H.264 mp4, with a low-definition copy, frame and tiles
    FILE = "file"  # kept as uploaded


PICTURE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "jpe", "gif", "tif", "tiff", "webp"})
MOVIE_EXTENSIONS = frozenset({"mp4", "mov", "avi", "mkv", "m4v", "webm", "wmv"})
# What the reference keeps as is: documents, 3D scenes, sounds, archives.
FILE_EXTENSIONS = frozenset(
    {
        "ai",
        "blend",
        "clip",
        "exr",
        "fbx",
        "glb",
        "gltf",
        "kra",
        "ma",
        "mb",
        "mp3",
        "obj",
        "pdf",
        "psd",
        "rar",
        "sbbkp",
        "svg",
        "tvpp",
        "wav",
        "zip",
    }
)
BACKGROUND_EXTENSIONS = frozenset({"hdr"})
# The 3D scenes the studio statistics count as model previews.
MODEL_EXTENSIONS = frozenset({"glb", "gltf", "obj", "fbx", "usd", "usdz", "abc"})


def preview_kind(extension: str) -> PreviewKind | None:
    """The kind of preview an upload with that (lower-case) extension makes, None if refused."""
    if extension in PICTURE_EXTENSIONS:
        return PreviewKind.PICTURE
    if extension in MOVIE_EXTENSIONS:
        return PreviewKind.MOVIE
    if extension in FILE_EXTENSIONS:
        return PreviewKind.FILE
    return None


def split_name(name: str) -> tuple[str, str]:
    """`(stem, lower-case extension)` of an uploaded file name. A name without a dot is all
    extension, as the reference reads it (so `notes` is refused as extension `notes`)."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return "", name.lower()
    return stem, extension.lower()

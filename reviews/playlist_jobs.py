"""What a playlist is turned into: one movie built by a Celery job, and a zip of its previews
streamed as it is written.

The movie concatenates the playlist's previews in play order: each normalised movie
(`movies/originals/<id>.mp4`) and each picture (shown as a still segment) is rescaled to the
project's resolution and frame rate, then the segments are joined without re-encoding. The job
ends `succeeded` or `failed`, never stays `running`.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.utils import timezone

from kitsu_site.api.events import changes_announced, emit
from reviews.media.ffmpeg import run_ffmpeg
from reviews.media.formats import MOVIE_EXTENSIONS, PICTURE_EXTENSIONS
from reviews.media.movies import MovieFormat, fit_filter, movie_format
from reviews.media.paths import preview_storage_path
from reviews.media.store import fetch_to, store_file, working_folder
from reviews.models import BuildJob, Playlist, PreviewFile
from reviews.models.playlists import BuildJobStatus
from reviews.wire import BUILD_JOB_PLAIN_WIRE

logger = logging.getLogger(__name__)

STILL_SECONDS = 1
ZIP_CHUNK = 1024 * 1024


class BuildError(Exception):
    """The playlist cannot be made into a movie (nothing to play, or a broken input)."""


def build_path(job_id: Any) -> str:
    """Where a build job's movie is stored."""
    return f"playlists/builds/{job_id}.mp4"


# -- which stored file stands for a preview -------------------------------------------------------
@dataclass(frozen=True)
class PreviewMedia:
    preview_id: str
    path: str
    extension: str
    is_movie: bool


def preview_media(preview_id: Any, extension: str | None) -> PreviewMedia:
    """The stored file of a preview: its normalised movie, or its original file."""
    extension = (extension or "").lower()
    if extension in MOVIE_EXTENSIONS:
        path = preview_storage_path("movies/originals", preview_id, "mp4")
        return PreviewMedia(str(preview_id), path, "mp4", True)
    path = preview_storage_path("pictures/originals", preview_id, extension)
    return PreviewMedia(str(preview_id), path, extension, False)


def playlist_media(playlist: Playlist) -> list[PreviewMedia]:
    """The playlist's chosen previews in play order (one query)."""
    ids = [
        shot["preview_file_id"]
        for shot in playlist.shots or []
        if isinstance(shot, dict) and shot.get("preview_file_id")
    ]
    extensions = dict(
        PreviewFile.objects.filter(pk__in=ids).values_list("id", "extension").iterator()
    )
    extensions = {str(pk): extension for pk, extension in extensions.items()}
    return [preview_media(pk, extensions[pk]) for pk in ids if pk in extensions]


# -- the movie -------------------------------------------------------------------------------------
def _segment(media: PreviewMedia, source: Path, target: Path, size: MovieFormat) -> None:
    """Re-encode one preview as an H.264 segment of the movie's size and rate."""
    still = [] if media.is_movie else ["-loop", "1", "-t", str(STILL_SECONDS)]
    run_ffmpeg(
        *still,
        "-i",
        str(source),
        "-vf",
        fit_filter(size),
        "-an",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        str(target),
    )


def _fetch(path: str, target: Path) -> None:
    if not default_storage.exists(path):
        raise BuildError(f"Missing stored file {path}")
    fetch_to(path, target)


def render_movie(playlist: Playlist, output: Path) -> None:
    """Write the playlist's movie to `output`; BuildError when it cannot be made."""
    medias = [media for media in playlist_media(playlist) if media.extension]
    medias = [m for m in medias if m.is_movie or m.extension in PICTURE_EXTENSIONS]
    if not medias:
        raise BuildError("The playlist has no movie or picture to play.")
    project = playlist.project
    size = movie_format(project.resolution if project else None, project.fps if project else None)
    work = output.parent
    segments = []
    for index, media in enumerate(medias):
        source = work / f"source-{index}.{media.extension}"
        _fetch(media.path, source)
        segment = work / f"segment-{index}.mp4"
        _segment(media, source, segment, size)
        segments.append(segment)
    listing = work / "segments.txt"
    listing.write_text("".join(f"file '{segment.name}'\n" for segment in segments))
    run_ffmpeg(
        *("-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy"),
        *("-movflags", "+faststart", str(output)),
    )


def _finish(job: BuildJob, status: str, message: str | None = None) -> None:
    with changes_announced(BUILD_JOB_PLAIN_WIRE, [job.pk]):
        updated = BuildJob.objects.filter(pk=job.pk).update(
            status=status, message=message, ended_at=timezone.now(), updated_at=timezone.now()
        )
        if updated:
            emit(
                "build-job:update",
                {"build_job_id": job.pk, "playlist_id": job.playlist_id, "status": status},
                project_id=job.playlist.project_id,
            )


def playlist_movie_build(*, job_id: Any) -> None:
    """Build the job's movie and store it; the job ends succeeded, or failed on any error.
    Runs in a worker (`reviews.tasks.build_playlist_movie`)."""
    job = BuildJob.objects.select_related("playlist__project").filter(pk=job_id).first()
    if job is None:
        return
    try:
        with working_folder() as work:
            output = work / "playlist.mp4"
            render_movie(job.playlist, output)
            store_file(build_path(job.pk), output)
    # A job must never stay `running`: whatever breaks (ffmpeg, storage, a vanished row) ends
    # it as failed, and the cause goes to the log.
    except Exception as error:
        logger.exception("Playlist build %s failed", job_id)
        _finish(job, BuildJobStatus.FAILED, message=str(error)[-2000:] or type(error).__name__)
    else:
        _finish(job, BuildJobStatus.SUCCEEDED)


# -- the zip ---------------------------------------------------------------------------------------
class _Collector:
    """A write-only stream whose written bytes are handed out as they come."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def drain(self) -> Iterator[bytes]:
        chunks, self.chunks = self.chunks, []
        yield from chunks


def stream_zip(entries: list[tuple[str, str]]) -> Iterator[bytes]:
    """A zip of the stored files `(name in the zip, storage path)`, produced chunk by chunk so
    a large playlist never sits in memory; files no longer stored are left out."""
    collector = _Collector()
    with zipfile.ZipFile(collector, "w", zipfile.ZIP_STORED) as archive:  # type: ignore[arg-type]
        for name, path in entries:
            if not default_storage.exists(path):
                continue
            with (
                default_storage.open(path, "rb") as source,
                archive.open(name, "w", force_zip64=True) as target,
            ):
                while chunk := source.read(ZIP_CHUNK):
                    target.write(chunk)
                    yield from collector.drain()
            yield from collector.drain()
    yield from collector.drain()

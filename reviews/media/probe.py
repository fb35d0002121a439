"""Reading what a movie is (size, frame rate, duration, codec) with PyAV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av

from reviews.media.errors import MediaError

UNREADABLE_MOVIE_MESSAGE = "Uploaded file is not a readable movie."
# FFmpeg reads files by their content: a still picture named `.mp4` opens as one of its image
# demuxers (`png_pipe`, `jpeg_pipe`, ..., `image2`). Such a file is no movie, whatever its name.
STILL_IMAGE_DEMUXER_SUFFIXES = ("_pipe", "image2")


@dataclass(frozen=True)
class MovieInfo:
    width: int
    height: int
    fps: float
    duration: float  # seconds
    codec: str
    has_audio: bool


def probe_movie(path: Path) -> MovieInfo:
    """What the movie at `path` holds; MediaError when it is not a movie with a picture (a
    still picture, whatever its name, is not)."""
    try:
        with av.open(str(path)) as container:
            still_image = container.format.name.endswith(STILL_IMAGE_DEMUXER_SUFFIXES)
            if still_image or not container.streams.video:
                raise MediaError(UNREADABLE_MOVIE_MESSAGE)
            video = container.streams.video[0]
            context = video.codec_context
            rate = video.average_rate or video.guessed_rate
            return MovieInfo(
                width=context.width,
                height=context.height,
                fps=float(rate) if rate else 0.0,
                duration=_duration(container, video),
                codec=context.name,
                has_audio=bool(container.streams.audio),
            )
    except (av.FFmpegError, OSError, ValueError):
        raise MediaError(UNREADABLE_MOVIE_MESSAGE) from None


def _duration(container: av.container.InputContainer, video: av.VideoStream) -> float:
    if container.duration:
        return container.duration / av.time_base
    if video.duration and video.time_base:
        return float(video.duration * video.time_base)
    return 0.0

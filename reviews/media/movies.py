"""Movies: the normalised H.264 mp4 every player reads, its low-definition copy, a frame for
the pictures and the tile strip Kitsu shows while scrubbing.

Normalisation follows the reference: the project's resolution (the picture fitted and padded
with black, never stretched) and frame rate, yuv420p, a fixed bitrate, the index at the front
(`faststart`) so players start before the whole file is loaded, and a silent stereo track
when the movie has no sound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from kitsu_site.api.pictures import MAX_PIXELS
from reviews.media.errors import MediaError
from reviews.media.ffmpeg import run_ffmpeg
from reviews.media.probe import MovieInfo, probe_movie

LOWDEF_WIDTH = 1280
TILE_COLUMNS = 8
TILE_HEIGHT = 100
DEFAULT_RESOLUTION = (1920, 1080)
DEFAULT_FPS = 25.0


@dataclass(frozen=True)
class MovieFormat:
    """What a project's movies are normalised to."""

    width: int
    height: int
    fps: float


def movie_format(resolution: str | None, fps: str | None) -> MovieFormat:
    """The format from a project's `resolution` ("1920x1080") and `fps` ("25"), the
    reference defaults for what is missing or unreadable. Sizes are made even (yuv420p)."""
    try:
        width, height = (int(part) for part in (resolution or "").lower().split("x"))
    except ValueError:
        width, height = DEFAULT_RESOLUTION
    try:
        rate = float(fps or DEFAULT_FPS)
    except ValueError:
        rate = DEFAULT_FPS
    if width < 2 or height < 2 or not 0 < rate <= 240:
        return MovieFormat(*DEFAULT_RESOLUTION, DEFAULT_FPS)
    return MovieFormat(width - width % 2, height - height % 2, rate)


def fit_filter(target_format: MovieFormat) -> str:
    """The ffmpeg video filter fitting a picture into the format (padded with black, never
    stretched) at its frame rate."""
    width, height = target_format.width, target_format.height
    return (
        f"scale={width}:{height}:force_original_aspect_ratio=decrease,"
        f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps={target_format.fps:g}"
    )


def _h264(bitrate_mbits: int) -> list[str]:
    bitrate = f"{bitrate_mbits}M"
    return [
        "-c:v",
        "libx264",
        "-preset",
        settings.MEDIA_X264_PRESET,
        "-pix_fmt",
        "yuv420p",
        "-b:v",
        bitrate,
        "-maxrate",
        bitrate,
        "-bufsize",
        f"{2 * bitrate_mbits}M",
        "-c:a",
        "aac",
        "-ar",
        "48000",
        "-movflags",
        "+faststart",
    ]


def normalise_movie(source: Path, target: Path, target_format: MovieFormat) -> MovieInfo:
    """Write `source` as the normalised mp4 at `target` and return what it holds."""
    source_info = probe_movie(source)
    if source_info.has_audio:
        inputs = ["-i", str(source)]
        audio_map = "0:a:0"
    else:
        silence = "anullsrc=channel_layout=stereo:sample_rate=48000"
        inputs = ["-i", str(source), "-f", "lavfi", "-i", silence]
        audio_map = "1:a:0"
    run_ffmpeg(
        *inputs,
        "-map",
        "0:v:0",
        "-map",
        audio_map,
        # The added silence is endless and `-shortest` may overshoot by a few audio frames:
        # the movie lasts exactly as long as the source's picture.
        "-shortest",
        "-t",
        f"{source_info.duration:.3f}",
        "-vf",
        fit_filter(target_format),
        *_h264(settings.MOVIE_HIGHDEF_BITRATE),
        str(target),
    )
    return _checked(target)


def lowdef_movie(normalised: Path, target: Path) -> MovieInfo:
    """The low-definition copy: 1280 wide at most, a lower bitrate, same frames and sound."""
    run_ffmpeg(
        "-i",
        str(normalised),
        "-vf",
        f"scale='min({LOWDEF_WIDTH},iw)':-2",
        *_h264(settings.MOVIE_LOWDEF_BITRATE),
        str(target),
    )
    return _checked(target)


def _checked(path: Path) -> MovieInfo:
    info = probe_movie(path)
    if info.duration <= 0:
        raise MediaError("The movie has no frame that could be read.")
    return info


def first_frame_png(movie: Path) -> bytes:
    """The movie's first frame as PNG bytes, at the movie's size."""
    frame = run_ffmpeg(
        "-i", str(movie), "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "pipe:1"
    )
    if not frame:
        raise MediaError("The movie has no frame that could be read.")
    return frame


def tile_png(movie: Path, info: MovieInfo) -> bytes | None:
    """Every frame, 100 pixels high, in rows of 8: the strip Kitsu reads frame N from. None
    for movies so long that the strip would exceed the pixels the server handles."""
    frame_count = max(1, round(info.duration * info.fps))
    rows = math.ceil(frame_count / TILE_COLUMNS)
    cell_width = math.ceil(info.width * TILE_HEIGHT / info.height)
    if rows * TILE_HEIGHT * cell_width * TILE_COLUMNS > MAX_PIXELS:
        return None
    return run_ffmpeg(
        "-i",
        str(movie),
        "-vf",
        f"scale=-1:{TILE_HEIGHT},tile={TILE_COLUMNS}x{rows}",
        "-frames:v",
        "1",
        "-f",
        "image2pipe",
        "-c:v",
        "png",
        "pipe:1",
    )

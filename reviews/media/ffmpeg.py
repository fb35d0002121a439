"""Running ffmpeg: the system one when installed, else the binary the imageio-ffmpeg wheel
ships, so `pip install` is all a server needs."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

import imageio_ffmpeg
from django.conf import settings

from reviews.media.errors import MediaError


@cache
def ffmpeg_executable() -> str:
    return shutil.which("ffmpeg") or imageio_ffmpeg.get_ffmpeg_exe()


def run_ffmpeg(*arguments: str) -> bytes:
    """Run ffmpeg with `arguments` and return what it wrote on its standard output; MediaError
    with ffmpeg's last error line when it fails or outlives MEDIA_FFMPEG_TIMEOUT."""
    command = [ffmpeg_executable(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    try:
        completed = subprocess.run(
            [*command, *arguments],
            capture_output=True,
            timeout=settings.MEDIA_FFMPEG_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise MediaError("The movie took too long to convert.") from None
    if completed.returncode != 0:
        lines = completed.stderr.decode(errors="replace").strip().splitlines()
        raise MediaError(f"The movie could not be converted: {lines[-1] if lines else 'error'}")
    return completed.stdout

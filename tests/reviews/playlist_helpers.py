"""A small production with previews whose media sit in the storage, for the playlist tests.

Media files are written with ffmpeg's test source straight into the storage paths the upload
pipeline fills, so these tests do not depend on it."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

from production.models import Entity, Project, Task
from reviews.media.ffmpeg import ffmpeg_executable
from reviews.media.paths import preview_storage_path
from reviews.models import Playlist, PreviewFile
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    episode,
    sequence,
    shot,
)


@dataclass
class Production:
    project: Project
    sh010: Entity
    sh020: Entity
    anim010: Task
    anim020: Task
    movie: PreviewFile
    picture: PreviewFile
    playlist: Playlist


def write_media(path: str, *, movie: bool, size: str = "160x120") -> None:
    """A 1-second test movie, or a test picture, stored at `path`."""
    with tempfile.TemporaryDirectory() as work:
        target = Path(work) / Path(path).name
        source = f"testsrc=size={size}:rate=25"
        frames = ["-t", "1", "-pix_fmt", "yuv420p"] if movie else ["-frames:v", "1"]
        subprocess.run(
            [
                ffmpeg_executable(),
                "-v",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                source,
                *frames,
                str(target),
            ],
            check=True,
        )
        with target.open("rb") as handle:
            default_storage.save(path, File(handle, name=target.name))


def make_preview(task: Task, *, extension: str, revision: int = 1, store: bool = True):
    preview = PreviewFile.objects.create(
        task=task,
        revision=revision,
        name=f"{task.entity.name}-{revision}",
        original_name=f"{task.entity.name}",
        extension=extension,
        status="ready",
        width=160,
        height=120,
    )
    if store:
        is_movie = extension == "mp4"
        area = "movies/originals" if is_movie else "pictures/originals"
        write_media(preview_storage_path(area, preview.pk, extension), movie=is_movie)
    return preview


def build_production(*, store: bool = True, name: str = "Big Buck") -> Production:
    project = ProjectFactory(name=name, resolution="320x240", fps="24")
    seq = sequence(project, "SQ01", episode=episode(project, "E01"))
    sh010, sh020 = shot(project, seq, "SH010"), shot(project, seq, "SH020")
    animation = TaskTypeFactory(name="Animation", for_entity="Shot")
    anim010 = TaskFactory(entity=sh010, project=project, task_type=animation)
    anim020 = TaskFactory(entity=sh020, project=project, task_type=animation)
    movie = make_preview(anim010, extension="mp4", store=store)
    picture = make_preview(anim020, extension="png", store=store)
    playlist = Playlist.objects.create(
        name="Daily review",
        project=project,
        for_client=True,
        shots=[
            {"entity_id": str(sh010.pk), "preview_file_id": str(movie.pk)},
            {"entity_id": str(sh020.pk), "preview_file_id": str(picture.pk)},
        ],
    )
    return Production(project, sh010, sh020, anim010, anim020, movie, picture, playlist)

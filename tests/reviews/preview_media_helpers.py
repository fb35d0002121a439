"""A shot task with a comment to attach previews to, and the media the tests upload."""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from people.models import Person, Role
from production.models import Entity, Project, Task
from reviews.media.ffmpeg import ffmpeg_executable
from reviews.models import Comment, PreviewFile
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    sequence,
    shot,
)


@dataclass
class MediaProd:
    project: Project
    shot: Entity
    task: Task
    comment: Comment


def media_prod(author: Person, **project_fields) -> MediaProd:
    project = ProjectFactory(name="Media Prod", **project_fields)
    sh010 = shot(project, sequence(project, "SQ01"), "SH010")
    task_type = TaskTypeFactory(name="Animation", for_entity="Shot")
    task = TaskFactory(entity=sh010, project=project, task_type=task_type)
    comment = Comment.objects.create(
        object=task, person=author, task_status=TaskStatusFactory(short_name="wfa")
    )
    return MediaProd(project, sh010, task, comment)


def team_of(prod: MediaProd, role_clients: dict) -> None:
    """Everyone but the admin joins the team; the vendor is assigned to the task."""
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(prod.project, person)
    prod.task.assignees.add(role_clients[Role.VENDOR][0])


def new_preview(prod: MediaProd, revision: int = 1, **fields) -> PreviewFile:
    preview = PreviewFile.objects.create(
        task=prod.task,
        name=f"preview-{revision}",
        revision=revision,
        person=prod.comment.person,
        **fields,
    )
    prod.comment.previews.add(preview)
    return preview


def picture_bytes(size=(1600, 900), fmt="PNG", mode="RGB", color=(10, 200, 10)) -> bytes:
    output = io.BytesIO()
    if mode == "RGBA":
        color = (*color, 255)
    Image.new(mode, size, color).save(output, format=fmt)
    return output.getvalue()


def movie_bytes(
    folder: Path, *, size="640x360", rate=30, duration=2, audio=False, name="clip.mp4"
) -> bytes:
    """A test-pattern movie made by ffmpeg (with a 440 Hz tone when `audio`)."""
    target = folder / name
    inputs = ["-f", "lavfi", "-i", f"testsrc=duration={duration}:size={size}:rate={rate}"]
    if audio:
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={duration}"]
    subprocess.run(
        [ffmpeg_executable(), "-v", "error", "-y", *inputs, "-pix_fmt", "yuv420p", str(target)],
        check=True,
    )
    return target.read_bytes()


def upload(client: APIClient, preview: PreviewFile, name: str, content: bytes, query: str = ""):
    return client.post(
        f"/pictures/preview-files/{preview.pk}{query}",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def png_of(response) -> Image.Image:
    return Image.open(io.BytesIO(b"".join(response.streaming_content)))


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)

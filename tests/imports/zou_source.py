"""A source instance for `import_from_zou` tests: this project served by its own process on its
own SQLite file, seeded with a small production."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL, ADMIN_PASSWORD = "source.admin@example.com", "source-admin-secret"
ARTIST_EMAIL, ARTIST_PASSWORD = "source.artist@example.com", "source-artist-secret"
STARTUP_SECONDS = 180
PICTURE = b"\x89PNG\r\n\x1a\n" + b"source picture bytes"


SETUP = (
    "from django.core.management import call_command; "
    "call_command('migrate', verbosity=0); call_command('init_data', verbosity=0); "
    "from tests.imports.zou_source import seed; seed()"
)


@dataclass(frozen=True)
class Source:
    url: str
    database_url: str
    ids: dict[str, str]


def seed() -> None:
    """Run inside the source process (`manage.py shell`): writes the production and prints
    its ids as JSON."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from people.models import Department, Person, Role
    from production.models import (
        Entity,
        EntityLink,
        EntityType,
        Project,
        ProjectStatus,
        Task,
        TaskStatus,
        TaskType,
    )
    from reviews.media.paths import preview_storage_path
    from reviews.models import Comment, PreviewFile

    Person.objects.create_user(
        ADMIN_EMAIL, ADMIN_PASSWORD, first_name="Source", last_name="Admin", role=Role.ADMIN
    )
    artist = Person.objects.create_user(
        ARTIST_EMAIL, ARTIST_PASSWORD, first_name="Ada", last_name="Artist"
    )
    artist.departments.set([Department.objects.get(name="Modeling")])
    project = Project.objects.create(
        name="Source Show", project_status=ProjectStatus.objects.get(name="Open")
    )
    project.team.add(artist)
    shot_type, character = (
        EntityType.objects.get(name="Shot"),
        EntityType.objects.get(name="Character"),
    )
    sequence = Entity.objects.create(
        name="SQ01", project=project, entity_type=EntityType.objects.get(name="Sequence")
    )
    shot = Entity.objects.create(
        name="SH010", project=project, entity_type=shot_type, parent=sequence, nb_frames=48
    )
    hero = Entity.objects.create(name="Hero", project=project, entity_type=character)
    EntityLink.objects.create(entity_in=shot, entity_out=hero, nb_occurences=2, label="fixed")
    wip = TaskStatus.objects.get(short_name="wip")
    modeling = Task.objects.create(
        name="main",
        project=project,
        entity=hero,
        task_type=TaskType.objects.get(name="Modeling", for_entity="Asset"),
        task_status=wip,
    )
    modeling.assignees.add(artist)
    Task.objects.create(
        name="main",
        project=project,
        entity=shot,
        task_type=TaskType.objects.get(name="Animation", for_entity="Shot"),
        task_status=TaskStatus.objects.get(short_name="todo"),
    )
    preview = PreviewFile.objects.create(
        name="hero_v1", task=modeling, person=artist, extension="png", status="ready"
    )
    default_storage.save(
        preview_storage_path("pictures/originals", preview.id, "png"), ContentFile(PICTURE)
    )
    comment = Comment.objects.create(
        object_id=modeling.id, person=artist, task_status=wip, text="First pass"
    )
    comment.previews.add(preview)
    Entity.objects.filter(pk=hero.pk).update(preview_file_id=preview.id)
    ids = {"project": project.id, "hero": hero.id, "shot": shot.id, "artist": artist.id}
    ids |= {"modeling": modeling.id, "preview": preview.id, "comment": comment.id}
    print(json.dumps({key: str(value) for key, value in ids.items()}))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    # Generous: the machine running the tests may be busy.
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the source server stopped")
        try:
            requests.get(url, timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("the source server did not answer")


@contextmanager
def running_source(folder: Path) -> Iterator[Source]:
    database_url = f"sqlite:///{folder / 'source.sqlite3'}"
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "kitsu_site.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "1",
        "REDIS_URL": "",
    }
    # One process for the three steps: each start of Django costs seconds on a busy machine.
    seeded = _manage(env, "shell", "-c", SETUP)
    ids = json.loads(seeded.strip().splitlines()[-1])
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--skip-checks",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield Source(url=url, database_url=database_url, ids=ids)
    finally:
        process.terminate()
        process.wait(timeout=10)

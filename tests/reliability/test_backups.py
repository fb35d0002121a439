"""dump_database / restore_database bring a whole production back: its rows and the preview
files on the storage, byte for byte, served again by the API."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from imports.sync.archive import storage_file_paths
from people.models import Role
from production.models import Entity, Project, Task
from reviews.media.paths import preview_storage_path
from reviews.models import Comment, Playlist, PreviewFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.reviews.comments_helpers import post_comment, statuses
from tests.reviews.playlist_helpers import build_production

pytestmark = pytest.mark.django_db(transaction=True)  # restore_database flushes the database

SNAPSHOT_MODELS = (Project, Entity, Task, Comment, PreviewFile, Playlist)


def stored_files() -> dict[str, str]:
    checksums = {}
    for path in storage_file_paths():
        with default_storage.open(path, "rb") as stream:
            checksums[path] = hashlib.sha256(stream.read()).hexdigest()
    return checksums


def to_the_millisecond(value: Any) -> Any:
    """Fixtures keep datetimes to the millisecond."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def rows() -> dict[str, list[dict]]:
    return {
        model.__name__: [
            {key: to_the_millisecond(value) for key, value in row.items()}
            for row in model.objects.order_by("id").values()
        ]
        for model in SNAPSHOT_MODELS
    }


def test_a_production_and_its_preview_files_come_back(tmp_path):
    prod = build_production()
    status = statuses()
    admin = PersonFactory(role=Role.ADMIN, email="admin@studio.example")
    client = client_for(admin)
    assert post_comment(client, prod.anim010, status.wip, "first pass").status_code == 201
    assert post_comment(client, prod.anim020, status.wfa, "please review").status_code == 201
    files, before = stored_files(), rows()
    movie_path = preview_storage_path("movies/originals", prod.movie.pk, "mp4")
    picture_path = preview_storage_path("pictures/originals", prod.picture.pk, "png")
    assert sorted(files) == sorted([movie_path, picture_path])
    archive = tmp_path / "studio.tar.gz"
    call_command("dump_database", str(archive), no_progress=True, stdout=StringIO())

    call_command("flush", interactive=False, verbosity=0)
    for path in files:
        default_storage.delete(path)
    assert stored_files() == {} and not Task.objects.exists()

    call_command("restore_database", str(archive), no_progress=True, stdout=StringIO())
    assert stored_files() == files
    assert rows() == before
    restored = client_for(admin)
    movie = restored.get(f"/movies/originals/preview-files/{prod.movie.pk}.mp4")
    assert movie.status_code == 200
    served = b"".join(movie.streaming_content) if movie.streaming else movie.content
    assert hashlib.sha256(served).hexdigest() == files[movie_path]

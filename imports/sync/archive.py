"""A whole instance in one archive: the database as Django fixtures (portable between
PostgreSQL and SQLite) and every stored file, and back.

Layout of the `.tar.gz`: `database.json` at the root, files under `files/<storage path>`.
Restoring refuses any member that is not a plain file at one of those places, so an archive
can never write outside the storage.
"""

from __future__ import annotations

import json
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command

from imports.sync.instance_copy import Progress, no_progress

DATABASE_MEMBER = "database.json"
FILES_PREFIX = "files/"
# Rows Django rebuilds itself on migrate: dumping them would clash on restore.
EXCLUDED_MODELS = ("contenttypes", "auth.permission", "sessions")


class ArchiveError(Exception):
    """The archive is not one this command wrote, or would write outside its place."""


@dataclass(frozen=True)
class ArchiveContent:
    objects: int
    files: list[str]


def storage_file_paths(folder: str = "") -> Iterator[str]:
    """Every file in the default storage, walking down from `folder`."""
    if folder and not default_storage.exists(folder):
        return
    folders, files = default_storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from storage_file_paths(f"{folder}/{name}" if folder else name)


def database_dump(
    archive: Path, *, with_files: bool = True, progress: Progress = no_progress
) -> ArchiveContent:
    """Write the database and (unless told otherwise) the stored files into `archive`."""
    paths = list(storage_file_paths()) if with_files else []
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "w:gz") as tar:
        fixture = Path(work) / DATABASE_MEMBER
        with fixture.open("w", encoding="utf-8") as stream:
            call_command("dumpdata", exclude=list(EXCLUDED_MODELS), stdout=stream, verbosity=0)
        tar.add(fixture, arcname=DATABASE_MEMBER)
        for path in progress(paths, "files", len(paths)):
            _add_stored_file(tar, path)
    return ArchiveContent(objects=_fixture_size(archive), files=paths)


def _add_stored_file(tar: tarfile.TarFile, path: str) -> None:
    info = tarfile.TarInfo(FILES_PREFIX + path)
    info.size = default_storage.size(path)
    with default_storage.open(path, "rb") as stream:
        tar.addfile(info, stream)


def _fixture_size(archive: Path) -> int:
    with tarfile.open(archive, "r:gz") as tar:
        return len(json.load(tar.extractfile(DATABASE_MEMBER)))


def safe_storage_path(member: tarfile.TarInfo) -> str:
    """The storage path a `files/...` member restores to; anything else is refused."""
    if not member.isfile():
        raise ArchiveError(f"{member.name}: only plain files may be restored.")
    path = PurePosixPath(member.name[len(FILES_PREFIX) :])
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveError(f"{member.name}: the path leaves the storage.")
    return str(path)


def archive_content(archive: Path) -> ArchiveContent:
    """What an archive holds, checked member by member."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            names = [member.name for member in members]
            if DATABASE_MEMBER not in names:
                raise ArchiveError(f"The archive has no {DATABASE_MEMBER}.")
            files = []
            for member in members:
                if member.name == DATABASE_MEMBER:
                    continue
                if not member.name.startswith(FILES_PREFIX):
                    raise ArchiveError(f"{member.name}: not part of a database archive.")
                files.append(safe_storage_path(member))
            objects = len(json.load(tar.extractfile(DATABASE_MEMBER)))
    except (tarfile.TarError, OSError, ValueError) as error:
        raise ArchiveError(f"Unreadable archive: {error}") from error
    return ArchiveContent(objects=objects, files=files)


def database_restore(archive: Path, *, progress: Progress = no_progress) -> ArchiveContent:
    """Replace the database with the archive's and put its files back in the storage."""
    content = archive_content(archive)
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r:gz") as tar:
        fixture = Path(work) / DATABASE_MEMBER
        fixture.write_bytes(tar.extractfile(DATABASE_MEMBER).read())
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(fixture), verbosity=0)
        members = [member for member in tar.getmembers() if member.name != DATABASE_MEMBER]
        for member in progress(members, "files", len(members)):
            _restore_file(tar, member)
    return content


def _restore_file(tar: tarfile.TarFile, member: tarfile.TarInfo) -> None:
    path = safe_storage_path(member)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, File(tar.extractfile(member)))

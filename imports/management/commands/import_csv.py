"""Import a CSV file (assets, shots, edits, casting, persons or estimations), as the import
routes do: every row is checked first, then all are written in one transaction."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from imports.csv_import.reader import CsvFile, RowError, read_upload
from imports.services import IMPORT_KINDS, PROJECT_IMPORTS, csv_import, named, project_named
from kitsu_site.api.errors import ApiError
from people.models import Person, Role
from production.models import Entity, Project, TaskType


class DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


class Command(BaseCommand):
    help = "Import a CSV file of assets, shots, edits, casting, persons or estimations."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=IMPORT_KINDS)
        parser.add_argument("path", type=Path)
        parser.add_argument("--project", help="project name or id (all but persons)")
        parser.add_argument("--task-type", help="task type name or id (estimations)")
        parser.add_argument("--episode", help="episode name or id (estimations, optional)")
        parser.add_argument("--as", dest="actor", help="e-mail of the author (default: an admin)")
        parser.add_argument("--update", action="store_true", help="change existing rows too")
        parser.add_argument("--dry-run", action="store_true", help="check and roll back")

    def handle(self, *args, **options) -> None:
        kind = options["kind"]
        project = self.project(options["project"]) if kind in PROJECT_IMPORTS else None
        task_type = self.task_type(options["task_type"]) if kind == "estimations" else None
        episode = self.episode(project, options["episode"]) if options["episode"] else None
        actor = self.actor(options["actor"])
        csv_file = self.read(options["path"])
        try:
            with transaction.atomic():
                rows = csv_import(
                    kind=kind,
                    actor=actor,
                    csv_file=with_progress(csv_file),
                    project=project,
                    update=options["update"],
                    task_type=task_type,
                    episode=episode,
                )
                if options["dry_run"]:
                    raise DryRun()
        except DryRun:
            self.stdout.write(f"Dry run: {len(rows)} rows would be imported; nothing changed.")
            return
        except RowError as error:
            raise CommandError(f"Line {error.line_number}: {error.message}") from None
        except ApiError as error:
            raise CommandError(error.message) from None
        where = f" into {project.name}" if project else ""
        self.stdout.write(f"Imported {len(rows)} rows{where}.")

    def read(self, path: Path) -> CsvFile:
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            with path.open("rb") as handle:
                return read_upload(handle)
        except ApiError as error:
            raise CommandError(error.message) from None

    def project(self, name_or_id: str | None) -> Project:
        project = project_named(name_or_id)
        if project is None:
            raise CommandError(f"No project named or with id {name_or_id}.")
        return project

    def task_type(self, name_or_id: str | None) -> TaskType:
        task_type = named(TaskType.objects.all(), name_or_id)
        if task_type is None:
            raise CommandError(f"No task type named or with id {name_or_id}.")
        return task_type

    def episode(self, project: Project | None, name_or_id: str) -> Entity:
        episodes = Entity.objects.of_type("Episode").filter(project=project)
        episode = named(episodes, name_or_id)
        if episode is None:
            raise CommandError(f"No episode named or with id {name_or_id} in the project.")
        return episode

    def actor(self, email: str | None) -> Person:
        persons = Person.objects.filter(is_bot=False)
        actor = persons.filter(email=email).first() if email else None
        if email is None:
            actor = persons.filter(role=Role.ADMIN, active=True).order_by("created_at").first()
        if actor is None:
            raise CommandError(f"No person to import as ({email or 'no active admin'}).")
        return actor


def with_progress(csv_file: CsvFile) -> CsvFile:
    """The file whose rows show a progress bar as they are checked (on a terminal only)."""
    rows = tqdm(csv_file.rows, desc="Checking rows", unit=" rows", disable=None)
    return dataclasses.replace(csv_file, rows=rows)

"""Write one of the CSV exports to a file (or stdout), as the export routes do."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from imports.exports import csv_lines, project_rows
from imports.services import project_named
from imports.views_export import STUDIO_EXPORTS
from production.models import Project

PROJECT_LISTS = ("assets", "shots", "edits", "casting")


class Command(BaseCommand):
    help = "Export a studio list (persons, projects, task-types) or a project's breakdown."

    def add_arguments(self, parser) -> None:
        parser.add_argument("what", choices=[*sorted(STUDIO_EXPORTS), *PROJECT_LISTS])
        parser.add_argument("--project", help="project name or id (breakdown exports)")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args, **options) -> None:
        what = options["what"]
        if what in PROJECT_LISTS:
            rows = project_rows(self.project(options["project"]), what)
        else:
            rows = STUDIO_EXPORTS[what].rows_for(Project.objects.all())
        lines = csv_lines(rows)
        if options["output"] is None:
            for line in lines:
                sys.stdout.write(line)
            return
        count = 0
        with options["output"].open("w", encoding="utf-8", newline="") as handle:
            for line in tqdm(lines, desc=what, unit=" rows", disable=None):
                handle.write(line)
                count += 1
        self.stdout.write(f"Wrote {max(count - 1, 0)} rows to {options['output']}.")

    def project(self, name_or_id: str | None) -> Project:
        project = project_named(name_or_id)
        if project is None:
            raise CommandError(f"No project named or with id {name_or_id}.")
        return project

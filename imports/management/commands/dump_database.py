from pathlib import Path

from django.core.management.base import BaseCommand

from imports.sync.archive import database_dump
from imports.sync.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Write the whole database and every stored file into one .tar.gz archive, "
        "restorable with restore_database on PostgreSQL or SQLite."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="the .tar.gz to write")
        parser.add_argument("--no-files", action="store_true", help="the database only")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options) -> None:
        content = database_dump(
            options["archive"],
            with_files=not options["no_files"],
            progress=progress_bar(self.stderr, enabled=not options["no_progress"]),
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"{options['archive']}: {content.objects} rows, {len(content.files)} files."
            )
        )

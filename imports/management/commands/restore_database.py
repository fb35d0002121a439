from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from imports.sync.archive import ArchiveError, archive_content, database_restore
from imports.sync.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Replace the database with the one in an archive written by dump_database, and put "
        "its files back in the storage."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the archive only")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options) -> None:
        archive = options["archive"]
        if not archive.is_file():
            raise CommandError(f"No archive at {archive}.")
        try:
            if options["dry_run"]:
                content = archive_content(archive)
            else:
                progress = progress_bar(self.stderr, enabled=not options["no_progress"])
                content = database_restore(archive, progress=progress)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        verb = "would be restored" if options["dry_run"] else "restored"
        self.stdout.write(f"{content.objects} rows and {len(content.files)} files {verb}.")

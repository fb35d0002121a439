from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from imports.sync.instance_copy import InstanceCopy
from imports.sync.progress import progress_bar
from imports.sync.source_database import source_password_hashes
from imports.sync.zou_client import ZouClient, ZouClientError


class Command(BaseCommand):
    help = (
        "Copy a whole running Zou/Kitsu instance (people, projects, breakdown, tasks, comments, "
        "previews and their files) into this one through its API, keeping ids. Safe to run "
        "again: a second run changes nothing, an interrupted one completes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--url", required=True, help="API root of the source, e.g. .../api")
        parser.add_argument("--email", required=True, help="an admin account of the source")
        parser.add_argument("--password", required=True)
        parser.add_argument(
            "--database-url",
            help="the source's database, to copy password hashes its API does not serve",
        )
        parser.add_argument("--dry-run", action="store_true", help="read and check, write nothing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options) -> None:
        client = ZouClient(options["url"])
        hashes = source_password_hashes(options["database_url"]) if options["database_url"] else {}
        copy = InstanceCopy(
            client,
            password_hashes=hashes,
            progress=progress_bar(self.stderr, enabled=not options["no_progress"]),
            with_files=not options["dry_run"],
        )
        try:
            client.log_in(options["email"], options["password"])
            if options["dry_run"]:
                with transaction.atomic():
                    report = copy.run()
                    transaction.set_rollback(True)
            else:
                report = copy.run()
        except ZouClientError as error:
            raise CommandError(str(error)) from error
        self._summary(report, dry_run=options["dry_run"])

    def _summary(self, report, *, dry_run: bool) -> None:
        labels = sorted({*report.created, *report.updated})
        for label in labels:
            self.stdout.write(
                f"{label}: {report.created.get(label, 0)} created, "
                f"{report.updated.get(label, 0)} updated"
            )
        self.stdout.write(f"files: {report.files} copied, {report.missing_files} missing")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

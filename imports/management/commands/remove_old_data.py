from django.core.management.base import BaseCommand, CommandError

from imports.sync.operations import old_data_counts, old_data_remove


class Command(BaseCommand):
    help = "Delete events, login logs and notifications older than --days days (90 by default)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--dry-run", action="store_true", help="count only, delete nothing")

    def handle(self, *args, **options) -> None:
        days = options["days"]
        if days < 0:
            raise CommandError("--days must be zero or more.")
        if options["dry_run"]:
            counts = old_data_counts(days=days)
            verb = "would be removed"
        else:
            counts = old_data_remove(days=days)
            verb = "removed"
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} {verb}")

from django.core.management.base import BaseCommand, CommandError

from imports.sync.operations import person_active_set, person_by_email
from kitsu_site.api.errors import ApiError


class Command(BaseCommand):
    help = "Turn an account on, or off with --unactive (its tokens stop working)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--unactive", action="store_true", help="deactivate instead")
        parser.add_argument("--dry-run", action="store_true", help="check only, change nothing")

    def handle(self, *args, **options) -> None:
        active = not options["unactive"]
        state = "active" if active else "inactive"
        try:
            person = person_by_email(options["email"])
            if options["dry_run"]:
                self.stdout.write(f"Would set {person.email} {state}.")
                return
            changed = person_active_set(person=person, active=active)
        except ApiError as error:
            raise CommandError(error.message) from error
        verb = "is now" if changed else "was already"
        self.stdout.write(self.style.SUCCESS(f"{person.email} {verb} {state}."))

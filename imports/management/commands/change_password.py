from django.core.management.base import BaseCommand, CommandError

from imports.sync.operations import person_by_email
from kitsu_site.api.errors import ApiError
from people.services import person_password_set
from people.two_factor import AuthError


class Command(BaseCommand):
    help = "Set the password of an account (the operator acts with its owner's rights)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", required=True)
        parser.add_argument("--dry-run", action="store_true", help="check only, change nothing")

    def handle(self, *args, **options) -> None:
        try:
            person = person_by_email(options["email"])
            if options["dry_run"]:
                self.stdout.write(f"Would change the password of {person.email}.")
                return
            password = options["password"]
            person_password_set(
                actor=person, person=person, password=password, confirmation=password
            )
        except (ApiError, AuthError) as error:
            raise CommandError(getattr(error, "message", str(error))) from error
        self.stdout.write(self.style.SUCCESS(f"Password of {person.email} changed."))

from django.core.management.base import BaseCommand, CommandError

from kitsu_site.api.errors import ApiError
from people.services import admin_create_or_promote


class Command(BaseCommand):
    help = "Create a studio manager (admin) account, or promote and reactivate an existing one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("email")
        parser.add_argument("--password", required=True)
        parser.add_argument("--first-name", default="Super")
        parser.add_argument("--last-name", default="Admin")

    def handle(self, *args, **options) -> None:
        try:
            person, created = admin_create_or_promote(
                email=options["email"],
                password=options["password"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ApiError as error:
            raise CommandError(error.message) from error
        verb = "created" if created else "promoted"
        self.stdout.write(self.style.SUCCESS(f"Admin {person.email} {verb}."))

from django.core.management.base import BaseCommand, CommandError

from kitsu_site.api.errors import ApiError
from people.models import Role
from people.services import person_create


class Command(BaseCommand):
    help = "Create a bot account and print its API token (shown only this once)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", default=Role.USER, choices=Role.values)
        parser.add_argument("--dry-run", action="store_true", help="check only, create nothing")

    def handle(self, *args, **options) -> None:
        if options["dry_run"]:
            self.stdout.write(f"Would create the bot {options['name']} ({options['role']}).")
            return
        fields = {
            "first_name": options["name"],
            "last_name": "",
            "email": options["email"],
            "role": options["role"],
            "is_bot": True,
        }
        try:
            bot, token = person_create(actor=None, fields=fields)
        except ApiError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Bot {bot.first_name} created ({bot.id})."))
        self.stdout.write(f"Access token: {token}")

import secrets

from django.core.management.base import BaseCommand

from people.models import Person, Role
from people.services import admin_create_or_promote


class Command(BaseCommand):
    help = "First run: create an admin account with a random password unless an admin exists."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default="admin@example.com")

    def handle(self, *args, **options) -> None:
        existing = Person.objects.filter(role=Role.ADMIN, active=True, is_bot=False).first()
        if existing is not None:
            self.stdout.write(f"An admin account exists ({existing.email}); not creating another.")
            return
        password = secrets.token_urlsafe(12)
        person, _ = admin_create_or_promote(
            email=options["email"], password=password, first_name="Super", last_name="Admin"
        )
        self.stdout.write(self.style.SUCCESS("Admin account created. Log in with:"))
        self.stdout.write(f"  email:    {person.email}")
        self.stdout.write(f"  password: {password}")

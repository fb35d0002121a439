from django.core.management.base import BaseCommand

from production.services.defaults import defaults_seed


class Command(BaseCommand):
    help = "Seed the reference defaults: statuses, departments, entity types and task types."

    def handle(self, *args, **options) -> None:
        created = defaults_seed()
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items())
        self.stdout.write(self.style.SUCCESS(f"Default data ready (created {summary})."))

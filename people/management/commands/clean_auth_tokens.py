from django.core.management.base import BaseCommand

from people.tokens import purge_expired_revocations


class Command(BaseCommand):
    help = "Forget revocations of tokens that have expired anyway."

    def handle(self, *args, **options) -> None:
        removed = purge_expired_revocations()
        self.stdout.write(self.style.SUCCESS(f"{removed} expired revocation(s) removed."))

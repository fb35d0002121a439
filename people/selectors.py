"""Reads about people reused by several callers."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat, Trim

from people.models import Person


def person_for_login(login: str) -> Person | None:
    """The human account whose email or desktop login is `login` (bots never log in)."""
    login = login.strip()
    if not login:
        return None
    return (
        Person.objects.filter(is_bot=False)
        .filter(Q(email__iexact=login) | Q(desktop_login=login))
        .order_by("created_at")
        .first()
    )


def active_person_count() -> int:
    """Accounts that count against the user limit: active humans who are not guests."""
    return Person.objects.filter(active=True, is_bot=False, is_guest=False).count()


def persons_with_full_name(queryset: QuerySet[Person], full_name: str) -> QuerySet[Person]:
    """The persons whose `full_name` ("first last", trimmed) is exactly `full_name`."""
    return queryset.alias(
        computed_full_name=Trim(Concat("first_name", Value(" "), "last_name"))
    ).filter(computed_full_name=full_name)

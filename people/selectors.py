"""Reads about people reused by several callers."""

from __future__ import annotations

from django.db.models import Q

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

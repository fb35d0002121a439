"""Budgets of attempts per client address and per account, counted in the cache.

Each budget reads "COUNT/SECONDS" (settings): at most COUNT attempts in each fixed window of
SECONDS. With Redis as the cache the counts are shared by every web worker. Account lockout
(`people.login`) still applies on top: these budgets also bound attempts spread over many
accounts from one address, and mails sent on request.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework import status

from people.auth_errors import AuthError
from people.selectors import person_for_login


class TooManyRequests(AuthError):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS

    def __init__(self, retry_after: int):
        super().__init__(
            f"Too many requests, retry in {retry_after} seconds.",
            extra={"retry_after": retry_after},
        )


@dataclass(frozen=True)
class Budget:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Budget:
        count, _, seconds = text.partition("/")
        return cls(int(count), int(seconds))


def _spend(scope: str, subject: str, budget: Budget, now: float) -> int | None:
    """Count one attempt; the seconds left in the window when the budget is exceeded."""
    window = int(now // budget.seconds)
    key = f"rate-{scope}-{subject}-{window}"
    cache.add(key, 0, budget.seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between the two calls: this is its first attempt
        cache.set(key, 1, budget.seconds)
        used = 1
    if used <= budget.count:
        return None
    return max(1, int(budget.seconds - now % budget.seconds))


def trusted_address(meta: dict[str, str]) -> str:
    """The client address as the outermost of `NUM_PROXIES` trusted proxies saw it; entries a
    client wrote into X-Forwarded-For itself are never believed."""
    if settings.NUM_PROXIES:
        forwarded = [item.strip() for item in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded and forwarded[0]:
            return forwarded[-min(settings.NUM_PROXIES, len(forwarded))]
    return meta.get("REMOTE_ADDR") or "unknown"


def _account_key(login: str) -> str:
    """The person's id, so that budgets follow the account however its login is spelled; the
    login itself for unknown ones, which get the same budget (their answers must not differ)."""
    person = person_for_login(login)
    return str(person.pk) if person is not None else login.strip().lower()


def spend_attempt(*, scope: str, meta: dict[str, str], login: str) -> None:
    """Count an attempt against the address's and the account's budgets of `scope`
    (`login` or `mail`); refuses with 429 once either is spent."""
    now = time.time()
    prefix = scope.upper()
    budgets = (
        ("ip", trusted_address(meta), getattr(settings, f"{prefix}_RATE_LIMIT_PER_IP")),
        ("account", _account_key(login), getattr(settings, f"{prefix}_RATE_LIMIT_PER_ACCOUNT")),
    )
    waits = [
        _spend(f"{scope}-{kind}", subject, Budget.parse(text), now)
        for kind, subject, text in budgets
    ]
    spent = [wait for wait in waits if wait is not None]
    if spent:
        raise TooManyRequests(max(spent))

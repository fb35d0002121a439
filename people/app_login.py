"""Logging a desktop app in through a person already logged in elsewhere (PKCE, RFC 7636).

The app makes a secret `code_verifier` and shows the person a link carrying its SHA-256 hash
(`code_challenge`); the logged-in person's browser trades the challenge for a short-lived,
single-use `code`, which the app, holding the verifier, trades for a session of its own. A
code is burnt at its first use, right or wrong, and never outlives five minutes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from django.core.cache import cache

from people.login import InactiveAccount, WrongCredentials
from people.models import Person

CODE_SECONDS = 5 * 60


class WrongCode(WrongCredentials):
    def __init__(self) -> None:
        super().__init__("Wrong or expired code.")


def _key(code: str) -> str:
    return f"app-login-{code}"


def challenge_of(verifier: str) -> str:
    """The S256 code challenge of a verifier: unpadded base64url of its SHA-256."""
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def app_login_code_create(*, person: Person, code_challenge: str) -> str:
    """A code the app can trade, with the matching verifier, for the person's session."""
    code = secrets.token_urlsafe(32)
    cache.set(_key(code), {"person_id": str(person.pk), "challenge": code_challenge}, CODE_SECONDS)
    return code


def app_login_person(*, code: str, code_verifier: str) -> Person:
    """The person who handed out `code`, if the verifier matches its challenge."""
    grant = cache.get(_key(code))
    if grant is None or not cache.delete(_key(code)):  # a concurrent trade won the code
        raise WrongCode()
    if not hmac.compare_digest(grant["challenge"], challenge_of(code_verifier)):
        raise WrongCode()
    person = Person.objects.filter(pk=grant["person_id"]).first()
    if person is None:
        raise WrongCode()
    if not person.active or not person.preview_window_open():
        raise InactiveAccount()
    return person

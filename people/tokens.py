"""JSON Web Tokens as the reference issues them, and their revocation.

Interactive logins get an access token (7 days) and a refresh token (15 days) carrying `sub`
(the person id), `identity_type` and `jti`; the access token also names its refresh token
(`refresh_jti`) so logging out revokes both. Bots and personal API tokens (`bot`,
`person_api`) are valid only while `Person.jti` equals their `jti`: issuing a new one or
deactivating the account ends the old one. Every token also carries the person's token
generation (`gen`); bumping it on deactivation refuses every earlier token for good.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import jwt
from django.conf import settings
from django.utils import timezone
from rest_framework import status
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from kitsu_site.api.errors import TokenRefused
from people.models import Person, RevokedToken
from people.two_factor import setup_required

IDENTITY_PERSON = "person"
IDENTITY_BOT = "bot"
IDENTITY_PERSON_API = "person_api"
API_TOKEN_LIFETIME = dt.timedelta(days=365 * 100)
GENERATION_CLAIM = "gen"
# Marks a restricted session: the person must set up a second factor first (ENFORCE_2FA).
SETUP_2FA_CLAIM = "requires_2fa_setup"


def issue_login_tokens(person: Person) -> dict[str, str]:
    """A fresh access/refresh pair for an interactive session."""
    refresh = RefreshToken.for_user(person)
    refresh["identity_type"] = IDENTITY_PERSON
    refresh[GENERATION_CLAIM] = person.token_generation
    if setup_required(person):
        refresh[SETUP_2FA_CLAIM] = True
    access = refresh.access_token
    access["refresh_jti"] = refresh["jti"]
    return {"access_token": str(access), "refresh_token": str(refresh)}


def issue_access_from_refresh(refresh_claims: dict[str, Any], person: Person) -> str:
    access = AccessToken.for_user(person)
    access["identity_type"] = refresh_claims.get("identity_type", IDENTITY_PERSON)
    access[GENERATION_CLAIM] = person.token_generation
    access["refresh_jti"] = refresh_claims["jti"]
    if setup_required(person):
        access[SETUP_2FA_CLAIM] = True
    return str(access)


def issue_api_token(person: Person) -> str:
    """A long-lived token for a bot (or a human's scripts); replaces the previous one.

    It expires at the end of `expiration_date` when the person has one. The caller saves
    `person.jti`.
    """
    token = AccessToken.for_user(person)
    token["identity_type"] = IDENTITY_BOT if person.is_bot else IDENTITY_PERSON_API
    token[GENERATION_CLAIM] = person.token_generation
    if person.expiration_date is not None:
        end_of_day = dt.datetime.combine(person.expiration_date, dt.time.max, tzinfo=dt.UTC)
        token.set_exp(from_time=timezone.now(), lifetime=end_of_day - timezone.now())
    else:
        token.set_exp(lifetime=API_TOKEN_LIFETIME)
    person.jti = token["jti"]
    return str(token)


def decode(raw: str, *, expected_type: str) -> dict[str, Any]:
    """The claims of a token of `expected_type`, or the reference's refusal."""
    try:
        claims = jwt.decode(
            raw,
            settings.SIMPLE_JWT["SIGNING_KEY"],
            algorithms=[settings.SIMPLE_JWT["ALGORITHM"]],
            options={"require": ["exp", "sub", "jti"]},
        )
    except jwt.ExpiredSignatureError:
        raise TokenRefused("Token has expired") from None
    except jwt.InvalidTokenError as error:
        raise TokenRefused(str(error), status.HTTP_422_UNPROCESSABLE_ENTITY) from None
    if claims.get("type") != expected_type:
        wording = "non-refresh" if expected_type == "access" else "refresh"
        raise TokenRefused(
            f"Only {wording} tokens are allowed", status.HTTP_422_UNPROCESSABLE_ENTITY
        )
    return claims


def person_for_claims(claims: dict[str, Any]) -> Person:
    """The account a valid, unrevoked token speaks for."""
    try:
        person_id = uuid.UUID(str(claims["sub"]))
    except ValueError:
        raise TokenRefused("Invalid subject", status.HTTP_422_UNPROCESSABLE_ENTITY) from None
    person = Person.objects.filter(pk=person_id).first()
    if person is None or is_revoked(claims, person):
        raise TokenRefused("Token has been revoked")
    return person


def is_revoked(claims: dict[str, Any], person: Person) -> bool:
    if not person.active or not person.preview_window_open():
        return True
    if claims.get(GENERATION_CLAIM, 0) != person.token_generation:
        return True
    if claims.get("identity_type") in (IDENTITY_BOT, IDENTITY_PERSON_API):
        return person.jti != claims["jti"]
    return RevokedToken.objects.filter(jti=claims["jti"]).exists()


def revoke(claims: dict[str, Any]) -> None:
    """Refuse the token (and, for an access token, its refresh token) from now on."""
    # Kept as long as the longest-lived token of the pair could still be presented.
    expires_at = timezone.now() + settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"]
    for jti in filter(None, (claims.get("jti"), claims.get("refresh_jti"))):
        RevokedToken.objects.get_or_create(jti=jti, defaults={"expires_at": expires_at})


def revoke_all_tokens(person: Person) -> None:
    """End every session and API token the person holds (deactivation, compromise)."""
    person.token_generation += 1
    person.jti = None
    person.save(update_fields=["token_generation", "jti", "updated_at"])


def purge_expired_revocations() -> int:
    """Forget revocations of tokens that have expired anyway; returns how many."""
    deleted, _ = RevokedToken.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted

"""Single sign-on: people log in through the studio's identity provider (OpenID Connect, SAML).

Both are off unless configured (settings OIDC_* and SAML_*). The provider vouches for an e-mail
address: the person with that address logs in, their name (and phone) following what the
provider says; someone the studio never registered gets an account (user role, no usable
password) within the user limit. Inactive accounts stay refused.
"""

from __future__ import annotations

import functools
from typing import Any

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.db import transaction

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import emit
from people.login import InactiveAccount
from people.models import Person
from people.services import person_create

PROFILE_FIELDS = ("first_name", "last_name", "phone")


class SSOFailed(WrongParameter):
    """The provider's answer could not be trusted or named nobody."""

    data_in_body = False


@transaction.atomic
def sso_person(*, email: str, profile: dict[str, str]) -> Person:
    """The active person the provider vouched for, created or brought up to date."""
    if not email:
        raise SSOFailed("The identity provider gave no e-mail address.")
    fields = {name: value for name, value in profile.items() if name in PROFILE_FIELDS and value}
    person = Person.objects.filter(email__iexact=email, is_bot=False).order_by("created_at").first()
    if person is None:
        person, _ = person_create(actor=None, fields={"email": email, **fields})
        return person
    if not person.active:
        raise InactiveAccount()
    changed = {name: value for name, value in fields.items() if getattr(person, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(person, name, value)
        person.save(update_fields=[*changed, "updated_at"])
        emit("person:update", {"person_id": person.id}, user_id=person.id)
    return person


# -- OpenID Connect ----------------------------------------------------------------------------
def oidc_enabled() -> bool:
    return bool(settings.OIDC_ENABLED and settings.OIDC_CLIENT_ID and settings.OIDC_DISCOVERY_URL)


@functools.lru_cache(maxsize=4)
def _oidc_client(client_id: str, client_secret: str, discovery_url: str) -> DjangoOAuth2App:
    registry = OAuth()
    return registry.register(
        "oidc",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=discovery_url,
        client_kwargs={"scope": settings.OIDC_SCOPE},
    )


def oidc_client() -> DjangoOAuth2App:
    """The provider's client (its discovery document is read once per configuration)."""
    return _oidc_client(
        settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET, settings.OIDC_DISCOVERY_URL
    )


def oidc_redirect_uri() -> str:
    return f"{settings.DOMAIN_URL}/api/auth/oidc/callback"


def oidc_profile(claims: dict[str, Any]) -> dict[str, str]:
    """Our profile fields from standard OIDC claims."""
    return {
        "first_name": claims.get("given_name") or "",
        "last_name": claims.get("family_name") or "",
        "phone": claims.get("phone_number") or "",
    }

"""Single sign-on: people log in through the studio's identity provider (OpenID Connect, SAML).

Both are off unless configured (settings OIDC_* and SAML_*). The provider vouches for an e-mail
address: the person with that address logs in, their name (and phone) following what the
provider says; someone the studio never registered gets an account (user role, no usable
password) within the user limit. Inactive accounts stay refused.
"""

from __future__ import annotations

import binascii
import functools
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from lxml import etree
from onelogin.saml2.auth import OneLogin_Saml2_Auth
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import changes_announced, emit
from people.login import InactiveAccount
from people.models import Person
from people.services import person_create
from people.wire import PERSON_MINIMAL_WIRE

logger = logging.getLogger(__name__)

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
        with changes_announced(PERSON_MINIMAL_WIRE, [person.pk]):
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


# -- SAML --------------------------------------------------------------------------------------
METADATA_FETCH_TIMEOUT = 10
SAML_FAILURES = (
    OneLogin_Saml2_Error,
    OneLogin_Saml2_ValidationError,
    etree.LxmlError,
    binascii.Error,
    ValueError,
)


def saml_enabled() -> bool:
    metadata = settings.SAML_METADATA_FILE or settings.SAML_METADATA_URL
    return bool(settings.SAML_ENABLED and settings.SAML_ENTITY_ID and metadata)


def saml_acs_url() -> str:
    return f"{settings.DOMAIN_URL}/api/auth/saml/sso"


def _fetch_metadata(url: str) -> str:
    response = requests.get(url, timeout=METADATA_FETCH_TIMEOUT)
    response.raise_for_status()
    return response.text


def _metadata_xml() -> str | bytes:
    """The provider's metadata: the local file when set, else the URL's (kept a while)."""
    if settings.SAML_METADATA_FILE:
        return Path(settings.SAML_METADATA_FILE).read_bytes()
    url = settings.SAML_METADATA_URL
    return cache.get_or_set(
        f"saml-metadata:{url}",
        lambda: _fetch_metadata(url),
        settings.SAML_METADATA_CACHE_SECONDS,
    )


def _idp_settings() -> dict[str, Any]:
    try:
        metadata = OneLogin_Saml2_IdPMetadataParser.parse(_metadata_xml())
    except (OSError, requests.RequestException, *SAML_FAILURES) as error:
        # The details (a local path, an internal URL) are for the operator, not the browser.
        logger.warning("SAML metadata cannot be read: %s", error)
        raise SSOFailed("The identity provider's metadata cannot be read.") from None
    if "idp" not in metadata:
        raise SSOFailed("The identity provider's metadata describes no identity provider.")
    return metadata


def _saml_auth(post_data: dict[str, str] | None = None) -> OneLogin_Saml2_Auth:
    """The library's view of one exchange, as seen at our public assertion consumer URL."""
    metadata = _idp_settings()
    name_id_format = metadata.get("sp", {}).get(
        "NameIDFormat", OneLogin_Saml2_Constants.NAMEID_EMAIL_ADDRESS
    )
    acs = urlsplit(saml_acs_url())
    request_data = {
        "https": "on" if acs.scheme == "https" else "off",
        "http_host": acs.netloc,
        "script_name": acs.path,
        "get_data": {},
        "post_data": post_data or {},
    }
    saml_settings = {
        "strict": True,
        "sp": {
            "entityId": settings.SAML_ENTITY_ID,
            "assertionConsumerService": {
                "url": saml_acs_url(),
                "binding": OneLogin_Saml2_Constants.BINDING_HTTP_POST,
            },
            "NameIDFormat": name_id_format,
        },
        "idp": metadata["idp"],
        "security": {
            "wantAssertionsSigned": True,
            "wantNameId": True,
            "wantAttributeStatement": False,
            "requestedAuthnContext": False,
            "rejectDeprecatedAlgorithm": True,
        },
    }
    try:
        return OneLogin_Saml2_Auth(request_data, saml_settings)
    except SAML_FAILURES as error:
        raise SSOFailed(f"SAML is misconfigured: {error}") from None


def saml_login_url() -> str:
    """The provider's sign-on page, carrying our authentication request."""
    return _saml_auth().login(return_to=settings.DOMAIN_URL)


def _first_values(attributes: dict[str, list[str]]) -> dict[str, str]:
    return {name: values[0] for name, values in attributes.items() if values}


def _claim_assertion_once(auth: OneLogin_Saml2_Auth) -> None:
    """Refuse an assertion presented again while it is still valid (a replay)."""
    # Strict validation only accepts bearer confirmations that carry NotOnOrAfter.
    valid_for = auth.get_last_assertion_not_on_or_after() - timezone.now().timestamp()
    key = f"saml-assertion:{auth.get_last_assertion_id()}"
    if not cache.add(key, True, max(int(valid_for) + 1, 1)):
        raise SSOFailed("SAML authentication failed: this assertion was already used.")


def saml_identity(saml_response: str) -> tuple[str, dict[str, str]]:
    """The e-mail and profile a signed, valid and fresh SAML response vouches for.

    The e-mail is the NameID, or the `email` attribute when the NameID is no address; the
    profile comes from the attributes `first_name`, `last_name` and `phone`.
    """
    if not saml_response:
        raise SSOFailed("SAMLResponse is missing.")
    auth = _saml_auth({"SAMLResponse": saml_response})
    try:
        auth.process_response()
    except SAML_FAILURES as error:
        raise SSOFailed(f"SAML authentication failed: {error}") from None
    if auth.get_errors() or not auth.is_authenticated():
        reason = auth.get_last_error_reason() or ", ".join(auth.get_errors())
        raise SSOFailed(f"SAML authentication failed: {reason}")
    _claim_assertion_once(auth)
    attributes = _first_values(auth.get_attributes())
    name_id = auth.get_nameid() or ""
    email = name_id if "@" in name_id else attributes.get("email", "")
    return email, attributes

"""The WebAuthn ceremonies behind FIDO security keys (the `webauthn` library does the checks).

- Registration: `registration_options` hands the browser a challenge, remembered for the person
  (a new one replaces it); `verified_credential` checks the authenticator's answer against it
  and forgets it, so a challenge serves once.
- Login: `authentication_options` hands out a challenge for a person's keys, remembered on its
  own (several may be pending, and asking for one never cancels another); `assertion_is_valid`
  burns the challenge the assertion answers, checks the signature with the stored public key
  and moves the key's signature counter forward.

Challenges live in the cache (Redis in production), so any web worker can finish a ceremony.
Credentials are stored on the person as `{device_name, credential_id, public_key, sign_count}`
with the binary values in base64url.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
    parse_client_data_json,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorAttachment,
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from people.auth_errors import AuthError
from people.models import Person

CHALLENGE_SECONDS = 5 * 60
RP_NAME = "Kitsu"
# What a malformed answer from the browser may raise while being decoded and checked.
CEREMONY_ERRORS = (WebAuthnException, ValueError, TypeError, KeyError, AttributeError)


def relying_party() -> tuple[str, str]:
    """The relying party id (the host name) and the origin browsers report, from DOMAIN_URL."""
    url = urlsplit(settings.DOMAIN_URL)
    return url.hostname or "localhost", f"{url.scheme}://{url.netloc}"


def _registration_key(person: Person) -> str:
    return f"fido-registration-{person.pk}"


def _authentication_key(person: Person, challenge: bytes) -> str:
    return f"fido-authentication-{person.pk}-{bytes_to_base64url(challenge)}"


def _descriptors(person: Person) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(device["credential_id"]))
        for device in person.fido_credentials
    ]


def _as_dict(options: Any) -> dict[str, Any]:
    return json.loads(options_to_json(options))


def registration_options(person: Person) -> dict[str, Any]:
    """The options for `navigator.credentials.create()`; the person's keys are excluded."""
    rp_id, _ = relying_party()
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_name=person.email,
        user_id=str(person.pk).encode(),
        user_display_name=person.full_name,
        exclude_credentials=_descriptors(person),
        authenticator_selection=AuthenticatorSelectionCriteria(
            authenticator_attachment=AuthenticatorAttachment.CROSS_PLATFORM,
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    cache.set(_registration_key(person), options.challenge, CHALLENGE_SECONDS)
    return _as_dict(options)


def verified_credential(
    person: Person, response: dict[str, Any], device_name: str
) -> dict[str, Any]:
    """The credential to store for a registration answer; refusals as the reference words them."""
    challenge = cache.get(_registration_key(person))
    if challenge is None:
        raise AuthError("No preregistration before.")
    rp_id, origin = relying_party()
    try:
        verified = verify_registration_response(
            credential=response,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except CEREMONY_ERRORS:
        raise AuthError(
            "FIDO server exception your registration response is probly wrong."
        ) from None
    cache.delete(_registration_key(person))
    credential_id = bytes_to_base64url(verified.credential_id)
    if any(device["credential_id"] == credential_id for device in person.fido_credentials):
        raise AuthError("FIDO device already registered.")
    return {
        "device_name": device_name,
        "credential_id": credential_id,
        "public_key": bytes_to_base64url(verified.credential_public_key),
        "sign_count": verified.sign_count,
    }


def authentication_options(person: Person) -> dict[str, Any]:
    """The options for `navigator.credentials.get()` over the person's registered keys."""
    rp_id, _ = relying_party()
    options = generate_authentication_options(rp_id=rp_id, allow_credentials=_descriptors(person))
    cache.set(_authentication_key(person, options.challenge), True, CHALLENGE_SECONDS)
    return _as_dict(options)


def _burn_challenge(person: Person, client_data_json: bytes) -> bytes | None:
    """The challenge the assertion answers, if it was handed out to this person and unused."""
    challenge = parse_client_data_json(client_data_json).challenge
    return challenge if cache.delete(_authentication_key(person, challenge)) else None


def assertion_is_valid(person: Person, response: Any) -> bool:
    """Whether `response` is a fresh assertion signed by one of the person's keys."""
    if not isinstance(response, dict) or not person.fido_credentials:
        return False
    try:
        credential = parse_authentication_credential_json(response)
        challenge = _burn_challenge(person, credential.response.client_data_json)
        device = next(
            device
            for device in person.fido_credentials
            if device["credential_id"] == bytes_to_base64url(credential.raw_id)
        )
        if challenge is None:
            return False
        rp_id, origin = relying_party()
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=base64url_to_bytes(device["public_key"]),
            credential_current_sign_count=device["sign_count"],
        )
    except (*CEREMONY_ERRORS, StopIteration):
        return False
    device["sign_count"] = verified.new_sign_count
    person.save(update_fields=["fido_credentials", "updated_at"])
    return True

"""Second factors: TOTP apps, codes sent by e-mail, and single-use recovery codes.

The first method a person enables becomes the preferred one and brings 16 recovery codes;
disabling the last method clears them. Recovery codes are stored hashed and burnt on use.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyotp
from django.conf import settings
from django.core.mail import send_mail

from people import fido
from people.auth_errors import AuthError, WrongOTP
from people.models import Organisation, Person, TwoFactorMethod

RECOVERY_CODE_COUNT = 16
RECOVERY_CODE_LENGTH = 10
RECOVERY_ALPHABET = string.ascii_uppercase + string.digits
EMAIL_OTP_INTERVAL = 5 * 60


def enabled_methods(person: Person) -> list[str]:
    methods = [
        (person.totp_enabled, TwoFactorMethod.TOTP),
        (person.email_otp_enabled, TwoFactorMethod.EMAIL_OTP),
        (person.fido_enabled, TwoFactorMethod.FIDO),
    ]
    return [str(method) for enabled, method in methods if enabled]


def has_two_factor(person: Person) -> bool:
    return bool(enabled_methods(person))


def setup_required(person: Person) -> bool:
    """With ENFORCE_2FA, a person without a second factor may only set one up (bots and the
    e-mails of 2FA_EXEMPT_USERS excepted)."""
    return (
        settings.ENFORCE_2FA
        and not person.is_bot
        and person.email.lower() not in settings.TWO_FACTOR_EXEMPT_USERS
        and not has_two_factor(person)
    )


# -- recovery codes ----------------------------------------------------------------------------
def _hash_code(code: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}:{code.strip().upper()}".encode()).hexdigest()
    return f"{salt}${digest}"


def new_recovery_codes(person: Person) -> list[str]:
    """Replace the person's recovery codes; the plain codes are shown once, here."""
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    person.otp_recovery_codes = [_hash_code(code, secrets.token_hex(8)) for code in codes]
    return codes


def burn_recovery_code(person: Person, code: str) -> bool:
    """True, and the code is gone, when `code` is one of the person's unused codes."""
    for stored in person.otp_recovery_codes:
        salt = stored.split("$", 1)[0]
        if hmac.compare_digest(stored, _hash_code(code, salt)):
            person.otp_recovery_codes = [
                item for item in person.otp_recovery_codes if item != stored
            ]
            person.save(update_fields=["otp_recovery_codes", "updated_at"])
            return True
    return False


# -- checking a second factor ------------------------------------------------------------------
def _verify(generator: pyotp.TOTP, code: Any) -> bool:
    return generator.verify(str(code), valid_window=1)


def _email_otp_window() -> int:
    return int(time.time() // EMAIL_OTP_INTERVAL)


def _email_otp_code(person: Person, window: int) -> str:
    return pyotp.HOTP(person.email_otp_secret).at(window)


def _verify_email_otp(person: Person, code: Any) -> bool:
    """A mailed code is good in its five-minute window and the next one."""
    if not person.email_otp_secret:
        return False
    given = str(code).strip()
    window = _email_otp_window()
    return any(
        hmac.compare_digest(given, _email_otp_code(person, counter))
        for counter in (window, window - 1)
    )


def verify_second_factor(person: Person, factors: dict[str, Any]) -> bool:
    """Whether one of the proofs given (`totp`, `email_otp`, `fido_authentication_response`,
    `recovery_code`) is right."""
    totp, email_otp, recovery = (factors.get(key) for key in ("totp", "email_otp", "recovery_code"))
    if totp and person.totp_enabled and _verify(pyotp.TOTP(person.totp_secret), totp):
        return True
    if email_otp and person.email_otp_enabled and _verify_email_otp(person, email_otp):
        return True
    assertion = factors.get("fido_authentication_response")
    if assertion and person.fido_enabled and fido.assertion_is_valid(person, assertion):
        return True
    return (
        bool(recovery)
        and bool(person.otp_recovery_codes)
        and burn_recovery_code(person, str(recovery))
    )


def given_factors(factors: dict[str, Any]) -> bool:
    return any(
        factors.get(key)
        for key in ("totp", "email_otp", "recovery_code", "fido_authentication_response")
    )


def require_second_factor(person: Person, factors: dict[str, Any]) -> None:
    if not has_two_factor(person):
        raise AuthError("No two factor authentication enabled.")
    if not verify_second_factor(person, factors):
        raise WrongOTP()


# -- enabling and disabling --------------------------------------------------------------------
def _after_enable(person: Person, method: str) -> list[str] | None:
    first_method = not has_two_factor(person)
    if person.preferred_two_factor_authentication is None:
        person.preferred_two_factor_authentication = method
    return new_recovery_codes(person) if first_method or not person.otp_recovery_codes else None


def _after_disable(person: Person, method: str) -> None:
    remaining = enabled_methods(person)
    if person.preferred_two_factor_authentication == method:
        person.preferred_two_factor_authentication = remaining[0] if remaining else None
    if not remaining:
        person.otp_recovery_codes = []


@dataclass(frozen=True)
class Factor:
    """A second factor as stored on the person, and as the reference's messages name it."""

    method: str
    enabled_field: str
    secret_field: str
    label: str


TOTP_FACTOR = Factor(TwoFactorMethod.TOTP, "totp_enabled", "totp_secret", "TOTP")
EMAIL_OTP_FACTOR = Factor(
    TwoFactorMethod.EMAIL_OTP, "email_otp_enabled", "email_otp_secret", "OTP by email"
)


def _check_not_enabled(person: Person, factor: Factor) -> None:
    if getattr(person, factor.enabled_field):
        raise AuthError(f"{factor.label} already enabled.")


def _pre_enable(person: Person, factor: Factor) -> None:
    """A fresh secret for a factor being set up; it is enabled once a code checks out."""
    _check_not_enabled(person, factor)
    setattr(person, factor.secret_field, pyotp.random_base32())
    person.save(update_fields=[factor.secret_field, "updated_at"])


def _enable(person: Person, factor: Factor, verify: Callable[[], bool]) -> list[str] | None:
    _check_not_enabled(person, factor)
    if not verify():
        raise WrongOTP(f"{factor.label} verification failed.")
    codes = _after_enable(person, factor.method)
    setattr(person, factor.enabled_field, True)
    person.save()
    return codes


def _disable(person: Person, factor: Factor, factors: dict[str, Any]) -> None:
    if not getattr(person, factor.enabled_field):
        raise AuthError(f"{factor.label} not enabled.")
    require_second_factor(person, factors)
    setattr(person, factor.enabled_field, False)
    setattr(person, factor.secret_field, None)
    _after_disable(person, factor.method)
    person.save()


def totp_pre_enable(person: Person) -> dict[str, str]:
    _pre_enable(person, TOTP_FACTOR)
    issuer = f"Kitsu {Organisation.current().name}"
    uri = pyotp.TOTP(person.totp_secret).provisioning_uri(name=person.email, issuer_name=issuer)
    return {"totp_provisionning_uri": uri, "otp_secret": person.totp_secret}


def totp_enable(person: Person, code: str) -> list[str] | None:
    def verify() -> bool:
        return bool(person.totp_secret) and _verify(pyotp.TOTP(person.totp_secret), code)

    return _enable(person, TOTP_FACTOR, verify)


def totp_disable(person: Person, factors: dict[str, Any]) -> None:
    _disable(person, TOTP_FACTOR, factors)


def email_otp_send(person: Person) -> None:
    """Mail the current code to a person who uses (or is setting up) codes by e-mail."""
    if not person.email_otp_secret:
        return
    code = _email_otp_code(person, _email_otp_window())
    send_mail(
        subject="Your Kitsu verification code",
        message=f"Your verification code is {code}. It is valid for five minutes.",
        from_email=None,
        recipient_list=[person.email],
    )


def email_otp_pre_enable(person: Person) -> None:
    _pre_enable(person, EMAIL_OTP_FACTOR)
    email_otp_send(person)


def email_otp_enable(person: Person, code: str) -> list[str] | None:
    return _enable(person, EMAIL_OTP_FACTOR, lambda: _verify_email_otp(person, code))


def email_otp_disable(person: Person, factors: dict[str, Any]) -> None:
    _disable(person, EMAIL_OTP_FACTOR, factors)


def recovery_codes_renew(person: Person, factors: dict[str, Any]) -> list[str]:
    require_second_factor(person, factors)
    codes = new_recovery_codes(person)
    person.save(update_fields=["otp_recovery_codes", "updated_at"])
    return codes


def fido_register(person: Person, response: dict[str, Any], device_name: str) -> list[str] | None:
    """Add a security key once its registration answer checks out; FIDO is then enabled."""
    credential = fido.verified_credential(person, response, device_name)
    codes = _after_enable(person, TwoFactorMethod.FIDO)
    person.fido_credentials = [*person.fido_credentials, credential]
    person.fido_enabled = True
    person.save()
    return codes


def fido_login_options(person: Person | None) -> dict[str, Any]:
    """The login challenge over a person's keys; refused alike for unknown people."""
    if person is None or not person.active or not person.fido_enabled:
        raise AuthError("FIDO not enabled.")
    return fido.authentication_options(person)


def fido_unregister(person: Person, device_name: str, factors: dict[str, Any]) -> None:
    """Remove the first key of that name (none: nothing to do); the last one disables FIDO."""
    if not person.fido_enabled:
        raise AuthError("FIDO not enabled.")
    require_second_factor(person, factors)
    devices = person.fido_credentials
    names = [device.get("device_name") for device in devices]
    if device_name in names:
        del devices[names.index(device_name)]
    if not devices:
        person.fido_enabled = False
        _after_disable(person, TwoFactorMethod.FIDO)
    person.save()

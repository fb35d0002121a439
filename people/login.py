"""Logging in, changing and resetting passwords, with the reference's rules and answers.

- unknown account and wrong password get the same body, and cost the same hashing time;
- five failures lock the account for a minute (even the right password is refused then);
  once the minute is over the counter starts again; a success resets it;
- an inactive account is told so only after its password was right;
- accounts with a second factor need one of their codes; a wrong code counts as a failure.

Login and password change are not wrapped in a transaction on purpose: a refusal must keep the
failure it counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from kitsu_site.api.errors import ApiError, Forbidden
from people.models import LoginLog, Person
from people.selectors import person_for_login
from people.tokens import revoke_all_tokens
from people.two_factor import (
    AuthError,
    enabled_methods,
    given_factors,
    has_two_factor,
    verify_second_factor,
)


class LoginRefused(ApiError):
    """A refused login: the body carries `login: false` and the reason's flag."""

    def body(self) -> dict[str, Any]:
        return {"error": True, "login": False, "message": self.message, **self.extra}


class WrongCredentials(LoginRefused):
    def __init__(self, message: str = "Wrong email or password.") -> None:
        super().__init__(message)

    def body(self) -> dict[str, Any]:
        return {"login": False, "message": self.message}


class AccountLocked(LoginRefused):
    def __init__(self) -> None:
        super().__init__(
            "Too many failed login attempts, retry in a minute.",
            extra={"too_many_failed_login_attemps": True},
        )


class InactiveAccount(LoginRefused):
    status_code = 401

    def __init__(self) -> None:
        super().__init__("User is unactive, he cannot log in.", extra={"unactive": True})


def is_locked(person: Person) -> bool:
    """Five failures lock the account for a minute after the last one."""
    if person.login_failed_attemps < settings.LOGIN_LOCKOUT_ATTEMPTS:
        return False
    last = person.last_login_failed
    return (
        last is not None
        and (timezone.now() - last).total_seconds() < settings.LOGIN_LOCKOUT_SECONDS
    )


def register_failure(person: Person) -> None:
    """Count a failure. Failures add up however far apart they are; only a streak that locked
    the account and whose minute is over starts again from one (as the reference does).

    One UPDATE, so that concurrent guesses cannot overwrite each other's count.
    """
    now = timezone.now()
    window_start = now - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    Person.objects.filter(pk=person.pk).update(
        login_failed_attemps=Case(
            When(
                login_failed_attemps__gte=settings.LOGIN_LOCKOUT_ATTEMPTS,
                last_login_failed__lte=window_start,
                then=Value(1),
            ),
            default=F("login_failed_attemps") + 1,
        ),
        last_login_failed=now,
    )
    person.refresh_from_db(fields=["login_failed_attemps", "last_login_failed"])


def clear_failures(person: Person) -> None:
    if person.login_failed_attemps:
        person.login_failed_attemps = 0
        person.save(update_fields=["login_failed_attemps"])


def check_password(person: Person, password: str) -> bool:
    """The password check shared by login and password change: lockout and counting apply."""
    if is_locked(person):
        raise AccountLocked()
    if person.check_password(password):
        return True
    register_failure(person)
    return False


def _check_second_factor(person: Person, factors: dict[str, Any]) -> None:
    if not given_factors(factors):
        raise LoginRefused(
            "A two-factor authentication code is required.",
            extra={
                "missing_OTP": True,
                "preferred_two_factor_authentication": person.preferred_two_factor_authentication,
                "two_factor_authentication_enabled": ["recovery_code", *enabled_methods(person)],
            },
        )
    if not verify_second_factor(person, factors):
        register_failure(person)
        raise LoginRefused("Wrong two-factor authentication code.", extra={"wrong_OTP": True})


def log_in(
    *, login: str, password: str, factors: dict[str, Any], ip: str | None, origin: str
) -> Person:
    """The person behind valid credentials, with the login recorded; raises the refusals."""
    person = person_for_login(login)
    if person is None:
        Person().set_password(password)  # same cost whether the account exists or not
        raise WrongCredentials()
    if not check_password(person, password):
        raise WrongCredentials()
    if not person.active or not person.preview_window_open():
        raise InactiveAccount()
    if has_two_factor(person):
        _check_second_factor(person, factors)
    clear_failures(person)
    LoginLog.objects.create(person=person, ip_address=ip, origin=origin)
    return person


def check_new_password(password: str, confirmation: str) -> None:
    """The length rule is checked before the confirmation, as the reference does."""
    if len(password) < settings.MIN_PASSWORD_LENGTH:
        raise AuthError("Password is too short.")
    if password != confirmation:
        raise AuthError("Confirmation password doesn't match.")


def password_change(*, person: Person, old_password: str, password: str, confirmation: str) -> None:
    """Set a new password for a person who knows the old one; lockout and counting apply.
    Every token issued before is revoked (a thief's session ends with the old password)."""
    if is_locked(person):
        raise AuthError(
            "Too many failed login attempts.", extra={"too_many_failed_login_attemps": True}
        )
    if not check_password(person, old_password):
        raise AuthError("Old password is wrong.")
    check_new_password(password, confirmation)
    person.set_password(password)
    person.save(update_fields=["password", "updated_at"])
    revoke_all_tokens(person)
    send_mail(
        subject="Your Kitsu password was changed",
        message="Your password was just changed. If you did not do it, contact your studio.",
        from_email=None,
        recipient_list=[person.email],
    )


def _resettable(email: str) -> Person | None:
    person = person_for_login(email)
    return (
        person
        if person is not None and person.active and person.email.lower() == email.lower()
        else None
    )


def password_reset_request(*, email: str) -> None:
    """Mail a reset link valid for two hours; silent when nobody owns the address."""
    person = _resettable(email)
    if person is None:
        return
    token = default_token_generator.make_token(person)
    link = f"{settings.DOMAIN_URL}/reset-change-password/{token}?email={person.email}"
    send_mail(
        subject="Kitsu password reset",
        message=f"Someone asked to reset your password. To choose a new one, open:\n{link}\n"
        "The link works for two hours. If you did not ask for it, ignore this e-mail.",
        from_email=None,
        recipient_list=[person.email],
    )


@transaction.atomic
def password_reset(*, email: str, token: str, password: str, confirmation: str) -> None:
    """Set a new password with a reset token; the token and every session then stop working."""
    person = _resettable(email)
    if person is None or not default_token_generator.check_token(person, token):
        raise AuthError("Wrong or expired token.")
    check_new_password(password, confirmation)
    person.set_password(password)
    person.login_failed_attemps = 0
    person.save(update_fields=["password", "login_failed_attemps", "updated_at"])
    revoke_all_tokens(person)


def require_interactive(person: Person, claims: dict[str, Any]) -> None:
    """Routes about one's own session refuse bots, whatever identity their token claims."""
    if person.is_bot or claims.get("identity_type") == "bot":
        raise Forbidden()

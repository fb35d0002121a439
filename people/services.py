"""Writes about people, with the reference rules: user limit, unique e-mails among humans,
protected accounts, fields only admins may change, bot tokens, events."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ProtectedError

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.events import emit
from people.models import LoginLog, Person, Role
from people.selectors import active_person_count
from people.tokens import issue_api_token, revoke_all_tokens

# A non-admin editing his own account cannot touch these.
ADMIN_ONLY_PERSON_FIELDS = (
    "role",
    "departments",
    "active",
    "is_bot",
    "archived",
    "studio",
    "is_generated_from_ldap",
    "ldap_uid",
    "is_guest",
    "expiration_date",
    "daily_salary",
)
LINKED_DATA_MESSAGE = "Some data are still linked to given person."


def is_protected(person: Person) -> bool:
    return person.email in settings.PROTECTED_ACCOUNTS


def _check_email_free(email: str | None, *, is_bot: bool, exclude: Person | None = None) -> None:
    if not email or is_bot:
        return
    clash = Person.objects.filter(email__iexact=email, is_bot=False)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise WrongParameter("Email already in use.")


def _check_user_limit(*, active: bool, is_bot: bool, is_guest: bool) -> None:
    if active and not is_bot and not is_guest and active_person_count() >= settings.USER_LIMIT:
        raise WrongParameter("User limit reached.")


def _apply(person: Person, fields: dict[str, Any]) -> None:
    departments = fields.pop("departments", None)
    password = fields.pop("password", None)
    for name, value in fields.items():
        setattr(person, name, value)
    if password:
        person.set_password(password)
    person.save()
    if departments is not None:
        person.departments.set(departments)


@transaction.atomic
def person_create(*, actor: Person | None, fields: dict[str, Any]) -> tuple[Person, str | None]:
    """Create an account; bots come back with their API token (the only time it is shown)."""
    is_bot = fields.get("is_bot", False)
    _check_user_limit(
        active=fields.get("active", True), is_bot=is_bot, is_guest=fields.get("is_guest", False)
    )
    _check_email_free(fields.get("email"), is_bot=is_bot)
    person = Person()
    if not fields.get("password"):
        person.set_unusable_password()
    _apply(person, dict(fields))
    api_token = _renew_api_token(person) if is_bot else None
    emit("person:new", {"person_id": person.id}, user_id=actor and actor.id)
    return person, api_token


def _renew_api_token(person: Person) -> str:
    token = issue_api_token(person)
    person.save(update_fields=["jti", "updated_at"])
    return token


def editable_fields(*, actor: Person, fields: dict[str, Any]) -> dict[str, Any]:
    """What `actor` may change on an account: non-admins never change their standing."""
    if actor.is_admin:
        return fields
    return {name: value for name, value in fields.items() if name not in ADMIN_ONLY_PERSON_FIELDS}


@transaction.atomic
def person_update(
    *, actor: Person, person: Person, fields: dict[str, Any]
) -> tuple[Person, str | None]:
    """Update an account; a bot whose expiration date changes gets a new token."""
    fields = editable_fields(actor=actor, fields=fields)
    if is_protected(person) and actor.pk != person.pk:
        demoted = "role" in fields and fields["role"] != person.role
        if demoted or fields.get("active") is False:
            raise Forbidden("This account is protected.")
    if "email" in fields:
        _check_email_free(
            fields["email"], is_bot=fields.get("is_bot", person.is_bot), exclude=person
        )
    if fields.get("active") and not person.active:
        _check_user_limit(active=True, is_bot=person.is_bot, is_guest=person.is_guest)
    new_expiration = (
        "expiration_date" in fields and fields["expiration_date"] != person.expiration_date
    )
    deactivated = person.active and fields.get("active") is False
    _apply(person, dict(fields))
    if deactivated:
        revoke_all_tokens(person)
    api_token = _renew_api_token(person) if person.is_bot and new_expiration else None
    emit("person:update", {"person_id": person.id}, user_id=actor.id)
    return person, api_token


@transaction.atomic
def person_delete(*, actor: Person, person: Person, force: bool = False) -> None:
    """Delete an account. Accounts with history are kept unless `force` removes it too."""
    if person.pk == actor.pk or is_protected(person):
        raise Forbidden()
    person_id = person.id
    if force:
        LoginLog.objects.filter(person=person).delete()
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError:
        raise WrongParameter(LINKED_DATA_MESSAGE) from None
    emit("person:delete", {"person_id": person_id}, user_id=actor.id)


@transaction.atomic
def admin_create_or_promote(
    *, email: str, password: str, first_name: str, last_name: str
) -> tuple[Person, bool]:
    """The operator's way in: an admin account with this password, created or promoted."""
    try:
        validate_email(email)
    except ValidationError:
        raise WrongParameter(f"Invalid e-mail address: {email}") from None
    if len(password) < settings.MIN_PASSWORD_LENGTH:
        raise WrongParameter("Password is too short.")
    person = Person.objects.filter(email__iexact=email, is_bot=False).first()
    created = person is None
    if created:
        person = Person(email=email, first_name=first_name, last_name=last_name)
    person.role = Role.ADMIN
    person.active = True
    person.set_password(password)
    person.save()
    emit("person:new" if created else "person:update", {"person_id": person.id})
    return person, created


@transaction.atomic
def person_deactivate(*, actor: Person, person: Person) -> Person:
    """Turn an account off: it can no longer log in and its tokens stop working.

    Nobody turns his own account off (that would lock the actor out of the console); protected
    accounts stay on, as `person_update` enforces.
    """
    if person.pk == actor.pk:
        raise Forbidden("You cannot deactivate your own account.")
    person, _ = person_update(actor=actor, person=person, fields={"active": False})
    return person

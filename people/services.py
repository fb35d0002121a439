"""Writes about people, with the reference rules: user limit, unique e-mails among humans,
protected accounts, fields only admins may change, bot tokens, events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import ProtectedError

from kitsu_site.api.errors import Forbidden, WrongParameter, validation_error
from kitsu_site.api.events import announcing_changes, changes_announced, emit
from people.models import (
    Chat,
    ChatMessage,
    Department,
    DepartmentLink,
    DesktopLoginLog,
    HardwareItem,
    HardwareItemDepartmentLink,
    LoginLog,
    Organisation,
    Person,
    Role,
    Software,
    SoftwareDepartmentLink,
)
from people.selectors import active_person_count
from people.thumbnails import person_thumbnail_delete
from people.tokens import issue_api_token, revoke_all_tokens
from people.two_factor import AuthError, has_two_factor
from people.wire import PERSON_MINIMAL_WIRE
from reviews.services.comments import store_attachment

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


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
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
    with changes_announced(PERSON_MINIMAL_WIRE, [] if created else [person.pk]):
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


# -- account actions by an admin ---------------------------------------------------------------
PROTECTED_PASSWORD_MESSAGE = "The password of a protected account cannot be changed by others."


@transaction.atomic
def person_password_set(*, actor: Person, person: Person, password: str, confirmation: str) -> None:
    """An admin sets someone's password: the confirmation must match, then the length rule.

    Protected accounts keep their password unless their owner changes it.
    """
    if is_protected(person) and actor.pk != person.pk:
        raise WrongParameter(PROTECTED_PASSWORD_MESSAGE)
    if password != confirmation:
        raise validation_error(("", "Value error, Confirmation password doesn't match."))
    if len(password) < settings.MIN_PASSWORD_LENGTH:
        raise AuthError("Password is too short.")
    person.set_password(password)
    person.login_failed_attemps = 0
    person.save(update_fields=["password", "login_failed_attemps", "updated_at"])
    revoke_all_tokens(person)  # whoever knew the old password loses their sessions too


def person_reset_link(*, person: Person) -> str:
    """A link to choose a new password, with the same token `/auth/reset-password` checks."""
    token = default_token_generator.make_token(person)
    query = urlencode({"email": person.email, "token": token})
    return f"{settings.DOMAIN_URL}/reset-change-password?{query}"


def person_invite(*, actor: Person, person: Person) -> None:
    """Mail the person an invitation to Kitsu, with a link to choose a password."""
    organisation = Organisation.current()
    link = person_reset_link(person=person)
    send_mail(
        subject=f"You are invited by {actor.full_name} to join {organisation.name} on Kitsu",
        message=(
            f"Hello {person.first_name},\n\n{actor.full_name} invites you to collaborate on "
            f"{organisation.name} with Kitsu. Your login is {person.email}.\n"
            f"To choose your password, open:\n{link}\n"
        ),
        from_email=None,
        recipient_list=[person.email],
    )


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
@transaction.atomic
def person_two_factor_disable(*, actor: Person, person: Person) -> None:
    """Turn every second factor of a person off (a lost phone), with their secrets."""
    if not has_two_factor(person):
        raise AuthError("Two factor authentication not enabled for this user.")
    person.totp_enabled = False
    person.totp_secret = None
    person.email_otp_enabled = False
    person.email_otp_secret = None
    person.fido_enabled = False
    person.fido_credentials = []
    person.otp_recovery_codes = []
    person.preferred_two_factor_authentication = None
    person.save()
    emit("person:update", {"person_id": person.id}, user_id=actor.id)


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
@transaction.atomic
def person_avatar_clear(*, actor: Person, person: Person) -> None:
    """Forget a person's avatar and remove its picture from the store."""
    person.has_avatar = False
    person.save(update_fields=["has_avatar", "updated_at"])
    transaction.on_commit(lambda: person_thumbnail_delete(person_id=person.id))
    emit("person:update", {"person_id": person.id}, user_id=actor.id)


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
@transaction.atomic
def person_department_add(*, actor: Person, person: Person, department: Department) -> Person:
    """Put a person in a department (nothing changes when already in it)."""
    DepartmentLink.objects.get_or_create(person=person, department=department)
    emit("person:update", {"person_id": person.id}, user_id=actor.id)
    return person


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
@transaction.atomic
def person_department_remove(*, actor: Person, person: Person, department: Department) -> None:
    DepartmentLink.objects.filter(person=person, department=department).delete()
    emit("person:update", {"person_id": person.id}, user_id=actor.id)


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
@transaction.atomic
def desktop_login_record(*, actor: Person, person: Person, date: dt.datetime) -> DesktopLoginLog:
    """Record a workstation login; the person counts as present that day."""
    log = DesktopLoginLog.objects.create(person=person, date=date)
    person.last_presence = date.date()
    person.save(update_fields=["last_presence", "updated_at"])
    emit("person:update", {"person_id": person.id}, user_id=actor.id)
    return log


# -- equipment per department ------------------------------------------------------------------
@transaction.atomic
def department_software_add(
    *, department: Department, software: Software
) -> SoftwareDepartmentLink:
    link, _ = SoftwareDepartmentLink.objects.get_or_create(department=department, software=software)
    return link


@transaction.atomic
def department_software_remove(*, department: Department, software: Software) -> None:
    SoftwareDepartmentLink.objects.filter(department=department, software=software).delete()


@transaction.atomic
def department_hardware_item_add(
    *, department: Department, hardware_item: HardwareItem
) -> HardwareItemDepartmentLink:
    link, _ = HardwareItemDepartmentLink.objects.get_or_create(
        department=department, hardware_item=hardware_item
    )
    return link


@transaction.atomic
def department_hardware_item_remove(*, department: Department, hardware_item: HardwareItem) -> None:
    HardwareItemDepartmentLink.objects.filter(
        department=department, hardware_item=hardware_item
    ).delete()


# -- chats -------------------------------------------------------------------------------------
NOT_PARTICIPANT_MESSAGE = "You are not a participant of this chat"


def _chat_event(name: str, chat: Chat, data: dict[str, Any], *, actor: Person, project_id: Any):
    # Chat events are live notices only: the reference does not keep them in the event log.
    emit(name, {"chat_id": chat.id, **data}, project_id=project_id, user_id=actor.id, persist=False)


@transaction.atomic
def chat_for_entity(*, entity_id: Any) -> Chat:
    """The entity's chat, opened the first time anyone looks at it."""
    chat = Chat.objects.filter(object_id=entity_id).order_by("created_at").first()
    if chat is None:
        chat = Chat.objects.create(object_id=entity_id, object_type="entity")
    return chat


@transaction.atomic
def chat_join(*, person: Person, entity_id: Any, project_id: Any) -> Chat:
    chat = chat_for_entity(entity_id=entity_id)
    chat.participants.add(person)
    chat.save(update_fields=["updated_at"])
    _chat_event("chat:joined", chat, {"person_id": person.id}, actor=person, project_id=project_id)
    return chat


@transaction.atomic
def chat_leave(*, person: Person, entity_id: Any, project_id: Any) -> None:
    chat = chat_for_entity(entity_id=entity_id)
    chat.participants.remove(person)
    chat.save(update_fields=["updated_at"])
    _chat_event("chat:left", chat, {"person_id": person.id}, actor=person, project_id=project_id)


@transaction.atomic
def chat_message_create(
    *,
    person: Person,
    entity_id: Any,
    project_id: Any,
    text: str,
    files: Sequence[UploadedFile] = (),
) -> ChatMessage:
    """Post in an entity's chat, with attached files: only its participants may."""
    chat = chat_for_entity(entity_id=entity_id)
    if not chat.participants.filter(pk=person.pk).exists():
        raise WrongParameter(NOT_PARTICIPANT_MESSAGE)
    message = ChatMessage.objects.create(chat=chat, person=person, text=text)
    for upload in files:
        store_attachment(upload=upload, comment=None, chat_message_id=message.id)
    chat.last_message = message.created_at
    chat.save(update_fields=["last_message", "updated_at"])
    _chat_event(
        "chat:new-message",
        chat,
        {"chat_message_id": message.id},
        actor=person,
        project_id=project_id,
    )
    return message


@transaction.atomic
def chat_message_delete(*, actor: Person, message: ChatMessage, project_id: Any) -> None:
    """Authors delete their own messages; admins any."""
    if not (actor.is_admin or message.person_id == actor.pk):
        raise Forbidden()
    chat, message_id = message.chat, message.id
    message.delete()
    _chat_event(
        "chat:deleted-message",
        chat,
        {"chat_message_id": message_id},
        actor=actor,
        project_id=project_id,
    )

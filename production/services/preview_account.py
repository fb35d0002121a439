"""A project's preview account: one client account that lets someone outside the studio look
at the project's previews while a manager keeps it open.

Creating it (or asking again) gives it a new password and leaves it closed; opening it lets it
in for `PREVIEW_OPEN_DURATION` from now (opening again extends it); closing or deleting it shuts
it out. The account is a guest: it never counts against the user limit. Whether it may be let
in is `Person.preview_window_open`, which the login and token checks ask.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from kitsu_site.api.errors import NotFound
from kitsu_site.api.events import announcing_changes, emit
from people.models import LoginLog, Person, Role
from production.models import Project
from production.wire import PROJECT_SETTINGS_WIRE

PREVIEW_OPEN_DURATION = timedelta(hours=1)
PREVIEW_EMAIL_DOMAIN = "preview.kitsu.invalid"
NO_ACCOUNT_MESSAGE = "404 Not Found: No preview account for this project"


def preview_account_of(*, project_id: uuid.UUID) -> Person | None:
    return Person.objects.filter(preview_project_id=project_id).order_by("created_at").first()


def _new_password() -> str:
    return secrets.token_urlsafe(12)


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def preview_account_create(*, actor: Person, project: Project) -> tuple[Person, str]:
    """The project's preview account with a fresh password (returned, shown once), closed.
    A first creation announces `project:update`; asking again only renews the password."""
    person = preview_account_of(project_id=project.pk)
    password = _new_password()
    if person is not None:
        person.set_password(password)
        person.preview_open_until = None
        person.save(update_fields=["password", "preview_open_until", "updated_at"])
        return person, password
    person = Person(
        first_name="Preview",
        last_name=project.name,
        email=f"preview-{secrets.token_hex(6)}@{PREVIEW_EMAIL_DOMAIN}",
        role=Role.CLIENT,
        is_guest=True,
        active=True,
        preview_project_id=project.pk,
    )
    person.set_password(password)
    person.save()
    emit("project:update", {"project_id": project.pk}, user_id=actor.pk)
    return person, password


@transaction.atomic
def preview_account_set_open(
    *, actor: Person, project_id: uuid.UUID, is_open: bool, now: datetime | None = None
) -> Person:
    """Open the account for `PREVIEW_OPEN_DURATION` from now (again: extends it), or close it."""
    person = preview_account_of(project_id=project_id)
    if person is None:
        raise NotFound(NO_ACCOUNT_MESSAGE)
    if is_open:
        person.preview_opened_at = now or timezone.now()
        person.preview_open_until = person.preview_opened_at + PREVIEW_OPEN_DURATION
    else:
        person.preview_open_until = None
    person.save(update_fields=["preview_opened_at", "preview_open_until", "updated_at"])
    return person


@transaction.atomic
def preview_account_delete(*, actor: Person, project_id: uuid.UUID) -> None:
    """Remove the account if there is one (`person:delete`); nothing to remove is fine. Its
    login history goes with it; an account that wrote comments is kept for them, inactive and
    detached from the project."""
    person = preview_account_of(project_id=project_id)
    if person is None:
        return
    person_id = person.pk
    LoginLog.objects.filter(person=person).delete()
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError:
        person.active = False
        person.preview_project_id = None
        person.preview_open_until = None
        person.save(
            update_fields=["active", "preview_project_id", "preview_open_until", "updated_at"]
        )
    emit("person:delete", {"person_id": person_id}, user_id=actor.pk)

"""What operators do from the shell on accounts and on the logs, without an API caller."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.events import announcing_changes, emit
from kitsu_site.api.models import ApiEvent
from people.models import LoginLog, Person
from people.selectors import active_person_count
from people.tokens import revoke_all_tokens
from people.wire import PERSON_MINIMAL_WIRE
from reviews.models import Notification

OLD_DATA_MODELS = {"events": ApiEvent, "login logs": LoginLog, "notifications": Notification}


def person_by_email(email: str) -> Person:
    person = Person.objects.filter(email__iexact=email, is_bot=False).first()
    if person is None:
        raise WrongParameter(f"No person with the e-mail {email}.")
    return person


@announcing_changes(PERSON_MINIMAL_WIRE, of="person")
@transaction.atomic
def person_active_set(*, person: Person, active: bool) -> bool:
    """Turn an account on (within the user limit) or off (its tokens stop working); returns
    whether anything changed."""
    if person.active == active:
        return False
    if active and not person.is_bot and active_person_count() >= settings.USER_LIMIT:
        raise WrongParameter("User limit reached.")
    person.active = active
    person.save(update_fields=["active", "updated_at"])
    if not active:
        revoke_all_tokens(person)
    emit("person:update", {"person_id": person.id})
    return True


def old_data_counts(*, days: int) -> dict[str, int]:
    """How many rows of each log are older than `days` days."""
    return {label: _older(model, days).count() for label, model in OLD_DATA_MODELS.items()}


@transaction.atomic
def old_data_remove(*, days: int) -> dict[str, int]:
    """Delete events, login logs and notifications older than `days` days; returns counts."""
    return {label: _older(model, days).delete()[0] for label, model in OLD_DATA_MODELS.items()}


def _older(model, days: int):
    return model.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=days))

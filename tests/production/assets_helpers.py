"""Helpers shared by the asset, concept and entity tests."""

import pytest
from django.db import transaction

from kitsu_site.api.models import ApiEvent
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import add_to_team


@pytest.fixture
def immediate_events(monkeypatch):
    """Deliver events at once: the test transaction never commits."""
    monkeypatch.setattr(transaction, "on_commit", lambda callback, *args, **kwargs: callback())


def events(name: str) -> list[dict]:
    return list(
        ApiEvent.objects.filter(name=name).order_by("created_at").values_list("data", flat=True)
    )


def member(project, role, **fields):
    """A person of `role` in the project's team, and their API client."""
    person = PersonFactory(role=role, **fields)
    add_to_team(project, person)
    return person, client_for(person)

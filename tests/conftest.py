"""Shared fixtures: API clients logged in as each role."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from people.models import Person, Role
from people.tokens import issue_login_tokens
from tests.factories import PersonFactory


def client_for(person: Person) -> APIClient:
    """An API client sending `person`'s access token, as gazu does."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_login_tokens(person)['access_token']}")
    return client


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def make_person(db) -> Callable[..., Person]:
    return PersonFactory


@pytest.fixture
def admin(db) -> Person:
    return PersonFactory(
        role=Role.ADMIN, first_name="John", last_name="Did", email="john.did@example.com"
    )


@pytest.fixture
def admin_client(admin) -> APIClient:
    return client_for(admin)


@pytest.fixture
def role_clients(db) -> dict[str, tuple[Person, APIClient]]:
    """One person and client per role, keyed by role code."""
    clients = {}
    for role in Role.values:
        person = PersonFactory(role=role, email=f"{role}@example.com")
        clients[role] = (person, client_for(person))
    return clients

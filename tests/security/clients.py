"""API clients by the credentials they send."""

from rest_framework.test import APIClient

from people.models import Person
from people.tokens import issue_api_token
from tests.conftest import client_for


def bearer_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def client_as(person: Person) -> APIClient:
    """A client with the person's login token; a bot's with its API token, as bots call."""
    if not person.is_bot:
        return client_for(person)
    token = issue_api_token(person)
    person.save(update_fields=["jti"])
    return bearer_client(token)

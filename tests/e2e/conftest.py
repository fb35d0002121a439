"""Live-server fixtures shared by the gazu scripts: the client pointed at the server started for
the test (under /api, as deployments serve it), and a studio admin logged in through it."""

from collections.abc import Iterator

import gazu
import pytest

from people.models import Person, Role
from production.services.defaults import defaults_seed
from tests.factories import DEFAULT_PASSWORD, PersonFactory

ADMIN_EMAIL = "td@studio.example"


def log_in_as(email: str) -> None:
    """Start a new gazu session as the person with this e-mail (the factories' password)."""
    gazu.client.set_tokens({})
    gazu.log_in(email, DEFAULT_PASSWORD)


@pytest.fixture
def gazu_host(live_server) -> Iterator[str]:
    gazu.set_host(f"{live_server.url}/api")
    yield live_server.url
    gazu.client.set_tokens({})


@pytest.fixture
def admin_session(gazu_host) -> Person:
    """The default statuses and types seeded, and a studio admin logged in through gazu."""
    defaults_seed()
    admin = PersonFactory(role=Role.ADMIN, email=ADMIN_EMAIL, first_name="Tad", last_name="Dee")
    log_in_as(ADMIN_EMAIL)
    return admin

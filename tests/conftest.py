"""Shared fixtures: API clients logged in as each role, and the file storages."""

from collections.abc import Callable, Iterator

import boto3
import pytest
from django.core.cache import cache
from moto.server import ThreadedMotoServer
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


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a call with the commit callbacks it leaves (events, then deliveries), as they run in
    production once the request's transaction commits; returns what the call returned."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return run


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached webhooks and rate-limit counters must not outlive the test that made them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its files into its own folder (the local storage, the default)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """An S3-compatible server on loopback (moto), for the tests that run on S3 storage."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


S3_BUCKET = "kitsu-test"


@pytest.fixture
def s3_storage(settings, s3_server) -> Iterator[str]:
    """Switch the default storage to a fresh bucket on the loopback S3 server."""
    credentials = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
    s3 = boto3.resource("s3", endpoint_url=s3_server, region_name="us-east-1", **credentials)
    bucket = s3.Bucket(S3_BUCKET)
    bucket.create()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": s3_server,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "file_overwrite": True,
                "default_acl": None,
                "querystring_auth": False,
            },
        },
    }
    yield S3_BUCKET
    bucket.objects.all().delete()
    bucket.delete()

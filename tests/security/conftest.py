"""The matrix dataset, built once per module inside a transaction rolled back at its end."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from tests.security.clients import client_as
from tests.security.dataset import Dataset, build_dataset


@pytest.fixture(scope="module")
def module_media(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def media_root(settings, module_media):
    """The module's dataset stored its previews here; every test reads them from there."""
    settings.MEDIA_ROOT = str(module_media)
    return module_media


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker, module_media) -> Iterator[Dataset]:
    """Project A full of data and project B's team, shared by the module's tests."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(module_media)):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_dataset()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="session")
def openapi_document() -> dict:
    """The served OpenAPI schema, generated once for the session."""
    response = Client().get("/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture(scope="module")
def outsider_clients(dataset: Dataset) -> dict[str, APIClient]:
    """Project B's team by role (and its bot): none of them is in project A."""
    return {role: client_as(person) for role, person in dataset.outsiders.items()}

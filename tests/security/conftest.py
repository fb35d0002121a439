"""The matrix dataset, built once per module inside a transaction rolled back at its end."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

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

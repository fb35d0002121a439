"""The load test of benchmarks/load_test.py, CI-sized: artists commenting and listing at once on
gunicorn with two workers, every request answered, every task equal to its replay."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command

from benchmarks.client import Api, Target
from benchmarks.load_test import run_load, seed, tasks_differing_from_replay
from people.models import Role
from reviews.models import Comment
from tests.e2e.servers import Stack
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.reliability.concurrency import requires_postgresql

pytestmark = [requires_postgresql, pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTISTS = 6
ROUNDS = 4


@pytest.fixture
def api_url(django_db_setup, django_db_blocker) -> Iterator[str]:
    """One gunicorn with two worker processes on the test database."""
    with django_db_blocker.unblock():
        stack = Stack(apis=1, streams=0, env={"GUNICORN_CMD_ARGS": "--workers 2"})
    yield f"{stack.api_urls[0]}/api"
    stack.stop()


def test_artists_at_once_get_every_answer_and_leave_tasks_as_their_replay(api_url):
    call_command("init_data", verbosity=0)
    PersonFactory(role=Role.ADMIN, email="admin@studio.example")
    admin = Api(
        Target(name="admin", url=api_url, email="admin@studio.example", password=DEFAULT_PASSWORD)
    )
    studio = seed(admin, artists=ARTISTS, tag="ci")
    recorder = run_load(api_url, studio, rounds=ROUNDS, seed=1)
    assert recorder.errors == []
    counts = {kind: len(timings) for kind, timings in recorder.latencies.items()}
    assert counts == {
        "to-do list": ARTISTS * ROUNDS,
        "task": ARTISTS * ROUNDS,
        "comment": ARTISTS * ROUNDS,
    }
    assert Comment.objects.filter(object_id__in=studio.task_ids).count() == ARTISTS * ROUNDS
    assert len(studio.task_ids) == ARTISTS
    assert tasks_differing_from_replay(studio.task_ids) == []

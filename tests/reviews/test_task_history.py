"""Concurrent comments: the task row lock keeps the task equal to the replay of its history."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from production.models import Task
from reviews.services.comments import comment_post
from reviews.services.task_history import task_rebuild
from tests.factories import PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.comments_helpers import production, task_state


@pytest.mark.django_db(transaction=True)
def test_two_artists_commenting_at_once_leave_the_task_consistent():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    prod = production()
    s = prod.status
    artists = [PersonFactory(), PersonFactory()]
    for artist in artists:
        add_to_team(prod.project, artist)
    prod.modeling.assignees.add(*artists)
    rounds = [(s.wip, s.wfa), (s.retake, s.wip), (s.wfa, s.retake), (s.retake, s.wfa)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def post(artist, status):
        try:
            barrier.wait(timeout=10)
            comment_post(task_id=prod.modeling.pk, actor=artist, task_status_id=status.pk)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    for first, second in rounds:
        threads = [
            threading.Thread(target=post, args=(artists[0], first)),
            threading.Thread(target=post, args=(artists[1], second)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    history = list(
        prod.modeling.comments.order_by("created_at").values_list("task_status_id", flat=True)
    )
    # The reference's live rule clears `end_date` on leaving review while its replay keeps the
    # first feedback date: that field differs by design, every other one must match.
    live = task_state(prod.modeling)
    task_rebuild(task=Task.objects.get(pk=prod.modeling.pk))
    replayed = task_state(prod.modeling)
    live.pop("end_date"), replayed.pop("end_date")
    assert replayed == live
    assert live["retake_count"] == sum(
        1
        for previous, current in zip(history[:-1], history[1:], strict=True)
        if current == s.retake.pk and previous != s.retake.pk
    ) + (history[0] == s.retake.pk)
    assert prod.modeling.comments.count() == 8

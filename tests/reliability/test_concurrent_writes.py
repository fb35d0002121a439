"""Casting, playlist, time spent and status writes sent at the same moment by several people
all land, and leave the rows consistent (PostgreSQL row locks and constraints)."""

from __future__ import annotations

import datetime as dt

import pytest

from benchmarks.load_test import tasks_differing_from_replay
from people.models import Role, TimeSpent
from production.models import Entity, EntityLink, Task
from production.selectors.casting import cast_asset_ids
from reviews.models import Playlist
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.casting_helpers import cast, make_breakdown
from tests.production.factories import add_to_team, asset
from tests.reliability.concurrency import requires_postgresql, run_at_once
from tests.reviews.comments_helpers import post_comment, production, task_state

pytestmark = [requires_postgresql, pytest.mark.django_db(transaction=True)]

WRITERS = 6


def managers(project, count: int = WRITERS) -> list:
    """`count` API clients of managers in the project's team."""
    clients = []
    for index in range(count):
        person = PersonFactory(role=Role.MANAGER, email=f"manager{index}@studio.example")
        add_to_team(project, person)
        clients.append(client_for(person))
    return clients


def links_of(entity: Entity) -> set:
    return set(EntityLink.objects.filter(entity_in=entity).values_list("entity_out_id", flat=True))


def test_concurrent_casting_replacements_leave_one_of_them_whole():
    breakdown = make_breakdown()
    project, shot = breakdown.project, breakdown.shot1
    assets = [asset(project, f"Prop{index}", "Prop") for index in range(WRITERS + 1)]
    castings = [[assets[index], assets[index + 1]] for index in range(WRITERS)]
    url = f"/data/projects/{project.pk}/entities/{shot.pk}/casting"
    calls = [
        lambda client=client, casting=casting: client.put(
            url, [cast(item) for item in casting], format="json"
        )
        for client, casting in zip(managers(project), castings, strict=True)
    ]
    answers = run_at_once(calls)
    assert [answer.status_code for answer in answers] == [200] * WRITERS
    final = links_of(shot)
    assert final in [{item.pk for item in casting} for casting in castings]
    shot.refresh_from_db()
    assert shot.nb_entities_out == 2
    assert links_of(breakdown.episode) == final  # the other shots cast nothing
    breakdown.episode.refresh_from_db()
    assert breakdown.episode.nb_entities_out == 2


def test_concurrent_asset_castings_into_one_shot_all_land():
    breakdown = make_breakdown()
    project, shot = breakdown.project, breakdown.shot1
    assets = [asset(project, f"Prop{index}", "Prop") for index in range(WRITERS)]
    calls = [
        lambda client=client, item=item: client.put(
            f"/data/projects/{project.pk}/entities/casting/assets/{item.pk}",
            {"entity_ids": [str(shot.pk)]},
            format="json",
        )
        for client, item in zip(managers(project), assets, strict=True)
    ]
    answers = run_at_once(calls)
    assert [answer.status_code for answer in answers] == [200] * WRITERS
    everything = {item.pk for item in assets}
    assert set(cast_asset_ids(entity_id=shot.pk)) == everything
    assert links_of(breakdown.episode) == everything
    assert Entity.objects.get(pk=shot.pk).nb_entities_out == WRITERS
    assert Entity.objects.get(pk=breakdown.episode.pk).nb_entities_out == WRITERS


def test_concurrent_playlist_additions_all_land():
    breakdown = make_breakdown()
    project = breakdown.project
    playlist = Playlist.objects.create(name="Dailies", project=project, shots=[])
    assets = [asset(project, f"Prop{index}", "Prop") for index in range(WRITERS)]
    calls = [
        lambda client=client, item=item: client.post(
            f"/actions/playlists/{playlist.pk}/add-entity",
            {"entity_id": str(item.pk)},
            format="json",
        )
        for client, item in zip(managers(project), assets, strict=True)
    ]
    answers = run_at_once(calls)
    assert [answer.status_code for answer in answers] == [200] * WRITERS
    shots = Playlist.objects.get(pk=playlist.pk).shots
    assert sorted(couple["entity_id"] for couple in shots) == sorted(str(a.pk) for a in assets)
    assert {couple["preview_file_id"] for couple in shots} == {None}


def test_concurrent_time_logs_on_one_day_add_up_in_one_row():
    prod = production()
    artist = PersonFactory(role=Role.USER, email="artist@studio.example")
    add_to_team(prod.project, artist)
    prod.modeling.assignees.add(artist)
    client = client_for(artist)
    url = f"/actions/tasks/{prod.modeling.pk}/time-spents/2026-03-02/persons/{artist.pk}/add"
    calls = [
        lambda client=client: client.post(url, {"duration": 30}, format="json")
        for client in [client_for(artist) for _ in range(WRITERS)]
    ]
    answers = run_at_once(calls)
    assert sorted(answer.status_code for answer in answers) == [201] * WRITERS
    assert sorted(answer.json()["duration"] for answer in answers) == [
        30 * count for count in range(1, WRITERS + 1)
    ]
    rows = TimeSpent.objects.filter(task=prod.modeling, person=artist)
    assert list(rows.values_list("date", "duration")) == [(dt.date(2026, 3, 2), 30 * WRITERS)]
    assert Task.objects.get(pk=prod.modeling.pk).duration == 30 * WRITERS
    assert client.get(f"/actions/tasks/{prod.modeling.pk}/time-spents").json()["total"] == 180


def test_concurrent_status_changes_leave_the_task_equal_to_its_replay():
    prod = production()
    s = prod.status
    artists = []
    for index in range(WRITERS):
        person = PersonFactory(role=Role.USER, email=f"artist{index}@studio.example")
        add_to_team(prod.project, person)
        artists.append(person)
    prod.modeling.assignees.add(*artists)
    cycle = [s.wip, s.wfa, s.retake, s.done, s.retake, s.wip]
    clients = [client_for(artist) for artist in artists]
    for round_ in range(3):
        calls = [
            lambda client=client, status=status, round_=round_: post_comment(
                client, prod.modeling, status, f"round {round_}"
            )
            for client, status in zip(clients, cycle[round_:] + cycle[:round_], strict=True)
        ]
        answers = run_at_once(calls)
        assert [answer.status_code for answer in answers] == [201] * WRITERS
    assert prod.modeling.comments.count() == 3 * WRITERS
    last = prod.modeling.comments.order_by("-created_at").first()
    live = task_state(prod.modeling)
    assert (live["status"], live["last_comment_date"]) == (
        last.task_status.short_name,
        last.created_at,
    )
    assert tasks_differing_from_replay([prod.modeling.pk]) == []

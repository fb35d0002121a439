"""The `with-tasks` selector: reference shapes per kind and a fixed query count."""

from __future__ import annotations

import datetime as dt

import pytest

from people.models import Role
from production.models import Entity, EntityLink, Task
from production.selectors.with_tasks import entities_with_tasks
from production.wire import TASK_RELATIONS_WIRE
from reviews.models import Subscription
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, asset, episode, sequence, shot
from tests.production.temporal_helpers import count_queries, edit, scene, shot_task, wip_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    project = ProjectFactory(name="Big Show")
    ep = episode(project, "E01")
    sq = sequence(project, "SQ01", episode=ep)
    return project, ep, sq


def test_shot_row_shape(tree, admin):
    project, ep, sq = tree
    sh = shot(project, sq, "SH010", nb_frames=24, data={"frame_in": 1, "frame_out": 24, "fps": 25})
    jane = PersonFactory()
    task = shot_task(
        sh,
        assignees=[jane, admin],
        task_status=wip_status(),
        estimation=120,
        due_date=dt.datetime(2024, 2, 3, 10, tzinfo=dt.UTC),
        data={"x": 1},
    )
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=sh.pk), person=admin)
    assert rows == [
        {
            "canceled": False,
            "data": {"frame_in": 1, "frame_out": 24, "fps": 25},
            "description": None,
            "entity_type_id": str(sh.entity_type_id),
            "episode_id": str(ep.id),
            "episode_name": "E01",
            "fps": 25,
            "frame_in": 1,
            "frame_out": 24,
            "id": str(sh.id),
            "name": "SH010",
            "nb_frames": 24,
            "parent_id": str(sq.id),
            "preview_file_id": None,
            "project_id": str(project.id),
            "project_name": "Big Show",
            "sequence_id": str(sq.id),
            "sequence_name": "SQ01",
            "source_id": None,
            "nb_entities_out": 0,
            "is_casting_standby": False,
            "tasks": [
                {
                    "id": str(task.id),
                    "duration": 0,
                    "due_date": "2024-02-03T10:00:00",
                    "end_date": None,
                    "done_date": None,
                    "entity_id": str(sh.id),
                    "estimation": 120,
                    "is_subscribed": False,
                    "last_comment_date": None,
                    "last_preview_file_id": None,
                    "nb_assets_ready": 0,
                    "priority": 0,
                    "real_start_date": None,
                    "retake_count": 0,
                    "start_date": None,
                    "difficulty": 3,
                    "nb_drawings": 0,
                    "task_status_id": str(task.task_status_id),
                    "task_type_id": str(task.task_type_id),
                    "assignees": sorted([str(jane.id), str(admin.id)]),
                    "data": {"x": 1},
                }
            ],
            "type": "Shot",
        }
    ]


def test_summary_rows_for_episodes_sequences_scenes(tree, admin):
    project, ep, sq = tree
    sc = scene(project, sq, "SC01")
    task = shot_task(sq, "Storyboard")
    rows = entities_with_tasks(
        entities=Entity.objects.filter(pk__in=[ep.pk, sq.pk, sc.pk]).order_by("name"),
        person=admin,
    )
    assert [(row["name"], row["episode_id"]) for row in rows] == [
        ("E01", "None"),
        ("SC01", str(sq.id)),
        ("SQ01", str(ep.id)),
    ]
    assert rows[0] == {
        "id": str(ep.id),
        "name": "E01",
        "status": "running",
        "episode_id": "None",
        "description": None,
        "frame_in": None,
        "frame_out": None,
        "fps": None,
        "preview_file_id": "",
        "canceled": False,
        "data": None,
        "tasks": [],
    }
    assert list(rows[2]["tasks"][0]) == [
        "id",
        "estimation",
        "entity_id",
        "end_date",
        "due_date",
        "done_date",
        "duration",
        "last_comment_date",
        "last_preview_file_id",
        "priority",
        "real_start_date",
        "retake_count",
        "start_date",
        "difficulty",
        "task_status_id",
        "task_type_id",
        "data",
        "is_subscribed",
        "assignees",
    ]
    assert rows[2]["tasks"][0]["id"] == str(task.id)


def test_edit_and_asset_rows(tree, admin):
    project, ep, _ = tree
    ed = edit(project, "Edit01", episode=ep)
    hero = asset(project, "Hero", source=ep)
    EntityLink.objects.create(entity_in=ep, entity_out=hero)
    shot_task(ed, "Editing")
    edit_row, asset_row = entities_with_tasks(
        entities=Entity.objects.filter(pk__in=[ed.pk, hero.pk]).order_by("name"), person=admin
    )
    assert {key: edit_row[key] for key in ("episode_id", "episode_name", "type")} == {
        "episode_id": str(ep.id),
        "episode_name": "E01",
        "type": "Edit",
    }
    assert "done_date" not in edit_row["tasks"][0]
    assert asset_row == {
        "id": str(hero.id),
        "name": "Hero",
        "preview_file_id": "",
        "description": None,
        "asset_type_name": "Character",
        "asset_type_id": str(hero.entity_type_id),
        "canceled": False,
        "ready_for": "None",
        "episode_id": str(ep.id),
        "casting_episode_ids": [str(ep.id)],
        "is_casting_standby": False,
        "is_shared": False,
        "data": None,
        "tasks": [],
    }


def test_vendor_gets_only_assigned_tasks_and_their_entities(tree):
    project, _, sq = tree
    vendor = PersonFactory(role=Role.VENDOR)
    first, second = shot(project, sq, "SH010"), shot(project, sq, "SH020")
    mine = shot_task(first, "Animation", assignees=[vendor])
    shot_task(first, "Layout")
    shot_task(second, "Animation")
    rows = entities_with_tasks(entities=Entity.objects.filter(parent=sq), person=vendor)
    assert [row["name"] for row in rows] == ["SH010"]
    assert [task["id"] for task in rows[0]["tasks"]] == [str(mine.id)]


def _build_shots(project, sq, count: int, people) -> None:
    for index in range(count):
        sh = shot(project, sq, f"SH{index:03d}")
        for type_name in ("Animation", "Layout", "Lighting"):
            shot_task(sh, type_name, assignees=people)


@pytest.mark.parametrize("kind", ["shots", "mixed"])
def test_query_count_is_fixed(tree, admin, kind):
    project, ep, sq = tree
    people = [PersonFactory(), PersonFactory()]
    if kind == "mixed":
        hero = asset(project, "Hero")
        shot_task(hero, "Modeling", assignees=people)
    _build_shots(project, sq, 1, people)
    small, rows = count_queries(
        lambda: entities_with_tasks(entities=Entity.objects.filter(project=project), person=admin)
    )
    _build_shots(project, sequence(project, "SQ02", episode=ep), 5, people)
    large, more_rows = count_queries(
        lambda: entities_with_tasks(entities=Entity.objects.filter(project=project), person=admin)
    )
    assert len(more_rows) == len(rows) + 6
    assert sum(len(row["tasks"]) for row in more_rows) >= 18
    assert small == large
    assert large <= 5  # entities, tasks, assignees, followed tasks, casting episodes


def test_tasks_the_person_follows_are_marked(tree, admin):
    project, _, sq = tree
    sh = shot(project, sq, "SH010")
    task = shot_task(sh, "Animation")
    shot_task(sh, "Layout")
    Subscription.objects.create(person=admin, task=task)

    rows = entities_with_tasks(entities=Entity.objects.of_type("Shot"), person=admin)

    flags = {t["id"]: t["is_subscribed"] for row in rows for t in row["tasks"]}
    assert flags.pop(str(task.id)) is True
    assert set(flags.values()) == {False}


def test_embedded_tasks_agree_with_the_task_rows(tree, admin):
    """The with-tasks builder reads tasks as wire values in SQL: each embedded task must carry
    what the `/data/tasks` row of the same task says, for every kind of shape and value."""
    project, ep, sq = tree
    paris = dt.timezone(dt.timedelta(hours=2))
    sh = shot(project, sq, "SH010", data={"fps": "24", "frame_in": 1001})
    hero = asset(project, "Hero")
    tasks = [
        shot_task(
            sh,
            assignees=[PersonFactory(), admin],
            start_date=dt.datetime(2024, 2, 3, 23, 59, 59, 999999, tzinfo=paris),
            real_start_date=dt.datetime(2024, 2, 4, tzinfo=dt.UTC),
            end_date=dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC),
            done_date=dt.datetime(2024, 3, 2, 12, tzinfo=dt.UTC),
            last_comment_date=dt.datetime(2024, 3, 2, 13, tzinfo=dt.UTC),
            duration=90.5,
            nb_drawings=12,
            data={"notes": "é ✓", "list": [1, 2.5, None]},
        ),
        shot_task(hero, "Modeling", due_date=dt.datetime(2024, 5, 6, 7, tzinfo=dt.UTC)),
        shot_task(sq, "Storyboard", retake_count=2),
    ]
    Subscription.objects.create(person=admin, task=tasks[0])
    expected = {
        str(task.id): TASK_RELATIONS_WIRE.instance(Task.objects.get(pk=task.pk)) for task in tasks
    }

    rows = entities_with_tasks(entities=Entity.objects.filter(project=project), person=admin)

    embedded = [task for row in rows for task in row["tasks"]]
    assert sorted(task["id"] for task in embedded) == sorted(expected)
    for task in embedded:
        full = expected[task["id"]]
        shared = {key: full[key] for key in task if key != "is_subscribed"}
        assert {key: value for key, value in task.items() if key != "is_subscribed"} == {
            **shared,
            "assignees": sorted(full["assignees"]),
        }
        assert task["is_subscribed"] is (task["id"] == str(tasks[0].id))

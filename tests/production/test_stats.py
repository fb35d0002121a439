"""Episode statistics: GET /data/projects/<id>/episodes/stats and .../episodes/retake-stats."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from production.models import Entity, Project, TaskStatus, TaskType
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import (
    EntityFactory,
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    entity_type,
    episode,
    sequence,
    shot,
)

FORBIDDEN = {
    "error": True,
    "message": "You don't have the permission to access the requested resource. It is either "
    "read-protected or not readable by the server.",
}
NOT_FOUND = {
    "error": True,
    "message": "404 Not Found: The requested URL was not found on the server. If you entered "
    "the URL manually please check your spelling and try again.",
}
ZERO = {"count": 0, "frames": 0, "drawings": 0}


def stats_url(project_id, route: str = "stats") -> str:
    return f"/data/projects/{project_id}/episodes/{route}"


def totals(count: int, frames: int, drawings: int) -> dict[str, int]:
    return {"count": count, "frames": frames, "drawings": drawings}


def split(done=ZERO, retake=ZERO, other=ZERO) -> dict[str, dict[str, int]]:
    return {"done": done, "retake": retake, "other": other}


def cell(max_retake_count: int, evolution: dict, **current) -> dict:
    return {"max_retake_count": max_retake_count, "evolution": evolution, **split(**current)}


def child(project: Project, kind: str, name: str, parent: Entity | None = None, **fields):
    return EntityFactory(
        project=project, name=name, entity_type=entity_type(kind), parent=parent, **fields
    )


def task(entity: Entity, task_type: TaskType, status: TaskStatus, drawings: int, retakes: int):
    return TaskFactory(
        entity=entity,
        task_type=task_type,
        task_status=status,
        nb_drawings=drawings,
        retake_count=retakes,
    )


@pytest.fixture
def production(db) -> SimpleNamespace:
    """Two episodes: E01 (SH1 10 frames, SH2 20 frames) and E02 (SH3 without frames and a
    scene), plus tasks the reports leave out (edit, sequence, asset, shot without episode)."""
    project = ProjectFactory(name="Stats TV", production_type="tvshow")
    statuses = SimpleNamespace(
        todo=TaskStatusFactory(short_name="todo", name="Todo", color="#f5f5f5", is_default=True),
        wip=TaskStatusFactory(short_name="wip", name="WIP", color="#3273dc"),
        retake=TaskStatusFactory(
            short_name="retake", name="Retake", color="#ff3860", is_retake=True
        ),
        done=TaskStatusFactory(short_name="done", name="Done", color="#22d160", is_done=True),
    )
    layout = TaskTypeFactory(name="Layout", for_entity="Shot")
    animation = TaskTypeFactory(name="Animation", for_entity="Shot")
    ep1, ep2 = episode(project, "E01"), episode(project, "E02")
    sq1, sq2 = sequence(project, "SQ01", ep1), sequence(project, "SQ02", ep2)
    sh1 = shot(project, sq1, "SH1", nb_frames=10)
    sh2 = shot(project, sq1, "SH2", nb_frames=20)
    sh3 = shot(project, sq2, "SH3")
    sc1 = child(project, "Scene", "SC1", sq2)
    tasks = SimpleNamespace(
        sh1_layout=task(sh1, layout, statuses.done, 5, 0),
        sh1_animation=task(sh1, animation, statuses.retake, 7, 1),
        sh2_layout=task(sh2, layout, statuses.done, 3, 2),
        sh2_animation=task(sh2, animation, statuses.wip, 11, 3),
        sh3_layout=task(sh3, layout, statuses.retake, 2, 2),
        sc1_animation=task(sc1, animation, statuses.todo, 100, 0),
    )
    # Left out: not two levels below an episode.
    orphan = shot(project, sequence(project, "SQ-no-episode"), "SH-orphan", nb_frames=7)
    for entity in (
        child(project, "Edit", "ED1", ep2, nb_frames=100),
        sq2,
        ep2,
        asset(project, "Hero", source=ep2),
        orphan,
    ):
        task(entity, layout, statuses.wip, 1, 4)
    return SimpleNamespace(
        project=project,
        statuses=statuses,
        layout=str(layout.id),
        animation=str(animation.id),
        ep1=str(ep1.id),
        ep2=str(ep2.id),
        tasks=tasks,
    )


def status_entry(status: TaskStatus, count: int, frames: int, drawings: int) -> dict:
    return {"name": status.short_name, "color": status.color, **totals(count, frames, drawings)}


def test_episode_stats(admin_client, production):
    p, s = production, production.statuses
    response = admin_client.get(stats_url(p.project.id))

    assert response.status_code == 200
    done, retake, wip, todo = (str(status.id) for status in (s.done, s.retake, s.wip, s.todo))
    assert response.json() == {
        p.ep1: {
            p.layout: {done: status_entry(s.done, 2, 30, 8)},
            p.animation: {
                retake: status_entry(s.retake, 1, 10, 7),
                wip: status_entry(s.wip, 1, 20, 11),
            },
            "all": {
                done: status_entry(s.done, 2, 30, 8),
                retake: status_entry(s.retake, 1, 10, 7),
                wip: status_entry(s.wip, 1, 20, 11),
            },
        },
        p.ep2: {
            p.layout: {retake: status_entry(s.retake, 1, 0, 2)},
            p.animation: {todo: status_entry(s.todo, 1, 0, 100)},
            "all": {
                retake: status_entry(s.retake, 1, 0, 2),
                todo: status_entry(s.todo, 1, 0, 100),
            },
        },
        "all": {
            p.layout: {
                done: status_entry(s.done, 2, 30, 8),
                retake: status_entry(s.retake, 1, 0, 2),
            },
            p.animation: {
                retake: status_entry(s.retake, 1, 10, 7),
                wip: status_entry(s.wip, 1, 20, 11),
                todo: status_entry(s.todo, 1, 0, 100),
            },
            "all": {
                done: status_entry(s.done, 2, 30, 8),
                retake: status_entry(s.retake, 2, 10, 9),
                wip: status_entry(s.wip, 1, 20, 11),
                todo: status_entry(s.todo, 1, 0, 100),
            },
        },
    }


def test_episode_retake_stats(admin_client, production):
    p = production
    response = admin_client.get(stats_url(p.project.id, "retake-stats"))

    assert response.status_code == 200
    ep1_layout_round = split(done=totals(1, 10, 5), retake=totals(1, 20, 3))
    ep1_animation_late_round = split(retake=totals(1, 20, 11), other=totals(1, 10, 7))
    ep2_layout_round = split(retake=totals(1, 0, 2))
    ep2_all_round = split(retake=totals(1, 0, 2), other=totals(1, 0, 100))
    assert response.json() == {
        "all": {
            "all": cell(
                3, {}, done=totals(2, 30, 8), retake=totals(2, 10, 9), other=totals(2, 20, 111)
            ),
            p.layout: cell(2, {}, done=totals(2, 30, 8), retake=totals(1, 0, 2)),
            p.animation: cell(3, {}, retake=totals(1, 10, 7), other=totals(2, 20, 111)),
        },
        p.ep1: {
            "all": cell(
                3,
                {
                    "1": split(done=totals(1, 10, 5), retake=totals(3, 50, 21)),
                    "2": split(
                        done=totals(1, 10, 5), retake=totals(2, 40, 14), other=totals(1, 10, 7)
                    ),
                    "3": split(
                        done=totals(2, 30, 8), retake=totals(1, 20, 11), other=totals(1, 10, 7)
                    ),
                },
                done=totals(2, 30, 8),
                retake=totals(1, 10, 7),
                other=totals(1, 20, 11),
            ),
            p.layout: cell(
                2, {"1": ep1_layout_round, "2": ep1_layout_round}, done=totals(2, 30, 8)
            ),
            p.animation: cell(
                3,
                {
                    "1": split(retake=totals(2, 30, 18)),
                    "2": ep1_animation_late_round,
                    "3": ep1_animation_late_round,
                },
                retake=totals(1, 10, 7),
                other=totals(1, 20, 11),
            ),
        },
        p.ep2: {
            "all": cell(
                2,
                {"1": ep2_all_round, "2": ep2_all_round},
                retake=totals(1, 0, 2),
                other=totals(1, 0, 100),
            ),
            p.layout: cell(
                2, {"1": ep2_layout_round, "2": ep2_layout_round}, retake=totals(1, 0, 2)
            ),
            p.animation: cell(0, {}, other=totals(1, 0, 100)),
        },
    }


def test_empty_project(admin_client, db):
    project = ProjectFactory(production_type="tvshow")
    episode(project)

    assert admin_client.get(stats_url(project.id)).json() == {}
    assert admin_client.get(stats_url(project.id, "retake-stats")).json() == {
        "all": {"all": cell(0, {})}
    }


@pytest.mark.parametrize("route", ["stats", "retake-stats"])
@pytest.mark.parametrize("project_id", ["not-an-id", "6f1c1c5e-0000-4000-8000-000000000000"])
def test_unknown_project_is_404_even_outside_any_team(route, project_id, make_person):
    for person in (PersonFactory(role=Role.ADMIN), make_person(role=Role.USER)):
        response = client_for(person).get(stats_url(project_id, route))

        assert response.status_code == 404
        assert response.json() == NOT_FOUND


# -- permissions ---------------------------------------------------------------------------------

EXPECTED_CODES = {
    # role: (stats, retake-stats) in the team; out of it every non-admin gets 403.
    Role.ADMIN: (200, 200),
    Role.MANAGER: (200, 200),
    Role.SUPERVISOR: (200, 200),
    Role.USER: (200, 200),
    Role.CLIENT: (200, 403),
    Role.VENDOR: (200, 200),
}


@pytest.mark.parametrize("in_team", [True, False])
def test_permissions(production, role_clients, in_team):
    for role, (person, client) in role_clients.items():
        if in_team and role != Role.ADMIN:
            add_to_team(production.project, person)
        for route, code in zip(("stats", "retake-stats"), EXPECTED_CODES[role], strict=True):
            response = client.get(stats_url(production.project.id, route))

            expected = code if in_team or role == Role.ADMIN else 403
            assert response.status_code == expected, (role, route, in_team)
            if expected == 403:
                assert response.json() == FORBIDDEN


def test_client_reads_stats_only_when_the_project_shows_them(production, make_person):
    person = make_person(role=Role.CLIENT)
    add_to_team(production.project, person)
    Project.objects.filter(pk=production.project.pk).update(is_client_stats_visible=False)
    client = client_for(person)

    assert client.get(stats_url(production.project.id)).status_code == 403
    assert client.get(stats_url(production.project.id, "retake-stats")).status_code == 403


def test_team_role_overrides_the_global_role(production, make_person):
    person = make_person(role=Role.USER)
    add_to_team(production.project, person, role=Role.CLIENT)

    response = client_for(person).get(stats_url(production.project.id, "retake-stats"))

    assert response.status_code == 403


def test_vendor_counts_only_the_tasks_assigned_to_them(production, make_person):
    p, s = production, production.statuses
    vendor = make_person(role=Role.VENDOR)
    add_to_team(p.project, vendor)
    client = client_for(vendor)
    assert client.get(stats_url(p.project.id)).json() == {}
    assert client.get(stats_url(p.project.id, "retake-stats")).json() == {
        "all": {"all": cell(0, {})}
    }

    p.tasks.sh2_animation.assignees.add(vendor)

    wip = {str(s.wip.id): status_entry(s.wip, 1, 20, 11)}
    assert client.get(stats_url(p.project.id)).json() == {
        p.ep1: {p.animation: wip, "all": wip},
        "all": {p.animation: wip, "all": wip},
    }
    rounds = {str(n): split(retake=totals(1, 20, 11)) for n in (1, 2, 3)}
    current = {"other": totals(1, 20, 11)}
    assert client.get(stats_url(p.project.id, "retake-stats")).json() == {
        "all": {"all": cell(3, {}, **current), p.animation: cell(3, {}, **current)},
        p.ep1: {"all": cell(3, rounds, **current), p.animation: cell(3, rounds, **current)},
    }


# -- query count -----------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["stats", "retake-stats"])
def test_query_count_does_not_grow_with_shots(admin_client, db, route):
    project = ProjectFactory(production_type="tvshow")
    seq = sequence(project, "SQ01", episode(project))
    statuses = [
        TaskStatusFactory(short_name="wip", name="WIP"),
        TaskStatusFactory(short_name="retake", name="Retake", is_retake=True),
        TaskStatusFactory(short_name="done", name="Done", is_done=True),
    ]
    task_types = [TaskTypeFactory(for_entity="Shot") for _ in range(3)]

    def add_shot(number: int) -> None:
        entity = shot(project, seq, f"SH{number}", nb_frames=number)
        for position, task_type in enumerate(task_types):
            task(entity, task_type, statuses[(number + position) % 3], number, number)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = admin_client.get(stats_url(project.id, route))
        assert response.status_code == 200
        return len(context)

    add_shot(1)
    one = queries()
    add_shot(2)
    add_shot(3)

    assert queries() == one

"""Quotas: the project tables per count mode, timezone bucketing, the shots of a person per
period, who may read them, and their query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from tests.conftest import client_for
from tests.factories import PersonFactory, StudioFactory
from tests.production.factories import add_to_team, shot
from tests.production.quotas_helpers import (
    REFERENCE_ANIMATION,
    at,
    build_production,
    make_task,
    renamed,
)

pytestmark = pytest.mark.django_db

MODES = ("weighted", "weighteddone", "feedback", "done")


def approx_table(expected: Any) -> Any:
    """Seconds are float sums whose last digit depends on the order of additions."""
    if isinstance(expected, dict):
        return {key: approx_table(value) for key, value in expected.items()}
    if isinstance(expected, float):
        return pytest.approx(expected)
    return expected


@pytest.fixture
def production():
    return build_production()


@pytest.fixture
def admin_paris(db):
    admin = PersonFactory(role=Role.ADMIN, timezone="Europe/Paris")
    return admin, client_for(admin)


def quotas_url(production, task_type=None, **params) -> str:
    task_type = task_type or production.animation
    return f"/data/projects/{production.project.pk}/quotas/{task_type.pk}"


# -- the project table -----------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_project_quotas_match_the_reference_for_each_count_mode(production, admin_paris, mode):
    _, client = admin_paris
    response = client.get(quotas_url(production), {"count_mode": mode})
    assert response.status_code == 200
    body = renamed(response.json(), production)
    assert body == approx_table(REFERENCE_ANIMATION[mode])


def test_weighted_is_the_default_mode_and_counts_are_rounded(production, admin_paris):
    _, client = admin_paris
    body = renamed(client.get(quotas_url(production)).json(), production)
    paris = body["paris"]
    # SH010 split by minutes: 120/300 and 60/300 of 100 frames and 10 drawings.
    assert paris["day"]["frames"]["2024-03-04"] == 40
    assert paris["day"]["drawings"]["2024-03-05"] == 2
    # SH020 without time spent: 48 frames over Thu, Fri and Mon, the whole drawings each day.
    assert [paris["day"]["frames"][day] for day in ("2024-03-07", "2024-03-08", "2024-03-11")] == [
        16,
        16,
        16,
    ]
    assert paris["day"]["count"]["2024-03-07"] == 0.33
    assert paris["day"]["drawings"]["2024-03-07"] == 4
    assert paris["week"]["count"] == {"2024-10": 2.27, "2024-11": 0.33}
    assert body["total"]["month"]["count"] == {"2024-03": 4.0}


def test_raw_modes_give_whole_shots_in_the_reader_timezone(production):
    """T1 reached feedback at 16:30 UTC: the 5th in Paris, the 6th in Tokyo."""
    reader = PersonFactory(role=Role.ADMIN, timezone="Asia/Tokyo")
    body = renamed(
        client_for(reader).get(quotas_url(production), {"count_mode": "feedback"}).json(),
        production,
    )
    assert body["tokyo"]["day"]["frames"] == {"2024-03-06": 100, "2024-03-12": 60}
    assert body["paris"]["day"]["frames"] == {"2024-03-06": 100, "2024-03-12": 48}
    assert body["total"]["day"]["count"] == {"2024-03-06": 3, "2024-03-12": 2}


def test_week_keys_are_iso_years_and_weeks_without_padding(production, admin_paris):
    _, client = admin_paris
    for name, when in (("SH040", "2024-12-30T10:00"), ("SH050", "2024-01-03T10:00")):
        make_task(
            production,
            task_type=production.layout,
            entity=production.shots[name],
            status=production.tasks["t6"].task_status,
            assignees=[production.tokyo],
            end_date=at(when),
        )
    body = renamed(
        client.get(quotas_url(production, production.layout), {"count_mode": "feedback"}).json(),
        production,
    )
    tokyo = body["tokyo"]
    assert tokyo["week"]["frames"] == {"2024-10": 48, "2025-1": 24, "2024-1": 0}
    assert tokyo["week"]["entries"] == {"2024": 2, "2025": 1}
    assert tokyo["day"]["entries"] == {"2024-03": 1, "2024-12": 1, "2024-01": 1}
    assert tokyo["year"] == {
        "frames": {"2024": 72},
        "seconds": {"2024": pytest.approx(2.88)},
        "count": {"2024": 3},
        "drawings": {"2024": 0},
    }


def test_weighted_frames_are_rounded_per_share(production, admin_paris):
    """100 frames split 200/100 minutes: 67 and 33, drawings 3 and 2."""
    _, client = admin_paris
    fx = production.layout.__class__.objects.create(name="FX", for_entity="Shot")
    make_task(
        production,
        task_type=fx,
        entity=production.shots["SH010"],
        status=production.tasks["t6"].task_status,
        assignees=[production.paris, production.tokyo],
        times=((production.paris, "2024-03-04", 200), (production.tokyo, "2024-03-04", 100)),
        nb_drawings=5,
        end_date=at("2024-03-05T10:00"),
    )
    body = renamed(client.get(quotas_url(production, fx)).json(), production)
    assert body["paris"]["day"]["frames"] == {"2024-03-04": 67}
    assert body["tokyo"]["day"]["drawings"] == {"2024-03-04": 2}
    assert body["total"]["day"] == {
        "frames": {"2024-03-04": 100},
        "seconds": {"2024-03-04": pytest.approx(4.0)},
        "count": {"2024-03-04": 1.0},
        "entries": {"2024-03": 1},
        "drawings": {"2024-03-04": 5},
    }


def test_studio_filter_keeps_its_members(production, admin_paris):
    _, client = admin_paris
    studio = StudioFactory()
    production.tokyo.studio = studio
    production.tokyo.save()
    body = renamed(
        client.get(
            quotas_url(production), {"count_mode": "done", "studio_id": str(studio.pk)}
        ).json(),
        production,
    )
    assert set(body) == {"tokyo", "total"}
    assert body["total"]["day"]["frames"] == {"2024-03-08": 100, "2024-03-12": 60}


def test_project_quotas_bad_input(production, admin_paris):
    _, client = admin_paris
    response = client.get(quotas_url(production), {"count_mode": "bogus"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "count_mode must be equal to weighted, weigtheddone, feedback, or done"
    )
    assert client.get(quotas_url(production), {"studio_id": "bad"}).status_code == 400
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/data/projects/{production.project.pk}/quotas/{unknown}").json() == {}
    assert client.get(f"/data/projects/{unknown}/quotas/{unknown}").status_code == 404
    assert client.get(f"/data/projects/bad/quotas/{unknown}").status_code == 404
    assert client.get(f"/data/projects/{production.project.pk}/quotas/bad").status_code == 404


# -- one person's table in a project ---------------------------------------------------------------
def test_project_person_quotas_are_keyed_by_task_type(production, admin_paris):
    _, client = admin_paris
    url = f"/data/projects/{production.project.pk}/quotas/persons/{production.paris.pk}"
    body = client.get(url).json()
    animation, layout = str(production.animation.pk), str(production.layout.pk)
    assert set(body) == {animation, layout, "total"}
    assert body[animation] == approx_table(REFERENCE_ANIMATION["weighted"]["paris"])
    assert body[layout]["day"] == {
        "frames": {"2024-03-05": 100},
        "seconds": {"2024-03-05": 4.0},
        "count": {"2024-03-05": 1.0},
        "entries": {"2024-03": 1},
        "drawings": {"2024-03-05": 0},
    }
    assert body["total"]["day"]["frames"] == {
        "2024-03-04": 40,
        "2024-03-05": 120,
        "2024-03-06": 0,
        "2024-03-07": 16,
        "2024-03-08": 16,
        "2024-03-11": 16,
    }
    assert body["total"]["week"]["count"] == {"2024-10": 3.27, "2024-11": 0.33}


# -- the shots of a person -------------------------------------------------------------------------
def shots_of(client, person, period: str, **params) -> list[tuple[str, Any]]:
    response = client.get(f"/data/persons/{person.pk}/quota-shots/{period}", params)
    assert response.status_code == 200, response.content
    return [(row["name"], row["weight"]) for row in response.json()]


def test_person_quota_shots_per_mode(production, admin_paris):
    _, client = admin_paris
    paris, tokyo = production.paris, production.tokyo
    assert shots_of(client, paris, "month/2024/3") == [
        ("SH010", pytest.approx(1.6)),
        ("SH020", 1.0),
        ("SH050", 1.0),
    ]
    assert shots_of(client, paris, "day/2024/03/05") == [("SH010", 1.2)]
    assert shots_of(client, paris, "day/2024/03/07") == [("SH020", 0.33)]
    assert shots_of(client, paris, "month/2024/3", count_mode="weighteddone") == [
        ("SH010", pytest.approx(0.6))
    ]
    assert shots_of(client, paris, "month/2024/3", count_mode="feedback") == [
        ("SH010", 1),
        ("SH020", 1),
        ("SH050", 1),
    ]
    assert shots_of(client, paris, "week/2024/10", count_mode="feedback") == [
        ("SH010", 1),
        ("SH050", 1),
    ]
    assert shots_of(client, paris, "day/2024/03/12", count_mode="feedback") == [("SH020", 1)]
    assert shots_of(client, tokyo, "day/2024/03/08", count_mode="done") == [("SH010", 1)]
    assert shots_of(client, tokyo, "month/2024/3", count_mode="done") == [
        ("SH010", 1),
        ("SH030", 1),
    ]
    assert shots_of(client, paris, "month/2024/3", task_type_id=str(production.layout.pk)) == [
        ("SH010", 1.0)
    ]
    other = "00000000-0000-0000-0000-000000000000"
    assert shots_of(client, paris, "month/2024/3", project_id=other) == []


def test_person_quota_shots_rows(production, admin_paris):
    _, client = admin_paris
    url = f"/data/persons/{production.paris.pk}/quota-shots/day/2024/03/06"
    (row,) = client.get(url).json()
    sh050 = production.shots["SH050"]
    assert row["id"] == str(sh050.pk)
    assert row["type"] == "Entity"
    assert row["full_name"] == "E01 / SQ01 / SH050"
    assert row["nb_frames"] is None
    assert row["parent_id"] == str(sh050.parent_id)
    assert row["weight"] == 1.0


def test_person_quota_shots_in_the_reader_timezone(production):
    """T3 reached feedback at 15:30 UTC on the 11th: the 12th for its Tokyo artist."""
    client = client_for(production.tokyo)
    assert shots_of(client, production.tokyo, "day/2024/03/11", count_mode="feedback") == []
    assert shots_of(client, production.tokyo, "day/2024/03/12", count_mode="feedback") == [
        ("SH030", 1)
    ]


@pytest.mark.parametrize(
    "period",
    [
        "month/2024/13",
        "month/2024/0",
        "day/2024/02/31",
        "day/2024/03/5x",
        "week/2024/53",
        "week/2024/0",
    ],
)
def test_person_quota_shots_invalid_periods(production, admin_paris, period):
    _, client = admin_paris
    response = client.get(f"/data/persons/{production.paris.pk}/quota-shots/{period}")
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": "Invalid month or year.", "data": None}


def test_person_quota_shots_bad_input(production, admin_paris):
    _, client = admin_paris
    base = f"/data/persons/{production.paris.pk}/quota-shots"
    assert client.get(f"{base}/week/2020/53").status_code == 200
    response = client.get(f"{base}/month/2024/3", {"count_mode": "bogus"})
    assert response.status_code == 400
    assert response.json()["message"] == (
        "count_mode must be equal to weighted, weighteddone, feedback, or done"
    )
    assert client.get(f"{base}/month/2024/3", {"task_type_id": "bad"}).status_code == 400
    assert client.get(f"{base}/month/2024/3", {"project_id": "bad"}).status_code == 404
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/data/persons/{unknown}/quota-shots/month/2024/3").status_code == 404
    assert client.get("/data/persons/bad/quota-shots/month/2024/3").status_code == 404


# -- who may read them -----------------------------------------------------------------------------
def test_permissions(production):
    project, paris = production.project, production.paris
    people = {}
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        person = PersonFactory(role=role)
        add_to_team(project, person)
        people[role] = person
    people["outsider"] = PersonFactory(role="manager")
    table = f"/data/projects/{project.pk}/quotas/{production.animation.pk}"
    expected = {
        # role: (table, paris's project table, own project table, paris's shots, own shots)
        "manager": (200, 200, 200, 403, 200),
        "supervisor": (200, 200, 200, 403, 200),
        "user": (200, 403, 200, 403, 200),
        "client": (403, 403, 403, 403, 200),
        "vendor": (200, 403, 200, 403, 200),
        "outsider": (403, 403, 403, 403, 200),
    }
    for role, codes in expected.items():
        person = people[role]
        client = client_for(person)
        got = (
            client.get(table).status_code,
            client.get(f"/data/projects/{project.pk}/quotas/persons/{paris.pk}").status_code,
            client.get(f"/data/projects/{project.pk}/quotas/persons/{person.pk}").status_code,
            client.get(f"/data/persons/{paris.pk}/quota-shots/month/2024/3").status_code,
            client.get(f"/data/persons/{person.pk}/quota-shots/month/2024/3").status_code,
        )
        assert got == codes, role
    artist = client_for(paris)
    assert artist.get(f"/data/projects/{project.pk}/quotas/persons/{paris.pk}").status_code == 200
    assert len(artist.get(f"/data/persons/{paris.pk}/quota-shots/month/2024/3").json()) == 3


# -- query counts ----------------------------------------------------------------------------------
def add_shots(production, count: int, start: int = 0) -> None:
    status = production.tasks["t6"].task_status
    for index in range(start, start + count):
        entity = shot(production.project, production.shots["SH010"].parent, f"SH9{index:02d}")
        entity.nb_frames = 10
        entity.save()
        make_task(
            production,
            task_type=production.animation,
            entity=entity,
            status=status,
            assignees=[production.paris, production.tokyo],
            times=((production.paris, "2024-03-04", 30), (production.tokyo, "2024-03-05", 30)),
            real_start_date=at("2024-03-01T10:00"),
            end_date=at("2024-03-05T10:00"),
            done_date=at("2024-03-06T10:00"),
        )


def count_queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("mode", MODES)
def test_query_counts_do_not_grow_with_tasks(production, admin_paris, mode):
    _, client = admin_paris
    urls = (
        quotas_url(production),
        f"/data/projects/{production.project.pk}/quotas/persons/{production.paris.pk}",
        f"/data/persons/{production.paris.pk}/quota-shots/month/2024/3",
    )
    add_shots(production, 1)
    before = [count_queries(client, url, {"count_mode": mode}) for url in urls]
    add_shots(production, 3, start=1)
    after = [count_queries(client, url, {"count_mode": mode}) for url in urls]
    assert before == after

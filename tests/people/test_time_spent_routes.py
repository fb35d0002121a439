"""A person's time spents per day and period, the `/data/time-spents` resource and a project's
time spents: shapes, who may read what, task durations kept in sync, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import TimeSpent
from production.models import Task
from tests.conftest import client_for
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)
from tests.production.time_helpers import build_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return build_team()


def get(person, path, **params):
    return client_for(person).get(path, params)


def task_row(task, minutes):
    parent = task.entity.parent
    return {
        "task_id": str(task.pk),
        "task_type_id": str(task.task_type_id),
        "project_id": str(task.project_id),
        "project_name": task.project.name,
        "entity_name": task.entity.name,
        "entity_type_name": task.entity.entity_type.name,
        "sequence_name": parent.name if parent else None,
        "episode_name": parent.parent.name if parent and parent.parent else None,
        "duration": minutes,
    }


def durations(rows):
    return sorted((row["date"], row["duration"]) for row in rows)


# -- one person's time ----------------------------------------------------------------------------
def test_person_sums_per_period(team, admin):
    main_task = team.tasks["main", "SH010", "anim"]
    other_task = team.tasks["other", "SH010", "anim"]
    base = f"/data/persons/{team.ta1.pk}/time-spents"
    assert get(admin, f"{base}/year/2026").json() == [
        task_row(main_task, 1050.0),
        task_row(other_task, 150.0),
    ]
    assert get(admin, f"{base}/month/2026/1").json() == [
        task_row(main_task, 720.0),
        task_row(other_task, 60.0),
    ]
    # ISO week 1 of 2026 starts on Monday 2025-12-29.
    assert get(admin, f"{base}/week/2026/1").json() == [task_row(main_task, 420.0)]
    assert get(admin, f"{base}/day/2026/01/05").json() == [
        task_row(main_task, 480.0),
        task_row(other_task, 60.0),
    ]
    narrowed = get(admin, f"{base}/year/2026", project_id=str(team.projects["other"].pk))
    assert narrowed.json() == [task_row(other_task, 150.0)]


def test_person_sums_name_sequence_and_episode(admin):
    project = ProjectFactory(production_type="tvshow")
    ep = episode(project)
    seq = sequence(project, episode=ep)
    sh = shot(project, seq)
    hero = asset(project)
    artist = admin
    tasks = []
    for minutes, entity in ((11, ep), (22, seq), (33, hero), (44, sh)):
        task = TaskFactory(entity=entity, project=project, task_type=TaskTypeFactory())
        TimeSpent.objects.create(
            task=task, person=artist, date=dt.date(2026, 4, 7), duration=minutes
        )
        tasks.append(task)
    rows = get(admin, f"/data/persons/{artist.pk}/time-spents/day/2026/4/7").json()
    assert [
        (r["entity_name"], r["entity_type_name"], r["sequence_name"], r["episode_name"])
        for r in rows
    ] == [
        ("E01", "Episode", None, None),
        ("SQ01", "Sequence", "E01", None),
        ("Hero", "Character", None, None),
        ("SH010", "Shot", "SQ01", "E01"),
    ]


def test_person_days(team, admin):
    base = f"/data/persons/{team.ta1.pk}/time-spents"
    for day in ("2026-01-05", "2026-1-5", "20260105"):
        assert durations(get(admin, f"{base}/{day}").json()) == [
            ("2026-01-05", 60.0),
            ("2026-01-05", 480.0),
        ]
    assert get(admin, base).json() == []  # today: nothing logged
    rows = get(team.ta1, f"{base}/month/all/2026/1").json()
    assert durations(rows) == [
        ("2026-01-02", 240.0),
        ("2026-01-05", 60.0),
        ("2026-01-05", 480.0),
    ]
    assert set(rows[0]) == {
        "duration", "date", "task_id", "person_id", "id", "created_at", "updated_at", "type",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("year/abc", "Invalid date format."),
        ("year/0", "Invalid date format."),
        ("month/2026/13", "Invalid date format."),
        ("month/all/2026/13", "Invalid month or year."),
        ("week/2026/54", "Invalid month or year."),
        ("week/2025/53", "Invalid month or year."),
        ("week/2026/0", "Invalid month or year."),
        ("day/2026/2/30", "Invalid month or year."),
        ("2026-02-30", "Invalid month or year."),
        ("bad", "Invalid month or year."),
    ],
)
def test_person_bad_periods(team, admin, path, message):
    response = get(admin, f"/data/persons/{team.ta1.pk}/time-spents/{path}")
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": message, "data": None}


def test_person_routes_unknown_person(team, admin):
    for person_id in ("bad", team.projects["main"].pk):
        assert get(admin, f"/data/persons/{person_id}/time-spents/year/2026").status_code == 404


def test_who_reads_a_persons_time(team):
    base = f"/data/persons/{team.ta1.pk}/time-spents"
    main = team.tasks["main", "SH010", "anim"]
    other = team.tasks["other", "SH010", "anim"]
    # Managers and supervisors: only the time on their projects (supervisors: departments).
    assert get(team.man, f"{base}/year/2026").json() == [task_row(main, 1050.0)]
    assert get(team.sup, f"{base}/year/2026").json() == [task_row(main, 1050.0)]
    assert get(team.sup2, f"{base}/year/2026").json() == [task_row(other, 150.0)]
    assert durations(get(team.sup2, f"{base}/2026-01-05").json()) == [("2026-01-05", 60.0)]
    ta3 = f"/data/persons/{team.ta3.pk}/time-spents/year/2026"
    assert [r["duration"] for r in get(team.sup, ta3).json()] == [240.0]
    assert [r["duration"] for r in get(team.man, ta3).json()] == [240.0, 20.0]
    # No project in common: nothing, but no refusal.
    assert get(team.man, f"/data/persons/{team.out.pk}/time-spents/year/2026").json() == []
    for viewer in (team.ta2, team.cli, team.ven):
        for path in ("", "/2026-01-05", "/year/2026", "/week/2026/2", "/day/2026/1/5"):
            assert get(viewer, f"{base}{path}").status_code == 403
    # Every time spent of a month: the person and admins only.
    assert get(team.man, f"{base}/month/all/2026/1").status_code == 403
    assert get(team.ta1, f"{base}/month/all/2026/1").status_code == 200


def test_person_sums_fixed_queries(team, admin):
    def count(year):
        with CaptureQueriesContext(connection) as queries:
            get(team.man, f"/data/persons/{team.ta1.pk}/time-spents/year/{year}")
        return len(queries)

    few = count(2025)  # one task
    assert count(2026) == few  # two tasks, more days


# -- the generic resource -------------------------------------------------------------------------
def test_list_range_needs_both_dates(team, admin):
    message = (
        "If querying for a range of dates, both a `start_date` and an `end_date` must be given."
    )
    for params in ({"start_date": "2026-01-01"}, {"end_date": "2026-01-01"}):
        response = get(admin, "/data/time-spents", **params)
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": message, "data": None}
    rows = get(
        admin,
        "/data/time-spents",
        start_date="2026-01-05",
        end_date="2026-01-05",
        person_id=str(team.ta1.pk),
    ).json()
    assert durations(rows) == [("2026-01-05", 60.0), ("2026-01-05", 480.0)]
    bad = get(admin, "/data/time-spents", start_date="bad", end_date="2026-01-05")
    assert bad.status_code == 400
    for viewer in (team.man, team.ta1):
        assert get(viewer, "/data/time-spents").status_code == 403


def test_writes_keep_the_task_duration(team, admin, django_capture_on_commit_callbacks):
    task = team.tasks["main", "SH010", "anim"]
    client = client_for(admin)
    body = {"task_id": str(task.pk), "person_id": str(team.ta1.pk), "date": "2026-06-01"}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/data/time-spents", {**body, "duration": 10}, format="json")
    assert created.status_code == 201
    assert created.json()["duration"] == 10.0
    assert Task.objects.get(pk=task.pk).duration == 1290.0
    events = list(ApiEvent.objects.order_by("created_at").values_list("name", flat=True))
    assert events[-2:] == ["time-spent:new", "task:update"]
    time_spent_id = created.json()["id"]
    assert (
        client.post("/data/time-spents", {**body, "duration": 10}, format="json").json()["message"]
        == "A record with the same unique values already exists."
    )
    zero = client.post(
        "/data/time-spents", {**body, "date": "2026-06-02", "duration": 0}, format="json"
    )
    assert zero.status_code == 400
    updated = client.put(f"/data/time-spents/{time_spent_id}", {"duration": 20}, format="json")
    assert updated.status_code == 200
    assert Task.objects.get(pk=task.pk).duration == 1300.0
    assert (
        client_for(team.ta1)
        .put(f"/data/time-spents/{time_spent_id}", {"duration": 5}, format="json")
        .status_code
        == 403
    )
    for refused in (team.ta2, team.sup):
        assert client_for(refused).delete(f"/data/time-spents/{time_spent_id}").status_code == 403
    assert client_for(team.man).delete(f"/data/time-spents/{time_spent_id}").status_code == 204
    assert Task.objects.get(pk=task.pk).duration == 1280.0
    again = client.post("/data/time-spents", {**body, "duration": 10}, format="json").json()
    assert client_for(team.ta1).delete(f"/data/time-spents/{again['id']}").status_code == 204
    assert Task.objects.get(pk=task.pk).duration == 1280.0


# -- a project's time -----------------------------------------------------------------------------
def test_project_time_spents(team, admin):
    main = team.projects["main"]
    rows = get(admin, f"/data/projects/{main.pk}/time-spents").json()
    assert len(rows) == 14
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    for viewer in (team.man, team.sup, team.ta1, team.ven):
        assert get(viewer, f"/data/projects/{main.pk}/time-spents").json() == rows
    for viewer in (team.cli, team.out):
        assert get(viewer, f"/data/projects/{main.pk}/time-spents").status_code == 403
    assert get(admin, f"/data/projects/{team.ta1.pk}/time-spents").json() == []
    assert get(admin, "/data/projects/bad/time-spents").status_code == 404


def test_project_task_type_time_spents(team, admin):
    main = team.projects["main"]
    path = f"/data/projects/{main.pk}/task-types/{team.tt['anim'].pk}/time-spents"
    body = get(team.man, path).json()
    assert {key: [(r["date"], r["duration"]) for r in rows] for key, rows in body.items()} == {
        str(team.ta1.pk): [
            ("2026-03-01", 30.0),
            ("2026-02-16", 300.0),
            ("2026-01-05", 480.0),
            ("2026-01-02", 240.0),
            ("2025-12-31", 60.0),
            ("2025-12-29", 120.0),
        ],
        str(team.ta3.pk): [("2026-02-16", 60.0), ("2026-01-07", 180.0)],
        str(team.sup.pk): [("2026-01-08", 30.0)],
        str(team.ven.pk): [("2026-01-05", 50.0)],
    }
    assert get(admin, path).json() == body
    for viewer in (team.sup, team.ven, team.ta1):
        assert get(viewer, path).status_code == 403
    bad = get(admin, f"/data/projects/{main.pk}/task-types/bad/time-spents")
    assert bad.json() == {"error": True, "message": "Wrong UUID format.", "data": None}


@pytest.mark.parametrize("kind", ["project", "task_type", "generic"])
def test_lists_fixed_queries(admin, kind):
    project = ProjectFactory()
    add_to_team(project, admin)
    task = TaskFactory(entity=asset(project), project=project)
    paths = {
        "project": f"/data/projects/{project.pk}/time-spents",
        "task_type": f"/data/projects/{project.pk}/task-types/{task.task_type_id}/time-spents",
        "generic": "/data/time-spents",
    }
    client = client_for(admin)
    counts = []
    for days in ((1,), (2, 3, 4)):
        for day in days:
            TimeSpent.objects.create(
                task=task, person=admin, date=dt.date(2026, 1, day), duration=5
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(paths[kind]).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# -- one person's range of days (gazu's `get_time_spents_range`) ---------------------------------
RANGE_MESSAGE = (
    "If querying for a range of dates, both a `start_date` and an `end_date` must be given."
)


def spent_row(spent, *, with_task):
    """A time spent as the person routes send it: the range adds its task's project and type."""
    row = {
        "duration": spent.duration,
        "date": spent.date.isoformat(),
        "task_id": str(spent.task_id),
        "person_id": str(spent.person_id),
        "id": str(spent.id),
        "created_at": spent.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": spent.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "TimeSpent",
    }
    if with_task:
        row["project_id"] = str(spent.task.project_id)
        row["task_type_id"] = str(spent.task.task_type_id)
    return row


def logged(team, project, day):
    """ta1's time spent on `project`'s SH010 animation task that day."""
    task = team.tasks[project, "SH010", "anim"]
    return TimeSpent.objects.get(person=team.ta1, task=task, date=dt.date.fromisoformat(day))


def ta1_range(viewer, team, start, end):
    return get(viewer, f"/data/persons/{team.ta1.pk}/time-spents", start_date=start, end_date=end)


def test_person_time_spents_of_a_range(team, admin):
    main_jan2 = logged(team, "main", "2026-01-02")
    main_jan5 = logged(team, "main", "2026-01-05")
    other_jan5 = logged(team, "other", "2026-01-05")
    expected = [spent_row(s, with_task=True) for s in (main_jan2, main_jan5, other_jan5)]

    response = ta1_range(admin, team, "2026-01-01", "2026-01-05")

    assert response.status_code == 200
    # Both days included, by day then recording order, with the task's project and type.
    assert response.json() == expected
    assert response.json()[2]["project_id"] == str(team.projects["other"].pk)
    assert response.json()[2]["task_type_id"] == str(team.tt["anim"].pk)
    assert ta1_range(team.ta1, team, "2026-01-01", "2026-01-05").json() == expected
    assert ta1_range(admin, team, "2026-01-02", "2026-01-02").json() == expected[:1]
    assert ta1_range(admin, team, "2026-1-2", "20260102").json() == expected[:1]
    assert ta1_range(admin, team, "2026-01-02T10:00:00", "2026-01-02").json() == expected[:1]
    assert ta1_range(admin, team, "2026-01-05", "2026-01-01").json() == []
    # A day (or today) keeps the plain time spent shape.
    day = get(admin, f"/data/persons/{team.ta1.pk}/time-spents/2026-01-05").json()
    assert day == [spent_row(s, with_task=False) for s in (main_jan5, other_jan5)]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start_date": "2026-01-01"}, RANGE_MESSAGE),
        ({"end_date": "2026-01-05"}, RANGE_MESSAGE),
        (
            {"start_date": "bad", "end_date": "2026-01-05"},
            "Wrong date format for bad and/or 2026-01-05",
        ),
        (
            {"start_date": "2026-01-01", "end_date": "2026-02-30"},
            "Wrong date format for 2026-01-01 and/or 2026-02-30",
        ),
        ({"start_date": "2026-01-01", "end_date": ""}, "Wrong date format for 2026-01-01 and/or "),
    ],
)
def test_person_range_needs_two_readable_days(team, admin, params, message):
    response = get(admin, f"/data/persons/{team.ta1.pk}/time-spents", **params)
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": message, "data": None}


def test_person_range_both_empty_is_today(team, admin):
    today = TimeSpent.objects.create(
        task=team.tasks["main", "SH010", "anim"], person=team.ta1, date=dt.date.today(), duration=7
    )
    base = f"/data/persons/{team.ta1.pk}/time-spents"
    for params in ({}, {"start_date": "", "end_date": ""}):
        assert get(admin, base, **params).json() == [spent_row(today, with_task=False)]


def test_who_reads_a_persons_range(team, admin):
    def durations_seen_by(viewer):
        return [
            row["duration"] for row in ta1_range(viewer, team, "2026-01-01", "2026-01-31").json()
        ]

    assert durations_seen_by(admin) == [240.0, 480.0, 60.0]
    assert durations_seen_by(team.ta1) == [240.0, 480.0, 60.0]
    # Managers and supervisors: the time on their projects (supervisors: their departments').
    assert durations_seen_by(team.man) == [240.0, 480.0]
    assert durations_seen_by(team.sup) == [240.0, 480.0]
    assert durations_seen_by(team.sup2) == [60.0]
    january = {"start_date": "2026-01-01", "end_date": "2026-01-31"}
    no_common_project = get(team.man, f"/data/persons/{team.out.pk}/time-spents", **january)
    assert no_common_project.json() == []
    # Anyone else is refused before the days are read.
    for viewer in (team.ta2, team.out, team.cli, team.ven):
        for params in (("2026-01-01", "2026-01-31"), ("bad", "2026-01-31")):
            refused = ta1_range(viewer, team, *params)
            assert refused.status_code == 403
            assert refused.json()["message"].startswith("You don't have the permission")
        one_day = get(viewer, f"/data/persons/{team.ta1.pk}/time-spents", start_date="2026-01-01")
        assert one_day.status_code == 403
        assert get(viewer, f"/data/persons/{team.ta1.pk}/time-spents/bad").status_code == 403
    # Everyone reads their own.
    vendor_time = TimeSpent.objects.get(person=team.ven)
    own = get(team.ven, f"/data/persons/{team.ven.pk}/time-spents", **january)
    assert own.json() == [spent_row(vendor_time, with_task=True)]
    for person_id in ("bad", team.projects["main"].pk):
        unknown = get(admin, f"/data/persons/{person_id}/time-spents", start_date="bad")
        assert unknown.status_code == 404


def test_person_range_fixed_queries(team):
    def count():
        with CaptureQueriesContext(connection) as queries:
            rows = ta1_range(team.sup, team, "2026-01-01", "2026-01-31").json()
        return len(rows), len(queries)

    rows, few = count()
    assert rows == 2
    task = team.tasks["main", "SH020", "anim"]
    for day in range(10, 20):
        TimeSpent.objects.create(
            task=task, person=team.ta1, date=dt.date(2026, 1, day), duration=10
        )
    assert count() == (12, few)


def test_period_project_outside_the_callers_teams(team, admin):
    base = f"/data/persons/{team.ta1.pk}/time-spents"
    other = str(team.projects["other"].pk)
    main = str(team.projects["main"].pk)
    other_task = team.tasks["other", "SH010", "anim"]
    # Managers and supervisors naming a project outside their teams are refused...
    for viewer in (team.man, team.sup):
        assert get(viewer, f"{base}/year/2026", project_id=other).status_code == 403
        assert get(viewer, f"{base}/day/2026/1/5", project_id=other).status_code == 403
    assert [r["duration"] for r in get(team.man, f"{base}/year/2026", project_id=main).json()] == [
        1050.0
    ]
    # ...the person and admins are not.
    for viewer in (admin, team.ta1):
        assert get(viewer, f"{base}/year/2026", project_id=other).json() == [
            task_row(other_task, 150.0)
        ]
    # An empty id is no filter, a malformed one a 400.
    assert len(get(admin, f"{base}/year/2026", project_id="").json()) == 2
    malformed = get(admin, f"{base}/year/2026", project_id="bad")
    assert malformed.json() == {"error": True, "message": "Malformed ID.", "data": None}


def test_periods_refuse_before_reading_the_period(team):
    base = f"/data/persons/{team.ta1.pk}/time-spents"
    for path in ("year/abc", "month/2026/13", "week/2026/54", "day/2026/2/30"):
        assert get(team.ta2, f"{base}/{path}").status_code == 403
        assert get(team.man, f"{base}/{path}").status_code == 400
    assert get(team.man, f"{base}/month/all/2026/13").status_code == 403
    assert get(team.ta1, f"{base}/month/all/2026/13").status_code == 400

"""Day offs: the `/data/day-offs` resource (who writes, overlaps, time spents removed inside a
new period), per person and period, per year or month, per project; descriptions stay private."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import DayOff, TimeSpent
from production.models import Task
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, add_to_team
from tests.production.time_helpers import build_team

pytestmark = pytest.mark.django_db

FORBIDDEN = 403


@pytest.fixture
def team():
    return build_team()


def get(person, path, **params):
    return client_for(person).get(path, params)


def seen(team, rows):
    """Day off rows as (person key, start day, description or "-" when hidden)."""
    names = {str(getattr(team, key).pk): key for key in ("ta1", "ta2", "ta3", "out", "man")}
    return sorted(
        (names[row["person_id"]], row["date"], row.get("description", "-")) for row in rows
    )


# -- the resource ---------------------------------------------------------------------------------
def test_create_rules(team, admin, django_capture_on_commit_callbacks):
    client = client_for(team.ta2)
    body = {"person_id": str(team.ta2.pk), "date": "2026-05-04", "end_date": "2026-05-05"}
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/data/day-offs", {**body, "description": "dentist"}, format="json")
    assert created.status_code == 201
    day_off = DayOff.objects.get(pk=created.json()["id"])
    assert created.json() == {
        "date": "2026-05-04",
        "end_date": "2026-05-05",
        "description": "dentist",
        "person_id": str(team.ta2.pk),
        "id": str(day_off.pk),
        "created_at": day_off.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": day_off.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "DayOff",
    }
    assert ApiEvent.objects.filter(name="day-off:new", data__day_off_id=str(day_off.pk)).exists()
    for start, end in (
        ("2026-05-05", "2026-05-06"),
        ("2026-05-03", "2026-05-04"),
        ("2026-05-04", "2026-05-08"),
    ):
        clash = client.post(
            "/data/day-offs", {**body, "date": start, "end_date": end}, format="json"
        )
        assert clash.status_code == 400
        assert clash.json() == {
            "error": True,
            "message": "Day off already exists for this period",
            "data": None,
        }
    reversed_ = client.post(
        "/data/day-offs", {**body, "date": "2026-05-09", "end_date": "2026-05-08"}, format="json"
    )
    assert reversed_.json()["message"] == "The data conflicts with database integrity rules."
    someone_else = {"person_id": str(team.ta1.pk), "date": "2026-06-01", "end_date": "2026-06-01"}
    assert client.post("/data/day-offs", someone_else, format="json").status_code == FORBIDDEN
    assert (
        client_for(team.man).post("/data/day-offs", someone_else, format="json").status_code
        == FORBIDDEN
    )
    assert client_for(admin).post("/data/day-offs", someone_else, format="json").status_code == 201


def test_new_period_clears_time_spents_inside(team, admin):
    task = team.tasks["main", "SH010", "light"]
    assert Task.objects.get(pk=task.pk).duration == 345.5
    body = {"person_id": str(team.ta2.pk), "date": "2026-01-06", "end_date": "2026-01-07"}
    assert client_for(admin).post("/data/day-offs", body, format="json").status_code == 201
    assert not TimeSpent.objects.filter(person=team.ta2, date=dt.date(2026, 1, 6)).exists()
    assert Task.objects.get(pk=task.pk).duration == 245.5
    # Moving a period clears the days it now covers.
    day_off = team.day_offs["ta2"]
    moved = client_for(team.ta2).put(
        f"/data/day-offs/{day_off.pk}",
        {"date": "2026-03-09", "end_date": "2026-03-10"},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["date"] == "2026-03-09"
    assert Task.objects.get(pk=task.pk).duration == 200.0
    # Other people's time on those days stays.
    assert TimeSpent.objects.filter(person=team.ta3, date=dt.date(2026, 1, 7)).count() == 2


def test_read_update_delete_rules(team, admin):
    day_off = team.day_offs["ta2"]
    path = f"/data/day-offs/{day_off.pk}"
    for reader in (team.ta2, team.man, admin):
        assert get(reader, path).json()["description"] is None
    assert "description" not in get(team.sup2, path).json()
    for refused in (team.ta1, team.sup, team.cli):
        assert get(refused, path).status_code == FORBIDDEN
    moved = client_for(team.ta2).put(path, {"person_id": str(team.ta1.pk)}, format="json")
    assert moved.status_code == FORBIDDEN
    for refused in (team.ta1, team.man):
        assert (
            client_for(refused).put(path, {"description": "x"}, format="json").status_code
            == FORBIDDEN
        )
        assert client_for(refused).delete(path).status_code == FORBIDDEN
    own = client_for(team.ta2).put(
        path, {"end_date": "2026-04-06", "description": "trip"}, format="json"
    )
    assert own.status_code == 200
    assert own.json()["description"] == "trip"
    overlap = client_for(team.ta2).put(path, {"date": "2026-01-01"}, format="json")
    assert overlap.status_code == 200  # ta2 has no other period: no clash with itself
    assert (
        client_for(admin).put(path, {"person_id": str(team.ta1.pk)}, format="json").status_code
        == 400
    )
    assert client_for(team.ta2).delete(path).status_code == 204
    assert not DayOff.objects.filter(pk=day_off.pk).exists()
    assert get(admin, "/data/day-offs/bad").json()["message"] == "Malformed ID."
    assert get(team.ta1, "/data/day-offs").status_code == FORBIDDEN
    assert len(get(admin, "/data/day-offs").json()) == 2


# -- per person -----------------------------------------------------------------------------------
def test_person_periods(team, admin):
    base = f"/data/persons/{team.ta1.pk}/day-offs"
    ski = [("ta1", "2026-01-19", "ski")]
    assert seen(team, get(admin, base).json()) == ski
    assert seen(team, [get(admin, f"{base}/2026-01-20").json()]) == ski
    assert get(admin, f"{base}/2026-03-31").json() == {}
    assert get(admin, f"{base}/bad").json()["message"] == "Invalid date format."
    assert seen(team, get(admin, f"{base}/week/2026/4").json()) == ski
    assert get(admin, f"{base}/week/2026/3").json() == []
    assert get(admin, f"{base}/week/2026/5").json() == []
    assert seen(team, get(admin, f"{base}/month/2026/1").json()) == ski
    assert seen(team, get(admin, f"{base}/year/2026").json()) == ski
    assert get(admin, f"{base}/year/2025").json() == []
    # A period across the new year belongs to both years.
    DayOff.objects.create(person=team.ta3, date=dt.date(2026, 12, 30), end_date=dt.date(2027, 1, 4))
    ta3 = f"/data/persons/{team.ta3.pk}/day-offs"
    for path in ("year/2026", "year/2027", "week/2027/1", "month/2027/1", "week/2026/53"):
        assert len(get(admin, f"{ta3}/{path}").json()) == 1
    for path in ("week/2026/54", "month/2026/13", "year/abc"):
        assert get(admin, f"{base}/{path}").status_code == 400
    assert get(admin, "/data/persons/bad/day-offs").status_code == 404


def test_who_reads_a_persons_day_offs(team):
    ta1 = f"/data/persons/{team.ta1.pk}/day-offs"
    assert seen(team, get(team.ta1, ta1).json()) == [("ta1", "2026-01-19", "ski")]
    assert seen(team, get(team.man, ta1).json()) == [("ta1", "2026-01-19", "ski")]
    assert seen(team, get(team.sup, ta1).json()) == [("ta1", "2026-01-19", "-")]
    assert seen(team, get(team.sup2, ta1).json()) == [("ta1", "2026-01-19", "-")]
    for refused in (team.ta2, team.cli, team.ven):
        assert get(refused, ta1).status_code == FORBIDDEN
    out = f"/data/persons/{team.out.pk}/day-offs"
    assert get(team.man, out).status_code == FORBIDDEN  # no common project
    assert get(team.sup, out).status_code == FORBIDDEN
    assert seen(team, get(team.sup2, out).json()) == [("out", "2026-02-27", "-")]
    # A supervisor of Anim does not read a Light artist's days off.
    assert get(team.sup, f"/data/persons/{team.ta2.pk}/day-offs/year/2026").status_code == FORBIDDEN


# -- everyone's per year or month, a project's -----------------------------------------------------
YEAR_SEEN = {
    "admin": [
        ("out", "2026-02-27", "long weekend"),
        ("ta1", "2026-01-19", "ski"),
        ("ta2", "2026-03-30", None),
    ],
    "man": [("ta1", "2026-01-19", "ski"), ("ta2", "2026-03-30", None)],
    "sup": [("ta1", "2026-01-19", "-")],
    "sup2": [("out", "2026-02-27", "-"), ("ta1", "2026-01-19", "-"), ("ta2", "2026-03-30", "-")],
    "ta1": [("ta1", "2026-01-19", "ski")],
    "ta2": [("ta2", "2026-03-30", None)],
    "cli": [],
    "ven": [],
}  # fmt: skip


@pytest.mark.parametrize("who", sorted(YEAR_SEEN))
def test_day_offs_of_a_year(team, admin, who):
    viewer = admin if who == "admin" else getattr(team, who)
    assert seen(team, get(viewer, "/data/persons/day-offs/2026").json()) == YEAR_SEEN[who]


def test_day_offs_of_a_month(team, admin):
    assert seen(team, get(admin, "/data/persons/day-offs/2026/1").json()) == [
        ("ta1", "2026-01-19", "ski")
    ]
    assert seen(team, get(admin, "/data/persons/day-offs/2026/3").json()) == [
        ("out", "2026-02-27", "long weekend"),
        ("ta2", "2026-03-30", None),
    ]
    assert get(team.ta2, "/data/persons/day-offs/2026/1").json() == []
    assert get(admin, "/data/persons/day-offs/2026/13").status_code == 400


def test_project_day_offs(team, admin):
    main = team.projects["main"]
    path = f"/data/projects/{main.pk}/day-offs"
    by_person = get(team.ta1, path).json()
    assert sorted(by_person) == sorted([str(team.ta1.pk), str(team.ta2.pk)])
    assert by_person[str(team.ta1.pk)][0]["description"] == "ski"
    assert "description" not in by_person[str(team.ta2.pk)][0]
    assert get(team.man, path).json()[str(team.ta2.pk)][0]["description"] is None
    ranged = get(admin, path, start_date="2026-03-01", end_date="2026-12-31").json()
    assert list(ranged) == [str(team.ta2.pk)]
    for refused in (team.cli, team.ven, team.out, team.sup2):
        assert get(refused, path).status_code == FORBIDDEN
    assert get(admin, "/data/projects/bad/day-offs").status_code == 404
    assert get(admin, f"/data/projects/{team.ta1.pk}/day-offs").status_code == 404


@pytest.mark.parametrize("kind", ["year", "person", "project", "resource"])
def test_lists_fixed_queries(admin, kind):
    project = ProjectFactory()
    manager = PersonFactory(role="manager")
    add_to_team(project, manager)
    persons = PersonFactory.create_batch(3)
    for person in persons:
        add_to_team(project, person)
    paths = {
        "year": "/data/persons/day-offs/2026",
        "person": f"/data/persons/{persons[0].pk}/day-offs",
        "project": f"/data/projects/{project.pk}/day-offs",
        "resource": "/data/day-offs",
    }
    viewer = admin if kind == "resource" else manager
    counts = []
    for index, batch in enumerate(((persons[0],), persons)):
        for person in batch:
            day = dt.date(2026, 1 + index * 3, 1 + persons.index(person) * 5)
            DayOff.objects.create(person=person, date=day, end_date=day)
        with CaptureQueriesContext(connection) as queries:
            assert get(viewer, paths[kind]).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]

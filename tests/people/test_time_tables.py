"""The studio-wide time tables (`/data/persons/time-spents/*-table`): totals value by value,
filters, what each role may see, and a fixed number of queries however big the studio."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import Person, Role, TimeSpent
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, TaskFactory, add_to_team, asset
from tests.production.time_helpers import build_team, by_id

pytestmark = pytest.mark.django_db

TABLES = "/data/persons/time-spents"
FORBIDDEN = (
    "You don't have the permission to access the requested resource. It is either "
    "read-protected or not readable by the server."
)


@pytest.fixture
def team():
    return build_team()


def get(person: Person, path: str, **params):
    return client_for(person).get(f"{TABLES}/{path}", params)


def test_admin_tables_value_by_value(team, admin):
    assert get(admin, "year-table").json() == by_id(
        team,
        {
            "2025": {"ta1": 180.0},
            "2026": {
                "ta1": 1200.0,
                "ta2": 378.5,
                "ta3": 260.0,
                "sup": 30.0,
                "out": 500.0,
                "ven": 50.0,
                "sup2": 75.0,
            },
        },
    )
    assert get(admin, "month-table/2026").json() == by_id(
        team,
        {
            "1": {
                "ta1": 780.0,
                "ta2": 333.0,
                "ta3": 200.0,
                "sup": 30.0,
                "out": 400.0,
                "ven": 50.0,
                "sup2": 75.0,
            },
            "2": {"ta1": 390.0, "ta3": 60.0, "out": 100.0},
            "3": {"ta1": 30.0, "ta2": 45.5},
        },
    )
    assert get(admin, "month-table/2025").json() == by_id(team, {"12": {"ta1": 180.0}})


def test_week_table_groups_a_calendar_year_by_iso_week(team, admin):
    """2025-12-29 and 2025-12-31 belong to ISO week 1 of 2026 but count in the 2025 table."""
    assert get(admin, "week-table/2026").json() == by_id(
        team,
        {
            "1": {"ta1": 240.0},
            "2": {"ta1": 540.0, "ta2": 300.0, "ta3": 200.0, "sup": 30.0, "out": 400.0, "ven": 50.0},
            "3": {"sup2": 75.0, "ta2": 33.0},
            "8": {"ta1": 390.0, "ta3": 60.0, "out": 100.0},
            "9": {"ta1": 30.0},
            "11": {"ta2": 45.5},
        },
    )
    assert get(admin, "week-table/2025").json() == by_id(team, {"1": {"ta1": 180.0}})
    assert get(admin, "week-table/2027").json() == {}


@pytest.mark.parametrize("month", ["1", "01", "001"])
def test_day_table_keys_are_days_without_leading_zero(team, admin, month):
    assert get(admin, f"day-table/2026/{month}").json() == by_id(
        team,
        {
            "2": {"ta1": 240.0},
            "5": {"ta1": 540.0, "ta2": 200.0, "ven": 50.0},
            "6": {"ta2": 100.0},
            "7": {"ta3": 200.0},
            "8": {"sup": 30.0},
            "9": {"out": 400.0},
            "12": {"sup2": 75.0},
            "13": {"ta2": 33.0},
        },
    )


@pytest.mark.parametrize(
    "path", ["day-table/2026/13", "day-table/2026/0", "day-table/2026/x", "month-table/x"]
)
def test_bad_periods_are_400(team, admin, path):
    response = get(admin, path)
    assert response.status_code == 400
    assert response.json()["message"] == "Invalid month or year."


def test_filters(team, admin):
    light = get(admin, "month-table/2026", department_id=str(team.light.pk)).json()
    assert light == by_id(
        team, {"1": {"ta3": 20.0, "ta2": 333.0, "sup2": 75.0}, "3": {"ta2": 45.5}}
    )
    lyon = get(admin, "month-table/2026", studio_id=str(team.lyon.pk)).json()
    assert lyon == by_id(
        team, {"1": {"ta2": 333.0, "ta3": 200.0}, "2": {"ta3": 60.0}, "3": {"ta2": 45.5}}
    )
    other = team.projects["other"]
    assert get(admin, "month-table/2026", project_id=str(other.pk)).json() == by_id(
        team, {"1": {"out": 400.0, "ta1": 60.0, "sup2": 75.0}, "2": {"out": 100.0, "ta1": 90.0}}
    )
    both = get(admin, "month-table/2026", project_id=str(other.pk), department_id=str(team.anim.pk))
    assert both.json() == by_id(
        team, {"1": {"out": 400.0, "ta1": 60.0}, "2": {"out": 100.0, "ta1": 90.0}}
    )
    paris_anim = get(
        admin, "month-table/2026", studio_id=str(team.paris.pk), department_id=str(team.anim.pk)
    )
    assert paris_anim.json() == by_id(
        team,
        {
            "1": {"sup": 30.0, "ta1": 780.0, "out": 400.0},
            "2": {"ta1": 390.0, "out": 100.0},
            "3": {"ta1": 30.0},
        },
    )
    malformed = get(admin, "month-table/2026", project_id="nope")
    assert malformed.status_code == 400
    assert malformed.json()["message"] == "Malformed ID."


MONTHS_SEEN = {
    # Managers: every task of their teams' projects, the closed one included.
    "man": {
        "1": {"ta1": 720.0, "ta2": 333.0, "ta3": 200.0, "sup": 30.0, "ven": 50.0},
        "2": {"ta1": 300.0, "ta3": 60.0},
        "3": {"ta1": 30.0, "ta2": 45.5},
    },
    # A supervisor of Anim: their projects, Anim task types only.
    "sup": {
        "1": {"ta1": 720.0, "ta3": 180.0, "sup": 30.0, "ven": 50.0},
        "2": {"ta1": 300.0, "ta3": 60.0},
        "3": {"ta1": 30.0},
    },
    # A supervisor without department: every department of their projects.
    "sup2": {
        "1": {"out": 400.0, "ta1": 60.0, "sup2": 75.0, "ta2": 33.0},
        "2": {"out": 100.0, "ta1": 90.0},
    },
    # Everyone else: their own time, in every project.
    "ta1": {"1": {"ta1": 780.0}, "2": {"ta1": 390.0}, "3": {"ta1": 30.0}},
    "ven": {"1": {"ven": 50.0}},
    "cli": {},
}


@pytest.mark.parametrize("who", sorted(MONTHS_SEEN))
def test_each_role_sees_only_what_it_may(team, who):
    response = get(getattr(team, who), "month-table/2026")
    assert response.status_code == 200
    assert response.json() == by_id(team, MONTHS_SEEN[who])


def test_filters_outside_the_callers_reach(team):
    other = team.projects["other"]
    for who in ("man", "sup"):
        response = get(getattr(team, who), "month-table/2026", project_id=str(other.pk))
        assert response.status_code == 403
        assert response.json() == {"error": True, "message": FORBIDDEN}
    for who, department in (("sup", team.light), ("sup2", team.light)):
        response = get(getattr(team, who), "month-table/2026", department_id=str(department.pk))
        assert response.status_code == 400
        assert response.json() == {
            "error": True,
            "message": "Supervisor not allowed to access this department",
            "data": None,
        }
    anim = get(team.sup, "month-table/2026", department_id=str(team.anim.pk))
    assert anim.json() == by_id(team, MONTHS_SEEN["sup"])
    # Artists keep seeing only themselves, whatever they ask for.
    assert get(team.ta2, "month-table/2026", project_id=str(other.pk)).json() == {}
    assert get(team.ta1, "month-table/2026", department_id=str(team.light.pk)).json() == {}
    assert get(team.ta1, "month-table/2026", project_id=str(other.pk)).json() == by_id(
        team, {"1": {"ta1": 60.0}, "2": {"ta1": 90.0}}
    )


def test_manager_table_of_one_project(team):
    response = get(team.man, "month-table/2026", project_id=str(team.projects["main"].pk))
    assert response.json() == by_id(
        team,
        {
            "1": {"ta1": 720.0, "ta2": 300.0, "ta3": 200.0, "sup": 30.0, "ven": 50.0},
            "2": {"ta1": 300.0, "ta3": 60.0},
            "3": {"ta1": 30.0, "ta2": 45.5},
        },
    )


def _studio(nb_persons: int, days: int, year: int = 2026):
    """`nb_persons` logging an hour a day from the first of January, inserted in bulk without
    building model instances (73,000 of them take seconds)."""
    project = ProjectFactory()
    task = TaskFactory(entity=asset(project), project=project)
    persons = PersonFactory.create_batch(nb_persons)
    start = dt.date(year, 1, 1)
    id_field = TimeSpent._meta.pk
    now = timezone.now()

    def db_id(value):
        return id_field.get_db_prep_value(value, connection)

    columns = "id, duration, date, task_id, person_id, created_at, updated_at"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO time_spent ({columns}) SELECT gen_random_uuid(), 60, day::date, %s,"
                " person_id, now(), now() FROM unnest(%s::uuid[]) AS person_id,"
                " generate_series(%s::date, %s::date, interval '1 day') AS day",
                [task.pk, [p.pk for p in persons], start, start + dt.timedelta(days=days - 1)],
            )
        return project, persons
    task_id = db_id(task.pk)
    rows = [
        (
            db_id(uuid.uuid4()),
            60.0,
            start + dt.timedelta(days=day),
            task_id,
            db_id(person.pk),
            now,
            now,
        )
        for person in persons
        for day in range(days)
    ]
    chunk = 500  # rows per statement: SQLite accepts at most 32766 parameters
    with connection.cursor() as cursor:
        for offset in range(0, len(rows), chunk):
            part = rows[offset : offset + chunk]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(part))
            cursor.execute(
                f"INSERT INTO time_spent ({columns}) VALUES {values}",
                [value for row in part for value in row],
            )
    return project, persons


@pytest.mark.parametrize("path", ["year-table", "month-table/2026", "week-table/2026"])
def test_tables_run_a_fixed_number_of_queries(admin, path):
    manager = PersonFactory(role=Role.MANAGER)
    supervisor = PersonFactory(role=Role.SUPERVISOR)
    counts = []
    for nb_persons in (1, 3):
        project, _ = _studio(nb_persons, days=10)
        add_to_team(project, manager)
        add_to_team(project, supervisor)
        for viewer in (admin, manager, supervisor):
            client = client_for(viewer)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"{TABLES}/{path}").status_code == 200
            counts.append(len(queries))
    assert counts[:3] == counts[3:]


def test_week_table_of_200_persons_over_a_year_is_a_few_queries(admin):
    _, persons = _studio(200, days=365)
    client = client_for(admin)
    client.get(f"{TABLES}/week-table/2025")  # warm the connection and the token check
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{TABLES}/week-table/2026")
    table = response.json()
    assert len(table) == 53  # 2026 has 53 ISO weeks; 2026-01-01 is in week 1
    assert table["2"][str(persons[0].pk)] == 7 * 60.0
    assert table["1"][str(persons[-1].pk)] == 4 * 60.0  # Thursday 1 to Sunday 4 January
    assert len(queries) <= 3

"""CSV import of task type estimations: days to minutes, dates in business days, roles."""

import datetime as dt

import pytest

from production.models import Entity, Task
from tests.factories import DepartmentFactory
from tests.imports.csv_helpers import make_studio, post_csv
from tests.production.factories import add_to_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(admin_client):
    studio = make_studio()
    shots = "Sequence,Name\nSQ01,SH010\nSQ01,SH020\nSQ02,SH010\n"
    post_csv(admin_client, f"/import/csv/projects/{studio.project.id}/shots", shots)
    tv_shots = "Episode,Sequence,Name\nE01,SQ01,SH010\nE02,SQ01,SH010\n"
    post_csv(admin_client, f"/import/csv/projects/{studio.tv_project.id}/shots", tv_shots)
    post_csv(
        admin_client, f"/import/csv/projects/{studio.project.id}/assets", "Type,Name\nProps,Sword\n"
    )
    return studio


def path(project, task_type, episode=None):
    middle = f"/episodes/{episode.id}" if episode else ""
    return f"/import/csv/projects/{project.id}{middle}/task-types/{task_type.id}/estimations"


def task_of(studio, sequence, shot, task_type=None):
    return Task.objects.get(
        project=studio.project,
        entity__name=shot,
        entity__parent__name=sequence,
        task_type=task_type or studio.animation,
    )


def day(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def test_estimations_dates_drawings_and_difficulty(admin_client, studio):
    text = (
        "Parent,Entity,Estimation,Drawings,Start date,Due date,Difficulty\n"
        "SQ01,SH010,2,10,2026-01-05,,4\n"
        "SQ01,SH020,1.5,,2026-01-09,,\n"
        "sq2,sh10,3,,2026-01-09,2026-01-20,\n"
    )

    response = post_csv(admin_client, path(studio.project, studio.animation), text)

    assert response.status_code == 201, response.json()
    assert response.json() == [None, None, None]
    first = task_of(studio, "SQ01", "SH010")
    assert (first.estimation, first.nb_drawings, first.difficulty) == (960, 10, 4)
    assert (first.start_date, first.due_date) == (day("2026-01-05"), day("2026-01-06"))
    second = task_of(studio, "SQ01", "SH020")
    assert (second.estimation, second.nb_drawings, second.difficulty) == (720, 0, 3)
    assert (second.start_date, second.due_date) == (day("2026-01-09"), day("2026-01-12"))
    third = task_of(studio, "SQ02", "SH010")
    assert (third.estimation, third.due_date) == (1440, day("2026-01-20"))
    layout = task_of(studio, "SQ01", "SH010", studio.layout)
    assert layout.estimation == 0


def test_assets_are_located_by_their_type(admin_client, studio):
    text = "Parent,Entity,Estimation\nProps,Sword,0.5\n"

    response = post_csv(admin_client, path(studio.project, studio.modeling), text)

    assert response.status_code == 201
    assert Task.objects.get(task_type=studio.modeling).estimation == 240


def test_episode_route_looks_in_the_episode_only(admin_client, studio):
    episode = Entity.objects.get(name="E02")
    text = "Parent,Entity,Estimation\nSQ01,SH010,1\n"

    response = post_csv(admin_client, path(studio.tv_project, studio.animation, episode), text)

    assert response.status_code == 201
    estimations = Task.objects.filter(task_type=studio.animation, project=studio.tv_project)
    assert sorted(estimations.values_list("entity__parent__parent__name", "estimation")) == [
        ("E01", 0),
        ("E02", 480),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("SQ09,SH001,1,", "Entity 'SH001' with parent 'SQ09' not found"),
        ("SQ01,SH020,abc,", "Estimation must be a number of days, got 'abc'"),
        ("SQ01,SH020,1,09/01/2026", "Start date must be a date (YYYY-MM-DD), got '09/01/2026'"),
    ],
)
def test_bad_row_is_refused_and_nothing_is_kept(admin_client, studio, row, message):
    text = f"Parent,Entity,Estimation,Start date\nSQ01,SH010,2,\n{row}\n"

    response = post_csv(admin_client, path(studio.project, studio.animation), text)

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": message,
        "line_number": 3,
        "imported_rows": 0,
    }
    assert task_of(studio, "SQ01", "SH010").estimation == 0


def test_difficulty_out_of_range(admin_client, studio):
    text = "Parent,Entity,Difficulty\nSQ01,SH010,9\n"

    response = post_csv(admin_client, path(studio.project, studio.animation), text)

    assert response.json()["message"] == "Difficulty must be between 1 and 5, got '9'"


def test_unknown_task_type_and_episode(admin_client, studio):
    unknown = "4d0a9a44-5d1b-4f63-a0b5-6cbd7a2b5d9a"
    base = f"/import/csv/projects/{studio.project.id}"

    missing_type = post_csv(admin_client, f"{base}/task-types/{unknown}/estimations", "a\n")
    missing_episode = post_csv(
        admin_client,
        f"{base}/episodes/{unknown}/task-types/{studio.animation.id}/estimations",
        "a\n",
    )

    assert (missing_type.status_code, missing_episode.status_code) == (404, 404)


@pytest.mark.parametrize(
    ("role", "department", "expected"),
    [
        ("manager", None, 201),
        ("supervisor", None, 201),
        ("supervisor", "Animation", 201),
        ("supervisor", "Modeling", 403),
        ("user", None, 403),
        ("client", None, 403),
    ],
)
def test_managers_and_supervisors_of_the_department(
    role_clients, studio, role, department, expected
):
    person, client = role_clients[role]
    add_to_team(studio.project, person)
    animation = DepartmentFactory(name="Animation")
    studio.animation.department = animation
    studio.animation.save()
    if department:
        person.departments.add(animation if department == "Animation" else DepartmentFactory())
    text = "Parent,Entity,Estimation\nSQ01,SH010,1\n"

    response = post_csv(client, path(studio.project, studio.animation), text)

    assert response.status_code == expected
    assert task_of(studio, "SQ01", "SH010").estimation == (480 if expected == 201 else 0)

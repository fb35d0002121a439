"""CSV exports: the reference's columns, order and bytes; import -> export round trips."""

import pytest

from production.models import EntityLink
from tests.imports.csv_helpers import make_studio, post_csv
from tests.production.factories import add_to_team

pytestmark = pytest.mark.django_db

SHOTS = (
    "Sequence,Name,Description,Nb Frames,Frame In,Frame Out,FPS,Difficulty,"
    "Layout,Animation,Animation assignations\n"
    "SQ01,SH020,second,30,,,,easy,,,\n"
    "SQ01,SH010,first shot,,1001,1048,24,hard,done,wip,john.did@example.com\n"
    "SQ02,SH010,,,,,,,,,\n"
)


@pytest.fixture
def studio():
    return make_studio()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_shots_export_is_the_reference_file(admin_client, studio):
    project = studio.project
    post_csv(admin_client, f"/import/csv/projects/{project.id}/shots", SHOTS)

    response = admin_client.get(f"/export/csv/projects/{project.id}/shots.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == "attachment; filename=kitsu_short_shots.csv"
    assert body(response) == (
        b"Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;"
        b"Difficulty;Layout;Assignations;Animation;Assignations\r\n"
        b"Short;;SQ01;SH010;first shot;0.00;48;1001;1048;24;hard;done;;wip;John Did\r\n"
        b"Short;;SQ01;SH020;second;0.00;30;;;;easy;todo;;todo;\r\n"
        b"Short;;SQ02;SH010;;0.00;0;;;;;todo;;todo;\r\n"
    )


def test_assets_round_trip(admin_client, studio):
    project = studio.project
    exported = (
        "Project;Type;Name;Description;Time Spent;Style;Modeling;Assignations;Shading;"
        "Assignations\r\n"
        "Short;Character;Hero;the hero;0.00;cartoon;wip;John Did;todo;\r\n"
        "Short;Character;Villain;;0.00;;todo;;todo;\r\n"
        "Short;Props;Sword;a sword;0.00;;todo;;done;\r\n"
    )
    to_import = exported.replace("Modeling;Assignations", "Modeling;Modeling assignations")
    to_import = to_import.replace("Shading;Assignations", "Shading;Shading assignations")

    response = post_csv(admin_client, f"/import/csv/projects/{project.id}/assets", to_import)
    assert response.status_code == 201, response.json()

    exported_again = admin_client.get(f"/export/csv/projects/{project.id}/assets.csv")
    assert body(exported_again).decode() == exported


def test_casting_export(admin_client, studio):
    project = studio.project
    post_csv(admin_client, f"/import/csv/projects/{project.id}/shots", SHOTS)
    post_csv(
        admin_client,
        f"/import/csv/projects/{project.id}/assets",
        "Type,Name\nCharacter,Hero\nProps,Sword\n",
    )
    from production.models import Entity

    shot = Entity.objects.get(name="SH010", parent__name="SQ01")
    hero = Entity.objects.get(name="Hero")
    sword = Entity.objects.get(name="Sword")
    EntityLink.objects.create(entity_in=shot, entity_out=hero, nb_occurences=2, label="fixed")
    EntityLink.objects.create(entity_in=hero, entity_out=sword)

    response = admin_client.get(f"/export/csv/projects/{project.id}/casting.csv")

    assert body(response) == (
        b"Parent;Name;Asset Type;Asset;Occurences;Label\r\n"
        b"Character;Hero;Props;Sword;1;\r\n"
        b"SQ01;SH010;Character;Hero;2;fixed\r\n"
    )


def test_studio_exports(admin_client, studio):
    projects = admin_client.get("/export/csv/projects.csv")
    assert projects["Content-Type"] == "text/csv; charset=utf-8"
    assert body(projects) == b"Name;Status\r\nSeries;Open\r\nShort;Open\r\n"
    task_types = admin_client.get("/export/csv/task-types.csv")
    assert body(task_types) == (
        b"Department;Name\r\n;Animation\r\n;Layout\r\n;Modeling\r\n;Shading\r\n"
    )
    persons = admin_client.get("/export/csv/persons.csv")
    assert persons["Content-Disposition"] == "attachment; filename=kitsu_people_export.csv"
    assert body(persons) == (
        b"First Name;Last Name;Email;Phone;Role;Departments;Studio;Country;Contract Type;"
        b"Position;Seniority;Daily Salary;Active\r\n"
        b"John;Did;john.did@example.com;;admin;;;;open-ended;artist;mid;0;yes\r\n"
    )


@pytest.mark.parametrize(
    ("role", "in_team", "project_status", "studio_status"),
    [
        ("manager", True, 200, 200),
        ("manager", False, 403, 200),
        ("supervisor", True, 403, 403),
        ("user", True, 403, 403),
        ("client", True, 403, 403),
        ("vendor", True, 403, 403),
    ],
)
def test_export_permissions(role_clients, studio, role, in_team, project_status, studio_status):
    person, client = role_clients[role]
    if in_team:
        add_to_team(studio.project, person)

    shots = client.get(f"/export/csv/projects/{studio.project.id}/shots.csv")
    persons = client.get("/export/csv/persons.csv")

    assert shots.status_code == project_status
    assert persons.status_code == studio_status


def test_export_query_count_does_not_grow(admin_client, studio, django_assert_num_queries):
    project = studio.project
    path = f"/export/csv/projects/{project.id}/shots.csv"
    post_csv(admin_client, f"/import/csv/projects/{project.id}/shots", SHOTS)
    with django_assert_num_queries(10):
        body(admin_client.get(path))
    many = "Sequence,Name\n" + "".join(f"SQ03,SH{index:03d}\n" for index in range(40))
    post_csv(admin_client, f"/import/csv/projects/{project.id}/shots", many)
    with django_assert_num_queries(10):
        body(admin_client.get(path))

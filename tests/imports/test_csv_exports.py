"""CSV exports: the reference's columns, order and bytes; import -> export round trips."""

import pytest

from production.models import EntityLink
from tests.factories import PersonFactory
from tests.imports.csv_helpers import make_studio, post_csv
from tests.production.factories import (
    TaskFactory,
    TaskStatusFactory,
    add_to_team,
    asset,
    episode,
    sequence,
    shot,
)

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
    with django_assert_num_queries(8):
        body(admin_client.get(path))
    many = "Sequence,Name\n" + "".join(f"SQ03,SH{index:03d}\n" for index in range(40))
    post_csv(admin_client, f"/import/csv/projects/{project.id}/shots", many)
    with django_assert_num_queries(8):
        body(admin_client.get(path))


# -- the breakdown exports narrowed as gazu asks (`episode_id`, `assigned_to`) ------------------
ASSETS_HEAD = "Project;Type;Name;Description;Time Spent;Style"
SHOTS_HEAD = "Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;"
SHOTS_HEAD += "Difficulty"


@pytest.fixture
def series(studio, role_clients):
    """The TV show over two episodes and a sequence outside them, with tasks shared by its
    manager (Mona Manager) and an artist (Art Ist); the prop Cup is cast in E01."""
    project = studio.tv_project
    manager, client = role_clients["manager"]
    artist, _ = role_clients["user"]
    for person, first, last in ((manager, "Mona", "Manager"), (artist, "Art", "Ist")):
        person.first_name, person.last_name = first, last
        person.save()
        add_to_team(project, person)
    other = PersonFactory(first_name="Sue", last_name="Pervisor")
    first, second = episode(project, "E01"), episode(project, "E02")
    sq01 = sequence(project, "SQ01", episode=first)
    sq02 = sequence(project, "SQ02", episode=second)
    sq00 = sequence(project, "SQ00")
    entities = {
        "hero": asset(project, "Hero", source=first, description="main"),
        "villain": asset(project, "Villain", source=second),
        "cup": asset(project, "Cup", "Props"),
        "lamp": asset(project, "Lamp", "Props"),
        "sh010": shot(project, sq01, "SH010", nb_frames=10),
        "sh020": shot(project, sq01, "SH020", nb_frames=20),
        "sh010_e02": shot(project, sq02, "SH010", nb_frames=30),
        "sh001": shot(project, sq00, "SH001", nb_frames=5),
    }
    EntityLink.objects.create(entity_in=first, entity_out=entities["cup"])
    wip = TaskStatusFactory(short_name="wip")

    def task(entity, task_type, *assignees, **fields):
        TaskFactory(entity=entities[entity], task_type=task_type, **fields).assignees.add(
            *assignees
        )

    task("hero", studio.modeling, manager, artist, task_status=wip, duration=420)
    task("hero", studio.shading, other)
    task("villain", studio.modeling, other)
    task("cup", studio.modeling, manager)
    task("lamp", studio.modeling)
    task("sh010", studio.layout, manager, duration=60)
    task("sh010", studio.animation, artist, task_status=wip, duration=120)
    task("sh020", studio.animation)
    task("sh010_e02", studio.animation, artist)
    task("sh001", studio.animation)
    return {
        "client": client,
        "manager": manager,
        "project": project,
        "first": first,
        "second": second,
        **entities,
    }


def export(series, what: str, **params):
    return series["client"].get(f"/export/csv/projects/{series['project'].id}/{what}.csv", params)


def lines(response) -> list[str]:
    assert response.status_code == 200
    return body(response).decode().split("\r\n")[:-1]


def test_assets_export_by_episode(series):
    everything = [
        f"{ASSETS_HEAD};Modeling;Assignations;Shading;Assignations",
        "Series;Character;Hero;main;0.88;;wip;Art Ist,Mona Manager;todo;Sue Pervisor",
        "Series;Character;Villain;;0.00;;todo;Sue Pervisor;;",
        "Series;Props;Cup;;0.00;;todo;Mona Manager;;",
        "Series;Props;Lamp;;0.00;;todo;;;",
    ]
    assert lines(export(series, "assets")) == everything
    assert lines(export(series, "assets", episode_id="all")) == everything
    # The episode's own assets and those cast in it; the columns are the task types of the
    # rows' tasks, as in the reference.
    assert lines(export(series, "assets", episode_id=str(series["first"].id))) == [
        everything[0],
        everything[1],
        everything[3],
    ]
    assert lines(export(series, "assets", episode_id=str(series["second"].id))) == [
        f"{ASSETS_HEAD};Modeling;Assignations",
        "Series;Character;Villain;;0.00;;todo;Sue Pervisor",
    ]
    # `main`: the assets of no episode, cast in one or not.
    assert lines(export(series, "assets", episode_id="main")) == [
        f"{ASSETS_HEAD};Modeling;Assignations",
        "Series;Props;Cup;;0.00;;todo;Mona Manager",
        "Series;Props;Lamp;;0.00;;todo;",
    ]
    assert lines(export(series, "assets", episode_id=str(series["sh010"].id))) == [ASSETS_HEAD]
    assert lines(export(series, "assets", id=str(series["hero"].id))) == everything[:2]
    # Keys the export does not read leave the rows alone.
    assert lines(export(series, "assets", name="Cup")) == everything


def test_assets_export_assigned_to_the_caller(series):
    # The assets where the caller has tasks, with those tasks only (and their time), whoever
    # else they are assigned to.
    assigned = [
        f"{ASSETS_HEAD};Modeling;Assignations",
        "Series;Character;Hero;main;0.88;;wip;Art Ist,Mona Manager",
        "Series;Props;Cup;;0.00;;todo;Mona Manager",
    ]
    assert lines(export(series, "assets", assigned_to="true")) == assigned
    assert lines(export(series, "assets", assigned_to="")) == assigned
    assert lines(
        export(series, "assets", assigned_to="1", episode_id=str(series["second"].id))
    ) == [ASSETS_HEAD]


def test_shots_export_by_episode_and_assigned_to(series):
    everything = [
        f"{SHOTS_HEAD};Layout;Assignations;Animation;Assignations",
        "Series;;SQ00;SH001;;0.00;5;;;;;;;todo;",
        "Series;E01;SQ01;SH010;;0.38;10;;;;;todo;Mona Manager;wip;Art Ist",
        "Series;E01;SQ01;SH020;;0.00;20;;;;;;;todo;",
        "Series;E02;SQ02;SH010;;0.00;30;;;;;;;todo;Art Ist",
    ]
    assert lines(export(series, "shots")) == everything
    assert lines(export(series, "shots", episode_id="all")) == everything
    assert lines(export(series, "shots", episode_id=str(series["first"].id))) == [
        everything[0],
        *everything[2:4],
    ]
    assert lines(export(series, "shots", episode_id=str(series["second"].id))) == [
        f"{SHOTS_HEAD};Animation;Assignations",
        "Series;E02;SQ02;SH010;;0.00;30;;;;;todo;Art Ist",
    ]
    # `main`: the shots of sequences outside any episode (the reference answers 500).
    assert lines(export(series, "shots", episode_id="main")) == [
        f"{SHOTS_HEAD};Animation;Assignations",
        "Series;;SQ00;SH001;;0.00;5;;;;;todo;",
    ]
    assert lines(export(series, "shots", id=str(series["sh020"].id))) == [
        f"{SHOTS_HEAD};Animation;Assignations",
        "Series;E01;SQ01;SH020;;0.00;20;;;;;todo;",
    ]
    assert lines(export(series, "shots", assigned_to="true")) == [
        f"{SHOTS_HEAD};Layout;Assignations",
        "Series;E01;SQ01;SH010;;0.12;10;;;;;todo;Mona Manager",
    ]
    assert lines(
        export(series, "shots", assigned_to="true", episode_id=str(series["second"].id))
    ) == [SHOTS_HEAD]


@pytest.mark.parametrize("what", ["assets", "shots"])
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"episode_id": "bad"}, "Invalid UUID format for episode_id: bad"),
        ({"episode_id": ""}, "Invalid UUID format for episode_id: "),
        ({"id": "nope", "episode_id": "all"}, "Invalid UUID format for id: nope"),
    ],
)
def test_breakdown_export_bad_ids(series, what, params, message):
    response = export(series, what, **params)
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": message, "data": None}


@pytest.mark.parametrize("what", ["assets", "shots"])
@pytest.mark.parametrize(
    ("role", "in_team", "expected"),
    [("manager", True, 200), ("manager", False, 403), ("user", True, 403), ("user", False, 403)],
)
def test_filtered_breakdown_export_permissions(studio, role_clients, what, role, in_team, expected):
    """The filters change no rule: the project's managers only, whatever the query, and the
    permission is checked before the query is read."""
    person, client = role_clients[role]
    if in_team:
        add_to_team(studio.tv_project, person)
    path = f"/export/csv/projects/{studio.tv_project.id}/{what}.csv"
    assert client.get(path, {"assigned_to": "true"}).status_code == expected
    assert client.get(path, {"episode_id": "bad"}).status_code == (400 if expected == 200 else 403)


@pytest.mark.parametrize(
    ("what", "params", "rows"),
    [
        ("assets", {"assigned_to": "true"}, 2),
        ("shots", {"assigned_to": "true", "episode_id": "all"}, 1),
        ("shots", {"episode_id": "main"}, 1),
    ],
)
def test_filtered_breakdown_export_query_count(
    series, studio, django_assert_num_queries, what, params, rows
):
    # The admin's 8 (test_export_query_count_does_not_grow) and the manager's team check.
    with django_assert_num_queries(9):
        assert len(lines(export(series, what, **params))) == 1 + rows
    outside = sequence(series["project"], "SQ99")
    for index in range(10):
        if what == "assets":
            entity = asset(series["project"], f"Prop {index}", "Props", source=series["first"])
        else:
            entity = shot(series["project"], outside, f"SH{100 + index}")
        task_type = studio.modeling if what == "assets" else studio.layout
        TaskFactory(entity=entity, task_type=task_type).assignees.add(series["manager"])
    with django_assert_num_queries(9):
        assert len(lines(export(series, what, **params))) == 11 + rows

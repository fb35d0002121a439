"""CSV import of shots: creation, update, padding, task columns, errors, dialects."""

import pytest

from production.models import Entity, Task
from reviews.models import Comment
from tests.imports.csv_helpers import caller, make_studio, managers_only, post_csv

pytestmark = pytest.mark.django_db

HEADER = (
    "Sequence,Name,Description,Nb Frames,Frame In,Frame Out,FPS,Resolution,Difficulty,"
    "Animation,Animation comment,Animation assignations,Layout\n"
)
ROWS = (
    "SQ01,SH010,first shot,,1001,1048,24,1920x1080,hard,wip,started it,john.did@example.com,done\n"
    "SQ01,SH020,second,30,,,,,easy,,,,\n"
    "SQ02,SH010,,,,,,,,,,,\n"
)


@pytest.fixture
def studio():
    return make_studio()


def shots_path(project):
    return f"/import/csv/projects/{project.id}/shots"


def test_shots_are_created_with_frames_data_and_tasks(admin, admin_client, studio):
    response = post_csv(admin_client, shots_path(studio.project), HEADER + ROWS)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [row["name"] for row in body] == ["SH010", "SH020", "SH010"]
    first = body[0]
    assert first["type"] == "Entity"
    assert first["description"] == "first shot"
    assert first["nb_frames"] == 48
    assert first["data"] == {
        "frame_in": 1001,
        "frame_out": 1048,
        "fps": "24",
        "resolution": "1920x1080",
        "difficulty": "hard",
    }
    assert first["created_by"] == str(admin.id)
    assert body[1]["nb_frames"] == 30
    assert body[1]["data"] == {"fps": "", "resolution": "", "difficulty": "easy"}
    assert body[2]["nb_frames"] == 0
    sequences = Entity.objects.filter(entity_type__name="Sequence").order_by("name")
    assert [sequence.name for sequence in sequences] == ["SQ01", "SQ02"]
    assert body[0]["parent_id"] == body[1]["parent_id"] == str(sequences[0].id)
    assert body[2]["parent_id"] == str(sequences[1].id)
    assert Task.objects.filter(project=studio.project).count() == 6
    animation = Task.objects.get(entity_id=first["id"], task_type=studio.animation)
    assert animation.task_status.short_name == "wip"
    assert list(animation.assignees.all()) == [admin]
    assert animation.real_start_date is not None
    layout = Task.objects.get(entity_id=first["id"], task_type=studio.layout)
    assert layout.task_status.short_name == "done"
    comments = Comment.objects.filter(object_id=animation.id)
    assert [(c.text, c.task_status.short_name) for c in comments] == [("started it", "wip")]


def test_reimport_does_not_duplicate_and_keeps_rows_without_update(admin_client, studio):
    post_csv(admin_client, shots_path(studio.project), HEADER + ROWS)
    again = "Sequence,Name,Description\nSQ01,SH010,changed\nSQ1,SH10,padding lost\nSQ01,10,x\n"

    response = post_csv(admin_client, shots_path(studio.project), again)

    assert response.status_code == 201
    body = response.json()
    assert [row["name"] for row in body] == ["SH010", "SH010", "10"]
    assert body[0]["id"] == body[1]["id"]
    assert body[0]["description"] == "first shot"
    assert Entity.objects.filter(entity_type__name="Shot").count() == 4
    assert Entity.objects.filter(entity_type__name="Sequence").count() == 2


def test_update_changes_existing_shots(admin_client, studio):
    post_csv(admin_client, shots_path(studio.project), HEADER + ROWS)
    again = "Sequence,Name,Description,Frame In,Frame Out,Difficulty\nSQ1,SH10,new,1,10,medium\n"

    response = post_csv(admin_client, shots_path(studio.project) + "?update=true", again)

    assert response.status_code == 201
    (row,) = response.json()
    assert row["description"] == "new"
    assert row["nb_frames"] == 10
    assert row["data"]["difficulty"] == "medium"
    assert row["data"]["frame_in"] == 1
    assert row["data"]["fps"] == "24"
    assert Entity.objects.filter(entity_type__name="Shot").count() == 3


def test_numeric_names_match_without_padding(admin_client, studio):
    post_csv(admin_client, shots_path(studio.project), "Sequence,Name\n010,010\n")

    response = post_csv(admin_client, shots_path(studio.project), "Sequence,Name\n10,10\n")

    assert response.json()[0]["name"] == "010"
    assert Entity.objects.filter(entity_type__name="Shot").count() == 1
    assert Entity.objects.filter(entity_type__name="Sequence").count() == 1


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "Sequence,Name,Frame In\nSQ03,SH001,1\nSQ03,SH002,abc\n",
            "frame_in must be an integer, got 'abc'",
            3,
        ),
        (
            "Sequence,Name,Animation\nSQ04,SH001,wip\nSQ04,SH002,nostatus\n",
            "Task status not found for nostatus",
            3,
        ),
        (
            "Sequence,Name,Animation assignations\nSQ05,SH001,nobody@x.com\n",
            "Person not found for nobody@x.com",
            2,
        ),
        ("Name,Description\nSH001,x\n", "A columns is missing: 'Sequence'", 2),
        ("Sequence,Name\nSQ06,\n", "Name cannot be empty", 2),
        (
            "Episode,Sequence,Name\nE01,SQ06,SH001\n",
            "An episode column is present for a production that isn't a TV Show",
            2,
        ),
    ],
)
def test_bad_row_is_refused_and_nothing_is_kept(admin_client, studio, text, message, line):
    response = post_csv(admin_client, shots_path(studio.project), text)

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": message,
        "line_number": line,
        "imported_rows": 0,
    }
    assert not Entity.objects.exists()
    assert not Task.objects.exists()


@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_dialects_and_bom(admin_client, studio, bom, delimiter):
    text = f"Sequence{delimiter}Name{delimiter}Description\nSQ01{delimiter}SH010{delimiter}a, b\n"
    if delimiter == ",":
        text = text.replace("a, b", '"a, b"')

    response = post_csv(admin_client, shots_path(studio.project), text, bom=bom)

    assert response.status_code == 201
    assert [(row["name"], row["description"]) for row in response.json()] == [("SH010", "a, b")]


def test_episodes_are_created_in_tv_shows(admin_client, studio):
    text = "Episode,Sequence,Name\nE01,SQ01,SH010\nE02,SQ01,SH010\nE1,SQ1,SH10\n"

    response = post_csv(admin_client, shots_path(studio.tv_project), text)

    body = response.json()
    assert body[0]["id"] == body[2]["id"] != body[1]["id"]
    episodes = Entity.objects.filter(entity_type__name="Episode").order_by("name")
    assert [episode.name for episode in episodes] == ["E01", "E02"]
    assert Entity.objects.filter(entity_type__name="Sequence").count() == 2


@managers_only("supervisor", "user", "client", "vendor")
def test_only_project_managers_import(role_clients, studio, role, in_team, expected):
    client = caller(role_clients, studio, role, in_team)

    response = post_csv(client, shots_path(studio.project), "Sequence,Name\nSQ01,SH010\n")

    assert response.status_code == expected


def test_missing_file_and_unknown_project(admin_client, studio):
    response = admin_client.post(shots_path(studio.project), {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["message"].startswith("No file was sent")
    unknown = "/import/csv/projects/4d0a9a44-5d1b-4f63-a0b5-6cbd7a2b5d9a/shots"
    assert post_csv(admin_client, unknown, "Sequence,Name\n").status_code == 404


def test_names_match_in_another_case(admin_client, studio):
    post_csv(admin_client, shots_path(studio.project), "Sequence,Name\nSQ01,SH010\n")

    response = post_csv(
        admin_client, shots_path(studio.project), "Sequence,Name\nsq01,sh010\nSq1,Sh10\n"
    )

    assert [row["name"] for row in response.json()] == ["SH010", "SH010"]
    assert Entity.objects.filter(entity_type__name="Shot").count() == 1
    assert Entity.objects.filter(entity_type__name="Sequence").count() == 1

"""CSV exports of tasks, time spents and playlists: the reference's columns, order and bytes."""

import datetime as dt

import pytest
from django.utils import timezone

from people.models import TimeSpent
from production.models import Entity, Project, ProjectStatus, Task
from reviews.models import Comment, Playlist
from tests.imports.csv_helpers import make_studio, post_csv
from tests.production.factories import add_to_team
from tests.reviews.playlist_helpers import make_preview

pytestmark = pytest.mark.django_db


@pytest.fixture
def studio(admin_client):
    studio = make_studio()
    shots = (
        "Sequence,Name,Animation,Animation assignations,Layout\n"
        "SQ01,SH010,wip,john.did@example.com,\nSQ01,SH020,,,done\n"
    )
    post_csv(admin_client, f"/import/csv/projects/{studio.project.id}/shots", shots)
    tv_shots = "Episode,Sequence,Name\nE01,SQ01,SH010\n"
    post_csv(admin_client, f"/import/csv/projects/{studio.tv_project.id}/shots", tv_shots)
    post_csv(
        admin_client,
        f"/import/csv/projects/{studio.tv_project.id}/assets",
        "Type,Name\nProps,Axe\n",
    )
    closed = ProjectStatus.objects.create(name="Closed", color="#000000")
    Project.objects.create(name="Archive", project_status=closed)
    return studio


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def task_of(project, shot, task_type):
    return Task.objects.get(project=project, entity__name=shot, task_type=task_type)


def test_tasks_export(admin, admin_client, studio, make_person):
    animation = task_of(studio.project, "SH010", studio.animation)
    Task.objects.filter(pk=animation.pk).update(
        duration=90,
        estimation=960,
        start_date=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
        due_date=dt.datetime(2026, 1, 6, 23, tzinfo=dt.UTC),
        real_start_date=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC),
    )
    animation.assignees.add(make_person(first_name="Ada", last_name="Byron"))
    Task.objects.filter(project=studio.tv_project, task_type=studio.layout).update(assigner=None)

    response = admin_client.get("/export/csv/tasks.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == "attachment; filename=kitsu_tasks_export.csv"
    assert body(response).decode() == (
        "Project;Task Type;Episode;Sequence;Entity Type;Entity;Assigner;Assignees;Duration;"
        "Estimation;Start date;Due date;WIP date;Validation date;Task Status\r\n"
        "Series;Animation;E01;SQ01;Shot;SH010;John Did;;0.0;0.0;;;;;Todo\r\n"
        "Series;Layout;E01;SQ01;Shot;SH010;;;0.0;0.0;;;;;Todo\r\n"
        "Series;Modeling;;;Props;Axe;John Did;;0.0;0.0;;;;;Todo\r\n"
        "Series;Shading;;;Props;Axe;John Did;;0.0;0.0;;;;;Todo\r\n"
        "Short;Animation;;SQ01;Shot;SH010;John Did;Ada Byron, John Did;90.0;960.0;2026-01-05;"
        "2026-01-06;2026-01-05;;Work In Progress\r\n"
        "Short;Animation;;SQ01;Shot;SH020;John Did;;0.0;0.0;;;;;Todo\r\n"
        "Short;Layout;;SQ01;Shot;SH010;John Did;;0.0;0.0;;;;;Todo\r\n"
        "Short;Layout;;SQ01;Shot;SH020;John Did;;0.0;0.0;;;;;Done\r\n"
    )


def test_time_spents_export(admin, admin_client, studio, make_person):
    ada = make_person(first_name="Ada", last_name="Byron")
    short_task = task_of(studio.project, "SH020", studio.layout)
    tv_task = task_of(studio.tv_project, "SH010", studio.animation)
    axe = Task.objects.get(entity__name="Axe", task_type=studio.modeling)
    TimeSpent.objects.create(person=ada, task=tv_task, date=dt.date(2026, 1, 6), duration=240)
    TimeSpent.objects.create(person=admin, task=short_task, date=dt.date(2026, 1, 5), duration=60)
    TimeSpent.objects.create(person=ada, task=axe, date=dt.date(2026, 1, 5), duration=30.5)

    response = admin_client.get("/export/csv/time-spents.csv")

    assert response["Content-Disposition"] == (
        f"attachment; filename=kitsu_{timezone.now():%Y_%m_%d}_open_projects_time_spents_export.csv"
    )
    assert body(response).decode() == (
        "Project;Person;Entity Type Name;Entity;Task Type;Date;Time spent\r\n"
        "Short;John Did;Shot;SQ01 / SH020;Layout;2026-01-05;60.0\r\n"
        "Series;Ada Byron;Props;Axe;Modeling;2026-01-05;30.5\r\n"
        "Series;Ada Byron;Shot;E01 / SQ01 / SH010;Animation;2026-01-06;240.0\r\n"
    )


def test_playlist_export(admin, admin_client, studio, make_person):
    admin.timezone = "Europe/Paris"
    admin.save()
    client = make_person(first_name="Cli", last_name="Ent", role="client")
    animation = task_of(studio.tv_project, "SH010", studio.animation)
    preview = make_preview(animation, extension="mp4", revision=2, store=False)
    studio_comment = Comment.objects.create(
        object=animation, person=admin, task_status=animation.task_status, text="looks good"
    )
    Comment.objects.filter(pk=studio_comment.pk).update(
        created_at=dt.datetime(2026, 1, 5, 10, 0, 0, tzinfo=dt.UTC)
    )
    Comment.objects.create(
        object=animation, person=client, task_status=animation.task_status, text="client says"
    )
    Task.objects.filter(pk=animation.pk).update(retake_count=1)
    shot = Entity.objects.get(project=studio.tv_project, name="SH010")
    Entity.objects.filter(pk=shot.pk).update(nb_frames=48)
    episode = Entity.objects.get(name="E01")
    playlist = Playlist.objects.create(
        project=studio.tv_project,
        episode=episode,
        name="Daily 01",
        shots=[
            {"entity_id": str(shot.id), "preview_file_id": str(preview.id)},
            {"entity_id": str(shot.id), "preview_file_id": None},
        ],
    )
    Playlist.objects.filter(pk=playlist.pk).update(
        created_at=dt.datetime(2026, 1, 4, 23, 30, tzinfo=dt.UTC)
    )

    response = admin_client.get(f"/export/csv/playlists/{playlist.id}")

    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == (
        "attachment; filename=kitsu_series_playlist_daily_01.csv"
    )
    assert body(response).decode() == (
        "Playlist;Series - E01 | for shots;Daily 01;2026-01-05T00:30:00;;;\r\n"
        ";;;;;;\r\n"
        "Entity name;Nb Frames;Task Type;Retake count;Revision;Task Status;Last comment author;"
        "Last comment date;Last comment\r\n"
        "E01 / SQ01 / SH010;48;Animation;1;2;Todo;John Did;2026-01-05T11:00:00;looks good\r\n"
        "E01 / SQ01 / SH010;48;;;;;;;\r\n"
    )


@pytest.mark.parametrize(
    ("role", "studio_status", "playlist_status"),
    [
        ("manager", 200, 200),
        ("supervisor", 403, 200),
        ("user", 403, 403),
        ("client", 403, 403),
        ("vendor", 403, 403),
    ],
)
def test_permissions(role_clients, studio, role, studio_status, playlist_status):
    person, client = role_clients[role]
    add_to_team(studio.project, person)
    playlist = Playlist.objects.create(project=studio.project, name="P", shots=[])

    tasks = client.get("/export/csv/tasks.csv")
    spents = client.get("/export/csv/time-spents.csv")
    playlist_csv = client.get(f"/export/csv/playlists/{playlist.id}")

    assert (tasks.status_code, spents.status_code) == (studio_status, studio_status)
    assert playlist_csv.status_code == playlist_status


def test_unknown_playlist(admin_client, studio):
    response = admin_client.get("/export/csv/playlists/4d0a9a44-5d1b-4f63-a0b5-6cbd7a2b5d9a")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("path", "queries"), [("/export/csv/tasks.csv", 5), ("/export/csv/time-spents.csv", 4)]
)
def test_query_counts_do_not_grow(admin_client, studio, django_assert_num_queries, path, queries):
    first = Task.objects.filter(project=studio.project).first()
    TimeSpent.objects.create(
        person=first.assigner, task=first, date=dt.date(2026, 1, 4), duration=1
    )
    with django_assert_num_queries(queries):
        body(admin_client.get(path))
    many = "Sequence,Name\n" + "".join(f"SQ03,SH{index:03d}\n" for index in range(30))
    post_csv(admin_client, f"/import/csv/projects/{studio.project.id}/shots", many)
    for task in Task.objects.filter(project=studio.project)[:20]:
        TimeSpent.objects.create(
            person=task.assigner, task=task, date=dt.date(2026, 1, 5), duration=1
        )

    with django_assert_num_queries(queries):
        body(admin_client.get(path))


def test_managers_read_the_projects_of_their_teams_only(role_clients, studio):
    manager, client = role_clients["manager"]
    add_to_team(studio.project, manager)
    series_task = task_of(studio.tv_project, "SH010", studio.animation)
    TimeSpent.objects.create(person=manager, task=series_task, date=dt.date(2026, 1, 5), duration=5)

    tasks = body(client.get("/export/csv/tasks.csv")).decode().splitlines()
    spents = body(client.get("/export/csv/time-spents.csv")).decode().splitlines()
    projects = body(client.get("/export/csv/projects.csv")).decode().splitlines()

    assert {line.split(";")[0] for line in tasks[1:]} == {"Short"}
    assert spents == ["Project;Person;Entity Type Name;Entity;Task Type;Date;Time spent"]
    assert projects == ["Name;Status", "Short;Open"]

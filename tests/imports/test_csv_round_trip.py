"""A realistic production file: thousands of shots over episodes, with a descriptor column and
task columns, imported then exported back to the same bytes; and the import's query count does
not grow with its rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from production.models import Entity, Task
from tests.imports.csv_helpers import make_studio, post_csv

pytestmark = pytest.mark.django_db

EXPORT_HEADER = (
    "Project;Episode;Sequence;Name;Description;Time Spent;Frames;Frame In;Frame Out;FPS;"
    "Difficulty;Layout;Assignations;Animation;Assignations\r\n"
)
IMPORT_HEADER = EXPORT_HEADER.replace(
    "Layout;Assignations;Animation;Assignations",
    "Layout;Layout assignations;Animation;Animation assignations",
)


def shot_line(episode: int, sequence: int, shot: int) -> str:
    """One exported row; one shot in 25 has its layout done and its animation assigned."""
    frame_in = 1001 + shot
    nb_frames = 24 + shot % 50
    description = f'"shot {shot}; ""take"" {episode}"' if shot % 7 == 0 else f"shot {shot}"
    special = shot % 25 == 0
    layout = "done" if special else "todo"
    animation = ("wip", "John Did") if special else ("todo", "")
    return (
        f"Series;E{episode:02d};SQ{sequence:03d};SH{shot:04d};{description};0.00;{nb_frames};"
        f"{frame_in};{frame_in + nb_frames - 1};24;{('easy', 'hard')[shot % 2]};{layout};;"
        f"{animation[0]};{animation[1]}\r\n"
    )


def exported_production(nb_episodes: int, nb_sequences: int, nb_shots: int) -> str:
    lines = [
        shot_line(episode, sequence, shot)
        for episode in range(1, nb_episodes + 1)
        for sequence in range(1, nb_sequences + 1)
        for shot in range(1, nb_shots + 1)
    ]
    return EXPORT_HEADER + "".join(lines)


def as_spreadsheet(exported: str) -> str:
    """What a supervisor re-imports: task columns named per task type, default statuses left
    blank (only changes are filled in)."""
    text = IMPORT_HEADER + exported[len(EXPORT_HEADER) :]
    return text.replace(";todo;", ";;")


def test_thousands_of_shots_round_trip(admin_client):
    studio = make_studio()
    project = studio.tv_project
    exported = exported_production(nb_episodes=2, nb_sequences=10, nb_shots=100)

    response = post_csv(
        admin_client, f"/import/csv/projects/{project.id}/shots", as_spreadsheet(exported)
    )

    assert response.status_code == 201, response.json()
    assert len(response.json()) == 2000
    assert Entity.objects.filter(project=project, entity_type__name="Shot").count() == 2000
    assert Entity.objects.filter(project=project, entity_type__name="Sequence").count() == 20
    assert Task.objects.filter(project=project).count() == 4000
    exported_again = admin_client.get(f"/export/csv/projects/{project.id}/shots.csv")
    assert b"".join(exported_again.streaming_content).decode() == exported


def shots_csv(nb_rows: int) -> str:
    rows = "".join(
        f"E01;SQ{index % 2:02d};SH{index:04d};d;{1001};{1010 + index};x\n"
        for index in range(nb_rows)
    )
    return "Episode;Sequence;Name;Description;Frame In;Frame Out;Difficulty\n" + rows


def test_import_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    studio = make_studio()
    small_project, big_project = studio.tv_project, studio.project
    big_project.production_type = "tvshow"
    big_project.save()
    with CaptureQueriesContext(connection) as small:
        post_csv(admin_client, f"/import/csv/projects/{small_project.id}/shots", shots_csv(5))

    with django_assert_max_num_queries(len(small)):
        response = post_csv(
            admin_client, f"/import/csv/projects/{big_project.id}/shots", shots_csv(300)
        )

    assert len(response.json()) == 300

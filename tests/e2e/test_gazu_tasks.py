"""Daily work through gazu against a live server: a pipeline script creates and assigns tasks,
an artist who only sees his team's projects comments, logs time and follows his tasks."""

import datetime as dt

import gazu
import pytest
from gazu.exception import NotAllowedException

from people.models import Role
from tests.e2e.conftest import log_in_as
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def studio(admin_session):
    """A short with a sequence of two shots, its shot task types, and an artist in its team."""
    PersonFactory(role=Role.USER, email="artist@studio.example", first_name="Ann", last_name="Art")
    project = gazu.project.new_project("Leftovers", "short")
    other = gazu.project.new_project("Other show", "short")  # the artist is not in this one
    animation = gazu.task.get_task_type_by_name("Animation", for_entity="Shot")
    layout = gazu.task.get_task_type_by_name("Layout", for_entity="Shot")
    gazu.project.add_task_type(project, animation, priority=2)
    gazu.project.add_task_type(project, layout, priority=1)
    for short_name in ("todo", "wip", "wfa", "retake", "done"):
        status = gazu.task.get_task_status_by_short_name(short_name)
        gazu.project.add_task_status(project, status)
    sequence = gazu.shot.new_sequence(project, "SQ01")
    shots = [gazu.shot.new_shot(project, sequence, name) for name in ("SH010", "SH020")]
    artist = gazu.person.get_person_by_email("artist@studio.example")
    gazu.project.add_person_to_team(project, artist)
    yield {
        "project": project,
        "animation": animation,
        "layout": layout,
        "shots": shots,
        "artist": artist,
        "other": other,
    }


def test_batch_comments_with_files(studio, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    animation, layout = studio["animation"], studio["layout"]
    sh010, sh020 = studio["shots"]
    anim = gazu.task.new_task(sh010, animation)
    lay = gazu.task.new_task(sh020, layout)
    wip = gazu.task.get_task_status_by_short_name("wip")
    wfa = gazu.task.get_task_status_by_short_name("wfa")
    notes = tmp_path / "notes.txt"
    notes.write_text("fix the camera")
    still = tmp_path / "still.png"
    still.write_bytes(b"not really a png")
    posted = gazu.task.batch_comments(
        [
            {
                "task_id": anim["id"],
                "task_status_id": wip["id"],
                "text": "first pass",
                "attachment_files": [str(notes)],
                "preview_files": [str(still)],
            },
            {"task_id": lay["id"], "task_status_id": wfa["id"], "text": "layout done"},
        ]
    )
    assert [c["object_id"] for c in posted] == [anim["id"], lay["id"]]
    assert [a["name"] for a in posted[0]["attachment_files"]] == ["notes.txt"]
    assert [(p["original_name"], p["extension"]) for p in posted[0]["preview_files"]] == [
        ("still", "png")
    ]
    assert gazu.task.get_task(lay["id"])["task_status_id"] == wfa["id"]
    scoped = gazu.task.batch_comments([{"task_status_id": wfa["id"], "text": "one"}], task=anim)
    assert [c["object_id"] for c in scoped] == [anim["id"]]
    same = gazu.task.add_tasks_batch_comments(
        [anim, lay], {"text": "same for all", "task_status_id": wip["id"]}
    )
    assert [c["text"] for c in same] == ["same for all", "same for all"]
    assert gazu.task.get_task(lay["id"])["task_status_id"] == wip["id"]


def test_pipeline_script_creates_and_assigns_tasks(studio):
    project, animation, layout = studio["project"], studio["animation"], studio["layout"]
    sh010, sh020 = studio["shots"]
    todo = gazu.task.get_task_status_by_short_name("todo")
    assert todo["short_name"] == "todo"
    assert gazu.task.get_default_task_status()["id"] == todo["id"]

    task = gazu.task.new_task(sh010, animation)
    assert (task["name"], task["task_status_id"]) == ("main", todo["id"])
    assert gazu.task.new_task(sh010, animation)["id"] == task["id"]  # found, not duplicated
    # Every shot of the project gets a layout task in one call.
    created = gazu.client.post(
        f"actions/projects/{project['id']}/task-types/{layout['id']}/shots/create-tasks", []
    )
    assert sorted(t["entity_id"] for t in created) == sorted([sh010["id"], sh020["id"]])
    assert [t["task_type_id"] for t in gazu.task.create_shot_tasks(sh020, [animation])] == [
        animation["id"]
    ]
    assert sorted(t["task_type_name"] for t in gazu.task.all_tasks_for_shot(sh010)) == [
        "Animation",
        "Layout",
    ]
    animation_tasks = gazu.task.all_tasks_for_task_type(project, animation)
    assert {t["id"] for t in animation_tasks} == {
        task["id"],
        gazu.task.get_task_by_entity(sh020, animation)["id"],
    }
    assert gazu.task.get_task_by_entity(sh010, animation)["id"] == task["id"]

    gazu.task.assign_task(task, studio["artist"])
    assert gazu.task.get_task(task["id"])["assignees"] == [studio["artist"]["id"]]
    assert [t["id"] for t in gazu.task.all_tasks_for_person(studio["artist"])] == [task["id"]]

    gazu.task.remove_task(gazu.task.get_task_by_entity(sh020, layout))
    assert len(gazu.task.all_tasks_for_task_type(project, layout)) == 1


def test_artist_works_on_his_task(studio):
    animation, sh010 = studio["animation"], studio["shots"][0]
    task = gazu.task.new_task(sh010, animation, assignees=[studio["artist"]])
    wip = gazu.task.get_task_status_by_short_name("wip")
    wfa = gazu.task.get_task_status_by_short_name("wfa")

    log_in_as("artist@studio.example")
    assert [p["name"] for p in gazu.user.all_open_projects()] == ["Leftovers"]
    assert [p["name"] for p in gazu.project.all_open_projects()] == ["Leftovers"]
    assert [t["id"] for t in gazu.user.all_tasks_to_do()] == [task["id"]]
    context = gazu.user.get_context()
    assert [p["name"] for p in context["projects"]] == ["Leftovers"]
    assert {"task_status", "task_types", "persons"} <= set(context)
    with pytest.raises(NotAllowedException):
        gazu.project.get_project(studio["other"]["id"])

    started = gazu.task.start_task(task)
    assert started["task_status_id"] == wip["id"]
    after_start = gazu.task.get_task(task["id"])
    assert after_start["task_status_id"] == wip["id"]
    assert after_start["real_start_date"] is not None
    assert after_start["end_date"] is None

    review = gazu.task.add_comment(task, wfa, "Ready for review", checklist=[{"text": "cam"}])
    assert review["task_status"]["short_name"] == "wfa"
    assert review["person"]["id"] == studio["artist"]["id"]
    in_review = gazu.task.get_task(task["id"])
    assert in_review["task_status_id"] == wfa["id"]
    assert in_review["end_date"] is not None
    assert in_review["real_start_date"] == after_start["real_start_date"]
    assert gazu.task.get_last_comment_for_task(task)["id"] == review["id"]
    assert [
        t["id"] for t in gazu.task.all_tasks_for_task_status(studio["project"], animation, wfa)
    ] == [task["id"]]

    gazu.task.remove_comment(review)
    back = gazu.task.get_task(task["id"])
    assert (back["task_status_id"], back["end_date"]) == (wip["id"], None)
    assert [c["id"] for c in gazu.task.all_comments_for_task(task)] == [started["id"]]

    today = dt.date.today().isoformat()
    logged = gazu.task.set_time_spent(task, studio["artist"], today, 120)
    assert (logged["duration"], logged["date"]) == (120.0, today)
    assert gazu.task.add_time_spent(task, studio["artist"], today, 60)["duration"] == 180.0
    spent = gazu.task.get_time_spent(task)
    assert spent["total"] == 180.0
    assert [row["duration"] for row in spent[studio["artist"]["id"]]] == [180.0]
    assert gazu.task.get_time_spent(task, today)["total"] == 180.0
    assert gazu.task.get_task(task["id"])["duration"] == 180.0

    gazu.user.subscribe_to_task(task)
    assert gazu.user.check_task_subscription(task) is True
    gazu.user.unsubscribe_from_task(task)
    assert gazu.user.check_task_subscription(task) is False

    preview = gazu.task.create_preview(task, started)
    assert [p["id"] for p in gazu.task.all_previews_for_task(task)] == [preview["id"]]
    assert gazu.client.get(f"data/entities/{sh010['id']}/preview-files")[0]["id"] == preview["id"]

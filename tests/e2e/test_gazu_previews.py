"""Previews through gazu against a live server, processed by a Celery worker running as a
separate process on Redis, as a studio runs it: a script publishes pictures and movies, waits
for them, and downloads what the pipeline made."""

from __future__ import annotations

import av
import gazu
import pytest
from gazu.exception import NotAllowedException
from PIL import Image

from people.models import Role
from tests.e2e.conftest import log_in_as
from tests.e2e.worker import worker_process  # noqa: F401  (the `worker` fixture)
from tests.factories import PersonFactory
from tests.reviews.preview_media_helpers import movie_bytes, picture_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def studio(worker, admin_session):
    project = gazu.project.new_project("Media Show", "short")
    gazu.project.update_project({"id": project["id"], "resolution": "320x180", "fps": "25"})
    animation = gazu.task.get_task_type_by_name("Animation", for_entity="Shot")
    gazu.project.add_task_type(project, animation, priority=1)
    wfa = gazu.task.get_task_status_by_short_name("wfa")
    gazu.project.add_task_status(project, wfa)
    sequence = gazu.shot.new_sequence(project, "SQ01")
    sh010 = gazu.shot.new_shot(project, sequence, "SH010")
    return {"task": gazu.task.new_task(sh010, animation), "wfa": wfa}


def test_a_picture_is_processed_by_the_worker(studio, tmp_path, worker):
    still = tmp_path / "still.png"
    still.write_bytes(picture_bytes((1600, 900)))
    _comment, preview = gazu.task.publish_preview(
        studio["task"], studio["wfa"], comment="first pass", preview_file_path=str(still)
    )
    assert preview["status"] == "processing"  # the worker has it
    ready = gazu.files.wait_for_preview_file(preview, timeout=60, poll_interval=0.3)
    assert (ready["status"], ready["extension"], ready["width"], ready["height"]) == (
        "ready",
        "png",
        1600,
        900,
    )
    assert b"process_preview_file" in worker.read_bytes()
    gazu.files.download_preview_file(ready, str(tmp_path / "original.png"))
    gazu.files.download_preview_file_thumbnail(ready, str(tmp_path / "thumbnail.png"))
    gazu.files.download_preview_file_cover(ready, str(tmp_path / "cover.png"))
    assert Image.open(tmp_path / "original.png").size == (1600, 900)
    assert Image.open(tmp_path / "thumbnail.png").size == (150, 100)
    assert Image.open(tmp_path / "cover.png").size == (1600, 900)
    assert gazu.files.get_running_preview_files() == []
    assert gazu.task.get_task(studio["task"])["last_preview_file_id"] == ready["id"]


def test_a_movie_is_normalised_by_the_worker(studio, tmp_path):
    movie = tmp_path / "shot.mov"
    movie.write_bytes(movie_bytes(tmp_path, size="640x360", rate=30, duration=2, name="m.mov"))
    comment = gazu.task.add_comment(studio["task"], studio["wfa"], "movie")
    preview = gazu.task.add_preview(studio["task"], comment, preview_file_path=str(movie))
    ready = gazu.files.wait_for_preview_file(preview, timeout=120, poll_interval=0.5)
    assert (ready["status"], ready["extension"], ready["width"], ready["height"]) == (
        "ready",
        "mp4",
        320,
        180,
    )
    for download, name in (
        (gazu.files.download_preview_movie, "high.mp4"),
        (gazu.files.download_preview_lowdef_movie, "low.mp4"),
        (gazu.files.download_preview_file, "file.mp4"),
    ):
        download(ready, str(tmp_path / name))
        with av.open(str(tmp_path / name)) as container:
            video = container.streams.video[0]
            assert (video.codec_context.name, video.codec_context.width) == ("h264", 320)
            assert float(video.average_rate) == 25.0
            assert round(container.duration / av.time_base, 1) == 2.0
    gazu.files.extract_frame_from_preview(ready, 25, str(tmp_path / "frame.png"))
    assert Image.open(tmp_path / "frame.png").size == (320, 180)
    gazu.files.extract_tile_from_preview(ready, str(tmp_path / "tile.png"))
    assert Image.open(tmp_path / "tile.png").format == "PNG"


def test_no_job_uploads_answer_the_finished_preview(studio, tmp_path):
    still = tmp_path / "still.jpg"
    still.write_bytes(picture_bytes((640, 480), fmt="JPEG"))
    comment = gazu.task.add_comment(studio["task"], studio["wfa"], "inline")
    preview = gazu.task.add_preview(
        studio["task"], comment, preview_file_path=str(still), no_job=True
    )
    assert (preview["status"], preview["extension"], preview["width"]) == ("ready", "png", 640)
    bad = tmp_path / "notes.txt"
    bad.write_text("not a preview")
    comment = gazu.task.add_comment(studio["task"], studio["wfa"], "wrong file")
    with pytest.raises(gazu.exception.ParameterException, match="Wrong file format"):
        gazu.task.add_preview(studio["task"], comment, preview_file_path=str(bad))


def test_extra_previews_and_the_main_one(studio, tmp_path):
    task, project = studio["task"], gazu.project.get_project_by_name("Media Show")
    comment = gazu.task.add_comment(task, studio["wfa"], "two angles")
    front = tmp_path / "front.png"
    front.write_bytes(picture_bytes((640, 360)))
    first = gazu.task.add_preview(task, comment, preview_file_path=str(front))
    side = tmp_path / "side.png"
    side.write_bytes(picture_bytes((320, 180)))
    extra = gazu.task.add_extra_preview(task, comment, first, preview_file_path=str(side))
    assert (extra["revision"], extra["status"]) == (first["revision"], "processing")
    empty = gazu.task.create_extra_preview(task, comment, first)
    uploaded = gazu.task.upload_preview_file(empty, str(front))
    ready = [
        gazu.files.wait_for_preview_file(p, timeout=60, poll_interval=0.3)
        for p in (first, extra, uploaded)
    ]
    assert [(p["status"], p["revision"], p["width"]) for p in ready] == [
        ("ready", 1, 640),
        ("ready", 1, 320),
        ("ready", 1, 640),
    ]
    listed = gazu.task.all_preview_files_for_project(project)
    assert {p["id"] for p in listed} == {p["id"] for p in ready}
    entity = gazu.task.set_main_preview(extra)
    assert entity["preview_file_id"] == extra["id"]
    gazu.task.remove_preview_from_comment(task, comment, uploaded)
    remaining = gazu.task.get_comment(comment["id"])["previews"]
    assert sorted(remaining) == sorted([first["id"], extra["id"]])


def test_an_artist_publishes_on_his_task_only(studio, tmp_path):
    project = gazu.project.get_project_by_name("Media Show")
    artist = PersonFactory(role=Role.USER, email="artist@studio.example")
    gazu.project.add_person_to_team(project, str(artist.pk))
    gazu.task.assign_task(studio["task"], str(artist.pk))
    PersonFactory(role=Role.USER, email="outsider@studio.example")
    still = tmp_path / "still.png"
    still.write_bytes(picture_bytes((640, 360)))
    log_in_as("artist@studio.example")
    _comment, preview = gazu.task.publish_preview(
        studio["task"], studio["wfa"], comment="my pass", preview_file_path=str(still)
    )
    ready = gazu.files.wait_for_preview_file(preview, timeout=60, poll_interval=0.3)
    assert (ready["status"], ready["person_id"]) == ("ready", str(artist.pk))
    assert [p["id"] for p in gazu.task.all_previews_for_task(studio["task"])] == [ready["id"]]
    with pytest.raises(NotAllowedException):  # the project's whole list is for admins
        gazu.task.all_preview_files_for_project(project)
    log_in_as("outsider@studio.example")
    with pytest.raises(NotAllowedException):
        gazu.task.publish_preview(
            studio["task"], studio["wfa"], comment="not mine", preview_file_path=str(still)
        )
    with pytest.raises(NotAllowedException):
        gazu.task.all_preview_files_for_project(project)
    with pytest.raises(NotAllowedException):
        gazu.task.set_main_preview(ready)

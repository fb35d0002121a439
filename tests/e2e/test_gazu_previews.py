"""Previews through gazu against a live server, processed by a Celery worker running as a
separate process on Redis, as a studio runs it: a script publishes pictures and movies, waits
for them, and downloads what the pipeline made."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import av
import gazu
import pytest
import redis
from django.db import connection
from PIL import Image

from people.models import Role
from production.services.defaults import defaults_seed
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.jobs import jobs_sent_to
from tests.reviews.preview_media_helpers import movie_bytes, picture_bytes

# A Redis database and a queue of their own, so that these jobs meet no other test's worker.
BROKER_URL = "redis://127.0.0.1:6379/5"
QUEUE = "kitsu-media-e2e"

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what}")
        time.sleep(0.2)


def worker_database_url() -> str:
    """The test database as the worker process reaches it: the server, or the SQLite file
    tests/settings.py names."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    return (
        f"postgres://{database['USER']}:{database['PASSWORD'] or ''}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.fixture
def worker(settings, media_root, tmp_path):
    """A Celery worker process consuming QUEUE, on the test database and media folder; the
    live server sends its jobs there instead of running them inline."""
    redis.Redis.from_url(BROKER_URL).flushdb()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": worker_database_url(),
        "MEDIA_ROOT": str(media_root),
        "CELERY_BROKER_URL": BROKER_URL,
        "MEDIA_X264_PRESET": "ultrafast",
    }
    log = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "kitsu_site", "worker", "-Q", QUEUE]
    options = ["--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, *options, "-l", "info"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=Path(__file__).resolve().parents[2],
        )
    wait_for(lambda: b"ready." in log.read_bytes(), 60, "the worker to start")
    settings.MEDIA_X264_PRESET = "ultrafast"
    with jobs_sent_to(BROKER_URL, QUEUE):
        yield log
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def studio(live_server, worker):
    defaults_seed()
    PersonFactory(role=Role.ADMIN, email="td@studio.example")
    gazu.set_host(f"{live_server.url}/api")
    gazu.client.set_tokens({})
    gazu.log_in("td@studio.example", DEFAULT_PASSWORD)
    project = gazu.project.new_project("Media Show", "short")
    gazu.project.update_project({"id": project["id"], "resolution": "320x180", "fps": "25"})
    animation = gazu.task.get_task_type_by_name("Animation", for_entity="Shot")
    gazu.project.add_task_type(project, animation, priority=1)
    wfa = gazu.task.get_task_status_by_short_name("wfa")
    gazu.project.add_task_status(project, wfa)
    sequence = gazu.shot.new_sequence(project, "SQ01")
    sh010 = gazu.shot.new_shot(project, sequence, "SH010")
    yield {"task": gazu.task.new_task(sh010, animation), "wfa": wfa}
    gazu.client.set_tokens({})


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

"""A whole review cycle read back from `GET /data/tasks/<id>` after each step: every field of
the task is compared, those the step changes with their new value and all others unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from reviews.models import Comment, PreviewFile
from tests.factories import PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.comments_helpers import post_comment, production
from tests.reviews.preview_media_helpers import picture_bytes, upload

pytestmark = pytest.mark.django_db

STAMP = "%Y-%m-%dT%H:%M:%S"


def stamp(value: dt.datetime | None) -> str | None:
    return value.strftime(STAMP) if value else None


def test_every_task_field_through_a_review_cycle(
    admin, admin_client, django_capture_on_commit_callbacks
):
    prod = production()
    task, s = prod.modeling, prod.status
    artist = PersonFactory()
    add_to_team(prod.project, artist)
    task.assignees.add(artist)
    url = f"/data/tasks/{task.pk}"
    expected = admin_client.get(url).json()
    assert sorted(expected) == sorted(
        [
            "name", "description", "priority", "difficulty", "duration", "estimation",
            "completion_rate", "retake_count", "sort_order", "start_date", "due_date",
            "real_start_date", "end_date", "done_date", "last_comment_date", "nb_assets_ready",
            "data", "nb_drawings", "shotgun_id", "last_preview_file_id", "project_id",
            "task_type_id", "task_status_id", "entity_id", "assigner_id", "assignees", "id",
            "created_at", "updated_at", "type",
        ]
    )  # fmt: skip
    assert (expected["task_status_id"], expected["assignees"], expected["duration"]) == (
        str(s.todo.pk),
        [str(artist.pk)],
        0.0,
    )

    def step(status, text="", **changes) -> Comment:
        with django_capture_on_commit_callbacks(execute=True):
            response = post_comment(admin_client, task, status, text)
        assert response.status_code == 201, response.json()
        c = Comment.objects.get(pk=response.json()["id"])
        expected.update(
            task_status_id=str(status.pk),
            last_comment_date=stamp(c.created_at),
            **{name: value(c) if callable(value) else value for name, value in changes.items()},
        )
        check()
        return c

    def check() -> None:
        body = admin_client.get(url).json()
        assert body["updated_at"] >= expected["updated_at"]
        expected["updated_at"] = body["updated_at"]
        assert body == expected

    wip = step(s.wip, real_start_date=lambda c: stamp(c.created_at))

    wfa = step(s.wfa, "v1 please", end_date=lambda c: stamp(c.created_at))
    row = admin_client.post(f"/actions/tasks/{task.pk}/comments/{wfa.pk}/add-preview", {}).json()
    preview = PreviewFile.objects.get(pk=row["id"])
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(admin_client, preview, "v1.png", picture_bytes()).status_code == 201
    expected["last_preview_file_id"] = str(preview.pk)
    check()

    step(s.retake, "again", retake_count=1, end_date=None)

    with django_capture_on_commit_callbacks(execute=True):
        logged = admin_client.post(
            f"/actions/tasks/{task.pk}/time-spents/2026-04-07/persons/{artist.pk}",
            {"duration": 90},
            format="json",
        )
    assert logged.status_code == 201, logged.json()
    expected["duration"] = 90.0
    check()

    wfa2 = step(s.wfa, "v2", end_date=lambda c: stamp(c.created_at))
    done = step(s.done, "ok", done_date=lambda c: stamp(c.created_at))
    assert expected["end_date"] == stamp(wfa2.created_at)  # approval keeps the review's end

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"{url}/comments/{done.pk}").status_code == 204
    # The deletion replays the history, whose rule dates the end at the first review.
    expected.update(
        task_status_id=str(s.wfa.pk),
        done_date=None,
        end_date=stamp(wfa.created_at),
        last_comment_date=stamp(wfa2.created_at),
    )
    check()
    assert expected["real_start_date"] == stamp(wip.created_at)

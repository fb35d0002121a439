"""A status automation with `import_last_revision` hands the latest revision of the commented
task to the task it moves: new preview rows on the automatic comment, numbered as the next
revision of the target, whose media are served like the originals (measured on Zou 1.0.97)."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.db import transaction

from production.models import StatusAutomation
from reviews.media.paths import preview_storage_path
from reviews.models import Comment, News, PreviewFile
from reviews.services.comments import CommentInput, comment_create, locked_task
from tests.reviews.comments_helpers import post_comment, production
from tests.reviews.preview_media_helpers import content_of, movie_bytes, picture_bytes, upload

pytestmark = pytest.mark.django_db

PICTURE_AREAS = ("originals", "previews", "thumbnails", "thumbnails-square")


@pytest.fixture(autouse=True)
def fast_encoding(settings):
    settings.MEDIA_X264_PRESET = "ultrafast"


@pytest.fixture
def prod():
    return production(resolution="320x180", fps="25")


@pytest.fixture
def automate(prod):
    def make(import_last_revision: bool = True) -> StatusAutomation:
        automation = StatusAutomation.objects.create(
            entity_type="asset",
            in_task_type=prod.modeling.task_type,
            in_task_status=prod.status.done,
            out_field_type="status",
            out_task_type=prod.rigging.task_type,
            out_task_status=prod.status.wip,
            import_last_revision=import_last_revision,
        )
        prod.project.status_automations.add(automation)
        return automation

    return make


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a request and what it left for after its commit (processing, media copies)."""

    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            response = call()
        assert response.status_code in (200, 201, 204), response.content
        return response.json() if response.content else None

    return run


@pytest.fixture
def revision(admin_client, prod, commit):
    """A comment on a task with one uploaded file per (name, content) given: one revision."""

    def make(task, files: list[tuple[str, bytes]]) -> list[PreviewFile]:
        comment = commit(lambda: post_comment(admin_client, task, prod.status.wfa, "have a look"))
        previews = []
        for name, content in files:
            row = commit(
                lambda: admin_client.post(
                    f"/actions/tasks/{task.pk}/comments/{comment['id']}/add-preview", {}
                )
            )
            preview = PreviewFile.objects.get(pk=row["id"])
            commit(lambda p=preview, n=name, c=content: upload(admin_client, p, n, c))
            preview.refresh_from_db()
            previews.append(preview)
        return previews

    return make


def automatic_comment(task) -> Comment:
    return Comment.objects.get(object=task, text__startswith="Change triggered by")


def test_the_last_revision_is_copied_as_the_targets_next_one(
    admin, admin_client, prod, automate, revision, commit, tmp_path
):
    automate()
    revision(prod.modeling, [("first.png", picture_bytes(color=(200, 0, 0)))])
    blue, clip = picture_bytes(color=(0, 0, 200)), movie_bytes(tmp_path, size="160x90", duration=1)
    sources = revision(prod.modeling, [("blue.png", blue), ("clip.mp4", clip)])
    own = revision(prod.rigging, [("rig.png", picture_bytes())])
    commit(lambda: post_comment(admin_client, prod.modeling, prod.status.done, "ok"))

    comments = admin_client.get(f"/data/tasks/{prod.rigging.pk}/comments").json()
    assert comments[0]["text"] == "Change triggered by Modeling set to Done"
    copies = comments[0]["previews"]
    assert [(p["revision"], p["position"], p["original_name"]) for p in copies] == [
        (2, 1, "blue"),
        (2, 2, "clip"),
    ]
    assert copies[0] == {
        "id": copies[0]["id"],
        "task_id": str(prod.rigging.pk),
        "revision": 2,
        "extension": "png",
        "width": 1600,
        "height": 900,
        "duration": 0.0,
        "status": "ready",
        "validation_status": "neutral",
        "original_name": "blue",
        "position": 1,
        "annotations": [],
    }
    picture, movie = (PreviewFile.objects.get(pk=copy["id"]) for copy in copies)
    assert {picture.pk, movie.pk}.isdisjoint({p.pk for p in (*sources, *own)})
    assert (movie.extension, movie.status, movie.duration, movie.file_size) == (
        "mp4",
        "ready",
        sources[1].duration,
        sources[1].file_size,
    )
    assert (picture.person_id, picture.source) == (admin.pk, "webgui")
    prod.rigging.refresh_from_db()
    assert prod.rigging.last_preview_file_id == picture.pk
    news = News.objects.get(comment_id=comments[0]["id"])
    assert news.preview_file_id == picture.pk

    for area in PICTURE_AREAS:
        served = admin_client.get(f"/pictures/{area}/preview-files/{picture.pk}.png")
        original = admin_client.get(f"/pictures/{area}/preview-files/{sources[0].pk}.png")
        assert served.status_code == 200, area
        assert content_of(served) == content_of(original)
    for area in ("originals", "low"):
        served = admin_client.get(f"/movies/{area}/preview-files/{movie.pk}.mp4")
        original = admin_client.get(f"/movies/{area}/preview-files/{sources[1].pk}.mp4")
        assert (served.status_code, served["Content-Type"]) == (200, "video/mp4")
        assert content_of(served) == content_of(original)


def test_the_copies_outlive_their_source(admin_client, prod, automate, revision, commit):
    automate()
    (source,) = revision(prod.modeling, [("only.png", picture_bytes())])
    commit(lambda: post_comment(admin_client, prod.modeling, prod.status.done, "ok"))
    (copy,) = automatic_comment(prod.rigging).previews.all()
    assert copy.revision == 1
    commit(lambda: admin_client.delete(f"/data/preview-files/{source.pk}?force=true"))
    assert not PreviewFile.objects.filter(pk=source.pk).exists()
    served = admin_client.get(f"/pictures/originals/preview-files/{copy.pk}.png")
    assert (served.status_code, content_of(served)) == (200, picture_bytes())


def test_without_import_the_automatic_comment_has_no_preview(
    admin_client, prod, automate, revision, commit
):
    automate(import_last_revision=False)
    revision(prod.modeling, [("only.png", picture_bytes())])
    commit(lambda: post_comment(admin_client, prod.modeling, prod.status.done, "ok"))
    assert list(automatic_comment(prod.rigging).previews.all()) == []
    assert PreviewFile.objects.filter(task=prod.rigging).count() == 0


def test_a_task_without_previews_imports_nothing(admin_client, prod, automate, commit):
    automate()
    commit(lambda: post_comment(admin_client, prod.modeling, prod.status.done, "ok"))
    assert list(automatic_comment(prod.rigging).previews.all()) == []
    prod.rigging.refresh_from_db()
    assert prod.rigging.last_preview_file_id is None


def test_a_rolled_back_comment_copies_no_media(prod, automate, revision, admin):
    """The media copies wait for the commit: nothing is stored for rows that never were."""
    automate()
    (source,) = revision(prod.modeling, [("only.png", picture_bytes())])
    with pytest.raises(RuntimeError), transaction.atomic():
        task = locked_task(prod.modeling.pk)
        data = CommentInput(status=prod.status.done, text="ok", author=admin)
        comment_create(task=task, data=data, user_id=admin.pk)
        copy = PreviewFile.objects.get(task=prod.rigging)
        raise RuntimeError("rolled back")
    path = preview_storage_path("pictures/originals", copy.pk, "png")
    assert not default_storage.exists(path)
    assert default_storage.exists(preview_storage_path("pictures/originals", source.pk, "png"))

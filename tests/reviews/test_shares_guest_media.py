"""What a guest reads through a share link, compared with Zou 1.0.97: the guest comment list
and the media of really uploaded previews (the playlist's revision only)."""

from __future__ import annotations

import io
import uuid

import pytest
from PIL import Image
from rest_framework.test import APIClient

from people.models import Person, Role
from reviews.models import Comment, PlaylistShareLink, PreviewFile
from tests.production.factories import TaskStatusFactory
from tests.reviews.playlist_helpers import build_production
from tests.reviews.preview_media_helpers import content_of, picture_bytes, png_of, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    return build_production(store=False)


@pytest.fixture
def link(prod, admin):
    return PlaylistShareLink.objects.create(token="tok-9", playlist=prod.playlist, created_by=admin)


@pytest.fixture
def guest(link) -> Person:
    return Person.objects.create(
        first_name="Gue",
        last_name="St",
        email="gue@guest.kitsu",
        is_guest=True,
        role=Role.CLIENT,
        data={"share_link_id": str(link.pk)},
    )


@pytest.fixture
def uploaded(admin, admin_client, django_capture_on_commit_callbacks):
    """A preview of `task` at `revision`, its picture uploaded through the API and processed."""

    def make(task, revision: int, color=(200, 30, 30)) -> PreviewFile:
        comment = Comment.objects.create(object=task, person=admin)
        preview = PreviewFile.objects.create(
            task=task, revision=revision, position=comment.previews.count() + 1, person=admin
        )
        comment.previews.add(preview)
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(admin_client, preview, "frame.png", picture_bytes(color=color))
        assert response.status_code == 201, response.json()
        preview.refresh_from_db()
        assert preview.status == "ready"
        return preview

    return make


def test_the_guest_comment_list_has_the_references_keys(prod, link, guest):
    wfa = TaskStatusFactory(name="Waiting For Approval", short_name="wfa", is_client_allowed=True)
    posted = APIClient().post(
        f"/shared/playlists/{link.token}/comments",
        {
            "guest_id": str(guest.pk),
            "task_id": str(prod.anim010.pk),
            "task_status_id": str(wfa.pk),
            "text": "guest says",
        },
        format="json",
    )
    assert posted.status_code == 201
    comment = Comment.objects.get(pk=posted.json()["id"])
    comment.previews.add(prod.movie)
    listed = APIClient().get(f"/shared/playlists/{link.token}/comments?guest_id={guest.pk}")
    stamp = "%Y-%m-%dT%H:%M:%S"
    assert listed.json() == [
        {
            "shotgun_id": None,
            "object_id": str(prod.anim010.pk),
            "object_type": "Task",
            "text": "guest says",
            "data": None,
            "replies": [],
            "checklist": [],
            "pinned": None,
            "for_client": False,
            "links": [],
            "task_status_id": str(wfa.pk),
            "person_id": str(guest.pk),
            "editor_id": None,
            "preview_file_id": None,
            "id": str(comment.pk),
            "created_at": comment.created_at.strftime(stamp),
            "updated_at": comment.updated_at.strftime(stamp),
            "type": "Comment",
            "person": {
                "first_name": "Gue",
                "last_name": "St",
                "full_name": "Gue St",
                "has_avatar": False,
                "role": "client",
                "id": str(guest.pk),
                "is_guest": True,
            },
            "task_status": {
                "name": "Waiting For Approval",
                "short_name": "wfa",
                "color": wfa.color,
                "id": str(wfa.pk),
            },
            "attachment_files": [],
        }
    ]


def test_guest_thumbnails_of_uploaded_previews(prod, link, uploaded, admin_client):
    shown = uploaded(prod.anim020, revision=2)
    sibling = uploaded(prod.anim020, revision=2, color=(30, 30, 200))
    earlier = uploaded(prod.anim020, revision=1)
    prod.playlist.shots = [{"entity_id": str(prod.sh020.pk), "preview_file_id": str(shown.pk)}]
    prod.playlist.save()
    elsewhere = build_production(store=False, name="Other").anim010
    foreign = uploaded(elsewhere, revision=1)
    guest = APIClient()
    base = f"/shared/playlists/{link.token}/pictures"

    thumbnail = guest.get(f"{base}/thumbnails/preview-files/{shown.pk}.png")
    assert (thumbnail.status_code, thumbnail["Content-Type"]) == (200, "image/png")
    served = content_of(thumbnail)
    assert Image.open(io.BytesIO(served)).size == (150, 100)
    own = admin_client.get(f"/pictures/thumbnails/preview-files/{shown.pk}.png")
    assert served == content_of(own)
    original = guest.get(f"{base}/originals/preview-files/{shown.pk}.png")
    assert png_of(original).size == (1600, 900)
    # Another file of the same revision is shown with it.
    assert guest.get(f"{base}/thumbnails/preview-files/{sibling.pk}.png").status_code == 200

    forbidden = {
        "error": True,
        "message": "You don't have the permission to access the requested resource. "
        "It is either read-protected or not readable by the server.",
    }
    for hidden in (earlier, foreign):
        refused = guest.get(f"{base}/thumbnails/preview-files/{hidden.pk}.png")
        assert (refused.status_code, refused.json()) == (403, forbidden)
    unknown = guest.get(f"{base}/thumbnails/preview-files/{uuid.uuid4()}.png")
    assert unknown.status_code == 404
    closed = guest.get(f"/shared/playlists/nope/pictures/thumbnails/preview-files/{shown.pk}.png")
    assert closed.status_code == 404

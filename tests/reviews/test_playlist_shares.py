"""Share links of playlists and what guests may do through them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import Person, Role
from production.models import TaskStatus
from reviews.models import Comment, PlaylistShareLink
from tests.production.factories import TaskStatusFactory, add_to_team
from tests.reviews.playlist_helpers import build_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    return build_production()


@pytest.fixture
def link(prod, admin):
    return PlaylistShareLink.objects.create(token="tok-1", playlist=prod.playlist, created_by=admin)


@pytest.fixture
def guest_client() -> APIClient:
    return APIClient()


@pytest.fixture
def wfa() -> TaskStatus:
    return TaskStatusFactory(name="Waiting For Approval", short_name="wfa", is_client_allowed=True)


def link_wire(link: PlaylistShareLink, **extra) -> dict:
    link.refresh_from_db()
    stamp = "%Y-%m-%dT%H:%M:%S"
    return {
        "token": link.token,
        "playlist_id": str(link.playlist_id),
        "created_by": str(link.created_by_id),
        "expiration_date": link.expiration_date.strftime(stamp) if link.expiration_date else None,
        "is_active": link.is_active,
        "can_comment": link.can_comment,
        "id": str(link.pk),
        "created_at": link.created_at.strftime(stamp),
        "updated_at": link.updated_at.strftime(stamp),
        "type": "PlaylistShareLink",
        "has_password": bool(link.password),
        **extra,
    }


# -- managing links --------------------------------------------------------------------------------
def test_create_list_and_revoke(prod, admin_client):
    url = f"/data/playlists/{prod.playlist.pk}/share"
    response = admin_client.post(
        url, {"expiration_date": "2030-01-01", "password": "secret123"}, format="json"
    )
    assert response.status_code == 201
    link = PlaylistShareLink.objects.get()
    assert response.json() == link_wire(link)
    assert response.json()["expiration_date"] == "2030-01-01T23:59:59"
    assert response.json()["has_password"] is True
    assert "password" not in response.json()
    assert admin_client.get(url).json() == [link_wire(link)]
    assert admin_client.delete(f"{url}/{link.token}").status_code == 204
    link.refresh_from_db()
    assert link.is_active is False
    assert admin_client.get(url).json() == []
    assert admin_client.delete(f"{url}/unknown").status_code == 404


def test_create_refuses_bad_date(prod, admin_client):
    response = admin_client.post(
        f"/data/playlists/{prod.playlist.pk}/share", {"expiration_date": "soon"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["data"] == {
        "errors": [
            {"field": "expiration_date", "message": "Input should be a valid date or datetime"}
        ]
    }


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.MANAGER, 201),
        (Role.SUPERVISOR, 403),
        (Role.USER, 403),
        (Role.CLIENT, 403),
        (Role.VENDOR, 403),
    ],
)
def test_only_managers_share(prod, role_clients, role, code):
    person, client = role_clients[role]
    add_to_team(prod.project, person)
    url = f"/data/playlists/{prod.playlist.pk}/share"
    assert client.post(url, {}, format="json").status_code == code
    assert client.get(url).status_code == (200 if code == 201 else 403)


def test_invite_mails_the_link(prod, link, admin_client):
    url = f"/data/playlists/{prod.playlist.pk}/share/{link.token}/invite"
    response = admin_client.post(url, {"emails": ["a@example.com", "b@example.com"]}, format="json")
    assert response.json() == {"sent": ["a@example.com", "b@example.com"]}
    assert [message.to for message in mail.outbox] == [["a@example.com"], ["b@example.com"]]
    assert "http://localhost:8000/shared/playlists/tok-1" in mail.outbox[0].body
    assert admin_client.post(url, {}, format="json").json() == {"sent": []}
    response = admin_client.post(url, {"emails": ["nope"]}, format="json")
    assert response.status_code == 400


def test_share_links_query_count(prod, admin, admin_client, django_assert_num_queries):
    url = f"/data/playlists/{prod.playlist.pk}/share"
    PlaylistShareLink.objects.create(token="a", playlist=prod.playlist, created_by=admin)
    with django_assert_num_queries(4) as one:
        assert len(admin_client.get(url).json()) == 1
    for token in ("b", "c"):
        PlaylistShareLink.objects.create(token=token, playlist=prod.playlist, created_by=admin)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(admin_client.get(url).json()) == 3


# -- opening a link --------------------------------------------------------------------------------
def test_guest_sees_the_playlist_without_account(prod, link, guest_client):
    response = guest_client.get(f"/shared/playlists/{link.token}")
    assert response.status_code == 200
    body = response.json()
    assert (body["project_name"], body["project_fps"], body["build_jobs"]) == ("Big Buck", "24", [])
    first = body["shots"][0]
    assert first == {
        "entity_id": str(prod.sh010.pk),
        "preview_file_id": str(prod.movie.pk),
        "id": str(prod.sh010.pk),
        "preview_files": {},
        "preview_file_extension": "mp4",
        "preview_file_revision": 1,
        "preview_file_width": 160,
        "preview_file_height": 120,
        "preview_file_duration": 0.0,
        "preview_file_status": "Ready",
        "preview_file_task_id": str(prod.anim010.pk),
        "preview_file_previews": [],
        "preview_file_annotations": [],
        "name": "SH010",
        "parent_name": "SQ01",
        "preview_file_task_type": {
            "id": str(prod.anim010.task_type_id),
            "name": "Animation",
            "color": prod.anim010.task_type.color,
            "for_entity": "Shot",
        },
        "preview_file_task_type_name": "Animation",
        "task_status_color": prod.anim010.task_status.color,
    }


def test_shared_playlist_query_count(prod, link, guest_client, django_assert_num_queries):
    with django_assert_num_queries(4):
        guest_client.get(f"/shared/playlists/{link.token}")


def test_context(prod, link, guest_client, make_person):
    member = make_person(first_name="Ann", last_name="Lee")
    add_to_team(prod.project, member)
    response = guest_client.get(f"/shared/playlists/{link.token}/context")
    assert response.json() == {
        "project": {
            "id": str(prod.project.pk),
            "name": "Big Buck",
            "fps": "24",
            "ratio": "16:9",
            "resolution": "320x240",
            "team": [
                {
                    "id": str(member.pk),
                    "first_name": "Ann",
                    "last_name": "Lee",
                    "full_name": "Ann Lee",
                    "has_avatar": False,
                }
            ],
        },
        "task_types": [],
        "task_statuses": [],
    }


def test_closed_links_answer_404(prod, link, guest_client):
    for path in ("", "/context", "/comments"):
        assert guest_client.get(f"/shared/playlists/unknown{path}").status_code == 404
    link.expiration_date = timezone.now() - dt.timedelta(days=1)
    link.save()
    assert guest_client.get(f"/shared/playlists/{link.token}").status_code == 404
    assert guest_client.post(f"/shared/playlists/{link.token}/guest", {}).status_code == 404
    link.expiration_date = None
    link.is_active = False
    link.save()
    assert guest_client.get(f"/shared/playlists/{link.token}").status_code == 404


def test_password_protected_link(prod, admin_client, guest_client):
    admin_client.post(
        f"/data/playlists/{prod.playlist.pk}/share", {"password": "secret123"}, format="json"
    )
    token = PlaylistShareLink.objects.get().token
    url = f"/shared/playlists/{token}"
    assert guest_client.get(url).status_code == 404
    assert guest_client.get(f"{url}?password=wrong").status_code == 404
    assert guest_client.get(f"{url}?password=secret123").status_code == 200
    response = guest_client.post(f"{url}/guest", {"password": "wrong"}, format="json")
    assert response.status_code == 404
    response = guest_client.post(f"{url}/guest", {"password": "secret123"}, format="json")
    assert response.status_code == 201


def test_guest_login_creates_a_guest(prod, link, guest_client):
    response = guest_client.post(
        f"/shared/playlists/{link.token}/guest", {"first_name": "Val"}, format="json"
    )
    assert response.status_code == 201
    guest = Person.objects.get(is_guest=True)
    body = response.json()
    assert (body["id"], body["first_name"], body["last_name"]) == (str(guest.pk), "Val", "")
    assert (body["role"], body["is_guest"], body["full_name"]) == ("client", True, "Val")
    assert body["data"] == {"share_link_id": str(link.pk)}
    assert body["email"].endswith("@guest.kitsu")
    assert "password" not in body
    assert not guest.has_usable_password()


# -- guest comments --------------------------------------------------------------------------------
def make_guest(link) -> Person:
    return Person.objects.create(
        first_name="Val",
        email="val@guest.kitsu",
        is_guest=True,
        role=Role.CLIENT,
        data={"share_link_id": str(link.pk)},
    )


def test_guest_comments_round_trip(prod, link, guest_client, wfa):
    guest = make_guest(link)
    url = f"/shared/playlists/{link.token}/comments"
    body = {
        "guest_id": str(guest.pk),
        "task_id": str(prod.anim010.pk),
        "task_status_id": str(wfa.pk),
        "text": "Lovely",
    }
    response = guest_client.post(url, body, format="json")
    assert response.status_code == 201
    comment = Comment.objects.get()
    assert (comment.person_id, comment.text, comment.object_id) == (
        guest.pk,
        "Lovely",
        prod.anim010.pk,
    )
    assert response.json()["person"]["is_guest"] is True
    prod.anim010.refresh_from_db()
    assert prod.anim010.task_status_id == wfa.pk
    listed = guest_client.get(url).json()
    assert [(row["id"], row["text"], row["person"]["is_guest"]) for row in listed] == [
        (str(comment.pk), "Lovely", True)
    ]
    assert guest_client.get(f"{url}?task_id={prod.anim020.pk}").json() == []
    edit = guest_client.put(
        f"{url}/{comment.pk}", {"guest_id": str(guest.pk), "text": "Better"}, format="json"
    )
    assert edit.status_code == 200
    assert edit.json()["text"] == "Better"
    comment.refresh_from_db()
    assert comment.editor_id == guest.pk
    assert guest_client.delete(f"{url}/{comment.pk}").status_code == 400
    assert guest_client.delete(f"{url}/{comment.pk}?guest_id={guest.pk}").status_code == 204
    assert not Comment.objects.exists()


def test_guest_comment_rules(prod, link, guest_client, wfa, admin, make_person):
    guest = make_guest(link)
    url = f"/shared/playlists/{link.token}/comments"
    base = {"guest_id": str(guest.pk), "task_status_id": str(wfa.pk), "text": "x"}
    response = guest_client.post(url, {"text": "x"}, format="json")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["data"]["errors"]] == [
        "guest_id",
        "task_id",
        "task_status_id",
    ]
    other_task = build_production(store=False, name="Other").anim010
    response = guest_client.post(url, {**base, "task_id": str(other_task.pk)}, format="json")
    assert response.status_code == 404
    studio_only = TaskStatusFactory(name="Done", short_name="done", is_client_allowed=False)
    body = {**base, "task_id": str(prod.anim010.pk), "task_status_id": str(studio_only.pk)}
    assert guest_client.post(url, body, format="json").status_code == 403
    stranger = make_person(role=Role.CLIENT)
    body = {**base, "task_id": str(prod.anim010.pk), "guest_id": str(stranger.pk)}
    assert guest_client.post(url, body, format="json").status_code == 403
    link.can_comment = False
    link.save()
    body = {**base, "task_id": str(prod.anim010.pk)}
    assert guest_client.post(url, body, format="json").status_code == 403


def test_guest_cannot_touch_studio_comments(prod, link, guest_client, wfa, admin):
    guest = make_guest(link)
    studio = Comment.objects.create(object=prod.anim010, text="studio", person=admin)
    url = f"/shared/playlists/{link.token}/comments/{studio.pk}?guest_id={guest.pk}"
    assert guest_client.delete(url).status_code == 403
    assert guest_client.get(f"/shared/playlists/{link.token}/comments").json() == []


def test_guest_comments_query_count(prod, link, guest_client, django_assert_num_queries):
    guest = make_guest(link)
    url = f"/shared/playlists/{link.token}/comments"
    Comment.objects.create(object=prod.anim010, text="1", person=guest)
    with django_assert_num_queries(10) as one:
        assert len(guest_client.get(url).json()) == 1
    Comment.objects.create(object=prod.anim010, text="2", person=guest)
    Comment.objects.create(object=prod.anim020, text="3", person=guest)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(guest_client.get(url).json()) == 3


def test_guest_attachments(prod, link, guest_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    guest = make_guest(link)
    comment = Comment.objects.create(object=prod.anim010, text="1", person=guest)
    base = f"/shared/playlists/{link.token}/comments/{comment.pk}/attachments"
    upload = SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")
    response = guest_client.post(f"{base}?guest_id={guest.pk}", {"file": upload})
    assert response.status_code == 201
    attachment = comment.attachment_files.get()
    assert response.json() == [
        {"id": str(attachment.pk), "name": "note.txt", "extension": "txt", "size": 5}
    ]
    file_url = f"/shared/playlists/{link.token}/attachment-files/{attachment.pk}/file/note.txt"
    assert b"".join(guest_client.get(file_url).streaming_content) == b"hello"
    response = guest_client.delete(f"{base}/{attachment.pk}?guest_id={guest.pk}")
    assert response.status_code == 204
    assert not comment.attachment_files.exists()
    assert not default_storage.exists(f"attachments/{attachment.pk}/note.txt")


def test_guest_annotations_merge(prod, link, guest_client):
    guest = make_guest(link)
    prod.picture.annotations = [{"time": 0, "drawing": {"objects": [{"id": "a", "v": 1}]}}]
    prod.picture.save()
    body = {
        "guest_id": str(guest.pk),
        "preview_file_id": str(prod.picture.pk),
        "additions": [{"time": 0, "drawing": {"objects": [{"id": "b", "v": 1}]}}],
        "updates": [{"time": 0, "drawing": {"objects": [{"id": "a", "v": 2}]}}],
        "deletions": [],
    }
    response = guest_client.put(f"/shared/playlists/{link.token}/annotations", body, format="json")
    assert response.status_code == 200
    expected = [{"time": 0, "drawing": {"objects": [{"id": "b", "v": 1}, {"id": "a", "v": 2}]}}]
    assert response.json()["annotations"] == expected
    body = {**body, "additions": [], "updates": [], "deletions": [{"time": 0, "objects": ["a"]}]}
    response = guest_client.put(f"/shared/playlists/{link.token}/annotations", body, format="json")
    assert response.json()["annotations"] == [
        {"time": 0, "drawing": {"objects": [{"id": "b", "v": 1}]}}
    ]


# -- guest media -----------------------------------------------------------------------------------
def test_guest_media_limited_to_the_playlist(prod, link, guest_client):
    from tests.reviews.playlist_helpers import make_preview

    base = f"/shared/playlists/{link.token}"
    response = guest_client.get(f"{base}/preview-files/{prod.picture.pk}")
    assert response.json()["id"] == str(prod.picture.pk)
    response = guest_client.get(f"{base}/movies/originals/preview-files/{prod.movie.pk}.mp4")
    assert response["Content-Type"] == "video/mp4"
    picture_url = f"{base}/pictures/originals/preview-files/{prod.picture.pk}"
    assert guest_client.get(f"{picture_url}.png")["Content-Type"] == "image/png"
    assert guest_client.get(f"{picture_url}.jpg").status_code == 404
    response = guest_client.get(f"{base}/preview-files/{prod.picture.pk}/download")
    assert response["Content-Disposition"] == (
        'attachment; filename="big_buck_e01_sq01_sh020_animation_v1.png"'
    )
    hidden = make_preview(prod.anim010, extension="png", revision=2)
    for path in (
        f"preview-files/{hidden.pk}",
        f"preview-files/{hidden.pk}/download",
        f"pictures/originals/preview-files/{hidden.pk}.png",
        f"pictures/thumbnails/preview-files/{hidden.pk}.png",
    ):
        assert guest_client.get(f"{base}/{path}").status_code == 403

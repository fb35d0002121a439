"""The routes around comments: who may post, lists and what each role sees, deletion,
replies, acknowledgements, moves, attachments, preview slots and `/data/comments`."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from reviews.models import AttachmentFile, Comment, Notification, PreviewFile
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.comments_helpers import post_comment, production, task_state

pytestmark = pytest.mark.django_db

FORBIDDEN = 403


@pytest.fixture
def prod():
    return production()


@pytest.fixture
def team(prod, role_clients):
    """Every role in the project team, the artist and vendor assigned to modeling."""
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(prod.project, person)
    prod.modeling.assignees.add(role_clients[Role.USER][0], role_clients[Role.VENDOR][0])
    return role_clients


# -- posting ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "assigned_task", "expected"),
    [
        (Role.ADMIN, False, 201),
        (Role.MANAGER, False, 201),
        (Role.SUPERVISOR, False, 201),  # no department: supervises everything
        (Role.USER, True, 201),
        (Role.USER, False, FORBIDDEN),
        (Role.CLIENT, False, 201),
        (Role.VENDOR, True, 201),
        (Role.VENDOR, False, FORBIDDEN),
    ],
)
def test_who_may_comment_with_a_status(prod, team, role, assigned_task, expected):
    task = prod.modeling if assigned_task else prod.shading
    client = team[role][1]
    assert post_comment(client, task, prod.status.wip, "x").status_code == expected


def test_outsiders_and_supervisors_of_other_departments(prod, make_person):
    outsider = PersonFactory(role=Role.MANAGER)
    assert post_comment(client_for(outsider), prod.modeling, prod.status.wip).status_code == 403
    supervisor = PersonFactory(role=Role.SUPERVISOR)
    supervisor.departments.add(DepartmentFactory())
    add_to_team(prod.project, supervisor)
    assert post_comment(client_for(supervisor), prod.modeling, prod.status.wip).status_code == 403


def test_statuses_allowed_per_role(prod, team):
    prod.status.done.is_artist_allowed = False
    prod.status.done.is_client_allowed = False
    prod.status.done.save()
    assert post_comment(team[Role.USER][1], prod.modeling, prod.status.done).status_code == 403
    assert post_comment(team[Role.CLIENT][1], prod.modeling, prod.status.done).status_code == 403
    assert post_comment(team[Role.MANAGER][1], prod.modeling, prod.status.done).status_code == 201


def test_a_mentioned_artist_may_answer_without_changing_the_status(prod, team, admin_client):
    artist, client = team[Role.USER]
    name = f"@{artist.first_name} {artist.last_name}"
    post_comment(admin_client, prod.rigging, prod.status.todo, f"hey {name} look")
    assert post_comment(client, prod.rigging, prod.status.wip).status_code == 403
    assert post_comment(client, prod.rigging, prod.status.todo, "seen").status_code == 201
    assert post_comment(client, prod.shading, prod.status.todo).status_code == 403


# -- lists ----------------------------------------------------------------------------------------
def test_task_comments_list_shape(prod, admin_client, admin, media_root):
    posted = post_comment(admin_client, prod.modeling, prod.status.wip, "first").json()
    reply = admin_client.post(
        f"/data/tasks/{prod.modeling.pk}/comments/{posted['id']}/reply", {"text": "re"}
    ).json()
    assert reply["person"] == {
        "id": str(admin.pk),
        "first_name": "John",
        "last_name": "Did",
        "full_name": "John Did",
        "has_avatar": False,
        "role": "admin",
    }
    upload = SimpleUploadedFile("note.txt", b"hello", content_type="text/plain")
    response = admin_client.post(
        f"/actions/tasks/{prod.modeling.pk}/comments/{posted['id']}/add-attachment",
        {"files": upload},
        format="multipart",
    )
    assert response.status_code == 201
    attachment = response.json()[0]
    assert attachment == {
        "id": attachment["id"],
        "name": "note.txt",
        "extension": "txt",
        "size": 5,
    }
    preview = admin_client.post(
        f"/actions/tasks/{prod.modeling.pk}/comments/{posted['id']}/add-preview", {}, format="json"
    ).json()
    assert (preview["revision"], preview["position"], preview["status"]) == (1, 1, "processing")
    assert len(preview["name"]) == 13
    assert preview["comments"] == [posted["id"]]
    rows = admin_client.get(f"/data/tasks/{prod.modeling.pk}/comments").json()
    assert len(rows) == 1
    row = rows[0]
    assert row["person"]["full_name"] == "John Did"
    assert row["task_status"] == {
        "id": str(prod.status.wip.pk),
        "name": "Work In Progress",
        "short_name": "wip",
        "color": "#999999",
    }
    assert row["attachment_files"] == [{**attachment, "reply_id": None}]
    assert [p["id"] for p in row["previews"]] == [preview["id"]]
    assert row["replies"][0]["text"] == "re"
    assert row["replies"][0]["person"]["full_name"] == "John Did"
    files = admin_client.get(f"/data/tasks/{prod.modeling.pk}/attachment-files").json()
    assert files[0]["comment"]["id"] == posted["id"]
    download = admin_client.get(f"/data/attachment-files/{attachment['id']}/file/note.txt")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"hello"


def test_task_comments_list_queries_do_not_grow(prod, admin_client):
    post_comment(admin_client, prod.modeling, prod.status.wip, "one")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(f"/data/tasks/{prod.modeling.pk}/comments").status_code == 200
        return len(queries)

    one = count()
    post_comment(admin_client, prod.modeling, prod.status.wfa, "two")
    post_comment(admin_client, prod.modeling, prod.status.retake, "three")
    assert count() == one
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(f"/data/projects/{prod.project.pk}/comments")
    project_queries = len(queries)
    post_comment(admin_client, prod.shading, prod.status.wip, "four")
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(f"/data/projects/{prod.project.pk}/comments")
    assert len(queries) == project_queries


def test_clients_and_artists_see_different_comments(prod, team, admin_client):
    client_person, client_client = team[Role.CLIENT]
    artist_client = team[Role.USER][1]
    post_comment(admin_client, prod.modeling, prod.status.wip, "internal")
    post_comment(admin_client, prod.modeling, prod.status.wip, "for them", for_client=True)
    post_comment(client_client, prod.modeling, prod.status.wip, "from the client")
    texts = [
        row["text"] for row in client_client.get(f"/data/tasks/{prod.modeling.pk}/comments").json()
    ]
    assert texts == ["from the client", "for them"]
    texts = [
        row["text"] for row in artist_client.get(f"/data/tasks/{prod.modeling.pk}/comments").json()
    ]
    assert texts == ["for them", "internal"]
    vendor_client = team[Role.VENDOR][1]
    assert vendor_client.get(f"/data/tasks/{prod.shading.pk}/comments").status_code == 403
    assert vendor_client.get(f"/data/projects/{prod.project.pk}/comments").status_code == 403


# -- deletion, replies, acknowledgements, moves ----------------------------------------------------
def test_delete_is_for_managers_and_authors(prod, team):
    artist_client = team[Role.USER][1]
    manager_client = team[Role.MANAGER][1]
    supervisor_client = team[Role.SUPERVISOR][1]
    mine = post_comment(artist_client, prod.modeling, prod.status.wip).json()["id"]
    other = post_comment(manager_client, prod.modeling, prod.status.wfa).json()["id"]
    url = f"/data/tasks/{prod.modeling.pk}/comments/"
    assert artist_client.delete(url + other).status_code == 403
    assert supervisor_client.delete(url + mine).status_code == 403
    assert artist_client.delete(url + mine).status_code == 204
    assert manager_client.delete(url + other).status_code == 204
    assert task_state(prod.modeling)["status"] == "todo"
    assert manager_client.delete(url + other).status_code == 404


def test_reply_ack_and_reply_deletion(prod, team, admin_client):
    artist, artist_client = team[Role.USER]
    comment = post_comment(admin_client, prod.modeling, prod.status.wip, "hi").json()
    base = f"/data/tasks/{prod.modeling.pk}/comments/{comment['id']}"
    reply = artist_client.post(f"{base}/reply", {"text": "thanks"}, format="json").json()
    assert reply["person_id"] == str(artist.pk)
    assert Notification.objects.filter(notification_type="reply").exists()
    acked = artist_client.post(f"{base}/ack").json()
    assert acked["acknowledgements"] == [str(artist.pk)]
    assert artist_client.post(f"{base}/ack").json()["acknowledgements"] == []
    assert team[Role.SUPERVISOR][1].delete(f"{base}/reply/{reply['id']}").status_code == 403
    response = artist_client.delete(f"{base}/reply/{reply['id']}")
    assert response.status_code == 200
    assert response.json()["replies"] == []
    assert not Notification.objects.filter(reply_id=reply["id"]).exists()


def test_move_to_a_sibling_task(prod, admin_client):
    comment = post_comment(admin_client, prod.modeling, prod.status.wfa).json()
    response = admin_client.post(
        f"/actions/tasks/{prod.modeling.pk}/comments/{comment['id']}/move",
        {"target_task_id": str(prod.shading.pk)},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["object_id"] == str(prod.shading.pk)
    assert task_state(prod.modeling)["status"] == "todo"
    assert task_state(prod.shading)["status"] == "wfa"


def test_comment_many(prod, admin_client):
    response = admin_client.post(
        f"/actions/projects/{prod.project.pk}/tasks/comment-many",
        [
            {"object_id": str(prod.modeling.pk), "task_status_id": str(prod.status.wip.pk)},
            {"object_id": str(prod.shading.pk), "task_status_id": str(prod.status.wfa.pk)},
        ],
        format="json",
    )
    assert response.status_code == 201
    assert [row["task_status"]["short_name"] for row in response.json()] == ["wip", "wfa"]


def test_preview_revisions(prod, admin_client):
    first = post_comment(admin_client, prod.modeling, prod.status.wfa).json()["id"]
    second = post_comment(admin_client, prod.modeling, prod.status.wfa).json()["id"]
    url = "/actions/tasks/{}/comments/{}/add-preview"
    one = admin_client.post(url.format(prod.modeling.pk, first), {}, format="json").json()
    two = admin_client.post(url.format(prod.modeling.pk, first), {}, format="json").json()
    assert (one["revision"], two["revision"], two["position"]) == (1, 1, 2)
    clash = admin_client.post(url.format(prod.modeling.pk, second), {"revision": 1}, format="json")
    assert clash.status_code == 400
    three = admin_client.post(url.format(prod.modeling.pk, second), {}, format="json").json()
    assert (three["revision"], three["position"]) == (2, 1)
    assert PreviewFile.objects.filter(task=prod.modeling).count() == 3


def test_attachment_delete(prod, admin_client, media_root):
    comment = post_comment(admin_client, prod.modeling, prod.status.wip).json()["id"]
    admin_client.post(
        f"/actions/tasks/{prod.modeling.pk}/comments/{comment}/add-attachment",
        {"files": SimpleUploadedFile("a.png", b"png")},
        format="multipart",
    )
    attachment = AttachmentFile.objects.get()
    assert (media_root / "attachments" / str(attachment.pk) / "a.png").exists()
    url = f"/data/tasks/{prod.modeling.pk}/comments/{comment}/attachments/{attachment.pk}"
    assert admin_client.delete(url).status_code == 204
    assert not AttachmentFile.objects.exists()
    assert not (media_root / "attachments" / str(attachment.pk) / "a.png").exists()


# -- /data/comments ---------------------------------------------------------------------------
def test_data_comments_rules(prod, team, admin_client):
    artist, artist_client = team[Role.USER]
    supervisor_client = team[Role.SUPERVISOR][1]
    manager_client = team[Role.MANAGER][1]
    comment = post_comment(
        artist_client,
        prod.modeling,
        prod.status.wip,
        "mine",
        checklist=[{"text": "a", "checked": False}],
    ).json()
    url = f"/data/comments/{comment['id']}"
    assert artist_client.get("/data/comments").status_code == 403
    assert admin_client.get("/data/comments").status_code == 200
    assert artist_client.get(url).json()["person"]["id"] == str(artist.pk)
    assert artist_client.put(url, {"text": "edited"}, format="json").status_code == 200
    assert Comment.objects.get(pk=comment["id"]).editor_id == artist.pk
    assert artist_client.put(url, {"for_client": True}, format="json").status_code == 403
    assert artist_client.put(url, {"pinned": True}, format="json").status_code == 403
    assert supervisor_client.put(url, {"pinned": True}, format="json").status_code == 200
    assert supervisor_client.put(url, {"text": "nope"}, format="json").status_code == 403
    assert manager_client.put(url, {"for_client": True}, format="json").status_code == 200
    assert team[Role.VENDOR][1].delete(url).status_code == 403
    assert artist_client.delete(url).status_code == 204


def test_admin_pages_list_and_delete_through_the_workflow(prod, admin, admin_client):
    from django.test import Client

    comment = post_comment(admin_client, prod.modeling, prod.status.wip, "in admin").json()
    console = Client()
    console.force_login(admin)
    for page in ("comment", "notification", "news", "subscription", "previewfile"):
        assert console.get(f"/admin/reviews/{page}/?q=admin").status_code == 200
    response = console.post(f"/admin/reviews/comment/{comment['id']}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert task_state(prod.modeling)["status"] == "todo"

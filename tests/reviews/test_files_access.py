"""Who may reach the files routes, the generic file resources, and list query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from reviews.models import AttachmentFile, Comment, FileStatus, OutputFile, WorkingFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.files_helpers import make_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod(role_clients):
    prod = make_production()
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(prod.project, person)
    return prod


def output_file(prod, revision=1, **fields):
    status = FileStatus.objects.get_or_create(name="To review", defaults={"color": "#FFFFFF"})[0]
    return OutputFile.objects.create(
        name="main",
        revision=revision,
        file_status=status,
        entity=prod.shot,
        output_type=prod.output_type,
        task_type=prod.animation,
        **fields,
    )


def routes(prod):
    task, shot = prod.shot_task, prod.shot
    types = {"output_type_id": str(prod.output_type.pk), "task_type_id": str(prod.animation.pk)}
    working_file = WorkingFile.objects.create(name="main", revision=1, task=task, entity=shot)
    out = output_file(prod)
    return [
        ("get", f"/data/tasks/{task.pk}/working-files", None),
        ("get", f"/data/tasks/{task.pk}/working-files/last-revisions", None),
        ("post", f"/data/tasks/{task.pk}/working-file-path", {}),
        ("put", f"/actions/working-files/{working_file.pk}/comment", {"comment": "x"}),
        ("get", f"/data/entities/{shot.pk}/working-files", None),
        ("get", f"/data/entities/{shot.pk}/output-files", None),
        ("get", f"/data/entities/{shot.pk}/output-types", None),
        ("post", f"/data/entities/{shot.pk}/output-file-path", types),
        ("post", f"/data/entities/{shot.pk}/output-files/next-revision", types),
        ("post", f"/data/entities/{shot.pk}/output-files/new", {**types, "revision": 9}),
        ("get", f"/data/projects/{prod.project.pk}/output-files", None),
        ("get", f"/data/files/{out.pk}", None),
        ("get", f"/data/output-files/{out.pk}", None),
        ("get", "/data/output-files", None),
        (
            "post",
            "/data/entities/guess-from-path",
            {"project_id": str(prod.project.pk), "file_path": "/x"},
        ),
    ]


# Expected statuses, in the order of `routes`.
MATRIX = {
    Role.ADMIN: [200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 200, 200, 200, 200, 200],
    Role.MANAGER: [200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 200, 200, 200, 200, 200],
    Role.SUPERVISOR: [200, 200, 200, 200, 200, 200, 200, 200, 200, 201, 403, 200, 200, 200, 200],
    Role.USER: [200, 200, 200, 403, 200, 200, 200, 200, 200, 201, 403, 200, 200, 200, 200],
    Role.CLIENT: [200, 200, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200, 200, 200, 200],
    Role.VENDOR: [403] * 15,
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_role_matrix(prod, role_clients, role):
    client = role_clients[role][1]
    statuses = [
        getattr(client, method)(url, body, format="json").status_code
        for method, url, body in routes(prod)
    ]
    assert statuses == MATRIX[role]


def test_outside_the_team_nothing_is_reachable(prod, make_person):
    client = client_for(make_person(role=Role.MANAGER))
    statuses = {
        getattr(client, method)(url, body, format="json").status_code
        for method, url, body in routes(prod)
        if url != "/data/output-files"
    }
    assert statuses == {403}
    assert client.get("/data/output-files").json() == []


def test_output_types_and_file_statuses_resources(prod, role_clients, admin_client):
    artist = role_clients[Role.USER][1]
    created = admin_client.post(
        "/data/file-status", {"name": "Approved", "color": "#00FF00"}, format="json"
    )
    assert created.status_code == 201
    status = FileStatus.objects.get(name="Approved")
    expected = {
        "name": "Approved",
        "color": "#00FF00",
        "id": str(status.pk),
        "created_at": status.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": status.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "FileStatus",
    }
    assert created.json() == expected
    assert artist.get("/data/file-status?name=Approved").json() == [expected]
    assert artist.post("/data/file-status", {"name": "x", "color": "#000000"}).status_code == 403
    assert artist.get(f"/data/output-types/{prod.output_type.pk}").json()["short_name"] == "fcache"
    assert artist.post("/data/output-types", {"name": "x", "short_name": "x"}).status_code == 403
    response = admin_client.put(
        f"/data/output-types/{prod.output_type.pk}", {"short_name": "fc"}, format="json"
    )
    assert response.json()["short_name"] == "fc"
    assert admin_client.delete(f"/data/file-status/{status.pk}").status_code == 204


def test_output_files_resource(prod, admin_client, role_clients):
    out = output_file(prod, path="/o/main")
    rows = admin_client.get("/data/output-files?path=/o/main").json()
    assert [row["id"] for row in rows] == [str(out.pk)]
    assert rows[0]["source_file"] is None
    response = admin_client.put(f"/data/output-files/{out.pk}", {"comment": "ok"}, format="json")
    assert response.json()["comment"] == "ok"
    artist = role_clients[Role.USER][1]
    assert artist.put(f"/data/output-files/{out.pk}", {"comment": "no"}).status_code == 403
    assert role_clients[Role.VENDOR][1].get("/data/output-files").status_code == 403
    assert admin_client.delete(f"/data/output-files/{out.pk}").status_code == 204
    assert not OutputFile.objects.exists()


def test_attachment_files_resource_is_for_admins(admin_client, role_clients):
    attachment = AttachmentFile.objects.create(name="att.pdf", size=9, extension="pdf")
    assert admin_client.get(f"/data/attachment-files/{attachment.pk}").json() == {
        "name": "att.pdf",
        "size": 9,
        "extension": "pdf",
        "mimetype": None,
        "comment_id": None,
        "reply_id": None,
        "chat_message_id": None,
        "id": str(attachment.pk),
        "created_at": attachment.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": attachment.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "comment": None,
        "chat_message": None,
        "type": "AttachmentFile",
    }
    for role in (Role.MANAGER, Role.USER):
        assert role_clients[role][1].get("/data/attachment-files").status_code == 403


def test_an_attachment_is_read_by_the_team_of_its_comments_task(prod, role_clients):
    """What gazu.files.get_attachment_file and download_attachment_file ask first."""
    user = role_clients[Role.USER][0]
    comment = Comment.objects.create(object=prod.shot_task, person=user, text="see notes")
    attached = AttachmentFile.objects.create(name="notes.txt", size=5, comment=comment)
    loose = AttachmentFile.objects.create(name="loose.txt", size=5)
    member = role_clients[Role.USER][1]
    body = member.get(f"/data/attachment-files/{attached.pk}").json()
    assert (body["id"], body["comment_id"]) == (str(attached.pk), str(comment.pk))
    assert member.get(f"/data/attachment-files/{loose.pk}").status_code == 403
    outsider = client_for(PersonFactory(role=Role.USER, email="outsider@example.com"))
    assert outsider.get(f"/data/attachment-files/{attached.pk}").status_code == 403
    assert member.put(f"/data/attachment-files/{attached.pk}", {"name": "x"}).status_code == 403


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.json())


@pytest.mark.parametrize(
    "url",
    [
        "/data/entities/{shot}/output-files",
        "/data/entities/{shot}/output-files/last-revisions",
        "/data/entities/{shot}/output-types",
        "/data/projects/{project}/output-files",
        "/data/output-files",
        "/data/tasks/{task}/working-files",
        "/data/tasks/{task}/working-files/last-revisions",
        "/data/entities/{shot}/working-files",
    ],
)
def test_list_query_counts(prod, role_clients, url):
    client = role_clients[Role.MANAGER][1]
    url = url.format(shot=prod.shot.pk, project=prod.project.pk, task=prod.shot_task.pk)

    def add(revision):
        source = WorkingFile.objects.create(
            name="main", revision=revision, task=prod.shot_task, entity=prod.shot
        )
        output_file(prod, revision=revision, source_file=source, representation=str(revision))

    add(1)
    one, _ = count_queries(client, url)
    add(2)
    add(3)
    three, length = count_queries(client, url)
    assert three == one
    assert length in (1, 3)

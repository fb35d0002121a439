"""Batch comments (multipart with files) and copying clients' comments for the studio."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Role
from reviews.models import Comment, PreviewFile
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import add_to_team
from tests.reviews.comments_helpers import post_comment, production, task_state

NOT_FOUND = {
    "error": True,
    "message": "404 Not Found: The requested URL was not found on the server. If you entered "
    "the URL manually please check your spelling and try again.",
}
ROLES = ("admin", "manager", "supervisor", "user", "client", "vendor", "outsider")


@pytest.fixture
def prod(db):
    return production()


@pytest.fixture
def people(prod):
    found = {"admin": PersonFactory(role=Role.ADMIN)}
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        found[role] = PersonFactory(role=role, first_name=role.title(), last_name="In")
        add_to_team(prod.project, found[role])
    found["outsider"] = PersonFactory(role=Role.USER)
    prod.modeling.assignees.add(found["user"], found["vendor"])
    return found


def multipart(comments: list, **files) -> dict:
    body = {key: SimpleUploadedFile(name, content) for key, (name, content) in files.items()}
    body["comments"] = json.dumps(comments)
    return body


def test_batch_comment_posts_each_with_files(prod, people):
    admin = client_for(people["admin"])
    body = multipart(
        [
            {
                "task_id": str(prod.modeling.pk),
                "task_status_id": str(prod.status.wip.pk),
                "text": "first @User In",
                "checklist": [{"text": "a", "checked": False}],
            },
            {
                "task_id": str(prod.shading.pk),
                "task_status_id": str(prod.status.wfa.pk),
                "text": "second",
                "for_client": True,
            },
        ],
        **{
            "preview_file-0-0": ("red.png", b"png-bytes"),
            "preview_file-0-1": ("blue.png", b"more"),
            "attachment_file-0-0": ("notes.txt", b"hello"),
            "attachment_file-1-0": ("todo.txt", b"todo!"),
        },
    )
    response = admin.post("/api/actions/tasks/batch-comment", body, format="multipart")
    assert response.status_code == 201
    first, second = response.json()
    assert first["object_id"] == str(prod.modeling.pk)
    assert first["text"] == "first @User In"
    assert first["checklist"] == [{"text": "a", "checked": False}]
    assert first["mentions"] == [str(people["user"].pk)]
    assert first["task_status"]["short_name"] == "wip"
    assert first["person"]["id"] == str(people["admin"].pk)
    attachment = Comment.objects.get(pk=first["id"]).attachment_files.get()
    assert first["attachment_files"] == [
        {"id": str(attachment.pk), "name": "notes.txt", "extension": "txt", "size": 5}
    ]
    previews = PreviewFile.objects.filter(task=prod.modeling).order_by("position")
    assert [(p.revision, p.position, p.original_name, p.extension) for p in previews] == [
        (1, 1, "red", "png"),
        (1, 2, "blue", "png"),
    ]
    assert [row["id"] for row in first["preview_files"]] == [str(p.pk) for p in previews]
    assert first["preview_files"][0]["file_size"] == 9
    assert first["preview_files"][0]["type"] == "PreviewFile"
    assert second["object_id"] == str(prod.shading.pk)
    assert second["for_client"] is False  # never set through a batch
    assert second["preview_files"] == []
    assert [item["name"] for item in second["attachment_files"]] == ["todo.txt"]
    assert task_state(prod.modeling)["status"] == "wip"
    assert task_state(prod.shading)["status"] == "wfa"


def test_batch_comment_on_one_task_ignores_item_task_ids(prod, people):
    admin = client_for(people["admin"])
    body = multipart(
        [{"task_id": str(prod.shading.pk), "task_status_id": str(prod.status.wip.pk), "text": "x"}]
    )
    response = admin.post(
        f"/api/actions/tasks/{prod.modeling.pk}/batch-comment", body, format="multipart"
    )
    assert response.status_code == 201
    assert [row["object_id"] for row in response.json()] == [str(prod.modeling.pk)]
    json_body = {"comments": [{"task_status_id": str(prod.status.wfa.pk), "text": "json"}]}
    response = admin.post(
        f"/api/actions/tasks/{prod.modeling.pk}/batch-comment", json_body, format="json"
    )
    assert response.status_code == 201
    assert response.json()[0]["text"] == "json"


def test_batch_comment_errors(prod, people):
    admin = client_for(people["admin"])
    url = "/api/actions/tasks/batch-comment"
    wip = str(prod.status.wip.pk)

    def post(comments):
        response = admin.post(url, multipart(comments), format="multipart")
        return response.status_code, response.json()

    response = admin.post(url, {"x": SimpleUploadedFile("a.txt", b"a")}, format="multipart")
    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "Missing required parameter: comments", "data": None},
    )
    assert post([]) == (201, [])
    assert post([{"task_id": "nope", "task_status_id": wip}]) == (404, NOT_FOUND)
    assert post([{"task_id": str(uuid.uuid4()), "task_status_id": wip}]) == (404, NOT_FOUND)
    unknown_status = {"task_id": str(prod.modeling.pk), "task_status_id": str(uuid.uuid4())}
    assert post([unknown_status]) == (404, NOT_FOUND)
    status, body = post([{"task_status_id": wip}])
    required = {"errors": [{"field": "task_id", "message": "Field required"}]}
    assert (status, body["data"]) == (400, required)
    # All or nothing: the first comment is not kept when the second fails.
    ok = {"task_id": str(prod.modeling.pk), "task_status_id": wip, "text": "kept?"}
    assert post([ok, {"task_id": str(uuid.uuid4()), "task_status_id": wip}])[0] == 404
    assert not Comment.objects.filter(text="kept?").exists()
    response = admin.post(
        f"/api/actions/tasks/{uuid.uuid4()}/batch-comment", multipart([]), format="multipart"
    )
    assert response.status_code == 404


def test_batch_comment_roles(prod, people):
    """The rules of a single comment: assignees on their tasks, managers, supervisors and
    clients of the project; a manager may post as someone else."""
    statuses = {}
    for role in ROLES:
        results = []
        for task in (prod.modeling, prod.shading):
            body = multipart(
                [
                    {
                        "task_id": str(task.pk),
                        "task_status_id": str(prod.status.wip.pk),
                        "text": f"by {role}",
                    }
                ]
            )
            response = client_for(people[role]).post(
                "/api/actions/tasks/batch-comment", body, format="multipart"
            )
            results.append(response.status_code)
        statuses[role] = tuple(results)
    assert statuses == {
        "admin": (201, 201),
        "manager": (201, 201),
        "supervisor": (201, 201),
        "user": (201, 403),
        "client": (201, 201),
        "vendor": (201, 403),
        "outsider": (403, 403),
    }
    body = multipart(
        [
            {
                "task_id": str(prod.modeling.pk),
                "task_status_id": str(prod.status.wip.pk),
                "text": "as user",
                "person_id": str(people["user"].pk),
                "created_at": "2026-01-01T10:00:00",
            }
        ]
    )
    row = client_for(people["manager"]).post(
        "/api/actions/tasks/batch-comment", body, format="multipart"
    )
    assert row.json()[0]["person_id"] == str(people["user"].pk)
    assert row.json()[0]["created_at"] == "2026-01-01T10:00:00"


# -- copy client comments ------------------------------------------------------------------------
def test_copy_client_comments_reposts_latest_client_text(prod, people):
    client = client_for(people["client"])
    admin = client_for(people["admin"])
    post_comment(admin, prod.modeling, prod.status.wip, "studio 1")
    post_comment(client, prod.modeling, prod.status.retake, "client A")
    post_comment(client, prod.modeling, prod.status.retake, "client B")
    post_comment(admin, prod.modeling, prod.status.wfa, "studio 2")
    url = f"/api/actions/projects/{prod.project.pk}/tasks/copy-client-comments"
    manager = client_for(people["manager"])
    response = manager.post(
        url,
        {"task_ids": [str(prod.modeling.pk), str(prod.shading.pk), str(uuid.uuid4())]},
        format="json",
    )
    assert response.status_code == 201
    (row,) = response.json()
    assert row["text"] == "client B"
    assert row["object_id"] == str(prod.modeling.pk)
    assert row["person_id"] == str(people["manager"].pk)
    assert row["task_status"]["short_name"] == "wfa"  # the task keeps its status
    assert row["for_client"] is False and row["checklist"] == []
    assert task_state(prod.modeling)["status"] == "wfa"


def test_copy_client_comments_errors_and_roles(prod, people):
    url = f"/api/actions/projects/{prod.project.pk}/tasks/copy-client-comments"
    admin = client_for(people["admin"])

    def post(body, client=admin, path=url):
        response = client.post(path, body, format="json")
        return response.status_code, response.json()

    def invalid(field, message):
        data = {"errors": [{"field": field, "message": message}]}
        return 400, {"error": True, "message": "Validation error.", "data": data}

    assert post({}) == invalid("task_ids", "Field required")
    assert post({"task_ids": []}) == invalid(
        "task_ids", "List should have at least 1 item after validation, not 0"
    )
    assert post({"task_ids": "x"}) == invalid("task_ids", "Input should be a valid list")
    assert post({"task_ids": ["nope"]}) == invalid(
        "task_ids.0", "Input should be a valid UUID, invalid character: found `n` at 1"
    )
    assert post({"task_ids": [3]}) == invalid(
        "task_ids.0", "UUID input should be a string, bytes or UUID object"
    )
    other = f"/api/actions/projects/{uuid.uuid4()}/tasks/copy-client-comments"
    assert post({"task_ids": [str(prod.modeling.pk)]}, path=other) == (201, [])
    body = {"task_ids": [str(prod.modeling.pk)]}
    statuses = {role: post(body, client_for(people[role]))[0] for role in ROLES}
    assert statuses == dict.fromkeys(ROLES, 403) | {"admin": 201, "manager": 201}


def test_single_comment_answer_summarises_attachments(prod, people):
    """As for batches, a posted comment lists its attachments as `{id, name, extension, size}`."""
    response = client_for(people["admin"]).post(
        f"/api/actions/tasks/{prod.modeling.pk}/comment",
        {
            "task_status_id": str(prod.status.wip.pk),
            "comment": "with file",
            "file": SimpleUploadedFile("notes.txt", b"hello"),
        },
        format="multipart",
    )
    assert response.status_code == 201
    attachment = Comment.objects.get(pk=response.json()["id"]).attachment_files.get()
    assert response.json()["attachment_files"] == [
        {"id": str(attachment.pk), "name": "notes.txt", "extension": "txt", "size": 5}
    ]

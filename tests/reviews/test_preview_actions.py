"""`/data/preview-files` and the preview actions that write: annotations and positions."""

from __future__ import annotations

import threading

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from kitsu_site.api.models import ApiEvent
from people.models import Department, Role
from production.models import Entity, Task
from reviews.media.paths import preview_storage_path
from reviews.models import Comment, PreviewFile
from tests.conftest import client_for
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
    closed_status,
)

pytestmark = pytest.mark.django_db

ANNOTATIONS = "/actions/preview-files/{}/update-annotations"
POSITION = "/actions/preview-files/{}/update-position"


@pytest.fixture
def prod(role_clients):
    """A project with the whole role set in its team, the artist and the vendor assigned to the
    task that holds three previews of revision 1 and one of revision 2."""
    project = ProjectFactory(name="Preview Actions")
    hero = asset(project, "Hero")
    task = TaskFactory(entity=hero, project=project, task_type=TaskTypeFactory(name="Modeling"))
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(project, person)
    task.assignees.add(role_clients[Role.USER][0], role_clients[Role.VENDOR][0])
    previews = [
        PreviewFile.objects.create(task=task, name=f"p{position}", revision=1, position=position)
        for position in (1, 2, 3)
    ]
    previews.append(PreviewFile.objects.create(task=task, name="r2", revision=2, position=1))
    return task, previews


def wire(preview: PreviewFile, **changes) -> dict:
    """The reference body of a preview file (without relations)."""
    preview.refresh_from_db()
    body = {
        "name": preview.name,
        "original_name": None,
        "revision": preview.revision,
        "position": preview.position,
        "extension": None,
        "description": None,
        "path": None,
        "source": None,
        "file_size": 0,
        "status": "processing",
        "validation_status": "neutral",
        "annotations": preview.annotations,
        "width": 0,
        "height": 0,
        "duration": 0.0,
        "data": None,
        "token_in": None,
        "token_out": None,
        "task_id": str(preview.task_id),
        "person_id": None,
        "source_file_id": None,
        "shotgun_id": None,
        "is_movie": False,
        "url": None,
        "uploaded_movie_url": None,
        "uploaded_movie_name": None,
        "id": str(preview.pk),
        "created_at": preview.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": preview.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "PreviewFile",
    }
    return {**body, **changes}


# -- /data/preview-files --------------------------------------------------------------------------
def test_get_one_carries_its_comments(prod, admin_client, admin):
    task, previews = prod
    status = TaskStatusFactory()
    comment = Comment.objects.create(object=task, person=admin, task_status=status)
    comment.previews.add(previews[0])
    response = admin_client.get(f"/data/preview-files/{previews[0].pk}")
    assert response.status_code == 200
    assert response.json() == wire(previews[0], comments=[str(comment.pk)])
    plain = admin_client.get(f"/data/preview-files/{previews[0].pk}?relations=false")
    assert plain.json() == wire(previews[0])


def test_list_filters_by_task_and_revision(prod, admin_client):
    task, previews = prod
    other = TaskFactory(project=task.project, entity=task.entity)
    PreviewFile.objects.create(task=other, name="elsewhere")
    response = admin_client.get(f"/data/preview-files?task_id={task.pk}&revision=1")
    assert response.status_code == 200
    assert sorted(row["name"] for row in response.json()) == ["p1", "p2", "p3"]
    assert admin_client.get("/data/preview-files?task_id=bad").json() == {
        "error": True,
        "message": "Invalid UUID value: bad",
        "data": None,
    }
    assert admin_client.get("/data/preview-files?revision=x").status_code == 400


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        (Role.MANAGER, 4),
        (Role.SUPERVISOR, 4),
        (Role.USER, 4),
        (Role.CLIENT, 3),
        (Role.VENDOR, 4),
    ],
)
def test_list_is_scoped_to_the_team(prod, role_clients, role, visible):
    task, previews = prod
    previews[1].validation_status = "rejected"  # clients do not see rejected previews
    previews[1].save()
    hidden_task = TaskFactory(project=task.project, entity=task.entity)
    PreviewFile.objects.create(task=hidden_task, name="not assigned")
    PreviewFile.objects.create(task=TaskFactory(), name="other project")
    client = role_clients[role][1]
    names = {row["name"] for row in client.get("/data/preview-files").json()}
    expected = visible if role == Role.VENDOR else visible + 1  # vendors: their tasks only
    assert len(names) == expected
    assert "other project" not in names


def test_list_leaves_closed_projects_out(prod, role_clients):
    task, _ = prod
    task.project.project_status = closed_status()
    task.project.save()
    assert role_clients[Role.MANAGER][1].get("/data/preview-files").json() == []


def test_list_query_count(prod, admin_client, django_assert_num_queries):
    """Authentication (two queries), then the list in one, whatever its length."""
    task, _ = prod
    with django_assert_num_queries(3):
        assert len(admin_client.get(f"/data/preview-files?task_id={task.pk}").json()) == 4
    for name in ("a", "b", "c", "d", "e", "f"):
        PreviewFile.objects.create(task=task, name=name, revision=3)
    with django_assert_num_queries(3):
        assert len(admin_client.get(f"/data/preview-files?task_id={task.pk}").json()) == 10
    with django_assert_num_queries(4):  # the comments of every row in one more query
        admin_client.get("/data/preview-files?relations=true")


def test_manager_list_query_count(prod, role_clients, django_assert_num_queries):
    """The team scoping is part of the list query."""
    client = role_clients[Role.MANAGER][1]
    with django_assert_num_queries(3):
        assert len(client.get("/data/preview-files").json()) == 4


@pytest.mark.parametrize(
    ("role", "read", "update", "delete"),
    [
        (Role.MANAGER, 200, 200, 204),
        (Role.SUPERVISOR, 200, 200, 403),
        (Role.USER, 200, 200, 403),
        (Role.CLIENT, 200, 403, 403),
        (Role.VENDOR, 200, 200, 403),
    ],
)
def test_resource_role_matrix(prod, role_clients, role, read, update, delete):
    _, previews = prod
    client = role_clients[role][1]
    url = f"/data/preview-files/{previews[0].pk}"
    assert client.get(url).status_code == read
    assert client.put(url, {"description": "x"}, format="json").status_code == update
    assert client.post("/data/preview-files", {"name": "n"}, format="json").status_code == 403
    assert client.delete(url).status_code == delete


def test_unassigned_artist_and_vendor_and_outsiders(prod, role_clients, make_person):
    task, previews = prod
    task.assignees.clear()
    url = f"/data/preview-files/{previews[0].pk}"
    artist = role_clients[Role.USER][1]
    assert artist.put(url, {"description": "x"}, format="json").status_code == 403
    assert role_clients[Role.VENDOR][1].get(url).status_code == 403
    assert role_clients[Role.VENDOR][1].get("/data/preview-files").json() == []
    outsider = client_for(make_person(role=Role.MANAGER))
    assert outsider.get(url).status_code == 403
    assert outsider.get("/data/preview-files").json() == []


def test_supervisor_of_another_department_may_not_update(prod, role_clients):
    task, previews = prod
    supervisor, client = role_clients[Role.SUPERVISOR]
    task.task_type.department = Department.objects.create(name="Modeling")
    task.task_type.save()
    supervisor.departments.add(Department.objects.create(name="Animation"))
    url = f"/data/preview-files/{previews[0].pk}"
    assert client.put(url, {"description": "x"}, format="json").status_code == 403
    assert client.put(ANNOTATIONS.format(previews[0].pk), {}, format="json").status_code == 403


def test_post_creates_for_admins(prod, admin_client, django_capture_on_commit_callbacks):
    task, _ = prod
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/data/preview-files", {"name": "new", "task_id": str(task.pk)}, format="json"
        )
    assert response.status_code == 201
    created = PreviewFile.objects.get(name="new")
    assert response.json() == wire(created, comments=[])
    assert ApiEvent.objects.get(name="preview-file:new").data == {
        "preview_file_id": str(created.pk)
    }


def test_put_answers_without_relations_and_emits(
    prod, admin_client, django_capture_on_commit_callbacks
):
    _, previews = prod
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            f"/data/preview-files/{previews[1].pk}",
            {"description": "better", "bogus": 1},
            format="json",
        )
    assert response.status_code == 200
    assert response.json() == wire(previews[1], description="better")
    assert ApiEvent.objects.get(name="preview-file:update").data == {
        "preview_file_id": str(previews[1].pk)
    }
    bad = admin_client.put(
        f"/data/preview-files/{previews[1].pk}", {"position": "x"}, format="json"
    )
    assert bad.status_code == 400
    assert bad.json()["message"] == "One of the provided values has an invalid format."


def test_revision_change_of_first_preview_carries_its_siblings(prod, admin_client):
    _, previews = prod
    response = admin_client.put(
        f"/data/preview-files/{previews[0].pk}", {"revision": 7}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["revision"] == 7
    assert [p.revision for p in PreviewFile.objects.filter(name__in=["p2", "p3"])] == [7, 7]
    taken = admin_client.put(
        f"/data/preview-files/{previews[0].pk}", {"revision": 2}, format="json"
    )
    assert taken.status_code == 400
    assert taken.json() == {
        "error": True,
        "message": "Revision 2 already exists for this task. Choose a different revision "
        "number, or omit it to let the revision auto-increment.",
    }
    # A later position moves alone, even onto a used revision.
    moved = admin_client.put(f"/data/preview-files/{previews[1].pk}", {"revision": 2})
    assert moved.status_code == 200
    assert PreviewFile.objects.get(pk=previews[2].pk).revision == 7


def test_delete_removes_media_and_main_preview(
    prod, admin_client, admin, django_capture_on_commit_callbacks
):
    task, previews = prod
    preview = previews[0]
    paths = [
        preview_storage_path("movies/originals", preview.pk, "mp4"),
        preview_storage_path("pictures/thumbnails", preview.pk, "png"),
        preview_storage_path("movies/tiles", preview.pk, "png"),
    ]
    for path in paths:
        default_storage.save(path, ContentFile(b"media"))
    kept = preview_storage_path("pictures/thumbnails", previews[1].pk, "png")
    default_storage.save(kept, ContentFile(b"media"))
    Entity.objects.filter(pk=task.entity_id).update(preview_file_id=preview.pk)
    Task.objects.filter(pk=task.pk).update(last_preview_file_id=preview.pk)
    comment = Comment.objects.create(
        object=task, person=admin, task_status=TaskStatusFactory(), preview_file_id=preview.pk
    )
    comment.previews.add(preview)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"/data/preview-files/{preview.pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not PreviewFile.objects.filter(pk=preview.pk).exists()
    assert [default_storage.exists(path) for path in paths] == [False, False, False]
    assert default_storage.exists(kept)
    assert Entity.objects.get(pk=task.entity_id).preview_file_id is None
    assert Task.objects.get(pk=task.pk).last_preview_file_id is None
    comment.refresh_from_db()
    assert comment.preview_file_id is None
    assert list(comment.previews.all()) == []
    project_id = str(task.project_id)
    events = [(event.name, event.data) for event in ApiEvent.objects.order_by("created_at")]
    assert events == [
        (
            "preview-file:set-main",
            {
                "entity_id": str(task.entity_id),
                "preview_file_id": None,
                "preview_file_status": None,
                "project_id": project_id,
            },
        ),
        ("asset:update", {"asset_id": str(task.entity_id), "project_id": project_id}),
        ("task:update", {"task_id": str(task.pk), "project_id": project_id}),
        ("preview-file:delete", {"preview_file_id": str(preview.pk)}),
    ]


def test_bad_ids(admin_client):
    assert admin_client.get("/data/preview-files/abc").json()["message"] == "Malformed ID."
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(f"/data/preview-files/{missing}").status_code == 404
    assert admin_client.put(ANNOTATIONS.format("abc"), {}, format="json").status_code == 404
    assert admin_client.put(POSITION.format(missing), {}, format="json").status_code == 404


# -- annotations ----------------------------------------------------------------------------------
def stroke(object_id: str, **fields) -> dict:
    return {"id": object_id, "type": "path", **fields}


def frame(time, *objects, **fields) -> dict:
    return {"time": time, **fields, "drawing": {"objects": list(objects)}}


def put_annotations(client, preview, **changes):
    return client.put(ANNOTATIONS.format(preview.pk), changes, format="json")


def test_annotations_merge_additions_updates_deletions(
    prod, admin_client, admin, django_capture_on_commit_callbacks
):
    preview = prod[1][0]
    with django_capture_on_commit_callbacks(execute=True):
        response = put_annotations(
            admin_client, preview, additions=[frame(0, stroke("a"), stroke("b"), frame=0)]
        )
    assert response.status_code == 200
    assert response.json() == wire(
        preview, annotations=[frame(0, stroke("a"), stroke("b"), frame=0)]
    )
    event = ApiEvent.objects.get(name="preview-file:annotation-update")
    assert event.data == {
        "preview_file_id": str(preview.pk),
        "person_id": str(admin.pk),
        "updated_at": response.json()["updated_at"],
        "project_id": str(preview.task.project_id),
    }
    # An object already drawn is not added twice; a new time makes a new frame.
    put_annotations(
        admin_client,
        preview,
        additions=[frame(0, stroke("a", stroke="red")), frame(1.5, stroke("c"))],
    )
    # Updates replace known objects (moved last) and ignore unknown ones and times.
    put_annotations(
        admin_client,
        preview,
        updates=[frame(0, stroke("a", stroke="green"), stroke("zz")), frame(9, stroke("a"))],
    )
    assert PreviewFile.objects.get(pk=preview.pk).annotations == [
        frame(0, stroke("b"), stroke("a", stroke="green"), frame=0),
        frame(1.5, stroke("c")),
    ]
    # Deleting the last object of a frame removes the frame.
    response = put_annotations(
        admin_client,
        preview,
        deletions=[{"time": 1.5, "objects": ["c"]}, {"time": 0, "objects": ["b"]}],
    )
    assert response.json()["annotations"] == [frame(0, stroke("a", stroke="green"), frame=0)]


def test_annotations_give_ids_and_drop_empty_frames(prod, admin_client):
    preview = prod[1][0]
    response = put_annotations(
        admin_client,
        preview,
        additions=[frame(2, {"type": "rect"}), {"time": 3}, frame(4)],
    )
    annotations = response.json()["annotations"]
    assert len(annotations) == 1
    assert annotations[0]["time"] == 2
    drawn = annotations[0]["drawing"]["objects"][0]
    assert drawn["type"] == "rect"
    assert len(drawn["id"]) == 36


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"additions": "x"}, "additions", "Input should be a valid list"),
        ({"deletions": {}}, "deletions", "Input should be a valid list"),
        ({"additions": ["x"]}, "additions", "Each annotation needs a time."),
        ({"updates": [{"drawing": {}}]}, "updates", "Each annotation needs a time."),
        (
            {"additions": [{"time": 1, "drawing": {"objects": "x"}}]},
            "additions.drawing.objects",
            "Input should be a valid list",
        ),
        (
            {"deletions": [{"time": 1, "objects": "x"}]},
            "deletions.objects",
            "Input should be a valid list",
        ),
    ],
)
def test_annotations_bad_bodies(prod, admin_client, body, field, message):
    preview = prod[1][0]
    response = admin_client.put(ANNOTATIONS.format(preview.pk), body, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": field, "message": message}]},
    }
    assert admin_client.put(ANNOTATIONS.format(preview.pk), [1], format="json").status_code == 400


@pytest.mark.parametrize(
    ("role", "code"),
    [
        (Role.MANAGER, 200),
        (Role.SUPERVISOR, 200),
        (Role.USER, 403),
        (Role.CLIENT, 200),
        (Role.VENDOR, 403),
    ],
)
def test_annotation_roles(prod, role_clients, role, code):
    preview = prod[1][0]
    response = put_annotations(role_clients[role][1], preview, additions=[frame(0, stroke("a"))])
    assert response.status_code == code


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_annotations_are_merged(role_clients):
    """Two people drawing on the same frame at the same moment both keep their strokes."""
    project = ProjectFactory(name="Concurrent")
    task = TaskFactory(project=project, entity=asset(project, "Hero"))
    preview = PreviewFile.objects.create(task=task, name="shared")
    manager, client = role_clients[Role.MANAGER], role_clients[Role.CLIENT]
    for person, _ in (manager, client):
        add_to_team(project, person)
    barrier = threading.Barrier(8)
    answers = []

    def draw(api_client, object_id):
        barrier.wait()
        answers.append(
            put_annotations(api_client, preview, additions=[frame(0, stroke(object_id))])
        )
        connection.close()

    threads = [
        threading.Thread(target=draw, args=(api_client, f"{name}-{index}"))
        for index in range(4)
        for name, (_, api_client) in (("manager", manager), ("client", client))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [200] * 8
    annotations = PreviewFile.objects.get(pk=preview.pk).annotations
    assert len(annotations) == 1
    drawn = sorted(obj["id"] for obj in annotations[0]["drawing"]["objects"])
    assert drawn == sorted(
        f"{name}-{index}" for index in range(4) for name in ("manager", "client")
    )


# -- positions ------------------------------------------------------------------------------------
def order(task) -> list[tuple[str, int]]:
    return list(
        PreviewFile.objects.filter(task=task, revision=1)
        .order_by("position")
        .values_list("name", "position")
    )


def test_update_position_reorders_the_revision(prod, admin_client):
    task, previews = prod
    response = admin_client.put(POSITION.format(previews[2].pk), {"position": 1}, format="json")
    assert response.status_code == 200
    assert order(task) == [("p3", 1), ("p1", 2), ("p2", 3)]
    assert response.json() == [wire(previews[2]), wire(previews[0]), wire(previews[1])]
    admin_client.put(POSITION.format(previews[2].pk), {"position": 3}, format="json")
    assert order(task) == [("p1", 1), ("p2", 2), ("p3", 3)]
    assert PreviewFile.objects.get(pk=previews[3].pk).position == 1  # revision 2 untouched


@pytest.mark.parametrize("body", [{}, {"position": 0}, {"position": 5}, {"position": 2}])
def test_update_position_outside_the_revision_changes_nothing(prod, admin_client, body):
    task, previews = prod
    response = admin_client.put(POSITION.format(previews[1].pk), body, format="json")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()] == ["p1", "p2", "p3"]
    assert order(task) == [("p1", 1), ("p2", 2), ("p3", 3)]


@pytest.mark.parametrize(
    ("position", "message"),
    [
        ("a", "Input should be a valid integer, unable to parse string as an integer"),
        (-1, "Input should be greater than or equal to 0"),
        ([1], "Input should be a valid integer, unable to parse string as an integer"),
    ],
)
def test_update_position_bad_values(prod, admin_client, position, message):
    preview = prod[1][0]
    response = admin_client.put(POSITION.format(preview.pk), {"position": position}, format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {"errors": [{"field": "position", "message": message}]}


@pytest.mark.parametrize(
    ("role", "assigned", "unassigned"),
    [
        (Role.MANAGER, 200, 200),
        (Role.SUPERVISOR, 200, 200),
        (Role.USER, 200, 403),
        (Role.CLIENT, 200, 200),
        (Role.VENDOR, 200, 403),
    ],
)
def test_update_position_roles(prod, role_clients, role, assigned, unassigned):
    task, previews = prod
    client = role_clients[role][1]
    url = POSITION.format(previews[1].pk)
    assert client.put(url, {"position": 1}, format="json").status_code == assigned
    task.assignees.clear()
    assert client.put(url, {"position": 2}, format="json").status_code == unassigned

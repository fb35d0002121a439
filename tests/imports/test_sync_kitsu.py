"""`POST /import/kitsu/<kind>`: rows from another instance, upserted with their ids."""

import uuid

import pytest

from kitsu_site.api.models import ApiEvent
from production.models import Entity, EntityLink, Project, Task
from reviews.models import AttachmentFile, Comment, PreviewFile
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    asset,
    entity_type,
    open_status,
    sequence,
)

pytestmark = pytest.mark.django_db

PROJECT_ID = "0b6f4c6e-8a4f-4bdf-9a3f-2f1d3c0e9a01"
SHOT_ID = "4e1c9d2a-5b6f-4f0e-8c3d-7a2b1e0f9c02"


def _project_row(**fields):
    return {
        "id": PROJECT_ID,
        "name": "Sync Project",
        "code": "SP",
        "fps": "24",
        "production_type": "tvshow",
        "project_status_id": str(open_status().id),
        "project_status_name": "Open",
        "created_at": "2023-02-01T10:00:00",
        "updated_at": "2023-02-03T11:30:00",
        "type": "Project",
        **fields,
    }


def test_refuses_every_non_admin_role(role_clients):
    for role in ("manager", "supervisor", "user", "client", "vendor"):
        _, client = role_clients[role]
        response = client.post("/import/kitsu/projects", [_project_row()], format="json")
        assert response.status_code == 403, role
    assert not Project.objects.exists()


def test_expects_a_list(admin_client):
    response = admin_client.post("/import/kitsu/projects", {"id": PROJECT_ID}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "A list of entities is expected.",
        "data": None,
    }


def test_row_without_a_valid_id_is_a_400(admin_client):
    response = admin_client.post("/import/kitsu/projects", [{"name": "No id"}], format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {
        "errors": [{"field": "id", "message": "A valid id is required."}]
    }


def test_empty_list_imports_nothing(admin_client):
    response = admin_client.post("/import/kitsu/projects", [], format="json")
    assert response.status_code == 200
    assert response.json() == []


def test_project_keeps_id_timestamps_and_relations(
    admin_client, django_capture_on_commit_callbacks
):
    artist = PersonFactory()
    modeling = TaskTypeFactory(name="Modeling")
    row = _project_row(team=[str(artist.id), str(uuid.uuid4())], task_types=[str(modeling.id)])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/import/kitsu/projects", [row], format="json")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 1
    assert body[0]["id"] == PROJECT_ID
    assert body[0]["name"] == "Sync Project"
    assert body[0]["fps"] == "24"
    assert body[0]["created_at"] == "2023-02-01T10:00:00"
    assert body[0]["updated_at"] == "2023-02-03T11:30:00"
    assert body[0]["type"] == "Project"
    project = Project.objects.get(pk=PROJECT_ID)
    assert list(project.team.all()) == [artist]
    assert list(project.task_types.all()) == [modeling]
    event = ApiEvent.objects.get()
    assert (event.name, event.data) == ("project:new", {"project_id": PROJECT_ID})


def test_second_import_updates_the_same_row(admin_client, django_capture_on_commit_callbacks):
    admin_client.post("/import/kitsu/projects", [_project_row()], format="json")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/import/kitsu/projects", [_project_row(name="Renamed")], format="json"
        )
    assert response.json()[0]["name"] == "Renamed"
    assert Project.objects.count() == 1
    assert list(ApiEvent.objects.values_list("name", flat=True)) == ["project:update"]


def test_silent_import_emits_nothing(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/import/kitsu/projects?silent=true", [_project_row()], format="json")
    assert Project.objects.filter(pk=PROJECT_ID).exists()
    assert not ApiEvent.objects.exists()


def test_entity_aliases_and_frame_keys(admin_client, django_capture_on_commit_callbacks):
    project = ProjectFactory()
    seq = sequence(project, "SQ01")
    prop = asset(project, "Chair")
    row = {
        "id": SHOT_ID,
        "name": "SH010",
        "project_id": str(project.id),
        "entity_type_id": str(entity_type("Shot").id),
        "sequence_id": str(seq.id),
        "sequence_name": "SQ01",
        "frame_in": 1,
        "frame_out": 48,
        "fps": "24",
        "data": {"camera": "A"},
        "preview_file_id": str(uuid.uuid4()),
        "entities_out": [str(prop.id)],
        "tasks": [],
        "type": "Shot",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/import/kitsu/entities", [row], format="json")
    assert response.status_code == 200
    body = response.json()[0]
    assert body["type"] == "Shot"
    assert body["parent_id"] == str(seq.id)
    assert body["preview_file_id"] is None
    assert body["data"] == {"camera": "A", "frame_in": 1, "frame_out": 48, "fps": "24"}
    assert list(Entity.objects.get(pk=SHOT_ID).entities_out.all()) == [prop]
    event = ApiEvent.objects.get()
    assert (event.name, event.data) == (
        "shot:new",
        {"shot_id": SHOT_ID, "project_id": str(project.id)},
    )


def test_asset_type_alias(admin_client):
    project = ProjectFactory()
    character = entity_type("Character")
    row = {
        "id": SHOT_ID,
        "name": "Hero",
        "project_id": str(project.id),
        "asset_type_id": str(character.id),
        "asset_type_name": "Character",
        "type": "Asset",
    }
    response = admin_client.post("/import/kitsu/entities", [row], format="json")
    assert response.json()[0]["entity_type_id"] == str(character.id)
    assert response.json()[0]["type"] == "Asset"


def test_entity_type_column_wins_over_its_alias(admin_client):
    """An asset's page has both; a sync script maps `entity_type_id` to this side's type."""
    project = ProjectFactory()
    vehicle = entity_type("Vehicle")
    row = {
        "id": SHOT_ID,
        "name": "Car",
        "project_id": str(project.id),
        "entity_type_id": str(vehicle.id),
        "asset_type_id": str(uuid.uuid4()),  # the type's id on the other instance
        "type": "Asset",
    }
    response = admin_client.post("/import/kitsu/entities", [row], format="json")
    assert response.status_code == 200
    assert response.json()[0]["entity_type_id"] == str(vehicle.id)


def test_unknown_entity_type_is_a_400(admin_client):
    row = {
        "id": SHOT_ID,
        "name": "Car",
        "project_id": str(ProjectFactory().id),
        "entity_type_id": str(uuid.uuid4()),
    }
    response = admin_client.post("/import/kitsu/entities", [row], format="json")
    assert (response.status_code, response.json()["message"]) == (
        400,
        "The change conflicts with records referencing this one.",
    )
    assert not Entity.objects.filter(pk=SHOT_ID).exists()


def test_task_with_assignees(admin_client):
    artist = PersonFactory()
    source = TaskFactory()
    row = {
        "id": str(uuid.uuid4()),
        "name": "main",
        "project_id": str(source.project_id),
        "entity_id": str(source.entity_id),
        "task_type_id": str(TaskTypeFactory().id),
        "task_status_id": str(source.task_status_id),
        "assignees": [str(artist.id)],
        "estimation": 120,
        "due_date": "2024-05-02",
    }
    response = admin_client.post("/import/kitsu/tasks", [row], format="json")
    assert response.status_code == 200
    assert response.json()[0]["due_date"] == "2024-05-02T00:00:00"
    task = Task.objects.get(pk=row["id"])
    assert list(task.assignees.all()) == [artist]
    assert task.estimation == 120


def test_entity_page_with_an_empty_preview_id_imports(admin_client):
    """gazu's `get_asset` answers `preview_file_id: ""` and `ready_for: "None"`, as the
    reference does; a script re-importing what it read must work."""
    project = ProjectFactory()
    row = {
        "id": SHOT_ID,
        "name": "Chair",
        "project_id": str(project.id),
        "entity_type_id": str(entity_type("Prop").id),
        "preview_file_id": "",
        "parent_id": "",
        "ready_for": "None",
        "type": "Asset",
    }
    response = admin_client.post("/import/kitsu/entities", [row], format="json")
    assert response.status_code == 200
    [body] = response.json()
    assert (body["id"], body["preview_file_id"], body["parent_id"], body["ready_for"]) == (
        SHOT_ID,
        None,
        None,
        None,
    )


def test_unknown_foreign_key_is_a_400_and_writes_nothing(admin_client):
    rows = [
        _project_row(),
        {"id": str(uuid.uuid4()), "name": "Orphan", "project_status_id": str(uuid.uuid4())},
    ]
    rows[1] = {**_project_row(), **rows[1]}
    response = admin_client.post("/import/kitsu/projects", rows, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "The change conflicts with records referencing this one."
    assert not Project.objects.exists()


def test_bad_value_is_a_400(admin_client):
    response = admin_client.post(
        "/import/kitsu/projects", [_project_row(start_date="not a date")], format="json"
    )
    assert response.status_code == 400
    assert response.json()["data"]["errors"][0]["field"] == "start_date"


def test_malformed_ids_are_a_400(admin_client):
    bad_link = {"id": str(uuid.uuid4()), "entity_in_id": "nope", "entity_out_id": "nope"}
    response = admin_client.post("/import/kitsu/entity-links", [bad_link], format="json")
    assert response.status_code == 400
    assert response.json()["data"]["errors"][0]["field"] == "entity_in_id"
    bad_preview = {"id": SHOT_ID, "name": "SH010", "preview_file_id": "nope"}
    response = admin_client.post("/import/kitsu/entities", [bad_preview], format="json")
    assert response.status_code == 400
    assert response.json()["data"]["errors"][0]["field"] == "preview_file_id"


def test_comment_relations_and_attachments(admin_client, django_capture_on_commit_callbacks):
    task = TaskFactory()
    author, mentioned = PersonFactory(), PersonFactory()
    department = DepartmentFactory()
    preview = PreviewFile.objects.create(task=task, name="abc", revision=1)
    attachment = AttachmentFile.objects.create(name="notes.pdf", extension="pdf")
    comment_id = str(uuid.uuid4())
    row = {
        "id": comment_id,
        "object_id": str(task.id),
        "object_type": "Task",
        "text": "Looks good",
        "task_status_id": str(task.task_status_id),
        "person_id": str(author.id),
        "previews": [str(preview.id)],
        "mentions": [str(mentioned.id)],
        "department_mentions": [str(department.id)],
        "acknowledgements": [],
        "attachment_files": [str(attachment.id)],
        "created_at": "2022-01-05T08:00:00",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/import/kitsu/comments", [row], format="json")
    assert response.status_code == 200
    assert response.json()[0]["created_at"] == "2022-01-05T08:00:00"
    comment = Comment.objects.get(pk=comment_id)
    assert list(comment.previews.all()) == [preview]
    assert list(comment.mentions.all()) == [mentioned]
    assert list(comment.department_mentions.all()) == [department]
    attachment.refresh_from_db()
    assert str(attachment.comment_id) == comment_id
    event = ApiEvent.objects.get()
    assert event.name == "comment:new"
    assert event.data == {
        "comment_id": comment_id,
        "task_id": str(task.id),
        "person_id": str(author.id),
        "for_client": False,
        "project_id": str(task.project_id),
    }


def test_entity_link_matches_on_the_pair(admin_client):
    project = ProjectFactory()
    seq = sequence(project)
    hero = asset(project, "Hero")
    link = EntityLink.objects.create(entity_in=seq, entity_out=hero, nb_occurences=1)
    row = {
        "id": str(uuid.uuid4()),
        "entity_in_id": str(seq.id),
        "entity_out_id": str(hero.id),
        "nb_occurences": 3,
        "label": "fixed",
    }
    response = admin_client.post("/import/kitsu/entity-links", [row], format="json")
    assert response.status_code == 200
    assert response.json()[0]["id"] == str(link.id)
    assert response.json()[0]["nb_occurences"] == 3
    assert EntityLink.objects.count() == 1


def test_preview_file_is_flagged_imported_only(admin_client):
    task = TaskFactory()
    row = {
        "id": str(uuid.uuid4()),
        "name": "x1y2z3",
        "revision": 2,
        "extension": "mp4",
        "task_id": str(task.id),
        "status": None,
        "data": {"original_width": 1920},
        "comments": [],
    }
    response = admin_client.post("/import/kitsu/preview-files", [row], format="json")
    body = response.json()[0]
    assert body["status"] == "ready"
    assert body["data"] == {"original_width": 1920, "imported_only": True}


def _simple_rows(task, playlist_id, comment_id):
    person = PersonFactory()
    project_id = str(task.project_id)
    return {
        "time-spents": {
            "duration": 60.0,
            "date": "2024-01-02",
            "task_id": str(task.id),
            "person_id": str(person.id),
        },
        "subscriptions": {"person_id": str(person.id), "task_id": str(task.id)},
        "notifications": {
            "notification_type": "comment",
            "person_id": str(person.id),
            "author_id": str(person.id),
            "task_id": str(task.id),
            "read": True,
        },
        "news": {
            "change": True,
            "author_id": str(person.id),
            "task_id": str(task.id),
            "comment_id": None,
            "preview_file_id": None,
            "created_at": "2024-01-02T03:04:05",
        },
        "playlists": {"id": playlist_id, "name": "Daily", "project_id": project_id, "shots": []},
        "metadata-descriptors": {
            "project_id": project_id,
            "entity_type": "Asset",
            "name": "Contractor",
            "field_name": "contractor",
            "data_type": "string",
            "departments": [],
        },
        "milestones": {"name": "Delivery", "date": "2024-06-01", "project_id": project_id},
        "schedule-items": {
            "project_id": project_id,
            "task_type_id": str(task.task_type_id),
            "start_date": "2024-01-08",
            "end_date": "2024-02-09",
            "man_days": 5,
        },
        "build-jobs": {"playlist_id": playlist_id, "status": "succeeded", "job_type": "movie"},
        "attachment-files": {"name": "ref.png", "extension": "png", "comment_id": comment_id},
    }


def test_every_other_kind_round_trips(admin_client, django_capture_on_commit_callbacks):
    task = TaskFactory()
    playlist_id, comment_id = str(uuid.uuid4()), str(uuid.uuid4())
    Comment.objects.create(
        id=comment_id, object_id=task.id, person=PersonFactory(), task_status=task.task_status
    )
    for kind, fields in _simple_rows(task, playlist_id, comment_id).items():
        stamps = {"created_at": "2024-01-01T00:00:00", "updated_at": "2024-01-02T00:00:00"}
        row = {"id": fields.pop("id", str(uuid.uuid4())), **stamps, **fields}
        with django_capture_on_commit_callbacks(execute=True):
            first = admin_client.post(f"/import/kitsu/{kind}", [row], format="json")
            again = admin_client.post(f"/import/kitsu/{kind}", [row], format="json")
        assert first.status_code == 200, (kind, first.json())
        assert first.json()[0]["id"] == row["id"], kind
        assert again.json() == first.json(), kind
    names = list(ApiEvent.objects.order_by("created_at").values_list("name", "data"))
    assert [name for name, _ in names] == [
        f"{stem}:{verb}"
        for stem in (
            "time-spent",
            "subscription",
            "notification",
            "news",
            "playlist",
            "metadata-descriptor",
            "milestone",
            "schedule-item",
            "build-job",
            "attachment-file",
        )
        for verb in ("new", "update")
    ]
    assert all(data["project_id"] == str(task.project_id) for _, data in names)


def test_news_takes_its_creation_date_as_update_date(admin_client):
    task = TaskFactory()
    person = PersonFactory()
    row = {
        "id": str(uuid.uuid4()),
        "change": False,
        "author_id": str(person.id),
        "task_id": str(task.id),
        "created_at": "2021-03-04T05:06:07",
        "updated_at": "2024-01-01T00:00:00",
    }
    body = admin_client.post("/import/kitsu/news", [row], format="json").json()[0]
    assert body["created_at"] == body["updated_at"] == "2021-03-04T05:06:07"

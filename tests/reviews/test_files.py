"""Working and output files: revisions, stored paths, lists, last revisions, uploads, access."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Role, Software
from reviews.models import FileStatus, OutputFile, WorkingFile
from tests.production.factories import add_to_team
from tests.reviews.files_helpers import make_production

pytestmark = pytest.mark.django_db

SHOT_WORKING_FOLDER = "/working_files/productions/files_project/shots/e01/sq01/sh010/animation"
SHOT_OUTPUT_FOLDER = (
    "/output_files/productions/FILES_PROJECT/shots/SQ01/SH010/ANIMATION/FILES_CACHE"
)


@pytest.fixture
def prod():
    return make_production()


@pytest.fixture
def team(prod, role_clients):
    for role, (person, _client) in role_clients.items():
        if role != Role.ADMIN:
            add_to_team(prod.project, person)
    return role_clients


def wire_dates(instance):
    return {
        "created_at": instance.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": instance.updated_at.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def new_working_file(client, prod, **body):
    url = f"/data/tasks/{prod.shot_task.pk}/working-files/new"
    return client.post(url, {"task_id": str(prod.shot_task.pk), **body}, format="json")


def new_output_file(client, prod, **body):
    full = {
        "output_type_id": str(prod.output_type.pk),
        "task_type_id": str(prod.animation.pk),
        **body,
    }
    return client.post(f"/data/entities/{prod.shot.pk}/output-files/new", full, format="json")


def working_file_body(working_file, **changes):
    return {
        "shotgun_id": None,
        "name": working_file.name,
        "description": None,
        "comment": working_file.comment,
        "revision": working_file.revision,
        "size": None,
        "checksum": None,
        "path": working_file.path,
        "data": None,
        "validation_status": "neutral",
        "task_id": str(working_file.task_id),
        "entity_id": str(working_file.entity_id),
        "person_id": str(working_file.person_id),
        "software_id": str(working_file.software_id),
        "id": str(working_file.pk),
        **wire_dates(working_file),
        "type": "WorkingFile",
        **changes,
    }


def test_new_working_files_take_the_next_revision(prod, admin_client, admin):
    response = new_working_file(
        admin_client, prod, name="main", comment="first", software_id=str(prod.software.pk)
    )
    assert response.status_code == 201
    first = WorkingFile.objects.get()
    assert response.json() == working_file_body(first)
    assert first.path == f"{SHOT_WORKING_FOLDER}/files_project_sq01_sh010_animation_files_blender"
    assert (first.revision, first.person_id, first.entity_id) == (1, admin.pk, prod.shot.pk)

    second = new_working_file(admin_client, prod, comment="second").json()
    # Without a software the reference names "Blender".
    blender = Software.objects.get(name="Blender")
    assert (blender.short_name, blender.file_extension) == ("blender", ".blend")
    assert (second["revision"], second["software_id"]) == (2, str(blender.pk))
    assert second["path"] == f"{SHOT_WORKING_FOLDER}/files_project_sq01_sh010_animation_blender"

    assert new_working_file(admin_client, prod, name="other", revision=5).json()["revision"] == 5
    duplicate = new_working_file(admin_client, prod, name="other", revision=5)
    assert duplicate.status_code == 400
    assert duplicate.json()["message"] == "The given working file already exists."


def test_task_working_files_and_last_revisions(prod, admin_client):
    for name in ("main", "main", "other"):
        new_working_file(admin_client, prod, name=name)
    task = prod.shot_task
    files = admin_client.get(f"/data/tasks/{task.pk}/working-files").json()
    assert [(f["name"], f["revision"]) for f in files] == [("main", 2), ("main", 1), ("other", 1)]
    assert "outputs" not in files[0]
    last = admin_client.get(f"/data/tasks/{task.pk}/working-files/last-revisions").json()
    main = WorkingFile.objects.get(name="main", revision=2)
    other = WorkingFile.objects.get(name="other")
    assert last == {"main": working_file_body(main), "other": working_file_body(other)}
    url = f"/data/entities/{prod.shot.pk}/working-files"
    assert [f["revision"] for f in admin_client.get(f"{url}?name=main").json()] == [2, 1]
    assert admin_client.get(f"{url}?task_id={task.pk}").json() == files
    assert admin_client.get(f"{url}?task_id=nope").status_code == 400


def test_comment_and_modified(prod, admin_client):
    working_file_id = new_working_file(admin_client, prod).json()["id"]
    url = f"/actions/working-files/{working_file_id}"
    response = admin_client.put(f"{url}/comment", {"comment": "new comment"}, format="json")
    assert response.json() == working_file_body(WorkingFile.objects.get(), comment="new comment")
    missing = admin_client.put(f"{url}/comment", {}, format="json")
    assert missing.json()["data"] == {"errors": [{"field": "comment", "message": "Field required"}]}
    before = WorkingFile.objects.get().updated_at
    response = admin_client.put(f"{url}/modified", {}, format="json")
    assert WorkingFile.objects.get().updated_at > before
    assert response.json() == working_file_body(WorkingFile.objects.get())


@pytest.mark.usefixtures("s3_storage")
def test_upload_is_stored_on_s3_and_served(prod, team):
    admin_client = team[Role.ADMIN][1]
    working_file_id = new_working_file(admin_client, prod).json()["id"]
    url = f"/data/working-files/{working_file_id}/file"
    upload = SimpleUploadedFile("scene.blend", b"blend bytes\n")
    response = admin_client.post(url, {"file": upload}, format="multipart")
    assert response.status_code == 201
    working_file = WorkingFile.objects.get()
    assert response.json() == working_file_body(working_file, outputs=[])
    with default_storage.open(f"working-files/{working_file_id}") as stored:
        assert stored.read() == b"blend bytes\n"
    served = team[Role.USER][1].get(url)
    assert b"".join(served.streaming_content) == b"blend bytes\n"
    assert admin_client.post(url, {}, format="multipart").json()["message"] == "File not provided."
    # An artist not assigned to the task may not replace its file.
    again = SimpleUploadedFile("scene.blend", b"other")
    assert team[Role.USER][1].post(url, {"file": again}, format="multipart").status_code == 403


def output_file_body(output_file, **changes):
    return {
        "shotgun_id": None,
        "name": "main",
        "canceled": False,
        "size": None,
        "checksum": None,
        "description": None,
        "comment": output_file.comment,
        "extension": output_file.extension,
        "revision": output_file.revision,
        "representation": output_file.representation,
        "nb_elements": output_file.nb_elements,
        "source": None,
        "path": output_file.path,
        "data": None,
        "quality": None,
        "file_status_id": str(output_file.file_status_id),
        "entity_id": str(output_file.entity_id),
        "asset_instance_id": None,
        "output_type_id": str(output_file.output_type_id),
        "task_type_id": str(output_file.task_type_id),
        "person_id": str(output_file.person_id),
        "source_file_id": None,
        "source_file": None,
        "temporal_entity_id": None,
        "id": str(output_file.pk),
        **wire_dates(output_file),
        "type": "OutputFile",
        **changes,
    }


def test_new_output_files(prod, admin_client):
    working_file = WorkingFile.objects.get(pk=new_working_file(admin_client, prod).json()["id"])
    response = new_output_file(
        admin_client,
        prod,
        comment="c1",
        representation="abc",
        working_file_id=str(working_file.pk),
        sep="/",
    )
    assert response.status_code == 201
    first = OutputFile.objects.get()
    file_name = "files_project_sq01_sh010_files_cache_main"
    assert first.path == f"{SHOT_OUTPUT_FOLDER}/{file_name}"
    assert response.json() == output_file_body(
        first,
        source_file_id=str(working_file.pk),
        source_file=working_file_body(working_file),
        folder_path=SHOT_OUTPUT_FOLDER,
        file_name=file_name,
    )
    status = FileStatus.objects.get()
    assert (status.name, status.color, first.revision) == ("To review", "#FFFFFF", 1)

    assert new_output_file(admin_client, prod, representation="abc").json()["revision"] == 2
    sequence = new_output_file(
        admin_client, prod, representation="jpg", nb_elements=10, extension="jpg"
    ).json()
    assert (sequence["revision"], sequence["file_name"], sequence["path"]) == (
        3,
        f"{file_name}_[1-10]",
        f"{SHOT_OUTPUT_FOLDER}/{file_name}_[1-10]jpg",
    )
    assert new_output_file(admin_client, prod, representation="jpg", revision=1).status_code == 201
    duplicate = new_output_file(admin_client, prod, representation="jpg", revision=1)
    assert duplicate.json()["message"] == "The given output file already exists."

    url = f"/data/entities/{prod.shot.pk}/output-files/next-revision"
    body = {"output_type_id": str(prod.output_type.pk), "task_type_id": str(prod.animation.pk)}
    assert admin_client.post(url, body, format="json").json() == {"next_revision": 4}
    other = admin_client.post(url, {**body, "name": "other"}, format="json").json()
    assert other == {"next_revision": 1}

    # The working file lists the outputs made from it.
    detail = admin_client.get(f"/data/working-files/{working_file.pk}").json()
    assert detail["outputs"] == [str(first.pk)]


def test_output_file_lists(prod, admin_client):
    for representation in ("", "abc", "abc", "jpg"):
        new_output_file(admin_client, prod, representation=representation)
    entity = f"/data/entities/{prod.shot.pk}"
    rows = admin_client.get(f"{entity}/output-files").json()
    assert [(r["revision"], r["representation"]) for r in rows] == [
        (4, "jpg"),
        (3, "abc"),
        (2, "abc"),
        (1, ""),
    ]
    last = admin_client.get(f"{entity}/output-files/last-revisions").json()
    assert [(r["revision"], r["representation"]) for r in last] == [(1, ""), (3, "abc"), (4, "jpg")]
    abc = admin_client.get(f"{entity}/output-files/last-revisions?representation=abc").json()
    assert abc == [output_file_body(OutputFile.objects.get(revision=3))]
    types = admin_client.get(f"{entity}/output-types").json()
    assert types == [
        {
            "name": "files Cache",
            "short_name": "fcache",
            "id": str(prod.output_type.pk),
            **wire_dates(prod.output_type),
            "type": "OutputType",
        }
    ]
    by_type = admin_client.get(f"{entity}/output-types/{prod.output_type.pk}/output-files").json()
    assert by_type == rows
    project_rows = admin_client.get(f"/data/projects/{prod.project.pk}/output-files").json()
    assert sorted(r["id"] for r in project_rows) == sorted(r["id"] for r in rows)
    first = OutputFile.objects.get(revision=1)
    assert admin_client.get(f"/data/files/{first.pk}").json() == output_file_body(first)
    assert admin_client.get(f"/data/files/{prod.shot.pk}").status_code == 404


def test_asset_instance_output_files(prod, admin_client):
    instance = prod.instance()
    base = f"/data/asset-instances/{instance.pk}/entities/{prod.shot.pk}"
    body = {
        "output_type_id": str(prod.output_type.pk),
        "task_type_id": str(prod.animation.pk),
        "comment": "ci",
        "representation": "abc",
    }
    created = admin_client.post(f"{base}/output-files/new", body, format="json").json()
    folder = "/output_files/productions/FILES_PROJECT/HERO_BOB/HERO_BOB_0001/SH010/FILES_CACHE/ABC"
    assert (created["folder_path"], created["file_name"]) == (
        folder,
        "hero_bob_hero_bob_0001_sh010_main_v001",
    )
    output_file = OutputFile.objects.get()
    expected = output_file_body(
        output_file,
        entity_id=str(prod.asset.pk),
        asset_instance_id=str(instance.pk),
        temporal_entity_id=str(prod.shot.pk),
    )
    assert admin_client.get(f"{base}/output-files/last-revisions").json() == [expected]
    url = f"{base}/output-types/{prod.output_type.pk}/output-files"
    assert admin_client.get(url).json() == [expected]
    assert [t["name"] for t in admin_client.get(f"{base}/output-types").json()] == ["files Cache"]
    listed = admin_client.get(f"/data/asset-instances/{instance.pk}/output-files").json()
    assert listed == [expected]
    next_revision = admin_client.post(f"{base}/output-files/next-revision", body, format="json")
    assert next_revision.json() == {"next_revision": 2}


def test_guess_from_path(prod, admin_client):
    url = "/data/entities/guess-from-path"
    path = f"{SHOT_WORKING_FOLDER}/files_project_sq01_sh010_animation_files_blender.blend"
    body = {"project_id": str(prod.project.pk), "file_path": path}
    assert admin_client.post(url, body, format="json").json() == [
        {
            "Template": "shot",
            "Project": str(prod.project.pk),
            "Episode": str(prod.episode.pk),
            "Sequence": str(prod.sequence.pk),
            "Shot": str(prod.shot.pk),
            "TaskType": str(prod.animation.pk),
        }
    ]
    asset_path = "/working_files/productions/files_project/assets/character/hero_bob/modeling/x.ma"
    response = admin_client.post(
        "/data/entities/guess_from_path", {**body, "file_path": asset_path}, format="json"
    )
    assert response.json() == [
        {
            "Template": "asset",
            "Project": str(prod.project.pk),
            "AssetType": str(prod.asset.entity_type_id),
            "Asset": str(prod.asset.pk),
            "TaskType": str(prod.modeling.pk),
        }
    ]
    assert (
        admin_client.post(url, {**body, "file_path": "/nothing/here"}, format="json").json() == []
    )
    windows = "C:\\working_files\\productions\\files_project\\shots\\e01\\sq01\\sh010\\x"
    response = admin_client.post(url, {**body, "file_path": windows, "sep": "\\"}, format="json")
    assert response.json() == []
    missing = admin_client.post(url, {}, format="json").json()
    assert missing["data"] == {
        "errors": [
            {"field": "project_id", "message": "Field required"},
            {"field": "file_path", "message": "Field required"},
        ]
    }

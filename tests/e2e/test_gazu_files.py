"""A pipeline script saving working files, publishing outputs, previews and attachments through
gazu.files, against a live server under /api, with a Celery worker running as a separate process
(the previews uploaded beside the files are processed there). The paths are the ones the
reference built for the same tree."""

import gazu
import pytest
from gazu.exception import NotAllowedException, ParameterException, RouteNotFoundException
from PIL import Image

from people.models import Role
from tests.e2e.conftest import ADMIN_EMAIL, log_in_as
from tests.e2e.worker import worker_process  # noqa: F401  (the `worker` fixture)
from tests.factories import PersonFactory
from tests.reviews.files_helpers import TREE
from tests.reviews.preview_media_helpers import picture_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORKING_FOLDER = "/working_files/productions/files_project/shots/e01/sq01/sh010/animation"
OUTPUT_FOLDER = "/output_files/productions/FILES_PROJECT/shots/SQ01/SH010/ANIMATION/FILES_CACHE"


ARTIST_EMAIL = "artist@studio.example"
OUTSIDER_EMAIL = "outsider@studio.example"


@pytest.fixture
def production(worker, admin_session, tmp_path):
    project = gazu.project.new_project("files Project", "tvshow")
    gazu.files.update_project_file_tree(project, TREE)
    episode = gazu.shot.new_episode(project, "E01")
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode)
    shot = gazu.shot.new_shot(project, sequence, "SH010")
    hero = gazu.asset.new_asset(project, gazu.asset.get_asset_type_by_name("Character"), "Hero Bob")
    animation = gazu.task.get_task_type_by_name("Animation", for_entity="Shot")
    task = gazu.task.new_task(shot, animation)
    software = gazu.files.new_software("files Blender", "fbl", "blend")
    output_type = gazu.files.new_output_type("files Cache", "fcache")
    yield {
        "project": project,
        "shot": shot,
        "asset": hero,
        "animation": animation,
        "task": task,
        "software": software,
        "output_type": output_type,
    }


def test_working_files(production, tmp_path):
    task, software = production["task"], production["software"]
    assert gazu.files.build_working_file_path(task, software=software) == (
        f"{WORKING_FOLDER}/files_project_sq01_sh010_animation_files_blender"
    )
    first = gazu.files.new_working_file(task, software=software, comment="first")
    second = gazu.files.new_working_file(task, software=software, comment="second")
    assert (first["revision"], second["revision"]) == (1, 2)
    assert first["path"] == f"{WORKING_FOLDER}/files_project_sq01_sh010_animation_files_blender"
    assert [f["id"] for f in gazu.files.get_working_files_for_task(task)] == [
        second["id"],
        first["id"],
    ]
    assert gazu.files.get_last_working_files(task)["main"]["id"] == second["id"]
    assert gazu.files.get_last_working_file_revision(task)["revision"] == 2
    entity_files = gazu.files.get_all_working_files_for_entity(production["shot"], task=task)
    assert len(entity_files) == 2
    assert gazu.files.update_comment(second, "changed")["comment"] == "changed"
    assert gazu.files.update_modification_date(second)["id"] == second["id"]
    assert gazu.files.get_working_file(first["id"])["outputs"] == []

    scene = tmp_path / "scene.blend"
    scene.write_bytes(b"blend bytes")
    assert gazu.files.upload_working_file(second, str(scene))["id"] == second["id"]
    target = tmp_path / "back.blend"
    gazu.files.download_working_file(second, str(target))
    assert target.read_bytes() == b"blend bytes"


def test_output_files(production):
    shot, animation = production["shot"], production["animation"]
    output_type = gazu.files.get_output_type_by_name("files Cache")
    assert output_type["id"] == production["output_type"]["id"]
    assert gazu.files.get_output_type(output_type["id"])["short_name"] == "fcache"
    assert gazu.files.build_entity_output_file_path(shot, output_type, animation) == (
        f"{OUTPUT_FOLDER}/files_project_sq01_sh010_files_cache_main"
    )
    working_file = gazu.files.new_working_file(production["task"])
    first = gazu.files.new_entity_output_file(
        shot, output_type, animation, "c1", working_file=working_file, representation="abc"
    )
    assert first["path"] == f"{OUTPUT_FOLDER}/files_project_sq01_sh010_files_cache_main"
    assert first["source_file"]["id"] == working_file["id"]
    frames = gazu.files.new_entity_output_file(
        shot, output_type, animation, "frames", representation="jpg", nb_elements=10
    )
    assert (frames["revision"], frames["file_name"]) == (
        2,
        "files_project_sq01_sh010_files_cache_main_[1-10]",
    )
    assert gazu.files.get_next_entity_output_revision(shot, output_type, animation) == 3
    assert gazu.files.get_last_entity_output_revision(shot, output_type, animation) == 2
    last = gazu.files.get_last_output_files_for_entity(shot)
    assert [(f["representation"], f["revision"]) for f in last] == [("abc", 1), ("jpg", 2)]
    abc = gazu.files.all_output_files_for_entity(shot, representation="abc")
    assert [f["id"] for f in abc] == [first["id"]]
    assert [t["name"] for t in gazu.files.all_output_types_for_entity(shot)] == ["files Cache"]
    project_files = gazu.files.all_output_files_for_project(production["project"])
    assert {f["id"] for f in project_files} == {first["id"], frames["id"]}
    assert gazu.files.get_output_file(first["id"])["comment"] == "c1"
    assert gazu.files.get_output_file_by_path(first["path"])["id"] == first["id"]
    updated = gazu.files.update_output_file(first, {"comment": "checked"})
    assert updated["comment"] == "checked"
    status = gazu.files.new_file_status("files Approved", "#00FF00")
    assert gazu.files.get_file_status_by_name("files Approved")["id"] == status["id"]
    assert gazu.files.get_file_status(status["id"])["color"] == "#00FF00"


def test_asset_instance_outputs(production):
    shot, animation = production["shot"], production["animation"]
    output_type = production["output_type"]
    instance = gazu.client.post(
        "data/asset-instances",
        {"asset_id": production["asset"]["id"], "name": "hero_bob_0001", "number": 1},
    )
    created = gazu.files.new_asset_instance_output_file(
        instance, shot, output_type, animation, "ci", name="main", representation="abc"
    )
    assert created["path"] == (
        "/output_files/productions/FILES_PROJECT/HERO_BOB/HERO_BOB_0001/SH010/FILES_CACHE/ABC/"
        "hero_bob_hero_bob_0001_sh010_main_v001"
    )
    assert (
        gazu.files.get_next_asset_instance_output_revision(
            instance, shot, output_type, animation, name="main"
        )
        == 2
    )
    last = gazu.files.get_last_output_files_for_asset_instance(instance, shot)
    assert [f["id"] for f in last] == [created["id"]]
    listed = gazu.files.all_output_files_for_asset_instance(instance, temporal_entity=shot)
    assert [f["id"] for f in listed] == [created["id"]]
    types = gazu.files.all_output_types_for_asset_instance(instance, shot)
    assert [t["id"] for t in types] == [output_type["id"]]
    assert gazu.files.build_asset_instance_output_file_path(
        instance, shot, output_type, animation, name="main", representation="abc", revision=2
    ) == (
        "/output_files/productions/FILES_PROJECT/HERO_BOB/HERO_BOB_0001/SH010/FILES_CACHE/ABC/"
        "hero_bob_hero_bob_0001_sh010_main_v002"
    )


def test_without_a_file_tree_paths_are_refused(production):
    gazu.files.update_project_file_tree(production["project"], None)
    with pytest.raises(ParameterException):
        gazu.files.build_working_file_path(production["task"])


def still(tmp_path, name="still.png", size=(640, 360)) -> str:
    path = tmp_path / name
    path.write_bytes(picture_bytes(size))
    return str(path)


def processed_preview(task: dict, tmp_path, text: str) -> tuple[dict, dict]:
    """A comment on the task and its picture preview, once the worker has processed it."""
    wfa = gazu.task.get_task_status_by_short_name("wfa")
    comment = gazu.task.add_comment(task, wfa, text)
    preview = gazu.task.add_preview(task, comment, preview_file_path=still(tmp_path))
    assert preview["status"] == "processing"  # queued for the worker
    return comment, gazu.files.wait_for_preview_file(preview, timeout=60, poll_interval=0.3)


def test_preview_and_attachment_files(production, worker, tmp_path):
    task, project = production["task"], production["project"]
    comment, preview = processed_preview(task, tmp_path, "first pass")
    assert (preview["status"], preview["width"], preview["height"]) == ("ready", 640, 360)
    assert b"process_preview_file" in worker.read_bytes()
    assert gazu.files.get_preview_file(preview["id"])["task_id"] == task["id"]
    assert [p["id"] for p in gazu.files.get_all_preview_files_for_task(task)] == [preview["id"]]
    assert gazu.files.get_preview_file_url(preview) == (
        f"pictures/originals/preview-files/{preview['id']}.png"
    )
    assert (
        gazu.files.update_preview(preview, {"validation_status": "validated"})["validation_status"]
        == "validated"
    )
    revision = gazu.files.update_preview_position(preview, 1)  # the revision's previews
    assert [(p["id"], p["position"]) for p in revision] == [(preview["id"], 1)]
    annotations = [{"time": 0, "drawing": {"objects": [{"id": "stroke-1", "type": "path"}]}}]
    updated = gazu.files.update_preview_annotations(preview, additions=annotations)
    assert updated["annotations"] == annotations

    notes = tmp_path / "notes.txt"
    notes.write_text("fix the hands")
    attachments = gazu.task.add_attachment_files_to_comment(task, comment, str(notes))
    attachment = attachments[0]
    assert attachment["name"] == "notes.txt"
    stored = gazu.files.get_attachment_file(attachment["id"])
    assert (stored["comment_id"], stored["size"]) == (comment["id"], len("fix the hands"))
    gazu.files.download_attachment_file(attachment, str(tmp_path / "back.txt"))
    assert (tmp_path / "back.txt").read_text() == "fix the hands"
    sketch = tmp_path / "sketch.png"
    sketch.write_bytes(picture_bytes((300, 200)))
    picture = gazu.task.add_attachment_files_to_comment(task, comment, str(sketch))[0]
    assert gazu.files.get_attachment_thumbnail_url(picture) == (
        f"pictures/thumbnails/attachment-files/{picture['id']}.png"
    )
    gazu.files.download_attachment_thumbnail(picture, str(tmp_path / "sketch-thumb.png"))
    assert Image.open(tmp_path / "sketch-thumb.png").format == "PNG"
    listed = {a["id"] for a in gazu.files.get_all_attachment_files_for_task(task)}
    assert listed == {attachment["id"], picture["id"]}
    listed = {a["id"] for a in gazu.files.get_all_attachment_files_for_project(project)}
    assert listed == {attachment["id"], picture["id"]}

    gazu.files.remove_preview_file(preview, force=True)
    with pytest.raises(RouteNotFoundException):
        gazu.files.get_preview_file(preview["id"])
    assert gazu.files.get_all_preview_files_for_task(task) == []


def test_softwares_output_types_and_avatars(production, tmp_path):
    software = production["software"]
    assert "files Blender" in [s["name"] for s in gazu.files.all_softwares()]
    assert gazu.files.get_software(software["id"])["short_name"] == "fbl"
    assert gazu.files.get_software_by_name("files Blender")["id"] == software["id"]
    software["file_extension"] = "blend1"
    assert gazu.files.update_software(software)["file_extension"] == "blend1"
    assert "files Cache" in [t["name"] for t in gazu.files.all_output_types()]
    shot, animation = production["shot"], production["animation"]
    instance = gazu.client.post(
        "data/asset-instances",
        {"asset_id": production["asset"]["id"], "name": "hero_bob_0001", "number": 1},
    )
    output_type = production["output_type"]
    gazu.files.new_asset_instance_output_file(
        instance, shot, output_type, animation, "ci", name="main", representation="abc"
    )
    assert (
        gazu.files.get_last_asset_instance_output_revision(
            instance, shot, output_type, animation, name="main"
        )
        == 1
    )

    avatar = still(tmp_path, "avatar.png", (200, 200))
    person, project = gazu.person.get_person_by_email(ADMIN_EMAIL), production["project"]
    for upload, download, model in (
        (gazu.files.upload_person_avatar, gazu.files.download_person_avatar, person),
        (gazu.files.upload_project_avatar, gazu.files.download_project_avatar, project),
        (
            gazu.files.upload_organisation_avatar,
            gazu.files.download_organisation_avatar,
            gazu.client.get("data/organisations")[0],
        ),
    ):
        assert upload(model, avatar)["thumbnail_path"].endswith(f"/{model['id']}.png")
        target = tmp_path / f"{model['id']}.png"
        download(model, str(target))
        assert Image.open(target).format == "PNG"


def test_an_assigned_artist_works_on_his_task(production, tmp_path):
    task, software = production["task"], production["software"]
    artist = PersonFactory(role=Role.USER, email=ARTIST_EMAIL)
    gazu.project.add_person_to_team(production["project"], str(artist.pk))
    gazu.task.assign_task(task, str(artist.pk))
    log_in_as(ARTIST_EMAIL)
    working_file = gazu.files.new_working_file(task, software=software, comment="mine")
    assert working_file["person_id"] == str(artist.pk)
    scene = tmp_path / "scene.blend"
    scene.write_bytes(b"artist blend")
    gazu.files.upload_working_file(working_file, str(scene))
    gazu.files.download_working_file(working_file, str(tmp_path / "back.blend"))
    assert (tmp_path / "back.blend").read_bytes() == b"artist blend"
    assert [f["id"] for f in gazu.files.get_working_files_for_task(task)] == [working_file["id"]]
    comment, preview = processed_preview(task, tmp_path, "artist pass")
    assert (preview["status"], preview["width"]) == ("ready", 640)
    assert gazu.files.get_preview_file(preview["id"])["id"] == preview["id"]
    gazu.files.download_preview_file(preview, str(tmp_path / "mine.png"))
    assert Image.open(tmp_path / "mine.png").size == (640, 360)
    notes = tmp_path / "notes.txt"
    notes.write_text("see sketch")
    attachment = gazu.task.add_attachment_files_to_comment(task, comment, str(notes))[0]
    gazu.files.download_attachment_file(attachment, str(tmp_path / "notes-back.txt"))
    assert (tmp_path / "notes-back.txt").read_text() == "see sketch"
    refused = (
        lambda: gazu.files.new_software("artist soft", "asoft", "as"),
        lambda: gazu.files.new_output_type("artist type", "atype"),
        lambda: gazu.files.update_project_file_tree(production["project"], TREE),
        lambda: gazu.files.upload_project_avatar(production["project"], still(tmp_path)),
        lambda: gazu.files.upload_organisation_avatar(
            gazu.client.get("data/organisations")[0], still(tmp_path)
        ),
    )
    for call in refused:
        with pytest.raises(NotAllowedException):
            call()
    # The reference keeps this list for admins; here the team gets the attachments it may read.
    listed = gazu.files.get_all_attachment_files_for_project(production["project"])
    assert [a["id"] for a in listed] == [attachment["id"]]
    log_in_as(ADMIN_EMAIL)


def test_an_artist_outside_the_team_is_refused(production, tmp_path):
    task = production["task"]
    _comment, preview = processed_preview(task, tmp_path, "team only")
    working_file = gazu.files.new_working_file(task)
    PersonFactory(role=Role.USER, email=OUTSIDER_EMAIL)
    log_in_as(OUTSIDER_EMAIL)
    refused = (
        lambda: gazu.files.all_output_files_for_project(production["project"]),
        lambda: gazu.files.new_working_file(task),
        lambda: gazu.files.get_working_files_for_task(task),
        lambda: gazu.files.get_working_file(working_file["id"]),
        lambda: gazu.files.download_working_file(working_file, str(tmp_path / "no.blend")),
        lambda: gazu.files.get_preview_file(preview["id"]),
        lambda: gazu.files.download_preview_file_thumbnail(preview, str(tmp_path / "no.png")),
        lambda: gazu.task.add_preview(
            task, _comment, preview_file_path=still(tmp_path, "other.png")
        ),
        lambda: gazu.files.get_all_attachment_files_for_task(task),
    )
    for call in refused:
        with pytest.raises(NotAllowedException):
            call()

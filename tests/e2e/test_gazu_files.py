"""A pipeline script saving working files and publishing outputs through gazu.files, against a
live server under /api. The paths are the ones the reference built for the same tree."""

import gazu
import pytest
from gazu.exception import ParameterException

from people.models import Role
from production.services.defaults import defaults_seed
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.reviews.files_helpers import TREE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORKING_FOLDER = "/working_files/productions/files_project/shots/e01/sq01/sh010/animation"
OUTPUT_FOLDER = "/output_files/productions/FILES_PROJECT/shots/SQ01/SH010/ANIMATION/FILES_CACHE"


@pytest.fixture
def production(live_server, tmp_path):
    defaults_seed()
    PersonFactory(role=Role.ADMIN, email="td@studio.example")
    gazu.set_host(f"{live_server.url}/api")
    gazu.log_in("td@studio.example", DEFAULT_PASSWORD)
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
    gazu.client.set_tokens({})


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

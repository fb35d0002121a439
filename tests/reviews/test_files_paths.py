"""Paths from the project's file tree: every expected string is what the reference answered for
the same production, tree and request."""

from __future__ import annotations

import pytest

from kitsu_site.api.errors import NOT_FOUND_MESSAGE
from people.models import Software
from reviews.models import OutputType
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    asset,
    sequence,
    shot,
)
from tests.reviews.files_helpers import make_production, tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def prod():
    return make_production()


def working_path(client, task, body):
    return client.post(f"/data/tasks/{task.pk}/working-file-path", body, format="json")


def output_path(client, prod, entity, body, task_type=None):
    full = {
        "task_type_id": str((task_type or prod.animation).pk),
        "output_type_id": str(prod.output_type.pk),
        **body,
    }
    return client.post(f"/data/entities/{entity.pk}/output-file-path", full, format="json")


def set_tree(prod, **changes):
    prod.project.file_tree = tree(**changes)
    prod.project.save()


def test_working_paths_for_a_shot_and_an_asset(prod, admin_client):
    body = {"mode": "working", "name": "main", "revision": 1, "software_id": str(prod.software.pk)}
    assert working_path(admin_client, prod.shot_task, body).json() == {
        "path": "/working_files/productions/files_project/shots/e01/sq01/sh010/animation",
        "name": "files_project_sq01_sh010_animation_files_blender",
    }
    assert working_path(admin_client, prod.asset_task, {}).json() == {
        "path": "/working_files/productions/files_project/assets/character/hero_bob/modeling",
        "name": "files_project_character_hero_bob_modeling",
    }


def test_working_path_defaults_to_the_3ds_max_software(prod, admin_client):
    response = working_path(admin_client, prod.shot_task, {})
    assert response.json()["name"] == "files_project_sq01_sh010_animation_3ds_max"
    software = Software.objects.get(name="3ds Max")
    assert (software.short_name, software.file_extension) == ("max", ".max")


def test_output_paths_for_shot_asset_and_sequence(prod, admin_client):
    body = {"mode": "output", "name": "main", "representation": "abc", "separator": "/"}
    assert output_path(admin_client, prod, prod.shot, body).json() == {
        "folder_path": (
            "/output_files/productions/FILES_PROJECT/shots/SQ01/SH010/ANIMATION/FILES_CACHE"
        ),
        "file_name": "files_project_sq01_sh010_files_cache_main",
    }
    assert output_path(admin_client, prod, prod.asset, {"name": "main"}).json() == {
        "folder_path": (
            "/output_files/productions/FILES_PROJECT/assets/CHARACTER/HERO_BOB/ANIMATION/FILES_CACHE"
        ),
        "file_name": "files_project_character_hero_bob_files_cache",
    }
    assert output_path(admin_client, prod, prod.sequence, {}).json() == {
        "folder_path": (
            "/output_files/productions/FILES_PROJECT/sequences/SQ01/ANIMATION/FILES_CACHE"
        ),
        "file_name": "files_project_sq01_files_cache",
    }


def test_edits_use_the_asset_template(prod, admin_client):
    edit, edit_task = prod.edit()
    # The asset template names the asset type, which an edit has not.
    assert output_path(admin_client, prod, edit, {}).status_code == 404
    set_tree(
        prod,
        working__folder_path__asset="<Project>/<Asset>/<TaskType>",
        working__file_name__asset="<Asset>_<TaskType>",
    )
    assert working_path(admin_client, edit_task, {}).json() == {
        "path": "/working_files/productions/files_project/trailer/edit",
        "name": "trailer_edit",
    }


def test_other_separator_and_literal_text(prod, admin_client):
    set_tree(
        prod,
        working__mountpoint="/mnt/work",
        working__root="prod",
        working__folder_path__shot="a//b/<Shot>/",
        working__file_name__shot="x<Shot>y",
    )
    response = working_path(admin_client, prod.shot_task, {"sep": "\\"})
    assert response.json() == {"path": "/mnt/work\\prod\\a\\\\b\\sh010\\", "name": "xsh010y"}


def test_output_path_with_an_empty_root_and_a_backslash_separator(prod, admin_client):
    set_tree(
        prod,
        output__mountpoint="",
        output__root="",
        output__folder_path__shot=(
            "<Project>/<Sequence>/<Shot>/<TaskType>/<OutputType>/<Representation>/<Revision>/"
            "<Name>/<Instance>"
        ),
        output__folder_path__style="",
        output__file_name__shot="<Shot>_<OutputType>_v<Revision>_<Representation>",
    )
    body = {"name": "main", "representation": "ABC", "revision": 12, "separator": "\\"}
    assert output_path(admin_client, prod, prod.shot, body).json() == {
        "folder_path": "\\files_project\\sq01\\sh010\\animation\\files_cache\\abc\\012\\main\\",
        "file_name": "sh010_files_cache_v012",
    }


def test_modes_pick_their_section(prod, admin_client):
    set_tree(
        prod,
        working__mountpoint="/mnt/work",
        working__root="prod",
        working__folder_path__asset="<Project>/<AssetType>/<Asset>/<TaskType>/<Episode>",
        working__folder_path__style="uppercase",
        working__file_name__asset="<Asset>",
        output__mountpoint="",
        output__root="",
        output__folder_path__asset="<AssetType>/<Asset>/<OutputType>/<Revision>",
        output__folder_path__style="",
        output__file_name__asset="<Asset>_<Revision>",
    )
    response = output_path(admin_client, prod, prod.asset, {"revision": 5, "mode": "working"})
    assert response.json() == {
        "folder_path": "/mnt/work/prod/FILES_PROJECT/CHARACTER/HERO_BOB/ANIMATION/E001",
        "file_name": "hero_bob",
    }
    # Without an output type, working paths name the "Geometry" one.
    assert working_path(admin_client, prod.asset_task, {"mode": "output"}).json() == {
        "path": "/character/hero_bob/geometry/001",
        "name": "hero_bob_001",
    }
    assert OutputType.objects.get(name="Geometry").short_name == ""


@pytest.mark.parametrize(
    ("template", "body", "expected"),
    [
        (
            "<Software>_<Name>_<Revision>",
            {"name": "My Main", "revision": 7},
            "files_blender_my_main_007",
        ),
        ("<Name>", {"name": "Foo Bar.1-x"}, "foo_bar_1_x"),
        ("<Name>", {"name": "Élise's Café"}, "elise_s_cafe"),
        ("<Episode>_<Sequence>", {}, "e01_sq01"),
        ("<Task>", {}, "main"),
        ("<Task.name>", {}, "main"),
        ("<Shot.data.foo>", {}, "sh010"),
        ("<Project.code>", {}, "files_project"),
        ("<TaskType.short_name>", {}, ""),
        ("<Software.short_name>", {}, "fbl"),
        ("<Asset>_<Scene>_<TemporalEntity>", {}, "sh010_sh010_sh010"),
        ("<Representation>_<Instance>", {}, ""),
        ("<Revision>", {"revision": "12"}, "012"),
        ("_<Name>_<Representation>", {}, "main"),
        ("<Name>__x__", {}, "main_x"),
    ],
)
def test_file_name_tokens(prod, admin_client, template, body, expected):
    set_tree(prod, working__file_name__shot=template)
    body = {"software_id": str(prod.software.pk), **body}
    assert working_path(admin_client, prod.shot_task, body).json()["name"] == expected


def test_uppercase_style_applies_to_values_only(prod, admin_client):
    set_tree(
        prod,
        working__folder_path__shot="_<Shot>_/",
        working__file_name__shot="<Name>__x__",
        working__file_name__style="uppercase",
    )
    assert working_path(admin_client, prod.shot_task, {"name": "My Main"}).json() == {
        "path": "/working_files/productions/_sh010_/",
        "name": "MY_MAIN_X",
    }


def test_episode_defaults_outside_an_episode(prod, admin_client):
    short = ProjectFactory(
        name="files Short", file_tree=tree(working__file_name__shot="<Episode>_<Sequence>_<Shot>")
    )
    sh020 = shot(short, sequence(short, "SQ02"), "SH020")
    task = TaskFactory(entity=sh020, task_type=prod.animation)
    assert working_path(admin_client, task, {}).json()["name"] == "e001_sq02_sh020"
    lamp = asset(prod.project, "Ep Lamp", "Prop", source=prod.episode)
    set_tree(prod, working__file_name__asset="<Episode>_<Asset>")
    lamp_task = TaskFactory(entity=lamp, task_type=prod.modeling)
    assert working_path(admin_client, lamp_task, {}).json()["name"] == "e001_ep_lamp"


def test_episode_template(prod, admin_client):
    set_tree(
        prod,
        working__mountpoint="/mnt/work",
        working__root="prod",
        working__folder_path__episode="<Project>/<Episode>",
        working__folder_path__style="uppercase",
        working__file_name__episode="<Episode>",
    )
    response = output_path(admin_client, prod, prod.episode, {"mode": "working"})
    assert response.json() == {
        "folder_path": "/mnt/work/prod/FILES_PROJECT/E01",
        "file_name": "e01",
    }


def test_asset_instance_output_path(prod, admin_client):
    instance = prod.instance()
    url = f"/data/asset-instances/{instance.pk}/entities/{prod.shot.pk}/output-file-path"
    body = {
        "task_type_id": str(prod.animation.pk),
        "output_type_id": str(prod.output_type.pk),
        "representation": "abc",
        "name": "main",
    }
    assert admin_client.post(url, {**body, "revision": 2}, format="json").json() == {
        "folder_path": (
            "/output_files/productions/FILES_PROJECT/HERO_BOB/HERO_BOB_0001/SH010/FILES_CACHE/ABC"
        ),
        "file_name": "hero_bob_hero_bob_0001_sh010_main_v002",
    }
    # Without a revision an instance path keeps revision 0.
    response = admin_client.post(url, body, format="json").json()
    assert response["file_name"] == "hero_bob_hero_bob_0001_sh010_main_v000"


@pytest.mark.parametrize(
    ("template", "status", "message"),
    [
        ("<Unknown>", 400, "Unknown data type: Unknown."),
        ("<Edit>", 400, "Unknown data type: Edit."),
        ("<Shot.short_name>", 400, "Shot has no short name."),
        ("<AssetType>", 404, NOT_FOUND_MESSAGE),
    ],
)
def test_bad_tokens(prod, admin_client, template, status, message):
    set_tree(prod, working__file_name__shot=template)
    response = working_path(admin_client, prod.shot_task, {})
    assert response.status_code == status
    assert response.json()["message"] == message


def test_tree_errors(prod, admin_client):
    response = working_path(admin_client, prod.shot_task, {"mode": "nope"})
    assert (response.status_code, response.json()["message"]) == (
        400,
        "Mode nope cannot be found on given tree.",
    )
    response = output_path(admin_client, prod, prod.episode, {})
    assert (response.status_code, response.json()["message"]) == (
        400,
        "The file tree has no folder_path template for episode.",
    )
    prod.project.file_tree = None
    prod.project.save()
    response = working_path(admin_client, prod.shot_task, {})
    assert (response.status_code, response.json()["message"]) == (
        400,
        "No tree can be found for given project.",
    )


def test_output_path_requires_the_types(prod, admin_client):
    url = f"/data/entities/{prod.asset.pk}/output-file-path"
    response = admin_client.post(url, {"name": "main"}, format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {
        "errors": [
            {"field": "output_type_id", "message": "Field required"},
            {"field": "task_type_id", "message": "Field required"},
        ]
    }
    bad = {"output_type_id": "x", "task_type_id": str(prod.animation.pk)}
    assert admin_client.post(url, bad, format="json").status_code == 400
    assert admin_client.post(url, {**bad, "revision": "abc"}, format="json").status_code == 400

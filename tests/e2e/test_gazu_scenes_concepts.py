"""gazu's scene, concept and edit modules against a live server under /api: a layout TD builds
scenes with their asset instances, a concept artist's sketches are tagged with the assets they
show, an editor files the edits; an artist of the team reads them and may not change them, an
artist outside the team sees none of it."""

import gazu
import pytest
from gazu.exception import NotAllowedException, RouteNotFoundException

from people.models import Role
from tests.e2e.conftest import ADMIN_EMAIL, log_in_as
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIST_EMAIL = "artist@studio.example"
OUTSIDER_EMAIL = "outsider@studio.example"


@pytest.fixture
def show(admin_session):
    """A TV show with an episode, a sequence, a shot and a character, its artist in the team."""
    PersonFactory(role=Role.USER, email=ARTIST_EMAIL)
    PersonFactory(role=Role.USER, email=OUTSIDER_EMAIL)
    project = gazu.project.new_project("Scenic", "tvshow")
    episode = gazu.shot.new_episode(project, "E01")
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode)
    character = gazu.asset.get_asset_type_by_name("Character")
    gazu.project.add_asset_type(project, character)
    gazu.project.add_person_to_team(project, gazu.person.get_person_by_email(ARTIST_EMAIL))
    return {
        "project": project,
        "episode": episode,
        "sequence": sequence,
        "shot": gazu.shot.new_shot(project, sequence, "SH010"),
        "hero": gazu.asset.new_asset(project, character, "Hero"),
    }


def test_scenes_and_their_instances(show):
    project, sequence, shot, hero = show["project"], show["sequence"], show["shot"], show["hero"]
    scene = gazu.scene.new_scene(project, sequence, "SC01")
    assert (scene["type"], scene["name"], scene["parent_id"]) == ("Scene", "SC01", sequence["id"])
    assert [s["id"] for s in gazu.scene.all_scenes()] == [scene["id"]]
    assert [s["id"] for s in gazu.scene.all_scenes(project)] == [scene["id"]]
    assert [s["id"] for s in gazu.scene.all_scenes_for_project(project)] == [scene["id"]]
    assert [s["id"] for s in gazu.scene.all_scenes_for_sequence(sequence)] == [scene["id"]]
    assert gazu.scene.get_scene(scene["id"])["name"] == "SC01"
    assert gazu.scene.get_scene_by_name(sequence, "SC01")["id"] == scene["id"]
    assert gazu.scene.get_scene_by_name(sequence, "SC99") is None
    assert gazu.scene.get_sequence_from_scene(scene)["id"] == sequence["id"]
    assert gazu.scene.get_sequence_from_scene(scene["id"])["id"] == sequence["id"]
    updated = gazu.scene.update_scene({"id": scene["id"], "description": "The chase"})
    assert (updated["description"], updated["name"]) == ("The chase", "SC01")

    instance = gazu.scene.new_scene_asset_instance(scene, hero, description="On the roof")
    assert (instance["asset_id"], instance["number"], instance["name"]) == (
        hero["id"],
        1,
        "Hero_0001",
    )
    assert instance["description"] == "On the roof"
    second = gazu.scene.new_scene_asset_instance(scene, hero)
    assert (second["number"], second["name"]) == (2, "Hero_0002")
    by_asset = gazu.scene.all_asset_instances_for_scene(scene)  # grouped by asset
    assert {key: [i["id"] for i in rows] for key, rows in by_asset.items()} == {
        hero["id"]: [instance["id"], second["id"]]
    }
    assert gazu.scene.get_asset_instance_by_name(scene, "Hero_0002")["id"] == second["id"]
    assert gazu.scene.all_camera_instances_for_scene(scene) == {}
    renamed = gazu.scene.update_asset_instance_name(second, "hero_roof")
    assert renamed["name"] == "hero_roof"
    assert gazu.scene.update_asset_instance_data(second, {"lod": 2})["data"] == {"lod": 2}
    by_scene = gazu.asset.all_scene_asset_instances_for_asset(hero)
    assert {key: [i["id"] for i in rows] for key, rows in by_scene.items()} == {
        scene["id"]: [instance["id"], second["id"]]
    }

    gazu.scene.add_shot_to_scene(scene, shot)
    assert [s["id"] for s in gazu.scene.all_shots_for_scene(scene)] == [shot["id"]]
    gazu.scene.remove_shot_from_scene(scene, shot)
    assert gazu.scene.all_shots_for_scene(scene) == []

    gazu.client.delete(f"data/scenes/{scene['id']}")
    with pytest.raises(RouteNotFoundException):
        gazu.scene.get_scene(scene["id"])


def test_artist_reads_the_scenes_of_his_team_only(show):
    scene = gazu.scene.new_scene(show["project"], show["sequence"], "SC01")
    other = gazu.scene.new_scene(show["project"], show["sequence"], "SC02")
    instance = gazu.scene.new_scene_asset_instance(scene, show["hero"])
    layout = gazu.task.new_task_type("Scene layout", for_entity="Scene")
    artist = gazu.person.get_person_by_email(ARTIST_EMAIL)
    task = gazu.task.new_task(scene, layout, assignees=[artist])
    gazu.task.new_task(other, layout)

    log_in_as(ARTIST_EMAIL)
    assert [s["name"] for s in gazu.scene.all_scenes_for_project(show["project"])] == [
        "SC01",
        "SC02",
    ]
    # His own lists hold what he is assigned to.
    assert [s["id"] for s in gazu.user.all_scenes_for_sequence(show["sequence"])] == [scene["id"]]
    assert [t["id"] for t in gazu.user.all_tasks_for_scene(scene)] == [task["id"]]
    assert gazu.user.all_tasks_for_scene(other) == []
    assert [t["id"] for t in gazu.user.all_task_types_for_scene(scene)] == [layout["id"]]
    assert gazu.scene.get_scene(scene["id"])["name"] == "SC01"
    by_asset = gazu.scene.all_asset_instances_for_scene(scene)
    assert [i["id"] for i in by_asset[show["hero"]["id"]]] == [instance["id"]]
    with pytest.raises(NotAllowedException):
        gazu.scene.new_scene(show["project"], show["sequence"], "SC02")
    with pytest.raises(NotAllowedException):
        gazu.scene.update_scene({"id": scene["id"], "description": "mine"})
    # Placing instances in a scene is open to the team, as in the reference.
    assert gazu.scene.new_scene_asset_instance(scene, show["hero"])["number"] == 2

    log_in_as(OUTSIDER_EMAIL)
    assert gazu.scene.all_scenes() == []
    with pytest.raises(NotAllowedException):
        gazu.scene.all_scenes_for_project(show["project"])
    with pytest.raises(NotAllowedException):
        gazu.scene.get_scene(scene["id"])
    with pytest.raises(NotAllowedException):
        gazu.scene.all_asset_instances_for_scene(scene)
    with pytest.raises(NotAllowedException):
        gazu.scene.new_scene_asset_instance(scene, show["hero"])


def test_concepts_tag_the_assets_they_show(show):
    project, hero = show["project"], show["hero"]
    concept = gazu.concept.new_concept(
        project, "Hero sketch", description="First look", data={"pose": "T"},
        entity_concept_links=[hero],
    )  # fmt: skip
    assert (concept["type"], concept["name"], concept["description"]) == (
        "Concept",
        "Hero sketch",
        "First look",
    )
    assert concept["data"] == {"pose": "T"}
    assert gazu.concept.new_concept(project, "Hero sketch")["id"] == concept["id"]
    assert gazu.concept.get_concept(concept["id"])["entity_concept_links"] == [hero["id"]]
    assert gazu.concept.get_concept_by_name(project, "Hero sketch")["id"] == concept["id"]
    assert gazu.concept.get_concept_by_name(project, "Villain sketch") is None
    assert [c["id"] for c in gazu.concept.all_concepts()] == [concept["id"]]
    assert [c["id"] for c in gazu.concept.all_concepts_for_project(project)] == [concept["id"]]
    updated = gazu.concept.update_concept({"id": concept["id"], "description": "Final look"})
    assert updated["description"] == "Final look"

    concept_type = gazu.task.get_task_type_by_name("Concept", for_entity="Concept")
    task = gazu.task.new_task(concept, concept_type)
    todo = gazu.task.get_task_status_by_short_name("todo")
    comment = gazu.task.add_comment(task, todo, "sketch")
    preview = gazu.task.create_preview(task, comment)
    by_task_type = gazu.concept.all_previews_for_concept(concept)
    assert {key: [p["id"] for p in rows] for key, rows in by_task_type.items()} == {
        concept_type["id"]: [preview["id"]]
    }

    gazu.concept.remove_concept(concept)  # it has a task: only canceled
    assert gazu.concept.get_concept(concept["id"])["canceled"] is True
    gazu.concept.remove_concept(concept, force=True)
    assert gazu.concept.all_concepts_for_project(project) == []


def test_artist_reads_concepts_of_his_team_only(show):
    concept = gazu.concept.new_concept(show["project"], "Hero sketch")

    log_in_as(ARTIST_EMAIL)
    assert [c["id"] for c in gazu.concept.all_concepts_for_project(show["project"])] == [
        concept["id"]
    ]
    assert gazu.concept.get_concept(concept["id"])["name"] == "Hero sketch"
    with pytest.raises(NotAllowedException):
        gazu.concept.remove_concept(concept)

    log_in_as(OUTSIDER_EMAIL)
    assert gazu.concept.all_concepts() == []
    with pytest.raises(NotAllowedException):
        gazu.concept.get_concept(concept["id"])
    with pytest.raises(NotAllowedException):
        gazu.concept.new_concept(show["project"], "Mine")


def test_edits(show, live_server):
    project, episode = show["project"], show["episode"]
    edit = gazu.edit.new_edit(project, "Trailer", description="90 seconds", data={"fps": 25})
    assert (edit["type"], edit["name"], edit["parent_id"]) == ("Edit", "Trailer", None)
    assert (edit["description"], edit["data"]) == ("90 seconds", {"fps": 25})
    assert gazu.edit.new_edit(project, "Trailer")["id"] == edit["id"]
    # The reference files an edit under an episode from `parent_id` on update only: at
    # creation it ignores the `parent_id` gazu sends for `episode=`.
    assert gazu.edit.new_edit(project, "Teaser", episode=episode)["parent_id"] is None
    teaser = gazu.edit.get_edit_by_name(project, "Teaser")
    assert gazu.edit.get_edit_url(teaser) == (
        f"{live_server.url}/productions/{project['id']}/edits/{teaser['id']}/"
    )
    gazu.edit.update_edit({"id": edit["id"], "parent_id": episode["id"]})
    assert gazu.edit.get_edit(edit["id"])["episode_id"] == episode["id"]
    assert gazu.edit.get_edit_by_name(project, "Trailer")["id"] == edit["id"]
    assert gazu.edit.get_edit_url(edit) == (
        f"{live_server.url}/productions/{project['id']}/episodes/{episode['id']}"
        f"/edits/{edit['id']}/"
    )
    assert [e["id"] for e in gazu.edit.all_edits_for_project(project)] == [
        teaser["id"],
        edit["id"],
    ]
    updated = gazu.edit.update_edit({"id": edit["id"], "description": "60 seconds"})
    assert updated["description"] == "60 seconds"
    assert gazu.edit.update_edit_data(edit, {"codec": "h264"})["data"] == {
        "fps": 25,
        "codec": "h264",
    }

    edit_type = gazu.task.get_task_type_by_name("Edit", for_entity="Edit")
    task = gazu.task.new_task(edit, edit_type)
    comment = gazu.task.add_comment(task, gazu.task.get_task_status_by_short_name("todo"), "cut")
    preview = gazu.task.create_preview(task, comment)
    by_task_type = gazu.edit.all_previews_for_edit(edit)
    assert {key: [p["id"] for p in rows] for key, rows in by_task_type.items()} == {
        edit_type["id"]: [preview["id"]]
    }

    gazu.edit.remove_edit(edit)  # it has a task: only canceled
    assert gazu.edit.get_edit(edit["id"])["canceled"] is True
    gazu.edit.remove_edit(edit, force=True)
    gazu.edit.remove_edit(teaser)
    assert gazu.edit.all_edits_for_project(project) == []


def test_artist_reads_edits_of_his_team_only(show):
    edit = gazu.edit.new_edit(show["project"], "Trailer")

    log_in_as(ARTIST_EMAIL)
    assert [e["id"] for e in gazu.edit.all_edits_for_project(show["project"])] == [edit["id"]]
    assert gazu.edit.get_edit(edit["id"])["name"] == "Trailer"
    with pytest.raises(NotAllowedException):
        gazu.edit.new_edit(show["project"], "Teaser")
    with pytest.raises(NotAllowedException):
        gazu.edit.update_edit({"id": edit["id"], "description": "mine"})
    with pytest.raises(NotAllowedException):
        gazu.edit.remove_edit(edit)

    log_in_as(OUTSIDER_EMAIL)
    with pytest.raises(NotAllowedException):
        gazu.edit.all_edits_for_project(show["project"])
    with pytest.raises(NotAllowedException):
        gazu.edit.get_edit(edit["id"])
    log_in_as(ADMIN_EMAIL)
    assert gazu.edit.get_edit(edit["id"])["description"] is None

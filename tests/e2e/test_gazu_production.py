"""A pipeline script setting up a production through gazu, against a live server under /api."""

import gazu
import pytest
from gazu.exception import NotAllowedException, RouteNotFoundException

from people.models import Role
from tests.factories import DEFAULT_PASSWORD, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_pipeline_script_builds_a_tv_show(admin_session):
    project = gazu.project.new_project("Big Buck", "tvshow")
    assert gazu.project.new_project("Big Buck")["id"] == project["id"]  # found, not duplicated
    assert gazu.project.get_project_by_name("Big Buck")["id"] == project["id"]
    assert [p["name"] for p in gazu.project.all_open_projects()] == ["Big Buck"]

    character = gazu.asset.get_asset_type_by_name("Character")
    gazu.project.add_asset_type(project, character)
    hero = gazu.asset.new_asset(project, character, "Hero", "The hero")
    assert gazu.asset.new_asset(project, character, "Hero")["id"] == hero["id"]
    assert gazu.asset.get_asset_by_name(project, "Hero")["id"] == hero["id"]
    assert gazu.asset.get_asset(hero["id"])["asset_type_name"] == "Character"

    episode = gazu.shot.new_episode(project, "E02")
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode)
    assert gazu.shot.new_sequence(project, "SQ01", episode=episode)["id"] == sequence["id"]
    shot = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=48, frame_in=1, frame_out=48)
    assert gazu.shot.get_shot_by_name(sequence, "SH010")["id"] == shot["id"]
    assert [s["name"] for s in gazu.shot.all_shots_for_sequence(sequence)] == ["SH010"]

    gazu.shot.update_shot_data(shot, {"camera": "A"})
    assert gazu.shot.get_shot(shot["id"])["data"] == {"frame_in": 1, "frame_out": 48, "camera": "A"}
    assert gazu.entity.get_entity(shot["id"])["type"] == "Shot"

    gazu.casting.update_shot_casting(project, shot, [{"asset_id": hero["id"], "nb_occurences": 2}])
    casting = gazu.casting.get_shot_casting(shot)
    assert [(c["asset_id"], c["asset_name"], c["nb_occurences"]) for c in casting] == [
        (hero["id"], "Hero", 2)
    ]
    assert [c["shot_id"] for c in gazu.casting.get_asset_cast_in(hero)] == [shot["id"]]

    gazu.shot.remove_shot(shot)
    with pytest.raises(RouteNotFoundException):
        gazu.shot.get_shot(shot["id"])


def test_artist_outside_the_team_sees_nothing(admin_session):
    project = gazu.project.new_project("Secret", "short")
    PersonFactory(role=Role.USER, email="artist@studio.example")
    gazu.log_out()
    gazu.log_in("artist@studio.example", DEFAULT_PASSWORD)

    assert gazu.project.all_open_projects() == []
    with pytest.raises(NotAllowedException):
        gazu.project.get_project(project["id"])
    with pytest.raises(NotAllowedException):
        gazu.project.new_project("Mine", "short")

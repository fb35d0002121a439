"""gazu's asset, shot and casting modules beyond the first script (test_gazu_production): the
breakdown's lists, casting views, instances and removals as a coordinator runs them, and what an
artist of the team may read and may not change; then an artist's own `gazu.user` lists."""

import datetime as dt

import gazu
import pytest
from gazu.exception import NotAllowedException

from people.models import Role
from tests.e2e.conftest import log_in_as
from tests.factories import PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIST_EMAIL = "artist@studio.example"


@pytest.fixture
def show(admin_session):
    """A TV show: an episode, a sequence, two shots, a set holding a prop, a character; an
    artist in the team assigned to the character's modeling and the first shot's animation."""
    PersonFactory(role=Role.USER, email=ARTIST_EMAIL, first_name="Ann", last_name="Art")
    project = gazu.project.new_project("Breakdown", "tvshow")
    types = {name: gazu.asset.get_asset_type_by_name(name) for name in ("Character", "Prop")}
    for asset_type in types.values():
        gazu.project.add_asset_type(project, asset_type)
    episode = gazu.shot.new_episode(project, "E01")
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode)
    sh010 = gazu.shot.new_shot(project, sequence, "SH010", nb_frames=24)
    sh020 = gazu.shot.new_shot(project, sequence, "SH020")
    hero = gazu.asset.new_asset(project, types["Character"], "Hero", episode=episode)
    chair = gazu.asset.new_asset(project, types["Prop"], "Chair")
    artist = gazu.person.get_person_by_email(ARTIST_EMAIL)
    gazu.project.add_person_to_team(project, artist)
    modeling = gazu.task.get_task_type_by_name("Modeling", for_entity="Asset")
    animation = gazu.task.get_task_type_by_name("Animation", for_entity="Shot")
    tasks = {
        "modeling": gazu.task.new_task(hero, modeling, assignees=[artist]),
        "animation": gazu.task.new_task(sh010, animation, assignees=[artist]),
        "chair": gazu.task.new_task(chair, modeling),
    }
    return {
        "project": project,
        "episode": episode,
        "sequence": sequence,
        "sh010": sh010,
        "sh020": sh020,
        "hero": hero,
        "chair": chair,
        "artist": artist,
        "types": types,
        "tasks": tasks,
    }


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


def grouped_ids(groups: dict[str, list[dict]]) -> dict[str, list[str]]:
    return {key: ids(rows) for key, rows in groups.items()}


def test_casting_views(show):
    project, hero, chair = show["project"], show["hero"], show["chair"]
    sh010, sh020 = show["sh010"], show["sh020"]
    sequence, episode = show["sequence"], show["episode"]
    gazu.casting.cast_asset(project, [sh010, sh020], hero, nb_occurences=2, label="fixed")
    gazu.casting.update_shot_casting(project, sh020, [
        {"asset_id": hero["id"], "nb_occurences": 1}, {"asset_id": chair["id"], "nb_occurences": 3},
    ])  # fmt: skip
    cast = gazu.casting.get_shot_casting(sh010)
    assert [(c["asset_name"], c["nb_occurences"], c["label"]) for c in cast] == [
        ("Hero", 2, "fixed")
    ]
    by_shot = gazu.casting.get_sequence_casting(sequence)
    assert {key: sorted(c["asset_name"] for c in rows) for key, rows in by_shot.items()} == {
        sh010["id"]: ["Hero"],
        sh020["id"]: ["Chair", "Hero"],
    }
    project_shots = gazu.casting.get_project_shots_casting(project)
    assert project_shots == gazu.casting.get_sequence_shots_casting(project, sequence)
    assert project_shots == gazu.casting.get_episode_shots_casting(project, episode)
    assert sorted(c["asset_name"] for c in gazu.casting.get_episode_casting(episode)) == [
        "Chair",
        "Hero",
    ]
    # Keyed by every casting entity of the project, as the reference answers this route.
    assert sorted(gazu.casting.get_episodes_casting(project)) == sorted(
        [sh010["id"], sh020["id"], episode["id"]]
    )
    by_asset = gazu.casting.get_asset_type_casting(project, show["types"]["Prop"])
    assert by_asset == {}
    assert sorted(c["shot_id"] for c in gazu.casting.get_asset_cast_in(hero)) == sorted(
        [sh010["id"], sh020["id"]]
    )

    hero_holds_chair = [{"asset_id": chair["id"], "nb_occurences": 1}]
    gazu.casting.update_asset_casting(project, hero, hero_holds_chair)
    assert [c["asset_id"] for c in gazu.casting.get_asset_casting(hero)] == [chair["id"]]
    gazu.casting.update_episode_casting(project, episode, [])
    gazu.casting.uncast_asset(project, [sh010], hero)
    assert gazu.casting.get_shot_casting(sh010) == []

    links = gazu.casting.all_entity_links_for_project(project)
    hero_in_sh020 = next(
        link for link in links if (link["entity_in_id"], link["entity_out_id"])
        == (sh020["id"], hero["id"])
    )  # fmt: skip
    gazu.casting.delete_entity_link(hero_in_sh020)
    assert [c["asset_name"] for c in gazu.casting.get_shot_casting(sh020)] == ["Chair"]


def test_breakdown_lists_and_removals(show, live_server):
    project, episode, sequence = show["project"], show["episode"], show["sequence"]
    sh010, sh020, hero, chair = show["sh010"], show["sh020"], show["hero"], show["chair"]
    character, prop = show["types"]["Character"], show["types"]["Prop"]
    assert ids(gazu.asset.all_assets_for_project(project)) == [chair["id"], hero["id"]]
    assert ids(gazu.asset.all_assets_for_open_projects()) == [chair["id"], hero["id"]]
    assert ids(gazu.asset.all_assets_for_episode(episode)) == [hero["id"]]
    assert ids(gazu.asset.all_assets_for_project_and_type(project, prop)) == [chair["id"]]
    chair_once = [{"asset_id": chair["id"], "nb_occurences": 1}]
    gazu.casting.update_shot_casting(project, sh010, chair_once)
    assert ids(gazu.asset.all_assets_for_shot(sh010)) == [chair["id"]]
    assert ids(gazu.asset.all_asset_types_for_shot(sh010)) == [prop["id"]]
    assert ids(gazu.asset.all_asset_types_for_project(project)) == [character["id"], prop["id"]]
    assert gazu.asset.get_asset_type(prop["id"])["name"] == "Prop"
    assert gazu.asset.get_asset_type_from_asset(chair)["id"] == prop["id"]
    assert gazu.asset.get_episode_from_asset(hero)["id"] == episode["id"]
    assert gazu.asset.get_asset_url(hero) == (
        f"{live_server.url}/productions/{project['id']}/episodes/{episode['id']}"
        f"/assets/{hero['id']}/"
    )
    assert gazu.asset.update_asset({"id": chair["id"], "description": "Wood"})["description"] == (
        "Wood"
    )
    assert gazu.asset.update_asset_data(chair, {"legs": 4})["data"] == {"legs": 4}
    vehicle = gazu.asset.new_asset_type("Vehicle")
    assert gazu.asset.update_asset_type({"id": vehicle["id"], "name": "Vehicles"})["name"] == (
        "Vehicles"
    )
    gazu.asset.remove_asset_type(vehicle)
    assert "Vehicles" not in [t["name"] for t in gazu.asset.all_asset_types()]

    instance = gazu.asset.new_asset_asset_instance(hero, chair, description="in hand")
    in_hero = {chair["id"]: [instance["id"]]}  # grouped by the asset instantiated
    assert grouped_ids(gazu.asset.all_asset_instances_for_asset(hero)) == in_hero
    assert gazu.asset.get_asset_instance(instance["id"])["description"] == "in hand"
    gazu.shot.add_asset_instance_to_shot(sh010, instance)
    assert grouped_ids(gazu.shot.all_asset_instances_for_shot(sh010)) == in_hero
    assert grouped_ids(gazu.asset.all_asset_instances_for_shot(sh010)) == in_hero
    assert grouped_ids(gazu.shot.get_asset_instances_for_shot(sh010)) == in_hero
    assert grouped_ids(gazu.asset.all_shot_asset_instances_for_asset(chair)) == {
        sh010["id"]: [instance["id"]]
    }
    assert gazu.asset.disable_asset_instance(instance)["active"] is False
    assert gazu.asset.enable_asset_instance(instance)["active"] is True
    gazu.shot.remove_asset_instance_from_shot(sh010, instance)
    assert gazu.shot.all_asset_instances_for_shot(sh010) == {}

    assert ids(gazu.shot.all_episodes_for_project(project)) == [episode["id"]]
    assert ids(gazu.shot.all_sequences_for_project(project)) == [sequence["id"]]
    assert ids(gazu.shot.all_sequences_for_episode(episode)) == [sequence["id"]]
    assert ids(gazu.shot.all_shots_for_project(project)) == [sh010["id"], sh020["id"]]
    assert ids(gazu.shot.all_shots_for_episode(episode)) == [sh010["id"], sh020["id"]]
    assert gazu.shot.get_episode_by_name(project, "E01")["id"] == episode["id"]
    assert gazu.shot.get_episode_from_sequence(sequence)["id"] == episode["id"]
    assert gazu.shot.get_sequence_by_name(project, "SQ01", episode=episode)["id"] == sequence["id"]
    assert gazu.shot.get_sequence_from_shot(sh010)["id"] == sequence["id"]
    assert gazu.shot.get_shot_url(sh010) == (
        f"{live_server.url}/productions/{project['id']}/episodes/{episode['id']}"
        f"/shots/{sh010['id']}/"
    )
    assert gazu.shot.all_previews_for_shot(sh010) == {}
    pilot = gazu.shot.update_episode({"id": episode["id"], "description": "Pilot"})
    assert pilot["description"] == "Pilot"
    assert gazu.shot.update_episode_data(episode, {"air": "May"})["data"] == {"air": "May"}
    assert (
        gazu.shot.update_sequence({"id": sequence["id"], "description": "Chase"})["description"]
        == "Chase"
    )
    assert gazu.shot.update_sequence_data(sequence, {"mood": "dark"})["data"] == {"mood": "dark"}
    assert gazu.shot.update_shot({"id": sh020["id"], "nb_frames": 12})["nb_frames"] == 12

    gazu.shot.remove_shot(sh010)  # it has a task: canceled
    assert gazu.shot.get_shot(sh010["id"])["canceled"] is True
    assert gazu.shot.restore_shot(sh010)["canceled"] is False
    gazu.shot.remove_shot(sh010, force=True)
    gazu.shot.remove_shot(sh020)
    gazu.shot.remove_sequence(sequence)
    assert gazu.shot.all_sequences_for_project(project) == []
    gazu.asset.remove_asset(hero, force=True)
    gazu.shot.remove_episode(episode, force=True)
    assert gazu.shot.all_episodes_for_project(project) == []
    assert ids(gazu.asset.all_assets_for_project(project)) == [chair["id"]]


def test_artist_reads_the_breakdown_and_may_not_change_it(show):
    project, hero, sh010 = show["project"], show["hero"], show["sh010"]
    gazu.casting.update_shot_casting(project, sh010, [{"asset_id": hero["id"], "nb_occurences": 1}])
    other = gazu.project.new_project("Other show", "short")
    other_sequence = gazu.shot.new_sequence(other, "SQ99")

    log_in_as(ARTIST_EMAIL)
    assert ids(gazu.asset.all_assets_for_project(project)) == [show["chair"]["id"], hero["id"]]
    assert ids(gazu.shot.all_shots_for_project(project)) == [sh010["id"], show["sh020"]["id"]]
    assert [c["asset_id"] for c in gazu.casting.get_shot_casting(sh010)] == [hero["id"]]
    assert gazu.asset.get_asset(hero["id"])["name"] == "Hero"
    assert ids(gazu.asset.all_assets_for_open_projects()) == [show["chair"]["id"], hero["id"]]
    with pytest.raises(NotAllowedException):
        gazu.asset.new_asset(project, show["types"]["Prop"], "Lamp")
    with pytest.raises(NotAllowedException):
        gazu.shot.new_shot(project, show["sequence"], "SH030")
    with pytest.raises(NotAllowedException):
        gazu.asset.update_asset({"id": hero["id"], "description": "mine"})
    with pytest.raises(NotAllowedException):
        gazu.casting.update_shot_casting(project, sh010, [])
    with pytest.raises(NotAllowedException):
        gazu.asset.remove_asset(hero)
    with pytest.raises(NotAllowedException):
        gazu.asset.new_asset_type("Vehicle")
    with pytest.raises(NotAllowedException):
        gazu.shot.all_shots_for_project(other)
    with pytest.raises(NotAllowedException):
        gazu.shot.all_shots_for_sequence(other_sequence)


def test_artist_follows_his_work_with_gazu_user(show):
    project, hero, sh010 = show["project"], show["hero"], show["sh010"]
    modeling_task, animation_task = show["tasks"]["modeling"], show["tasks"]["animation"]
    gazu.task.set_time_spent(modeling_task, show["artist"], dt.date.today().isoformat(), 90)
    gazu.task.add_comment(animation_task, gazu.task.get_task_status_by_short_name("wfa"), "look")

    log_in_as(ARTIST_EMAIL)
    assert gazu.user.is_authenticated() is True
    character = show["types"]["Character"]
    assert ids(gazu.user.all_asset_types_for_project(project)) == [character["id"]]
    assert ids(gazu.user.all_assets_for_asset_type_and_project(project, character)) == [hero["id"]]
    assert ids(gazu.user.all_tasks_for_asset(hero)) == [modeling_task["id"]]
    assert ids(gazu.user.all_task_types_for_asset(hero)) == [modeling_task["task_type_id"]]
    assert ids(gazu.user.all_tasks_for_shot(sh010)) == [animation_task["id"]]
    assert ids(gazu.user.all_task_types_for_shot(sh010)) == [animation_task["task_type_id"]]
    assert ids(gazu.user.all_episodes_for_project(project)) == [show["episode"]["id"]]
    assert ids(gazu.user.all_sequences_for_project(project)) == [show["sequence"]["id"]]
    assert ids(gazu.user.all_shots_for_sequence(show["sequence"])) == [sh010["id"]]
    assert gazu.user.all_tasks_for_sequence(show["sequence"]) == []
    assert gazu.user.all_task_types_for_sequence(show["sequence"]) == []
    assert sorted(ids(gazu.user.all_tasks_to_do())) == sorted(
        [modeling_task["id"], animation_task["id"]]
    )
    assert gazu.user.all_done_tasks() == []
    assert gazu.user.all_tasks_requiring_feedback() == []
    today = dt.date.today().isoformat()
    assert [t["duration"] for t in gazu.user.get_timespents_range(today, today)] == [90.0]
    assert [t["duration"] for t in gazu.user.get_time_spents_by_date(today)] == [90.0]
    assert gazu.user.get_task_time_spent(modeling_task, today)["duration"] == 90.0
    assert gazu.user.get_day_off(today) == {}

    login = gazu.user.log_desktop_session_log_in()
    assert ids(gazu.user.all_desktop_login_logs()) == [login["id"]]

    group = gazu.user.new_filter_group("Mine", project=project)
    assert gazu.user.get_filter_group(group)["name"] == "Mine"
    renamed = gazu.user.update_filter_group({"id": group["id"], "name": "My work"})
    assert renamed["name"] == "My work"
    assert group["id"] in str(gazu.user.all_filter_groups())  # grouped by list type, project
    search = gazu.user.new_filter("Heroes", "hero", "asset", project=project)
    assert gazu.user.update_filter({"id": search["id"], "name": "Hero"})["name"] == "Hero"
    assert search["id"] in str(gazu.user.all_filters())
    gazu.user.remove_filter(search)
    gazu.user.remove_filter_group(group)

    [notification] = gazu.user.all_notifications()  # the supervisor's comment on his task
    assert (notification["comment_text"], notification["read"]) == ("look", False)
    assert gazu.user.get_notification(notification)["id"] == notification["id"]
    gazu.user.update_notification({"id": notification["id"], "read": True})
    assert gazu.user.get_notification(notification)["read"] is True
    gazu.user.mark_all_notifications_as_read()
    assert gazu.user.all_chats() == []
    chat = gazu.user.join_chat(hero)
    assert ids(gazu.user.all_chats()) == [chat["id"]]
    gazu.user.leave_chat(hero)
    assert gazu.user.all_chats() == []
    gazu.user.clear_avatar()
    assert gazu.client.get_current_user()["has_avatar"] is False

"""gazu's sync module between two live instances: the live server (the source) and a second API
process (the target) on a clone of the test database taken when the studio was set up, so both
start with the same admin, statuses and types. What each side adds afterwards gets its own ids,
which the sync maps by name (or e-mail), as between two studios' servers."""

from __future__ import annotations

import datetime as dt

import gazu
import pytest
from django.db import connection
from gazu.exception import NotAllowedException

from people.models import Role
from tests.e2e.conftest import ADMIN_EMAIL, log_in_as
from tests.e2e.servers import Stack, server_database_url
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.reviews.preview_media_helpers import picture_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIST_EMAIL = "artist@studio.example"
CLONE = "synctarget"


@pytest.fixture
def target(admin_session, tmp_path):
    """The target instance's gazu client, logged in as the admin."""
    creation = connection.creation
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # the clone copies the main file, not its WAL
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:  # PostgreSQL copies no database others are connected to: idle threads may be
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid() AND state = 'idle'"
            )
    creation.clone_test_db(suffix=CLONE, verbosity=0)
    try:
        stack = Stack(
            apis=1,
            streams=0,
            database_url=server_database_url(creation.get_test_db_clone_settings(CLONE)),
            env={"MEDIA_ROOT": str(tmp_path / "target-media")},
        )
        try:
            client = gazu.client.create_client(f"{stack.api_urls[0]}/api")
            gazu.log_in(ADMIN_EMAIL, DEFAULT_PASSWORD, client=client)
            yield client
        finally:
            stack.stop()
    finally:
        creation.destroy_test_db(suffix=CLONE, verbosity=0)


def new_studio_parts(client) -> dict:
    """What each instance creates on its own: the show, an asset type, an artist."""
    vehicle = gazu.asset.new_asset_type("Vehicle", client=client)
    artist = gazu.person.new_person(
        "Ann", "Art", ARTIST_EMAIL, role="user", password="artist-password-1", client=client
    )
    project = gazu.project.new_project("Sync Show", "tvshow", client=client)
    gazu.project.add_asset_type(project, vehicle, client=client)
    return {"vehicle": vehicle, "artist": artist, "project": project}


@pytest.fixture
def source(target, tmp_path):
    """The show as the source instance has it: breakdown, casting, an assigned task with a
    status change, an attachment and a picture preview."""
    ours = new_studio_parts(gazu.client.default_client)
    theirs = new_studio_parts(target)
    project = ours["project"]
    character = gazu.asset.get_asset_type_by_name("Character")
    hero = gazu.asset.new_asset(project, character, "Hero")
    car = gazu.asset.new_asset(project, ours["vehicle"], "Car")
    episode = gazu.shot.new_episode(project, "E01")
    sequence = gazu.shot.new_sequence(project, "SQ01", episode=episode)
    shot = gazu.shot.new_shot(project, sequence, "SH010")
    gazu.casting.update_shot_casting(project, shot, [{"asset_id": car["id"], "nb_occurences": 1}])
    modeling = gazu.task.get_task_type_by_name("Modeling", for_entity="Asset")
    task = gazu.task.new_task(car, modeling, assignees=[ours["artist"]])
    notes = tmp_path / "notes.txt"
    notes.write_text("wheels first")
    wip = gazu.task.get_task_status_by_short_name("wip")
    gazu.task.add_comment(task, wip, "started", attachments=[str(notes)])
    still = tmp_path / "car.png"
    still.write_bytes(picture_bytes((64, 48)))
    wfa = gazu.task.get_task_status_by_short_name("wfa")
    gazu.task.publish_preview(task, wfa, comment="first look", preview_file_path=str(still))
    return {
        **ours,
        "theirs": theirs,
        "hero": hero,
        "car": car,
        "episode": episode,
        "sequence": sequence,
        "shot": shot,
        "task": task,
        "wip": wip,
        "wfa": wfa,
    }


def test_id_maps_between_instances(source, target):
    ours, theirs = source, source["theirs"]
    default = gazu.client.default_client
    assert gazu.sync.get_sync_project_id_map(default, target) == {
        ours["project"]["id"]: theirs["project"]["id"]
    }
    asset_types = gazu.sync.get_sync_asset_type_id_map(default, target)
    assert asset_types[ours["vehicle"]["id"]] == theirs["vehicle"]["id"]
    character = gazu.asset.get_asset_type_by_name("Character")
    assert asset_types[character["id"]] == character["id"]  # cloned: the same on both sides
    people = gazu.sync.get_sync_person_id_map(default, target)
    assert people[ours["artist"]["id"]] == theirs["artist"]["id"]
    assert (
        people[gazu.client.get_current_user()["id"]]
        == gazu.client.get_current_user(client=target)["id"]
    )
    task_types = gazu.sync.get_sync_task_type_id_map(default, target)
    statuses = gazu.sync.get_sync_task_status_id_map(default, target)
    assert task_types[source["task"]["task_type_id"]] == source["task"]["task_type_id"]
    assert statuses[source["wip"]["id"]] == source["wip"]["id"]
    departments = gazu.sync.get_sync_department_id_map(default, target)
    assert departments == {d["id"]: d["id"] for d in gazu.person.all_departments()}

    source_types = gazu.asset.all_asset_types()
    target_types = gazu.asset.all_asset_types(client=target)
    by_name = gazu.sync.get_id_map_by_name(source_types, target_types)
    assert by_name["Vehicle"] == theirs["vehicle"]["id"]
    assert gazu.sync.get_id_map_by_id(source_types, target_types) == asset_types
    assert gazu.sync.convert_id_list([ours["vehicle"]["id"], character["id"]], asset_types) == [
        theirs["vehicle"]["id"],
        character["id"],
    ]


def test_push_a_production(source, target):
    ours, theirs = source, source["theirs"]
    default = gazu.client.default_client
    project, target_project = ours["project"], theirs["project"]
    source_assets = gazu.asset.all_assets_for_project(project)
    missing, unexpected = gazu.sync.get_model_list_diff(
        source_assets, gazu.asset.all_assets_for_project(target_project, client=target)
    )
    assert (sorted(a["name"] for a in missing), unexpected) == (["Car", "Hero"], [])

    links = gazu.casting.all_entity_links_for_project(project)  # the shot's and the episode's
    assert len(links) == 2
    pushed = gazu.sync.push_project_entities(project, target_project, default, target)
    assert {kind: sorted(row["id"] for row in rows) for kind, rows in pushed.items()} == {
        "assets": sorted([ours["hero"]["id"], ours["car"]["id"]]),
        "episodes": [ours["episode"]["id"]],
        "sequences": [ours["sequence"]["id"]],
        "shots": [ours["shot"]["id"]],
        "entity_links": sorted(link["id"] for link in links),
    }
    target_car = gazu.asset.get_asset(ours["car"]["id"], client=target)
    assert (target_car["project_id"], target_car["entity_type_id"], target_car["created_at"]) == (
        target_project["id"],
        theirs["vehicle"]["id"],
        ours["car"]["created_at"],
    )
    target_assets = gazu.asset.all_assets_for_project(target_project, client=target)
    assert gazu.sync.get_model_list_diff(source_assets, target_assets) == ([], [])
    target_shot = gazu.shot.get_shot(ours["shot"]["id"], client=target)
    assert target_shot["project_id"] == target_project["id"]
    assert [c["asset_id"] for c in gazu.casting.get_shot_casting(target_shot, client=target)] == [
        ours["car"]["id"]
    ]
    assert gazu.sync.get_link_list_diff(
        gazu.casting.all_entity_links_for_project(project),
        gazu.casting.all_entity_links_for_project(target_project, client=target),
    ) == ([], [])
    assert (
        gazu.sync.push_episodes(project, target_project, default, target)[0]["id"]
        == (ours["episode"]["id"])
    )
    sequences = gazu.sync.push_sequences(project, target_project, default, target)
    assert [s["id"] for s in sequences] == [ours["sequence"]["id"]]
    shots = gazu.sync.push_shots(project, target_project, default, target)
    assert [s["id"] for s in shots] == [ours["shot"]["id"]]

    # A later change on the source is seen as one and imported over the target's copy.
    gazu.asset.update_asset({"id": ours["car"]["id"], "description": "Red"})
    changed = gazu.asset.get_asset(ours["car"]["id"])
    assert gazu.sync.is_changed(changed, target_car) is True
    assert gazu.sync.is_changed(target_car, changed) is False
    imported = gazu.sync.import_entities([{**changed, "project_id": target_project["id"],
                                           "entity_type_id": theirs["vehicle"]["id"]}],
                                         client=target)  # fmt: skip
    assert [row["id"] for row in imported] == [ours["car"]["id"]]
    assert gazu.asset.get_asset(ours["car"]["id"], client=target)["description"] == "Red"
    assets = gazu.sync.push_assets(project, target_project, default, target)
    assert sorted(row["id"] for row in assets) == sorted([ours["hero"]["id"], ours["car"]["id"]])

    todo = gazu.task.get_task_status_by_short_name("todo", client=target)
    [task] = gazu.sync.push_tasks(project, target_project, todo, default, target)
    assert task["id"] == ours["task"]["id"]
    target_task = gazu.task.get_task(ours["task"]["id"], client=target)
    assert target_task["assignees"] == [theirs["artist"]["id"]]
    assert target_task["project_id"] == target_project["id"]

    assert [t["id"] for t in gazu.sync.push_tasks_comments(project, default, target)] == [
        ours["task"]["id"]
    ]
    source_comments = gazu.task.all_comments_for_task(ours["task"])
    copied = gazu.task.all_comments_for_task(ours["task"], client=target)
    assert [(c["text"], c["created_at"], c["task_status_id"]) for c in copied] == [
        (c["text"], c["created_at"], c["task_status_id"]) for c in source_comments
    ]
    [started] = [c for c in copied if c["text"] == "started"]
    assert [a["name"] for a in started["attachment_files"]] == ["notes.txt"]
    [reviewed] = [c for c in copied if c["text"] == "first look"]
    assert len(reviewed["previews"]) == 1
    assert (
        gazu.task.get_task(ours["task"]["id"], client=target)["task_status_id"]
        == (source["wfa"]["id"])
    )

    statuses = gazu.sync.get_sync_task_status_id_map(default, target)
    people = gazu.sync.get_sync_person_id_map(default, target)
    again = gazu.sync.push_task_comments(statuses, people, ours["task"], default, target)
    assert [c["text"] for c in again] == ["started", "first look"]
    one = gazu.sync.push_task_comment(
        statuses, people, ours["task"], source_comments[-1], default, target,
        author_id=theirs["artist"]["id"],
    )  # fmt: skip
    assert one["text"] == "started"
    admin_id = gazu.client.get_current_user()["id"]
    authors = [(c["text"], c["person_id"]) for c in
               gazu.task.all_comments_for_task(ours["task"], client=target)]  # fmt: skip
    assert sorted(authors) == sorted(
        [("started", admin_id)] * 2
        + [("first look", admin_id)] * 2
        + [("started", theirs["artist"]["id"])]
    )


def test_entity_links_and_tasks_import_directly(source, target):
    target_project = source["theirs"]["project"]
    default = gazu.client.default_client
    gazu.sync.push_project_entities(source["project"], target_project, default, target)
    link = gazu.casting.all_entity_links_for_project(source["project"])[0]
    imported = gazu.sync.import_entity_links([{**link, "nb_occurences": 3}], client=target)
    assert [(row["id"], row["nb_occurences"]) for row in imported] == [(link["id"], 3)]
    task = gazu.task.get_task(source["task"]["id"])
    rows = gazu.sync.import_tasks(
        [{**task, "project_id": target_project["id"], "assignees": [], "assigner_id": None}],
        client=target,
    )
    assert [row["id"] for row in rows] == [task["id"]]
    links = gazu.sync.push_entity_links(source["project"], target_project, default, target)
    assert link["id"] in [row["id"] for row in links]


def test_last_events(source):
    project = source["project"]
    events = gazu.sync.get_last_events(project=project, name="asset:new")
    assert sorted(e["data"]["asset_id"] for e in events) == sorted(
        [source["hero"]["id"], source["car"]["id"]]
    )
    assert len(gazu.sync.get_last_events(limit=2, project=project)) == 2
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert gazu.sync.get_last_events(project=project, after=tomorrow) == []
    before = gazu.sync.get_last_events(project=project, before=tomorrow, name="shot:new")
    assert [e["data"]["shot_id"] for e in before] == [source["shot"]["id"]]
    # gazu sends `only_files=True`; the reference filters on the exact string "true" only.
    everything = gazu.sync.get_last_events(project=project)
    assert gazu.sync.get_last_events(project=project, only_files=True) == everything
    files = gazu.client.get(
        "data/events/last", params={"project_id": project["id"], "only_files": "true"}
    )
    assert [e["name"] for e in files] == ["preview-file:add-file"]


def test_artist_may_not_sync(source, target):
    PersonFactory(role=Role.USER, email="outsider@studio.example")
    log_in_as("outsider@studio.example")
    with pytest.raises(NotAllowedException):
        gazu.sync.get_last_events(project=source["project"])
    with pytest.raises(NotAllowedException):
        gazu.sync.import_entities([source["car"]])
    with pytest.raises(NotAllowedException):
        gazu.sync.import_tasks([source["task"]])
    with pytest.raises(NotAllowedException):
        gazu.sync.import_entity_links([])

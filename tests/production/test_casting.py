"""Casting: replace semantics, automatic episode casting, readiness counts, reads and roles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.models import ApiEvent
from people.models import Role
from production.models import Entity, EntityLink, Task
from production.services.casting import casting_stats_refresh
from tests.conftest import client_for
from tests.production import factories as f
from tests.production.casting_helpers import cast, events, make_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def bd():
    return make_breakdown()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the events' on-commit callbacks, as a real request would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def casting_url(bd, entity) -> str:
    return f"/data/projects/{bd.project.id}/entities/{entity.id}/casting"


def links_of(entity) -> dict[str, tuple[int, str, dict | None]]:
    return {
        str(link.entity_out_id): (link.nb_occurences, link.label, link.data)
        for link in EntityLink.objects.filter(entity_in=entity)
    }


def nb_out(entity) -> int:
    return Entity.objects.get(pk=entity.pk).nb_entities_out


def writes(queries: CaptureQueriesContext, table: str) -> int:
    return sum(
        1 for query in queries if f'"{table}"' in query["sql"] and "SELECT" not in query["sql"]
    )


# -- PUT casting: replace semantics and episode casting ------------------------------------------


def test_put_replaces_casting_and_answers_the_body(admin_client, bd, commit):
    body = [cast(bd.hero, 2, "fixed"), cast(bd.prop)]
    response = commit(admin_client.put, casting_url(bd, bd.shot1), body, format="json")
    assert response.status_code == 200
    assert response.json() == body
    assert links_of(bd.shot1) == {
        str(bd.hero.id): (2, "fixed", None),
        str(bd.prop.id): (1, "", None),
    }
    assert nb_out(bd.shot1) == 2
    # The episode casts both assets once, marked automatic, with the shot's label.
    assert links_of(bd.episode) == {
        str(bd.hero.id): (1, "fixed", {"auto": True}),
        str(bd.prop.id): (1, "", {"auto": True}),
    }
    assert nb_out(bd.episode) == 2

    response = commit(
        admin_client.put, casting_url(bd, bd.shot1), [cast(bd.prop, 5)], format="json"
    )
    assert response.status_code == 200
    assert links_of(bd.shot1) == {str(bd.prop.id): (5, "", None)}
    assert nb_out(bd.shot1) == 1
    # Hero is no longer used by any shot of the episode: it leaves the episode.
    assert links_of(bd.episode) == {str(bd.prop.id): (1, "", {"auto": True})}
    assert nb_out(bd.episode) == 1


def test_put_events(admin_client, bd, commit):
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.hero, 2)], format="json")
    link = EntityLink.objects.get(entity_in=bd.shot1)
    shot_events = events("shot:casting-update", "entity-link:new", "asset:update")
    assert sorted(shot_events, key=lambda e: e[0]) == [
        ("asset:update", {"asset_id": str(bd.hero.id)}),
        (
            "entity-link:new",
            {
                "entity_link_id": str(link.id),
                "entity_in_id": str(bd.shot1.id),
                "entity_out_id": str(bd.hero.id),
                "nb_occurences": 2,
            },
        ),
        (
            "shot:casting-update",
            {
                "shot_id": str(bd.shot1.id),
                "nb_entities_out": 1,
                "added_asset_ids": [str(bd.hero.id)],
                "removed_asset_ids": [],
            },
        ),
    ]
    assert {str(e.project_id) for e in ApiEvent.objects.all()} == {str(bd.project.id)}

    ApiEvent.objects.all().delete()
    commit(admin_client.put, casting_url(bd, bd.shot1), [], format="json")
    assert sorted(events(), key=lambda e: e[0]) == [
        ("asset:update", {"asset_id": str(bd.hero.id)}),
        (
            "episode:casting-update",
            {
                "episode_id": str(bd.episode.id),
                "nb_entities_out": 0,
                "added_asset_ids": [],
                "removed_asset_ids": [str(bd.hero.id)],
            },
        ),
        (
            "shot:casting-update",
            {
                "shot_id": str(bd.shot1.id),
                "nb_entities_out": 0,
                "added_asset_ids": [],
                "removed_asset_ids": [str(bd.hero.id)],
            },
        ),
    ]


@pytest.mark.django_db(transaction=True)
def test_put_runs_a_fixed_number_of_queries(admin_client, bd, settings):
    """Whatever the number of assets, a shot's casting is written in a fixed number of
    queries, and its events are logged in one insert once committed."""
    settings.WEBHOOK_CACHE_SECONDS = 3600  # no webhook: read once, however slow the machine
    f.TaskFactory(entity=bd.shot1, task_type=bd.layout)
    f.TaskFactory(entity=bd.shot2, task_type=bd.layout)
    props = [f.asset(bd.project, f"Prop{index}", "Prop") for index in range(3)]
    admin_client.put(casting_url(bd, bd.shot2), [cast(bd.prop)], format="json")  # caches warmed
    with CaptureQueriesContext(connection) as one:
        response = admin_client.put(casting_url(bd, bd.shot1), [cast(bd.hero)], format="json")
    assert response.status_code == 200
    # The caller (person, revocation), the shot, BEGIN; its episode, the lock, what it cast,
    # its links removed, which assets it may cast, their episode links, the new links inserted,
    # the shot's count, the episode's count (read and written), the shot's readiness (pipeline
    # priorities, links, tasks); COMMIT, the events.
    assert len(one) == 19
    assert writes(one, "api_event") == 1
    body = [*(cast(prop) for prop in props), cast(bd.prop, 2), cast(props[0], 3)]
    with CaptureQueriesContext(connection) as five:
        assert admin_client.put(casting_url(bd, bd.shot2), body, format="json").json() == body
    # The asset named twice updates the link it just got, read before and after to announce
    # the change.
    assert len(five) == 19 + 3
    assert writes(five, "api_event") == 1
    with CaptureQueriesContext(connection) as released:
        assert admin_client.put(casting_url(bd, bd.shot1), [], format="json").json() == []
    # No asset to check nor link to insert; Hero leaves the episode: whether other shots still
    # cast it, its episode link removed.
    assert len(released) == 19
    assert links_of(bd.episode) == {
        str(asset.id): (1, "", {"auto": True}) for asset in (bd.prop, *props)
    }
    assert nb_out(bd.episode) == 4


def test_episode_keeps_assets_another_shot_uses(admin_client, bd, commit):
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.hero)], format="json")
    commit(admin_client.put, casting_url(bd, bd.shot2), [cast(bd.hero, 3)], format="json")
    commit(admin_client.put, casting_url(bd, bd.shot1), [], format="json")
    assert links_of(bd.episode) == {str(bd.hero.id): (1, "", {"auto": True})}
    commit(admin_client.put, casting_url(bd, bd.shot2), [], format="json")
    assert links_of(bd.episode) == {}


def test_episode_keeps_links_cast_by_hand_with_several_occurrences(admin_client, bd, commit):
    commit(admin_client.put, casting_url(bd, bd.episode), [cast(bd.prop, 3)], format="json")
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.prop)], format="json")
    commit(admin_client.put, casting_url(bd, bd.shot1), [], format="json")
    assert links_of(bd.episode) == {str(bd.prop.id): (3, "", None)}


def test_put_skips_incomplete_entries_and_unknown_assets(admin_client, bd, commit):
    body = [
        {"asset_id": str(bd.hero.id)},
        {"nb_occurences": 2},
        cast(bd.prop, 1),
        cast(bd.prop, 4, "x"),
        {"asset_id": "00000000-0000-0000-0000-000000000000", "nb_occurences": 1},
    ]
    response = commit(admin_client.put, casting_url(bd, bd.shot1), body, format="json")
    assert response.status_code == 200
    assert links_of(bd.shot1) == {str(bd.prop.id): (4, "x", None)}
    assert nb_out(bd.shot1) == 1
    assert [name for name, _ in events("entity-link:update")] == ["entity-link:update"]


def test_put_bad_bodies(admin_client, bd):
    response = admin_client.put(casting_url(bd, bd.shot1), {}, format="json")
    assert response.status_code == 400
    assert response.json() == {"error": True, "message": "Request body must be a JSON array"}
    response = admin_client.put(
        casting_url(bd, bd.shot1), [{"asset_id": "bad", "nb_occurences": 1}], format="json"
    )
    assert response.status_code == 400
    response = admin_client.put(
        casting_url(bd, bd.shot1), [cast(bd.hero) | {"nb_occurences": "x"}], format="json"
    )
    assert response.status_code == 400


def test_unknown_entity_and_wrong_project(admin_client, bd):
    missing = "00000000-0000-0000-0000-000000000000"
    url = f"/data/projects/{bd.project.id}/entities/{missing}/casting"
    assert admin_client.get(url).status_code == 404
    assert (
        admin_client.get(f"/data/projects/{bd.project.id}/entities/bad/casting").status_code == 404
    )
    other = f.ProjectFactory()
    response = admin_client.get(f"/data/projects/{other.id}/entities/{bd.shot1.id}/casting")
    assert response.status_code == 403


# -- GET casting ---------------------------------------------------------------------------------


def test_get_casting_rows(admin_client, bd, commit):
    bd.hero.ready_for = bd.layout
    bd.hero.source = bd.episode
    bd.hero.save()
    canceled = f.asset(bd.project, "Gone", canceled=True)
    commit(
        admin_client.put,
        casting_url(bd, bd.shot1),
        [cast(bd.prop), cast(bd.hero, 2, "fixed"), cast(canceled)],
        format="json",
    )
    response = admin_client.get(casting_url(bd, bd.shot1))
    assert response.status_code == 200
    assert response.json() == [
        {
            "asset_id": str(bd.hero.id),
            "asset_name": "Hero",
            "asset_type_name": "Character",
            "ready_for": str(bd.layout.id),
            "episode_id": str(bd.episode.id),
            "preview_file_id": None,
            "nb_occurences": 2,
            "label": "fixed",
            "is_shared": False,
            "project_id": str(bd.project.id),
        },
        {
            "asset_id": str(bd.prop.id),
            "asset_name": "Lamp",
            "asset_type_name": "Prop",
            "ready_for": None,
            "episode_id": None,
            "preview_file_id": None,
            "nb_occurences": 1,
            "label": "",
            "is_shared": False,
            "project_id": str(bd.project.id),
        },
    ]


def test_sequence_and_episode_castings(admin_client, bd, commit):
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.hero, 2, "fixed")], format="json")
    commit(admin_client.put, casting_url(bd, bd.shot2), [cast(bd.prop)], format="json")
    commit(admin_client.put, f"/data/assets/{bd.hero.id}/casting", [cast(bd.prop)], format="json")
    hero_row = {
        "asset_id": str(bd.hero.id),
        "name": "Hero",
        "asset_name": "Hero",
        "asset_type_name": "Character",
        "sequence_name": "SQ01",
        "preview_file_id": None,
        "nb_occurences": 2,
        "label": "fixed",
        "is_shared": False,
        "project_id": str(bd.project.id),
    }
    prop_row = {**hero_row, "asset_id": str(bd.prop.id), "name": "Lamp", "asset_name": "Lamp"}
    prop_row |= {"asset_type_name": "Prop", "nb_occurences": 1, "label": ""}
    expected = {str(bd.shot1.id): [hero_row], str(bd.shot2.id): [prop_row]}
    base = f"/data/projects/{bd.project.id}"
    assert admin_client.get(f"{base}/sequences/{bd.sequence.id}/casting").json() == expected
    assert admin_client.get(f"{base}/sequences/all/casting").json() == expected
    url = f"{base}/episodes/{bd.episode.id}/sequences/all/casting"
    assert admin_client.get(url).json() == expected
    other_episode = f.episode(bd.project, "E02")
    url = f"{base}/episodes/{other_episode.id}/sequences/all/casting"
    assert admin_client.get(url).json() == {}

    episodes = admin_client.get(f"{base}/episodes/casting").json()
    assert set(episodes) == {
        str(bd.shot1.id),
        str(bd.shot2.id),
        str(bd.episode.id),
        str(bd.hero.id),
    }
    assert "sequence_name" not in episodes[str(bd.shot1.id)][0]

    url = f"{base}/asset-types/{bd.hero.entity_type_id}/casting"
    assert admin_client.get(url).json() == {
        str(bd.hero.id): [
            {
                "asset_id": str(bd.prop.id),
                "name": "Lamp",
                "asset_name": "Lamp",
                "asset_type_name": "Prop",
                "preview_file_id": None,
                "nb_occurences": 1,
                "label": "",
            }
        ]
    }
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(f"{base}/sequences/{missing}/casting").status_code == 404
    assert admin_client.get(f"{base}/asset-types/{missing}/casting").status_code == 404


def _cast_shots(bd, count: int) -> None:
    for index in range(count):
        shot = f.shot(bd.project, bd.sequence, f"SH{count}-{index}")
        for asset_index in range(count):
            asset = f.asset(bd.project, f"A{count}-{index}-{asset_index}")
            EntityLink.objects.create(entity_in=shot, entity_out=asset)


@pytest.mark.parametrize(
    "path",
    [
        "sequences/{sequence}/casting",
        "sequences/all/casting",
        "episodes/{episode}/sequences/all/casting",
        "episodes/casting",
        "asset-types/{asset_type}/casting",
        "entity-links",
    ],
)
def test_casting_lists_run_a_fixed_number_of_queries(admin_client, bd, path):
    url = f"/data/projects/{bd.project.id}/" + path.format(
        sequence=bd.sequence.id, episode=bd.episode.id, asset_type=bd.hero.entity_type_id
    )
    _cast_shots(bd, 1)
    with CaptureQueriesContext(connection) as one:
        assert admin_client.get(url).status_code == 200
    _cast_shots(bd, 3)
    with CaptureQueriesContext(connection) as three:
        assert admin_client.get(url).status_code == 200
    assert len(one) == len(three)


# -- asset casting and cast-in -------------------------------------------------------------------


def test_asset_casting_put_is_validated_and_normalised(admin_client, bd, commit):
    url = f"/data/assets/{bd.hero.id}/casting"
    response = commit(
        admin_client.put, url, [{"asset_id": str(bd.prop.id), "foo": 1}], format="json"
    )
    assert response.status_code == 200
    assert response.json() == [{"asset_id": str(bd.prop.id), "nb_occurences": 1, "label": ""}]
    assert (
        "asset:casting-update",
        {
            "asset_id": str(bd.hero.id),
            "nb_entities_out": 1,
            "added_asset_ids": [str(bd.prop.id)],
            "removed_asset_ids": [],
        },
    ) in events()
    response = admin_client.put(url, [{"nb_occurences": 3}], format="json")
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": "0.asset_id", "message": "Field required"}]},
    }
    response = admin_client.put(url, {}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Request body must be a JSON array."
    assert admin_client.get(f"/data/assets/{bd.shot1.id}/casting").status_code == 404
    assert admin_client.get(url).json()[0]["asset_name"] == "Lamp"


def test_cast_in_and_assets_of_asset(admin_client, bd, commit):
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.prop)], format="json")
    commit(
        admin_client.put, f"/data/assets/{bd.hero.id}/casting", [cast(bd.prop, 2)], format="json"
    )
    response = admin_client.get(f"/data/assets/{bd.prop.id}/cast-in")
    assert response.json() == [
        {
            "shot_id": str(bd.shot1.id),
            "shot_name": "SH010",
            "sequence_name": "SQ01",
            "episode_id": str(bd.episode.id),
            "episode_name": "E01",
            "preview_file_id": None,
            "nb_occurences": 1,
        },
        {
            "asset_id": str(bd.hero.id),
            "asset_name": "Hero",
            "asset_type_name": "Character",
            "preview_file_id": None,
            "nb_occurences": 2,
        },
    ]
    assets = admin_client.get(f"/data/assets/{bd.hero.id}/assets").json()
    assert [(row["id"], row["type"], row["name"]) for row in assets] == [
        (str(bd.prop.id), "Asset", "Lamp")
    ]


# -- bulk routes ---------------------------------------------------------------------------------


def test_bulk_casting(admin_client, bd, commit):
    body = {str(bd.shot1.id): [cast(bd.hero)], str(bd.shot2.id): [cast(bd.prop, 2)]}
    url = f"/data/projects/{bd.project.id}/entities/casting"
    response = commit(admin_client.put, url, body, format="json")
    assert response.status_code == 200
    assert response.json() == body
    assert links_of(bd.shot1) == {str(bd.hero.id): (1, "", None)}
    assert links_of(bd.shot2) == {str(bd.prop.id): (2, "", None)}


def test_cast_one_asset_in_several_entities(admin_client, bd, commit):
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.prop)], format="json")
    url = f"/data/projects/{bd.project.id}/entities/casting/assets/{bd.hero.id}"
    body = {"entity_ids": [str(bd.shot1.id), str(bd.shot2.id)], "nb_occurences": 4, "label": "z"}
    response = commit(admin_client.put, url, body, format="json")
    assert response.status_code == 200
    result = response.json()
    assert set(result) == {str(bd.shot1.id), str(bd.shot2.id)}
    assert [row["asset_name"] for row in result[str(bd.shot1.id)]] == ["Hero", "Lamp"]
    assert links_of(bd.shot2) == {str(bd.hero.id): (4, "z", None)}
    assert nb_out(bd.shot1) == 2
    assert str(bd.hero.id) in links_of(bd.episode)
    response = admin_client.put(url, {"nb_occurences": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["data"] == {
        "errors": [{"field": "entity_ids", "message": "Field required"}]
    }


def test_no_occurrence_uncasts_the_asset(admin_client, bd, commit):
    """gazu's `uncast_asset` sends `nb_occurences: 0`: the asset leaves the casting."""
    url = f"/data/projects/{bd.project.id}/entities/casting/assets/{bd.hero.id}"
    both = [cast(bd.hero), cast(bd.prop)]
    commit(admin_client.put, casting_url(bd, bd.shot1), both, format="json")
    assert str(bd.hero.id) in links_of(bd.episode)
    body = {"entity_ids": [str(bd.shot1.id)], "nb_occurences": 0}
    response = commit(admin_client.put, url, body, format="json")
    assert response.status_code == 200
    assert [row["asset_name"] for row in response.json()[str(bd.shot1.id)]] == ["Lamp"]
    assert links_of(bd.shot1) == {str(bd.prop.id): (1, "", None)}
    assert nb_out(bd.shot1) == 1
    assert str(bd.hero.id) not in links_of(bd.episode)


# -- readiness -----------------------------------------------------------------------------------


def test_nb_assets_ready(admin_client, bd, commit):
    layout_task = f.TaskFactory(entity=bd.shot1, task_type=bd.layout)
    animation_task = f.TaskFactory(entity=bd.shot1, task_type=bd.animation)
    bd.hero.ready_for = bd.layout
    bd.hero.save()
    other = f.ProjectFactory()
    shared = f.asset(other, "Shared", is_shared=True)
    body = [cast(bd.hero), cast(bd.prop), cast(shared)]
    commit(admin_client.put, casting_url(bd, bd.shot1), body, format="json")
    layout_task.refresh_from_db()
    animation_task.refresh_from_db()
    # Hero is ready for layout only; Lamp for nothing; the shared asset always counts.
    assert (layout_task.nb_assets_ready, animation_task.nb_assets_ready) == (2, 1)

    bd.prop.ready_for = bd.animation
    bd.prop.save()
    casting_stats_refresh(project=bd.project, shot_ids=[bd.shot1.id])
    assert sorted(Task.objects.values_list("nb_assets_ready", flat=True)) == [2, 3]

    bd.prop.canceled = True
    bd.prop.save()
    casting_stats_refresh(project=bd.project, shot_ids=[bd.shot1.id])
    assert sorted(Task.objects.values_list("nb_assets_ready", flat=True)) == [1, 2]


def test_readiness_needs_priorities(admin_client, bd, commit):
    task = f.TaskFactory(entity=bd.shot1, task_type=bd.layout)
    bd.project.task_type_links.update(priority=None)
    bd.hero.ready_for = bd.layout
    bd.hero.save()
    commit(admin_client.put, casting_url(bd, bd.shot1), [cast(bd.hero)], format="json")
    task.refresh_from_db()
    assert task.nb_assets_ready == 0


# -- roles ---------------------------------------------------------------------------------------

READS = [
    "/data/projects/{p}/entities/{shot}/casting",
    "/data/assets/{hero}/casting",
    "/data/assets/{hero}/cast-in",
    "/data/assets/{hero}/assets",
    "/data/projects/{p}/sequences/{seq}/casting",
    "/data/projects/{p}/sequences/all/casting",
    "/data/projects/{p}/episodes/{ep}/sequences/all/casting",
    "/data/projects/{p}/episodes/casting",
    "/data/projects/{p}/asset-types/{at}/casting",
]


def _urls(bd, templates):
    return [
        t.format(
            p=bd.project.id,
            shot=bd.shot1.id,
            hero=bd.hero.id,
            seq=bd.sequence.id,
            ep=bd.episode.id,
            at=bd.hero.entity_type_id,
        )
        for t in templates
    ]


@pytest.mark.parametrize(
    ("role", "in_team", "expected"),
    [
        (Role.MANAGER, True, 200),
        (Role.SUPERVISOR, True, 200),
        (Role.USER, True, 200),
        (Role.CLIENT, True, 200),
        (Role.VENDOR, True, 403),
        (Role.MANAGER, False, 403),
    ],
)
def test_casting_reads_by_role(bd, make_person, role, in_team, expected):
    person = make_person(role=role)
    if in_team:
        f.add_to_team(bd.project, person)
    client = client_for(person)
    for url in _urls(bd, READS):
        assert client.get(url).status_code == expected, url
    # The project's link list is for its managers.
    links_url = f"/data/projects/{bd.project.id}/entity-links"
    assert client.get(links_url).status_code == (200 if role == Role.MANAGER and in_team else 403)


@pytest.mark.parametrize(
    ("role", "in_team", "expected"),
    [
        (Role.MANAGER, True, 200),
        (Role.SUPERVISOR, True, 403),
        (Role.USER, True, 403),
        (Role.CLIENT, True, 403),
        (Role.VENDOR, True, 403),
        (Role.MANAGER, False, 403),
    ],
)
def test_casting_writes_by_role(bd, make_person, role, in_team, expected):
    person = make_person(role=role)
    if in_team:
        f.add_to_team(bd.project, person)
    client = client_for(person)
    p = bd.project.id
    writes = [
        (f"/data/projects/{p}/entities/{bd.shot1.id}/casting", [cast(bd.hero)]),
        (f"/data/assets/{bd.hero.id}/casting", [cast(bd.prop)]),
        (f"/data/projects/{p}/entities/casting", {str(bd.shot2.id): [cast(bd.hero)]}),
        (
            f"/data/projects/{p}/entities/casting/assets/{bd.prop.id}",
            {"entity_ids": [str(bd.shot2.id)]},
        ),
    ]
    for url, body in writes:
        assert client.put(url, body, format="json").status_code == expected, url


def test_project_role_override_grants_manager_rights(bd, make_person):
    person = make_person(role=Role.USER)
    f.add_to_team(bd.project, person, role=Role.MANAGER)
    response = client_for(person).put(casting_url(bd, bd.shot1), [cast(bd.hero)], format="json")
    assert response.status_code == 200

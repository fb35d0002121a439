"""Asset instances: in scenes, in shots, inside assets, and the `/data/asset-instances` CRUD."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from production.models import AssetInstance
from tests.conftest import client_for
from tests.production import factories as f
from tests.production.casting_helpers import events, make_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def bd():
    return make_breakdown()


@pytest.fixture
def scene(bd):
    return f.EntityFactory(
        project=bd.project, name="SC01", entity_type=f.entity_type("Scene"), parent=bd.sequence
    )


def instance_in(scene, asset, number=1) -> AssetInstance:
    return AssetInstance.objects.create(
        asset=asset, scene=scene, number=number, name=f"{asset.name}_{number:04d}"
    )


def test_scene_instances_are_numbered(admin_client, bd, scene, django_capture_on_commit_callbacks):
    url = f"/data/scenes/{scene.id}/asset-instances"
    assert admin_client.get(url).json() == {}
    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client.post(url, {"asset_id": str(bd.hero.id), "description": "first"})
        second = admin_client.post(url, {"asset_id": str(bd.hero.id)}, format="json")
    assert first.status_code == second.status_code == 201
    body = first.json()
    assert {k: body[k] for k in body if k not in ("id", "created_at", "updated_at")} == {
        "asset_id": str(bd.hero.id),
        "name": "Hero_0001",
        "number": 1,
        "description": "first",
        "active": True,
        "data": None,
        "scene_id": str(scene.id),
        "target_asset_id": None,
        "entity_id": None,
        "entity_type_id": None,
        "type": "AssetInstance",
    }
    assert (second.json()["name"], second.json()["number"]) == ("Hero_0002", 2)
    listed = admin_client.get(url).json()
    assert [row["name"] for row in listed[str(bd.hero.id)]] == ["Hero_0001", "Hero_0002"]
    assert events()[0] == (
        "asset_instance:new",
        {"asset_instance_id": body["id"], "asset_id": str(bd.hero.id), "scene_id": str(scene.id)},
    )
    assert admin_client.get(f"/data/scenes/{scene.id}/camera-instances").json() == {}
    camera = f.asset(bd.project, "Cam", "Camera")
    admin_client.post(url, {"asset_id": str(camera.id)}, format="json")
    cameras = admin_client.get(f"/data/scenes/{scene.id}/camera-instances").json()
    assert list(cameras) == [str(camera.id)]


def test_shot_instances(admin_client, bd, scene, django_capture_on_commit_callbacks):
    instance = instance_in(scene, bd.hero)
    url = f"/data/shots/{bd.shot1.id}/asset-instances"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"asset_instance_id": str(instance.id)}, format="json")
    assert response.status_code == 201
    assert (response.json()["id"], response.json()["type"]) == (str(bd.shot1.id), "Entity")
    again = admin_client.post(url, {"asset_instance_id": str(instance.id)}, format="json")
    assert again.status_code == 400
    listed = admin_client.get(url).json()
    assert [row["id"] for row in listed[str(bd.hero.id)]] == [str(instance.id)]
    shots = admin_client.get(f"/data/assets/{bd.hero.id}/shot-asset-instances").json()
    assert [row["id"] for row in shots[str(bd.shot1.id)]] == [str(instance.id)]
    scenes = admin_client.get(f"/data/assets/{bd.hero.id}/scene-asset-instances").json()
    assert [row["id"] for row in scenes[str(scene.id)]] == [str(instance.id)]
    one = admin_client.get(f"/data/asset-instances/{instance.id}").json()
    assert one["shots"] == [str(bd.shot1.id)]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"{url}/{instance.id}")
    assert response.status_code == 204
    assert admin_client.get(url).json() == {}
    assert [name for name, _ in events()] == [
        "asset_instance:add-to-shot",
        "asset_instance:remove-from-shot",
    ]
    assert events()[0][1] == {"shot_id": str(bd.shot1.id), "asset_instance_id": str(instance.id)}
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(f"/data/shots/{bd.hero.id}/asset-instances").status_code == 404
    assert admin_client.get(f"/data/shots/{missing}/asset-instances").status_code == 404
    response = admin_client.post(url, {"asset_instance_id": missing}, format="json")
    assert response.status_code == 404


def test_asset_asset_instances(admin_client, bd, django_capture_on_commit_callbacks):
    url = f"/data/assets/{bd.hero.id}/asset-asset-instances"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            url, {"asset_to_instantiate_id": str(bd.prop.id), "description": "d"}, format="json"
        )
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["target_asset_id"], body["scene_id"]) == (
        "Lamp_0001",
        str(bd.hero.id),
        None,
    )
    assert events() == [
        (
            "asset_instance:new",
            {
                "asset_instance_id": body["id"],
                "asset_id": str(bd.hero.id),
                "asset_instantiated": str(bd.prop.id),
            },
        )
    ]
    listed = admin_client.get(url).json()
    assert [row["id"] for row in listed[str(bd.prop.id)]] == [body["id"]]


def test_instance_lists_run_a_fixed_number_of_queries(admin_client, bd, scene):
    urls = [
        f"/data/scenes/{scene.id}/asset-instances",
        f"/data/shots/{bd.shot1.id}/asset-instances",
        f"/data/assets/{bd.hero.id}/scene-asset-instances",
        f"/data/assets/{bd.hero.id}/shot-asset-instances",
    ]

    def add(count: int, start: int) -> None:
        for number in range(start, start + count):
            bd.shot1.instance_casting.add(instance_in(scene, bd.hero, number))

    add(1, 1)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        counts.append(len(queries))
    add(3, 10)
    for url, count in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        assert len(queries) == count, url


def test_crud(admin_client, bd, scene, make_person):
    instance = instance_in(scene, bd.hero)
    response = admin_client.put(
        f"/data/asset-instances/{instance.id}", {"description": "upd"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["description"] == "upd"
    assert "shots" not in response.json()
    assert [row["id"] for row in admin_client.get("/data/asset-instances").json()] == [
        str(instance.id)
    ]
    manager = make_person(role=Role.MANAGER)
    f.add_to_team(bd.project, manager)
    client = client_for(manager)
    assert client.get("/data/asset-instances").status_code == 403
    body = {"asset_id": str(bd.hero.id)}
    assert client.post("/data/asset-instances", body, format="json").status_code == 403
    assert client.delete(f"/data/asset-instances/{instance.id}").status_code == 403
    missing = "00000000-0000-0000-0000-000000000000"
    assert client.delete(f"/data/asset-instances/{missing}").status_code == 404
    assert admin_client.delete(f"/data/asset-instances/{instance.id}").status_code == 204


@pytest.mark.parametrize(
    ("role", "in_team", "read", "update", "casting_read"),
    [
        (Role.SUPERVISOR, True, 200, 200, 200),
        (Role.USER, True, 200, 200, 200),
        (Role.CLIENT, True, 200, 403, 200),
        (Role.VENDOR, True, 403, 403, 403),
        (Role.MANAGER, False, 403, 403, 403),
    ],
)
def test_roles(bd, scene, make_person, role, in_team, read, update, casting_read):
    instance = instance_in(scene, bd.hero)
    person = make_person(role=role)
    if in_team:
        f.add_to_team(bd.project, person)
    client = client_for(person)
    assert client.get(f"/data/asset-instances/{instance.id}").status_code == read
    response = client.put(f"/data/asset-instances/{instance.id}", {"active": False}, format="json")
    assert response.status_code == update
    for url in (
        f"/data/scenes/{scene.id}/asset-instances",
        f"/data/scenes/{scene.id}/camera-instances",
        f"/data/shots/{bd.shot1.id}/asset-instances",
    ):
        assert client.get(url).status_code == casting_read, url
    # The reference lets any team member (vendors included) read an asset's instances and
    # place instances.
    team = 200 if in_team else 403
    for url in (
        f"/data/assets/{bd.hero.id}/asset-asset-instances",
        f"/data/assets/{bd.hero.id}/scene-asset-instances",
        f"/data/assets/{bd.hero.id}/shot-asset-instances",
    ):
        assert client.get(url).status_code == team, url
    response = client.post(
        f"/data/scenes/{scene.id}/asset-instances", {"asset_id": str(bd.prop.id)}, format="json"
    )
    assert response.status_code == (201 if in_team else 403)

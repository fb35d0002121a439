"""`/data/entity-links` (admin CRUD) and the project link routes."""

from __future__ import annotations

import pytest

from people.models import Role
from production.models import Entity, EntityLink
from tests.conftest import client_for
from tests.production import factories as f
from tests.production.casting_helpers import events, make_breakdown

pytestmark = pytest.mark.django_db


@pytest.fixture
def bd():
    return make_breakdown()


@pytest.fixture
def link(bd):
    return EntityLink.objects.create(
        entity_in=bd.shot1, entity_out=bd.hero, nb_occurences=2, label="fixed"
    )


def test_crud_put_answers_the_wire_format(admin_client, link, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            f"/data/entity-links/{link.id}", {"nb_occurences": 5}, format="json"
        )
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in body if key not in ("created_at", "updated_at")} == {
        "entity_in_id": str(link.entity_in_id),
        "entity_out_id": str(link.entity_out_id),
        "data": None,
        "nb_occurences": 5,
        "label": "fixed",
        "id": str(link.id),
        "type": "EntityLink",
    }
    assert list(body) == [
        "entity_in_id",
        "entity_out_id",
        "data",
        "nb_occurences",
        "label",
        "id",
        "created_at",
        "updated_at",
        "type",
    ]
    assert events() == [("entity-link:update", {"entity_link_id": str(link.id)})]


def test_crud_is_admin_only(bd, link, make_person):
    manager = make_person(role=Role.MANAGER)
    f.add_to_team(bd.project, manager)
    client = client_for(manager)
    assert client.get("/data/entity-links").status_code == 403
    assert client.get(f"/data/entity-links/{link.id}").status_code == 403
    assert (
        client.put(f"/data/entity-links/{link.id}", {"label": "x"}, format="json").status_code
        == 403
    )
    assert client.delete(f"/data/entity-links/{link.id}").status_code == 403


def test_crud_list_and_errors(admin_client, link):
    assert [row["id"] for row in admin_client.get("/data/entity-links").json()] == [str(link.id)]
    assert admin_client.get("/data/entity-links/bad").status_code == 400
    missing = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(f"/data/entity-links/{missing}").status_code == 404


def test_project_links_unpaginated_and_paginated(admin_client, bd, link):
    second = EntityLink.objects.create(entity_in=bd.shot2, entity_out=bd.prop)
    EntityLink.objects.create(
        entity_in=f.asset(f.ProjectFactory(), "Elsewhere"), entity_out=bd.prop
    )
    url = f"/data/projects/{bd.project.id}/entity-links"
    rows = admin_client.get(url).json()
    assert [row["id"] for row in rows] == [str(link.id), str(second.id)]
    assert set(rows[0]) == {
        "id",
        "entity_in_id",
        "entity_out_id",
        "nb_occurences",
        "label",
        "data",
        "created_at",
        "type",
    }
    assert rows[0]["nb_occurences"] == 2

    page = admin_client.get(url, {"page": 2, "limit": 1}).json()
    assert page["total"] == 2
    assert (page["nb_pages"], page["limit"], page["offset"], page["page"]) == (2, 1, 1, 2)
    assert [row["id"] for row in page["data"]] == [str(second.id)]
    assert page["data"][0]["type"] == "EntityLink"
    response = admin_client.get(url, {"page": "abc"})
    assert response.status_code == 400
    assert response.json()["message"] == "page must be an integer."


def test_project_link_delete(admin_client, bd, link, django_capture_on_commit_callbacks):
    Entity.objects.filter(pk=bd.shot1.pk).update(nb_entities_out=1)
    url = f"/data/projects/{bd.project.id}/entity-links/{link.id}"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(url)
    assert response.status_code == 200
    assert response.json()["id"] == str(link.id)
    assert not EntityLink.objects.exists()
    assert Entity.objects.get(pk=bd.shot1.pk).nb_entities_out == 0
    assert events() == [
        (
            "shot:casting-update",
            {
                "shot_id": str(bd.shot1.id),
                "nb_entities_out": 0,
                "added_asset_ids": [],
                "removed_asset_ids": [str(bd.hero.id)],
            },
        )
    ]
    assert admin_client.delete(url).status_code == 404
    other = f.ProjectFactory()
    link2 = EntityLink.objects.create(entity_in=bd.shot1, entity_out=bd.prop)
    url = f"/data/projects/{other.id}/entity-links/{link2.id}"
    assert admin_client.delete(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.MANAGER, 200),
        (Role.SUPERVISOR, 403),
        (Role.USER, 403),
        (Role.CLIENT, 403),
        (Role.VENDOR, 403),
    ],
)
def test_project_link_routes_by_role(bd, link, make_person, role, expected):
    person = make_person(role=role)
    f.add_to_team(bd.project, person)
    client = client_for(person)
    assert client.get(f"/data/projects/{bd.project.id}/entity-links").status_code == expected
    url = f"/data/projects/{bd.project.id}/entity-links/{link.id}"
    assert client.delete(url).status_code == expected

"""`/data/departments` and `/data/studios`: CRUD, errors, events, roles, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import Department, Person
from tests.factories import DepartmentFactory, PersonFactory, StudioFactory

ROLES = ["admin", "manager", "supervisor", "user", "client", "vendor"]
FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_FOUND = {"error": True, "message": NOT_FOUND_MESSAGE}
EMPTY_BODY = (
    "Data are empty. Please verify that you sent JSON data and that you set the right headers."
)


def message(response):
    return response.json()["message"]


class TestDepartmentCreate:
    def test_created(self, admin_client):
        response = admin_client.post(
            "/data/departments", {"name": "Modeling", "color": "#123456"}, format="json"
        )
        assert response.status_code == 201
        department = Department.objects.get()
        body = response.json()
        assert body["id"] == str(department.id)
        assert {key: body[key] for key in ("name", "color", "archived", "type")} == {
            "name": "Modeling",
            "color": "#123456",
            "archived": False,
            "type": "Department",
        }

    def test_id_and_created_at_are_ignored(self, admin_client):
        response = admin_client.post(
            "/data/departments",
            {
                "name": "Modeling",
                "color": "#123456",
                "id": "11111111-1111-1111-1111-111111111111",
                "created_at": "2001-01-01T00:00:00",
            },
            format="json",
        )
        assert response.status_code == 201
        body = response.json()
        assert body["id"] != "11111111-1111-1111-1111-111111111111"
        assert body["created_at"] != "2001-01-01T00:00:00"

    def test_unknown_field(self, admin_client):
        response = admin_client.post(
            "/data/departments", {"name": "A", "color": "#000000", "foo": 1}, format="json"
        )
        assert response.status_code == 400
        assert message(response) == "'foo' is an invalid keyword argument for Department"
        assert not Department.objects.exists()

    @pytest.mark.parametrize("payload", [{}, None])
    def test_empty_body(self, admin_client, payload):
        response = admin_client.post("/data/departments", payload, format="json")
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": EMPTY_BODY, "data": None}

    def test_list_body(self, admin_client):
        response = admin_client.post(
            "/data/departments", [{"name": "A", "color": "#000000"}], format="json"
        )
        assert response.status_code == 400
        assert response.json()["error"] is True

    def test_invalid_json(self, admin_client):
        response = admin_client.post("/data/departments", "{bad", content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"] is True

    def test_duplicate_name(self, admin_client):
        DepartmentFactory(name="Modeling")
        response = admin_client.post(
            "/data/departments", {"name": "Modeling", "color": "#000000"}, format="json"
        )
        assert response.status_code == 400
        assert message(response) == "A record with the same unique values already exists."

    def test_missing_color(self, admin_client):
        response = admin_client.post("/data/departments", {"name": "Modeling"}, format="json")
        assert response.status_code == 400
        assert message(response) == "A required field is missing."

    def test_event(self, admin, admin_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/data/departments", {"name": "Modeling", "color": "#000000"}, format="json"
            )
        event = ApiEvent.objects.get()
        assert event.name == "department:new"
        assert event.data == {"department_id": response.json()["id"]}
        assert event.user_id == admin.id


class TestDepartmentRead:
    def test_one(self, admin_client):
        department = DepartmentFactory(name="Modeling")
        response = admin_client.get(f"/data/departments/{department.id}")
        assert response.status_code == 200
        assert response.json()["name"] == "Modeling"

    def test_malformed_id(self, admin_client):
        response = admin_client.get("/data/departments/abc")
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": "Malformed ID.", "data": None}

    def test_unknown_id(self, admin_client):
        response = admin_client.get("/data/departments/00000000-0000-0000-0000-000000000000")
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


class TestDepartmentUpdate:
    def test_updated(self, admin_client):
        department = DepartmentFactory(name="Modeling", color="#000000")
        Department.objects.filter(pk=department.pk).update(
            updated_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        )
        response = admin_client.put(
            f"/data/departments/{department.id}",
            {"color": "#FFFFFF", "id": "x", "foo": "bar"},
            format="json",
        )
        assert response.status_code == 200
        body = response.json()
        assert body["id"] == str(department.id)
        assert body["color"] == "#FFFFFF"
        assert "foo" not in body
        assert body["updated_at"] > "2020-01-01T00:00:00"
        department.refresh_from_db()
        assert department.color == "#FFFFFF"

    def test_duplicate_name(self, admin_client):
        DepartmentFactory(name="Animation")
        department = DepartmentFactory(name="Modeling")
        response = admin_client.put(
            f"/data/departments/{department.id}", {"name": "Animation"}, format="json"
        )
        assert response.status_code == 400
        assert message(response) == "A record with the same unique values already exists."

    def test_bad_boolean(self, admin_client):
        department = DepartmentFactory()
        response = admin_client.put(
            f"/data/departments/{department.id}", {"archived": "maybe"}, format="json"
        )
        assert response.status_code == 400

    def test_null_name(self, admin_client):
        department = DepartmentFactory()
        response = admin_client.put(
            f"/data/departments/{department.id}", {"name": None}, format="json"
        )
        assert response.status_code == 400
        assert message(response) == "A required field is missing."

    def test_unknown_id(self, admin_client):
        response = admin_client.put(
            "/data/departments/00000000-0000-0000-0000-000000000000", {"name": "x"}, format="json"
        )
        assert response.status_code == 404
        assert response.json() == NOT_FOUND

    def test_event(self, admin_client, django_capture_on_commit_callbacks):
        department = DepartmentFactory()
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.put(f"/data/departments/{department.id}", {"name": "X"}, format="json")
        event = ApiEvent.objects.get()
        assert (event.name, event.data) == (
            "department:update",
            {"department_id": str(department.id)},
        )


class TestDepartmentDelete:
    def test_deleted(self, admin_client):
        department = DepartmentFactory()
        response = admin_client.delete(f"/data/departments/{department.id}")
        assert response.status_code == 204
        assert response.content == b""
        again = admin_client.delete(f"/data/departments/{department.id}")
        assert again.status_code == 404
        assert again.json() == NOT_FOUND

    def test_with_members(self, admin_client):
        department = DepartmentFactory()
        PersonFactory().departments.add(department)
        response = admin_client.delete(f"/data/departments/{department.id}")
        assert response.status_code == 400
        assert message(response) == "The change conflicts with records referencing this one."
        assert Department.objects.filter(pk=department.pk).exists()

    def test_event(self, admin_client, django_capture_on_commit_callbacks):
        department = DepartmentFactory()
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.delete(f"/data/departments/{department.id}")
        event = ApiEvent.objects.get()
        assert (event.name, event.data) == (
            "department:delete",
            {"department_id": str(department.id)},
        )

    def test_malformed_id(self, admin_client):
        response = admin_client.delete("/data/departments/abc")
        assert response.status_code == 400
        assert message(response) == "Malformed ID."


class TestStudios:
    def test_crud(self, admin_client, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            created = admin_client.post(
                "/data/studios", {"name": "Paris", "color": "#000000"}, format="json"
            )
            assert created.status_code == 201
            studio_id = created.json()["id"]
            updated = admin_client.put(
                f"/data/studios/{studio_id}", {"name": "Lyon"}, format="json"
            )
            assert updated.status_code == 200
            assert updated.json()["name"] == "Lyon"
            assert admin_client.delete(f"/data/studios/{studio_id}").status_code == 204
        names = list(ApiEvent.objects.order_by("created_at").values_list("name", "data"))
        assert names == [
            ("studio:new", {"studio_id": studio_id}),
            ("studio:update", {"studio_id": studio_id}),
            ("studio:delete", {"studio_id": studio_id}),
        ]

    def test_delete_with_members(self, admin_client):
        studio = StudioFactory()
        PersonFactory(studio=studio)
        response = admin_client.delete(f"/data/studios/{studio.id}")
        assert response.status_code == 400
        assert message(response) == "The change conflicts with records referencing this one."

    def test_unknown_field(self, admin_client):
        response = admin_client.post(
            "/data/studios", {"name": "Paris", "color": "#000000", "foo": 1}, format="json"
        )
        assert response.status_code == 400
        assert message(response) == "'foo' is an invalid keyword argument for Studio"


@pytest.mark.parametrize(
    "resource,factory", [("departments", DepartmentFactory), ("studios", StudioFactory)]
)
class TestRoles:
    @pytest.mark.parametrize("role", ROLES)
    def test_everyone_reads(self, role_clients, resource, factory, role):
        item = factory()
        _, client = role_clients[role]
        listed = client.get(f"/data/{resource}")
        assert listed.status_code == 200
        assert [row["id"] for row in listed.json()] == [str(item.id)]
        one = client.get(f"/data/{resource}/{item.id}")
        assert one.status_code == 200

    @pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
    def test_only_admins_write(self, role_clients, resource, factory, role):
        item = factory(name="Before")
        _, client = role_clients[role]
        created = client.post(
            f"/data/{resource}", {"name": "New", "color": "#000000"}, format="json"
        )
        assert (created.status_code, created.json()) == (403, FORBIDDEN)
        updated = client.put(f"/data/{resource}/{item.id}", {"name": "After"}, format="json")
        assert (updated.status_code, updated.json()) == (403, FORBIDDEN)
        deleted = client.delete(f"/data/{resource}/{item.id}")
        assert (deleted.status_code, deleted.json()) == (403, FORBIDDEN)
        item.refresh_from_db()
        assert item.name == "Before"

    def test_admin_writes(self, role_clients, resource, factory):
        _, client = role_clients["admin"]
        created = client.post(
            f"/data/{resource}", {"name": "New", "color": "#000000"}, format="json"
        )
        assert created.status_code == 201

    def test_anonymous(self, api_client, resource, factory):
        response = api_client.get(f"/data/{resource}")
        assert response.status_code == 401


def count_queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(context.captured_queries), response


@pytest.mark.parametrize("relations", [{}, {"relations": "true"}, {"page": "1"}])
@pytest.mark.parametrize(
    "url,make",
    [
        ("/data/departments", lambda: DepartmentFactory()),
        ("/data/studios", lambda: StudioFactory()),
        (
            "/data/persons",
            lambda: PersonFactory(studio=StudioFactory()).departments.add(DepartmentFactory()),
        ),
    ],
)
def test_list_query_count_does_not_grow(admin_client, url, make, relations):
    make()
    one, response = count_queries(admin_client, url, relations)
    make()
    make()
    three, response = count_queries(admin_client, url, relations)
    assert one == three
    rows = response.json()["data"] if "page" in relations else response.json()
    assert len(rows) >= 3


def test_non_admin_person_list_query_count(role_clients):
    _, client = role_clients["user"]
    one, _ = count_queries(client, "/data/persons", {})
    for _ in range(3):
        PersonFactory().departments.add(DepartmentFactory())
    three, response = count_queries(client, "/data/persons", {})
    assert one == three
    assert len(response.json()) == Person.objects.count()


@pytest.mark.parametrize(
    "path",
    [
        "/data/departments",
        "/data/departments/",
        "/api/data/departments",
        "/api/data/departments/",
        "/api/data/studios",
        "/api/data/persons/",
        "/api/data/organisations",
    ],
)
def test_route_variants(admin_client, path):
    response = admin_client.get(path)
    assert response.status_code == 200
    assert isinstance(response.json(), list)


def test_one_under_api_with_trailing_slash(admin_client):
    department = DepartmentFactory()
    response = admin_client.get(f"/api/data/departments/{department.id}/")
    assert response.status_code == 200
    assert response.json()["id"] == str(department.id)
    response = admin_client.put(
        f"/api/data/departments/{department.id}/", {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name"] == "Renamed"

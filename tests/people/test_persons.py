"""`/data/persons`: account rules, shapes per role, protected accounts, deletion."""

import pytest
from rest_framework.test import APIClient

from kitsu_site.api.errors import FORBIDDEN_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import LoginLog, Person, Role
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory

FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
MINIMAL_KEYS = {
    "id",
    "type",
    "first_name",
    "last_name",
    "full_name",
    "has_avatar",
    "active",
    "departments",
    "studio_id",
    "role",
    "desktop_login",
    "is_bot",
}


def error(message):
    return {"error": True, "message": message, "data": None}


def new_person(**fields):
    return {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", **fields}


class TestCreate:
    def test_admin_creates_with_departments_and_password(
        self, admin, admin_client, django_capture_on_commit_callbacks
    ):
        department = DepartmentFactory()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/data/persons",
                new_person(departments=[str(department.id)], password="a good password 1"),
                format="json",
            )
        assert response.status_code == 201
        body = response.json()
        person = Person.objects.get(email="ann@example.com")
        assert body["id"] == str(person.id)
        assert body["departments"] == [str(department.id)]
        assert body["full_name"] == "Ann Lee"
        assert "password" not in body
        assert "access_token" not in body
        assert person.password != "a good password 1"
        assert person.check_password("a good password 1")
        login = APIClient().post(
            "/auth/login",
            {"email": "ann@example.com", "password": "a good password 1"},
            format="json",
        )
        assert login.status_code == 200
        event = ApiEvent.objects.get()
        assert (event.name, event.data) == ("person:new", {"person_id": str(person.id)})

    def test_without_password_cannot_log_in(self, admin_client):
        admin_client.post("/data/persons", new_person(), format="json")
        assert not Person.objects.get(email="ann@example.com").has_usable_password()

    @pytest.mark.parametrize("email", ["john.did@example.com", "JOHN.DID@example.com"])
    def test_email_already_used_by_a_human(self, admin, admin_client, email):
        response = admin_client.post("/data/persons", new_person(email=email), format="json")
        assert response.status_code == 400
        assert response.json() == error("Email already in use.")

    def test_bot_may_reuse_a_human_email_and_gets_a_token(self, admin, admin_client):
        response = admin_client.post(
            "/data/persons", new_person(email=admin.email, is_bot=True), format="json"
        )
        assert response.status_code == 201
        body = response.json()
        assert body["is_bot"] is True
        assert isinstance(body["access_token"], str) and body["access_token"]
        bot = APIClient()
        bot.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
        assert bot.get("/data/departments").status_code == 200

    def test_invalid_email(self, admin_client):
        response = admin_client.post(
            "/data/persons", new_person(email="not-an-email"), format="json"
        )
        assert response.status_code == 400
        assert not Person.objects.filter(first_name="Ann").exists()

    def test_invalid_role(self, admin_client):
        response = admin_client.post("/data/persons", new_person(role="king"), format="json")
        assert response.status_code == 400
        assert not Person.objects.filter(first_name="Ann").exists()

    def test_unknown_field(self, admin_client):
        response = admin_client.post("/data/persons", new_person(foo=1), format="json")
        assert response.status_code == 400
        assert response.json()["message"] == "'foo' is an invalid keyword argument for Person"

    def test_missing_first_name(self, admin_client):
        body = new_person()
        del body["first_name"]
        response = admin_client.post("/data/persons", body, format="json")
        assert response.status_code == 400
        assert response.json()["message"] == "A required field is missing."

    def test_user_limit(self, admin, admin_client, settings):
        settings.USER_LIMIT = 1
        response = admin_client.post("/data/persons", new_person(), format="json")
        assert response.status_code == 400
        assert response.json() == error("User limit reached.")

    def test_user_limit_ignores_bots_and_inactive(self, admin, admin_client, settings):
        settings.USER_LIMIT = 1
        PersonFactory(is_bot=True)
        PersonFactory(active=False)
        bot = admin_client.post(
            "/data/persons", new_person(email="bot@example.com", is_bot=True), format="json"
        )
        assert bot.status_code == 201
        inactive = admin_client.post("/data/persons", new_person(active=False), format="json")
        assert inactive.status_code == 201

    def test_reactivating_past_the_limit(self, admin, admin_client, settings):
        settings.USER_LIMIT = 1
        sleeper = PersonFactory(active=False)
        response = admin_client.put(f"/data/persons/{sleeper.id}", {"active": True}, format="json")
        assert response.status_code == 400
        assert response.json() == error("User limit reached.")

    @pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
    def test_non_admins_cannot_create(self, role_clients, role):
        _, client = role_clients[role]
        response = client.post("/data/persons", new_person(), format="json")
        assert response.status_code == 403
        assert response.json() == FORBIDDEN


class TestShapes:
    @pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
    def test_non_admin_list_is_minimal(self, role_clients, role):
        person, client = role_clients[role]
        department = DepartmentFactory()
        person.departments.add(department)
        rows = client.get("/data/persons").json()
        assert len(rows) == 6
        assert all(set(row) == MINIMAL_KEYS for row in rows)
        mine = next(row for row in rows if row["id"] == str(person.id))
        assert mine == {
            "id": str(person.id),
            "type": "Person",
            "first_name": person.first_name,
            "last_name": person.last_name,
            "full_name": person.full_name,
            "has_avatar": False,
            "active": True,
            "departments": [str(department.id)],
            "studio_id": None,
            "role": role,
            "desktop_login": None,
            "is_bot": False,
        }

    def test_admin_list_is_the_safe_shape(self, role_clients):
        _, client = role_clients["admin"]
        row = client.get("/data/persons").json()[0]
        assert {"email", "phone", "timezone", "locale", "created_at"} <= set(row)
        assert "departments" not in row

    @pytest.mark.parametrize(
        "role,full",
        [
            ("admin", True),
            ("manager", True),
            ("supervisor", False),
            ("user", False),
            ("client", False),
            ("vendor", False),
        ],
    )
    def test_get_one(self, role_clients, role, full):
        _, client = role_clients[role]
        other = PersonFactory(phone="0102")
        body = client.get(f"/data/persons/{other.id}").json()
        if full:
            assert body["phone"] == "0102"
            assert body["departments"] == []
            assert "password" not in body
        else:
            assert set(body) == MINIMAL_KEYS


class TestUpdate:
    def test_artist_updates_himself_but_not_his_standing(self, role_clients):
        artist, client = role_clients["user"]
        department = DepartmentFactory()
        response = client.put(
            f"/data/persons/{artist.id}",
            {
                "phone": "0607",
                "role": "admin",
                "active": False,
                "departments": [str(department.id)],
            },
            format="json",
        )
        assert response.status_code == 200
        body = response.json()
        assert body["phone"] == "0607"
        assert body["role"] == "user"
        assert body["active"] is True
        assert body["departments"] == []
        artist.refresh_from_db()
        assert (artist.phone, artist.role, artist.active) == ("0607", Role.USER, True)
        assert not artist.departments.exists()

    def test_artist_cannot_update_someone_else(self, role_clients):
        _, client = role_clients["user"]
        other = PersonFactory()
        response = client.put(f"/data/persons/{other.id}", {"phone": "1"}, format="json")
        assert response.status_code == 403
        assert response.json() == FORBIDDEN

    def test_manager_cannot_update_someone_else(self, role_clients):
        _, client = role_clients["manager"]
        other = PersonFactory()
        response = client.put(f"/data/persons/{other.id}", {"phone": "1"}, format="json")
        assert response.status_code == 403

    def test_admin_updates_role_and_departments(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        other = PersonFactory()
        department = DepartmentFactory()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.put(
                f"/data/persons/{other.id}",
                {"role": "supervisor", "departments": [str(department.id)], "id": "x"},
                format="json",
            )
        assert response.status_code == 200
        body = response.json()
        assert (body["id"], body["role"]) == (str(other.id), "supervisor")
        assert body["departments"] == [str(department.id)]
        event = ApiEvent.objects.get()
        assert (event.name, event.data) == ("person:update", {"person_id": str(other.id)})

    def test_email_clash_on_update(self, admin, admin_client):
        other = PersonFactory()
        response = admin_client.put(
            f"/data/persons/{other.id}", {"email": admin.email}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == error("Email already in use.")

    def test_password_is_hashed_on_update(self, admin_client):
        other = PersonFactory()
        response = admin_client.put(
            f"/data/persons/{other.id}", {"password": "another password 2"}, format="json"
        )
        assert response.status_code == 200
        assert "password" not in response.json()
        other.refresh_from_db()
        assert other.check_password("another password 2")


class TestProtectedAccounts:
    @pytest.fixture
    def protected(self, settings):
        settings.PROTECTED_ACCOUNTS = ["boss@example.com"]
        return PersonFactory(role=Role.ADMIN, email="boss@example.com")

    @pytest.mark.parametrize("change", [{"active": False}, {"role": "user"}])
    def test_another_admin_cannot_change_standing(self, admin_client, protected, change):
        response = admin_client.put(f"/data/persons/{protected.id}", change, format="json")
        assert response.status_code == 403
        protected.refresh_from_db()
        assert (protected.active, protected.role) == (True, Role.ADMIN)

    def test_another_admin_may_change_other_fields(self, admin_client, protected):
        response = admin_client.put(f"/data/persons/{protected.id}", {"phone": "1"}, format="json")
        assert response.status_code == 200

    def test_cannot_be_deleted(self, admin_client, protected):
        response = admin_client.delete(f"/data/persons/{protected.id}")
        assert response.status_code == 403
        assert Person.objects.filter(pk=protected.pk).exists()


class TestDelete:
    def test_deleted(self, admin_client, django_capture_on_commit_callbacks):
        other = PersonFactory()
        other.departments.add(DepartmentFactory())
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.delete(f"/data/persons/{other.id}")
        assert response.status_code == 204
        assert response.content == b""
        assert not Person.objects.filter(pk=other.pk).exists()
        event = ApiEvent.objects.get()
        assert (event.name, event.data) == ("person:delete", {"person_id": str(other.id)})

    def test_admin_cannot_delete_himself(self, admin, admin_client):
        response = admin_client.delete(f"/data/persons/{admin.id}")
        assert response.status_code == 403
        assert response.json() == FORBIDDEN

    def test_login_history_blocks_unless_forced(self, admin_client):
        other = PersonFactory()
        LoginLog.objects.create(person=other, origin="web")
        response = admin_client.delete(f"/data/persons/{other.id}")
        assert response.status_code == 400
        assert response.json() == error("Some data are still linked to given person.")
        forced = admin_client.delete(f"/data/persons/{other.id}?force=true")
        assert forced.status_code == 204
        assert not Person.objects.filter(pk=other.pk).exists()

    @pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
    def test_non_admins_cannot_delete(self, role_clients, role):
        _, client = role_clients[role]
        other = PersonFactory()
        response = client.delete(f"/data/persons/{other.id}")
        assert response.status_code == 403
        assert response.json() == FORBIDDEN


def test_deleted_person_token_stops_working(admin_client):
    other = PersonFactory()
    client = client_for(other)
    assert client.get("/data/departments").status_code == 200
    admin_client.delete(f"/data/persons/{other.id}")
    assert client.get("/data/departments").status_code == 401

"""The reference list semantics of `/data/<model>`: filters, IN lists, patterns, pagination."""

import json

import pytest

from kitsu_site.api.errors import INVALID_FORMAT_MESSAGE
from people.models import Department, Person
from tests.factories import DepartmentFactory, PersonFactory, StudioFactory


def error(message):
    return {"error": True, "message": message, "data": None}


def ids(response):
    return [row["id"] for row in response.json()]


@pytest.fixture
def people(admin):
    """Three more persons created after the admin, in a known order."""
    studio = StudioFactory(name="Paris")
    department = DepartmentFactory(name="Modeling")
    alice = PersonFactory(first_name="Alice", studio=studio)
    bob = PersonFactory(first_name="Bob", is_bot=True)
    carol = PersonFactory(first_name="Carol", phone="0102")
    alice.departments.add(department)
    return {"studio": studio, "department": department, "alice": alice, "bob": bob, "carol": carol}


class TestPersonFilters:
    def test_no_query_is_a_bare_array_in_creation_order(self, admin, admin_client, people):
        response = admin_client.get("/data/persons")
        assert response.status_code == 200
        assert ids(response) == [
            str(person.id) for person in (admin, people["alice"], people["bob"], people["carol"])
        ]

    def test_column_equality(self, admin_client, people):
        response = admin_client.get("/data/persons", {"first_name": "Alice"})
        assert ids(response) == [str(people["alice"].id)]

    @pytest.mark.parametrize("value", ["false", "False", "FALSE", "0"])
    def test_boolean_false_spellings(self, admin_client, people, value):
        response = admin_client.get("/data/persons", {"is_bot": value})
        assert response.status_code == 200
        assert str(people["bob"].id) not in ids(response)
        assert len(response.json()) == 3

    def test_boolean_true(self, admin_client, people):
        response = admin_client.get("/data/persons", {"is_bot": "true"})
        assert ids(response) == [str(people["bob"].id)]

    def test_foreign_key_filter(self, admin_client, people):
        response = admin_client.get("/data/persons", {"studio_id": str(people["studio"].id)})
        assert ids(response) == [str(people["alice"].id)]

    def test_many_to_many_relation_filter(self, admin_client, people):
        other = DepartmentFactory()
        people["alice"].departments.add(other)
        response = admin_client.get("/data/persons", {"departments": str(people["department"].id)})
        assert ids(response) == [str(people["alice"].id)]

    def test_full_name_is_an_exact_match(self, admin_client, people):
        alice = people["alice"]
        response = admin_client.get("/data/persons", {"full_name": alice.full_name})
        assert ids(response) == [str(alice.id)]
        response = admin_client.get("/data/persons", {"full_name": alice.full_name.lower()})
        assert response.json() == []

    def test_full_name_for_non_admins(self, role_clients, people):
        _, client = role_clients["user"]
        response = client.get("/data/persons", {"full_name": people["carol"].full_name})
        assert ids(response) == [str(people["carol"].id)]

    def test_json_list_is_an_in_filter(self, admin_client, people):
        wanted = [str(people["alice"].id), str(people["carol"].id)]
        response = admin_client.get("/data/persons", {"id": json.dumps(wanted)})
        assert response.status_code == 200
        assert ids(response) == wanted

    def test_empty_json_list_matches_nothing(self, admin_client, people):
        response = admin_client.get("/data/persons", {"id": "[]"})
        assert response.status_code == 200
        assert response.json() == []

    def test_malformed_list(self, admin_client, people):
        response = admin_client.get("/data/persons", {"id": '["abc"'})
        assert response.status_code == 400
        assert response.json() == error("Malformed list filter for field id.")

    def test_bad_uuid(self, admin_client, people):
        response = admin_client.get("/data/persons", {"id": "abc"})
        assert response.status_code == 400
        assert response.json() == error("Invalid UUID value: abc")

    def test_bad_uuid_inside_a_list(self, admin_client, people):
        response = admin_client.get("/data/persons", {"id": '["a"]'})
        assert response.status_code == 400
        assert response.json() == error("Invalid UUID value: a")

    def test_bad_boolean(self, admin_client, people):
        response = admin_client.get("/data/persons", {"is_bot": "maybe"})
        assert response.status_code == 400
        assert response.json() == error("Invalid boolean value: maybe")

    @pytest.mark.parametrize(
        "key,value",
        [
            ("created_at", "yesterday"),
            ("daily_salary", "abc"),
            ("daily_salary", str(2**70)),
            ("departments", "abc"),
            ("first_name", "nul\x00byte"),
            ("id", '["nul\\u0000byte"]'),
        ],
    )
    def test_value_of_the_wrong_type(self, admin_client, people, key, value):
        response = admin_client.get("/data/persons", {key: value})
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": INVALID_FORMAT_MESSAGE}

    def test_unknown_keys_are_ignored(self, admin_client, people):
        response = admin_client.get("/data/persons", {"foo": "bar", "first_name": "Carol"})
        assert response.status_code == 200
        assert ids(response) == [str(people["carol"].id)]

    @pytest.mark.parametrize(
        "column",
        [
            "password",
            "totp_secret",
            "email_otp_secret",
            "otp_recovery_codes",
            "fido_credentials",
            "jti",
            "login_failed_attemps",
            "last_login_failed",
        ],
    )
    def test_private_columns_cannot_be_filtered(self, admin_client, people, column):
        response = admin_client.get("/data/persons", {column: "x"})
        assert response.status_code == 400
        assert response.json() == error(f"Filtering on {column} is not allowed.")

    def test_non_admins_cannot_filter_on_phone(self, role_clients, people):
        _, client = role_clients["user"]
        response = client.get("/data/persons", {"phone": "0102"})
        assert response.status_code == 400
        assert response.json() == error("Filtering on phone is not allowed.")

    def test_non_admins_may_filter_on_email(self, role_clients, people):
        _, client = role_clients["user"]
        response = client.get("/data/persons", {"email": people["carol"].email})
        assert response.status_code == 200
        assert ids(response) == [str(people["carol"].id)]

    def test_admins_may_filter_on_phone(self, admin_client, people):
        response = admin_client.get("/data/persons", {"phone": "0102"})
        assert ids(response) == [str(people["carol"].id)]

    def test_fields_trims_rows(self, admin, admin_client):
        response = admin_client.get("/data/persons", {"fields": "first_name"})
        assert response.status_code == 200
        assert response.json() == [{"first_name": "John", "id": str(admin.id), "type": "Person"}]

    def test_unknown_field_names_leave_id_and_type(self, admin, admin_client):
        response = admin_client.get("/data/persons", {"fields": "nothing"})
        assert response.json() == [{"id": str(admin.id), "type": "Person"}]

    def test_relations_adds_department_ids(self, admin_client, people):
        response = admin_client.get("/data/persons", {"relations": "true", "first_name": "Alice"})
        assert response.json()[0]["departments"] == [str(people["department"].id)]

    @pytest.mark.parametrize("value", ["false", "1", "maybe"])
    def test_only_true_asks_for_relations(self, admin_client, people, value):
        response = admin_client.get("/data/persons", {"relations": value, "first_name": "Alice"})
        assert response.status_code == 200
        assert "departments" not in response.json()[0]

    def test_without_relations_no_department_key(self, admin_client, people):
        response = admin_client.get("/data/persons", {"first_name": "Alice"})
        assert "departments" not in response.json()[0]


class TestDepartmentFilters:
    def test_name_is_case_insensitive(self, admin_client):
        modeling = DepartmentFactory(name="Modeling")
        DepartmentFactory(name="Animation")
        response = admin_client.get("/data/departments", {"name": "modeling"})
        assert ids(response) == [str(modeling.id)]

    def test_name_is_a_pattern(self, admin_client):
        first = DepartmentFactory(name="Compositing")
        second = DepartmentFactory(name="COMP")
        DepartmentFactory(name="Layout")
        response = admin_client.get("/data/departments", {"name": "comp%"})
        assert sorted(ids(response)) == sorted([str(first.id), str(second.id)])

    def test_no_query_in_creation_order(self, admin_client):
        created = [DepartmentFactory(name=name) for name in ("Z", "A", "M")]
        response = admin_client.get("/data/departments")
        assert ids(response) == [str(department.id) for department in created]

    def test_name_with_a_nul_byte(self, admin_client):
        response = admin_client.get("/data/departments", {"name": "a\x00b"})
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": INVALID_FORMAT_MESSAGE}

    def test_archived_filter(self, admin_client):
        DepartmentFactory(name="Old", archived=True)
        current = DepartmentFactory(name="New")
        response = admin_client.get("/data/departments", {"archived": "False"})
        assert ids(response) == [str(current.id)]


@pytest.fixture
def many_persons(admin):
    """251 persons in all (the admin and 250 more), created in one query."""
    Person.objects.bulk_create(
        Person(first_name=f"P{index}", last_name="Bulk", email=f"bulk{index}@example.com")
        for index in range(250)
    )
    assert Person.objects.count() == 251


class TestPagination:
    def envelope(self, response):
        return {key: value for key, value in response.json().items() if key != "data"}

    def test_first_page(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 1})
        assert response.status_code == 200
        assert len(response.json()["data"]) == 100
        assert self.envelope(response) == {
            "total": 251,
            "nb_pages": 3,
            "limit": 100,
            "offset": 0,
            "page": 1,
        }

    def test_second_page(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 2})
        assert len(response.json()["data"]) == 100
        assert self.envelope(response)["offset"] == 100

    def test_last_page(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 3})
        assert len(response.json()["data"]) == 51
        assert self.envelope(response)["offset"] == 200

    def test_pages_do_not_overlap(self, admin_client, many_persons):
        seen = []
        for page in (1, 2, 3):
            seen += [
                row["id"]
                for row in admin_client.get("/data/persons", {"page": page}).json()["data"]
            ]
        assert len(seen) == len(set(seen)) == 251

    def test_beyond_the_end(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 4})
        assert response.json() == {
            "data": [],
            "total": 251,
            "nb_pages": 3,
            "limit": 100,
            "offset": 300,
            "page": 4,
        }

    def test_page_zero(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 0})
        assert response.json() == {
            "data": [],
            "total": 251,
            "nb_pages": 3,
            "limit": 100,
            "offset": -100,
            "page": 0,
        }

    def test_limit(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 2, "limit": 10})
        assert len(response.json()["data"]) == 10
        assert self.envelope(response) == {
            "total": 251,
            "nb_pages": 26,
            "limit": 10,
            "offset": 10,
            "page": 2,
        }

    def test_limit_zero_means_the_default(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 1, "limit": 0})
        assert self.envelope(response)["limit"] == 100

    def test_negative_limit(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 1, "limit": -1})
        assert response.status_code == 400
        assert response.json() == error("limit must be a positive integer.")

    def test_huge_page_beyond_the_end(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 2**31 - 1})
        assert response.status_code == 200
        assert response.json()["data"] == []

    def test_huge_limit(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 1, "limit": 2**31 - 1})
        assert response.status_code == 200
        assert len(response.json()["data"]) == 251

    @pytest.mark.parametrize("key", ["page", "limit"])
    def test_numbers_past_32_bits(self, admin_client, many_persons, key):
        response = admin_client.get("/data/persons", {"page": 1, key: str(10**30)})
        assert response.status_code == 400
        assert response.json() == {"error": True, "message": INVALID_FORMAT_MESSAGE}

    def test_filters_apply_to_totals(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": 1, "last_name": "Bulk"})
        assert self.envelope(response)["total"] == 250

    def test_negative_page_is_unpaginated(self, admin_client, many_persons):
        response = admin_client.get("/data/persons", {"page": -1})
        assert isinstance(response.json(), list)
        assert len(response.json()) == 251

    def test_page_must_be_an_integer(self, admin_client):
        response = admin_client.get("/data/persons", {"page": "foo"})
        assert response.status_code == 400
        assert response.json() == error("page must be an integer.")

    def test_limit_must_be_an_integer(self, admin_client):
        response = admin_client.get("/data/persons", {"page": 1, "limit": "abc"})
        assert response.status_code == 400
        assert response.json() == error("limit must be an integer.")

    def test_departments_envelope(self, admin_client):
        Department.objects.bulk_create(
            Department(name=f"D{index}", color="#000000") for index in range(3)
        )
        response = admin_client.get("/data/departments", {"page": 1, "limit": 2})
        assert len(response.json()["data"]) == 2
        assert self.envelope(response) == {
            "total": 3,
            "nb_pages": 2,
            "limit": 2,
            "offset": 0,
            "page": 1,
        }

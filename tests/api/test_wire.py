"""The reference wire format: ids, datetimes, types, computed and null values, no secrets."""

import datetime as dt
import re
import uuid

import pytest

from kitsu_site.api.wire import WireFormat, wire_datetime, wire_value
from people.models import Department, Person
from tests.factories import DepartmentFactory, PersonFactory, StudioFactory

DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
SECRETS = (
    "password",
    "totp_secret",
    "jti",
    "otp_recovery_codes",
    "fido_credentials",
    "login_failed_attemps",
    "last_login_failed",
    "email_otp_secret",
    "last_login",
)


def test_wire_datetime_is_utc_without_microseconds_or_zone():
    paris = dt.timezone(dt.timedelta(hours=2))
    value = dt.datetime(2024, 1, 15, 12, 30, 5, 123456, tzinfo=paris)
    assert wire_datetime(value) == "2024-01-15T10:30:05"
    assert wire_datetime(dt.datetime(2024, 1, 15, 10, 30, 5, 999)) == "2024-01-15T10:30:05"
    assert wire_datetime(None) is None


def test_wire_value_converts_nested_values():
    some_id = uuid.uuid4()
    value = {"id": some_id, "day": dt.date(2024, 2, 29), "list": [some_id], "n": 1}
    assert wire_value(value) == {
        "id": str(some_id),
        "day": "2024-02-29",
        "list": [str(some_id)],
        "n": 1,
    }


def test_instance_and_rows_agree(db):
    department = DepartmentFactory(name="Modeling")
    wire = WireFormat(Department)
    assert wire.rows(Department.objects.all()) == [wire.instance(department)]


def test_department_shape(admin_client):
    department = DepartmentFactory(name="Modeling", color="#123456")
    body = admin_client.get(f"/data/departments/{department.id}").json()
    assert body == {
        "name": "Modeling",
        "color": "#123456",
        "archived": False,
        "id": str(department.id),
        "created_at": department.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "updated_at": department.updated_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "type": "Department",
    }


def test_studio_type(admin_client):
    StudioFactory(name="Paris")
    body = admin_client.get("/data/studios").json()
    assert [(row["name"], row["type"]) for row in body] == [("Paris", "Studio")]


def test_organisation_type(admin_client):
    body = admin_client.get("/data/organisations").json()
    assert [row["type"] for row in body] == ["Organisation"]


@pytest.fixture
def person(admin):
    studio = StudioFactory()
    person = PersonFactory(
        first_name="Ada", last_name="Lovelace", studio=studio, totp_secret="S3CRET"
    )
    Person.objects.filter(pk=person.pk).update(
        created_at=dt.datetime(2024, 1, 15, 10, 30, 0, 654321, tzinfo=dt.UTC),
        jti="some-jti",
        login_failed_attemps=2,
        last_login_failed=dt.datetime(2024, 1, 15, tzinfo=dt.UTC),
    )
    return person


def test_person_in_a_list(admin_client, person):
    rows = admin_client.get("/data/persons", {"first_name": "Ada"}).json()
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == str(person.id)
    assert row["studio_id"] == str(person.studio_id)
    assert row["type"] == "Person"
    assert row["full_name"] == "Ada Lovelace"
    assert row["created_at"] == "2024-01-15T10:30:00"
    assert DATETIME.match(row["updated_at"])
    assert row["phone"] is None
    assert row["last_presence"] is None
    assert row["data"] is None
    for secret in SECRETS:
        assert secret not in row


@pytest.mark.parametrize("relations", ["true", "false"])
def test_person_alone_has_no_secrets(admin_client, person, relations):
    body = admin_client.get(f"/data/persons/{person.id}", {"relations": relations}).json()
    assert body["created_at"] == "2024-01-15T10:30:00"
    assert body["full_name"] == "Ada Lovelace"
    for secret in SECRETS:
        assert secret not in body


def test_full_name_skips_missing_parts(admin_client):
    person = PersonFactory(first_name="Cher", last_name="")
    body = admin_client.get(f"/data/persons/{person.id}").json()
    assert body["full_name"] == "Cher"


def test_relations_are_id_strings(admin_client, person):
    department = DepartmentFactory()
    person.departments.add(department)
    body = admin_client.get(f"/data/persons/{person.id}").json()
    assert body["departments"] == [str(department.id)]


def test_list_with_relations_gives_empty_lists(admin, admin_client):
    rows = admin_client.get("/data/persons", {"relations": "true"}).json()
    assert rows[0]["departments"] == []

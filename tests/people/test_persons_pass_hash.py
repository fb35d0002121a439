"""`GET /data/persons?with_pass_hash=true`: admins get each person's password hash as the
reference writes it (instance migrations); nobody else ever gets one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Person, Role
from tests.conftest import client_for
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BCRYPT_HASH = "$2b$12$2eq9N7jJI9GyP8v0Pq9l6u9L2Wtd.tZLn2GvxtYhMzNx3mhSrgY0G"
SECRETS = {"totp_secret", "email_otp_secret", "otp_recovery_codes", "fido_credentials", "jti"}


@pytest.fixture
def persons(admin):
    copied = PersonFactory(email="copied@example.com")
    Person.objects.filter(pk=copied.pk).update(password=f"bcrypt${BCRYPT_HASH}")
    local = PersonFactory(email="local@example.com")
    without = PersonFactory(email="without@example.com")
    without.set_unusable_password()
    without.save()
    return {"copied": copied, "local": local, "without": without}


def hashes(body, admin):
    return {row["email"]: row["password"] for row in body if row["id"] != str(admin.id)}


def test_admins_get_the_password_hashes(admin, admin_client, persons):
    response = admin_client.get("/data/persons?with_pass_hash=true")
    assert response.status_code == 200
    local = Person.objects.get(email="local@example.com")  # hashed here: passed as stored
    assert hashes(response.json(), admin) == {
        "copied@example.com": BCRYPT_HASH,
        "local@example.com": local.password,
        "without@example.com": None,
    }
    row = response.json()[0]
    assert not SECRETS & set(row)
    assert row["full_name"] and row["type"] == "Person"


def test_the_hash_comes_with_the_usual_shape_and_relations(admin_client, persons):
    plain = admin_client.get("/data/persons?relations=true").json()
    with_hash = admin_client.get("/data/persons?with_pass_hash=True&relations=true").json()
    assert [set(row) - {"password"} for row in with_hash] == [set(row) for row in plain]
    assert all("password" in row for row in with_hash)


@pytest.mark.parametrize("value", ["1", "yes", "false", ""])
def test_only_true_asks_for_the_hashes(admin_client, persons, value):
    body = admin_client.get(f"/data/persons?with_pass_hash={value}").json()
    assert all("password" not in row for row in body)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.CLIENT])
def test_nobody_else_gets_a_hash(persons, role):
    client = client_for(PersonFactory(role=role))
    response = client.get("/data/persons?with_pass_hash=true")
    assert response.status_code == 200
    assert all("password" not in row for row in response.json())


def test_one_person_never_comes_with_a_hash(admin_client, persons):
    response = admin_client.get(f"/data/persons/{persons['copied'].id}?with_pass_hash=true")
    assert response.status_code == 200
    assert "password" not in response.json()


def test_the_list_with_hashes_runs_fixed_queries(
    admin_client, persons, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        admin_client.get("/data/persons?with_pass_hash=true&relations=true")
    PersonFactory.create_batch(3)
    with django_assert_max_num_queries(len(few)):
        response = admin_client.get("/data/persons?with_pass_hash=true&relations=true")
    assert len(response.json()) == 7

"""CSV import of persons: creation, update by e-mail, choices, studios and departments."""

import pytest

from people.models import Person
from tests.factories import DepartmentFactory, StudioFactory
from tests.imports.csv_helpers import post_csv

pytestmark = pytest.mark.django_db

PATH = "/import/csv/persons"
HEADER = (
    "First Name,Last Name,Email,Phone,Role,Contract Type,Position,Seniority,Country,"
    "Daily Salary,Studio,Departments,Active\n"
)


@pytest.fixture
def structure():
    return StudioFactory(name="Paris"), DepartmentFactory(name="Modeling")


def fields(row: dict) -> tuple:
    return tuple(
        row[key]
        for key in (
            "first_name",
            "email",
            "phone",
            "role",
            "contract_type",
            "position",
            "seniority",
            "country",
            "daily_salary",
            "active",
        )
    )


def test_persons_are_created_without_password(admin_client, structure):
    studio, modeling = structure
    text = HEADER + (
        "Ann,Lee,ann@example.com,0123,Supervisor,freelance,lead,Senior,fr,300,Paris,Modeling,true\n"
        "Bob,Ray,bob@example.com,,,,,,,,,,\n"
    )

    response = post_csv(admin_client, PATH, text)

    assert response.status_code == 201, response.json()
    ann, bob = response.json()
    assert fields(ann) == (
        "Ann", "ann@example.com", "0123", "supervisor", "freelance", "lead", "senior", "FR",
        300, True,
    )  # fmt: skip
    assert fields(bob) == (
        "Bob", "bob@example.com", None, "user", "open-ended", "artist", "mid", None, 0, True,
    )  # fmt: skip
    assert ann["type"] == "Person"
    assert ann["full_name"] == "Ann Lee"
    assert ann["studio_id"] == str(studio.id)
    person = Person.objects.get(email="ann@example.com")
    assert list(person.departments.all()) == [modeling]
    assert not person.has_usable_password()


def test_existing_persons_change_only_with_update(admin_client, structure):
    post_csv(admin_client, PATH, HEADER + "Ann,Lee,ann@example.com,0123,,,,,,,,,\n")
    again = "First Name,Last Name,Email,Phone,Role,Active\nAnn,Lee,ANN@example.com,999,manager,no\n"

    kept = post_csv(admin_client, PATH, again)
    changed = post_csv(admin_client, PATH + "?update=true", again)

    assert (kept.json()[0]["phone"], kept.json()[0]["role"]) == ("0123", "user")
    assert fields(changed.json()[0])[2:4] == ("999", "manager")
    assert changed.json()[0]["active"] is False
    assert Person.objects.filter(email__iexact="ann@example.com").count() == 1


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Role", "Wizard", "A value is invalid: Role: Wizard (accepted values: Studio Manager, "
         "Production Manager, Supervisor, Artist, Client, Vendor)"),
        ("Studio", "Nowhere", "Studio not found: Nowhere"),
        ("Departments", "Modeling, Rigging", "Department not found: Rigging"),
        ("Daily Salary", "abc", "A value is invalid: Daily Salary: abc"),
        ("Phone", "", "Email cannot be empty"),
    ],
)  # fmt: skip
def test_bad_row_is_refused_and_nothing_is_kept(admin_client, structure, column, value, message):
    email = "" if message.startswith("Email") else "cid@example.com"
    text = (
        f"First Name,Last Name,Email,{column}\n"
        f'Ann,Lee,ann@example.com,\nCid,Moe,{email},"{value}"\n'
    )

    response = post_csv(admin_client, PATH, text)

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": message,
        "line_number": 3,
        "imported_rows": 0,
    }
    assert not Person.objects.filter(email="ann@example.com").exists()


def test_missing_email_column(admin_client):
    response = post_csv(admin_client, PATH, "First Name,Last Name\nAnn,Lee\n")

    assert response.json()["message"] == "A columns is missing: 'Email'"


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
def test_only_studio_managers_import_persons(role_clients, role):
    _, client = role_clients[role]

    response = post_csv(client, PATH, HEADER)

    assert response.status_code == 403
    assert not Person.objects.filter(email="ann@example.com").exists()

"""The official Python client against a live server, under /api as deployments serve it."""

import gazu
import pytest
from gazu.exception import AuthFailedException, NotAllowedException, NotAuthenticatedException

from people.models import Role
from tests.factories import DEFAULT_PASSWORD, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_host_checks(gazu_host):
    assert gazu.client.host_is_up()
    assert gazu.client.host_is_valid()
    assert gazu.client.get_api_version() == "1.0.97"


def test_admin_session_manages_people(gazu_host):
    PersonFactory(role=Role.ADMIN, email="admin@studio.example", first_name="Ada", last_name="Min")
    gazu.log_in("admin@studio.example", DEFAULT_PASSWORD)
    assert gazu.client.get_current_user()["full_name"] == "Ada Min"

    modeling = gazu.person.new_department("Modeling", "#FF0000")
    assert gazu.person.new_department("Modeling")["id"] == modeling["id"]  # found, not duplicated
    assert gazu.person.get_department_by_name("modeling")["id"] == modeling["id"]

    jane = gazu.person.new_person(
        "Jane", "Doe", "jane@studio.example", departments=[modeling], password="jane-password-1"
    )
    assert jane["departments"] == [modeling["id"]]
    assert gazu.person.new_person("Jane", "Doe", "jane@studio.example")["id"] == jane["id"]
    assert gazu.person.get_person_by_email("jane@studio.example")["id"] == jane["id"]
    assert gazu.person.get_person_by_full_name("Jane Doe")["id"] == jane["id"]
    assert {person["email"] for person in gazu.person.all_persons()} == {
        "admin@studio.example",
        "jane@studio.example",
    }
    gazu.log_out()

    gazu.log_in("jane@studio.example", "jane-password-1")
    assert gazu.client.get_current_user()["role"] == "user"
    with pytest.raises(NotAllowedException):
        gazu.person.new_department("Lighting")
    with pytest.raises(NotAllowedException):
        gazu.client.post("data/persons", {"first_name": "X", "last_name": "Y", "email": "x@y.z"})


def test_logged_out_token_is_refused(gazu_host):
    PersonFactory(role=Role.USER, email="artist@studio.example")
    tokens = gazu.log_in("artist@studio.example", DEFAULT_PASSWORD)
    assert gazu.client.get_current_user()["email"] == "artist@studio.example"
    gazu.log_out()
    gazu.client.set_tokens(tokens)
    with pytest.raises(NotAuthenticatedException):
        gazu.client.get_current_user()


def test_wrong_password_is_refused(gazu_host):
    PersonFactory(role=Role.USER, email="artist@studio.example")
    with pytest.raises(AuthFailedException):
        gazu.log_in("artist@studio.example", "not the password")

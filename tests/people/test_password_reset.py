"""Changing one's password, and resetting a forgotten one with a mailed token."""

import datetime as dt
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import Person
from tests.conftest import client_for
from tests.factories import DEFAULT_PASSWORD, PersonFactory

NEW_PASSWORD = "a brand new secret"
WRONG_TOKEN = {"error": True, "message": "Wrong or expired token."}


def login(password: str, email: str = "ann@example.com"):
    return APIClient().post("/auth/login", {"email": email, "password": password}, "json")


@pytest.fixture
def artist(db) -> Person:
    return PersonFactory(email="ann@example.com")


@pytest.fixture
def artist_client(artist) -> APIClient:
    return client_for(artist)


def change(client: APIClient, old: str, password: str, confirmation: str | None = None):
    payload = {
        "old_password": old,
        "password": password,
        "password_2": password if confirmation is None else confirmation,
    }
    return client.post("/auth/change-password", payload, "json")


# -- change ------------------------------------------------------------------------------------
def test_change_password(artist_client, artist):
    response = change(artist_client, DEFAULT_PASSWORD, NEW_PASSWORD)

    assert (response.status_code, response.json()) == (200, {"success": True})
    assert login(NEW_PASSWORD).status_code == 200
    assert login(DEFAULT_PASSWORD).status_code == 400
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.com"]


@pytest.mark.parametrize(
    ("old", "password", "confirmation", "message"),
    [
        ("not the password", NEW_PASSWORD, NEW_PASSWORD, "Old password is wrong."),
        (DEFAULT_PASSWORD, "short", "short", "Password is too short."),
        (
            DEFAULT_PASSWORD,
            NEW_PASSWORD,
            NEW_PASSWORD + "!",
            "Confirmation password doesn't match.",
        ),
        # The length is checked before the confirmation.
        (DEFAULT_PASSWORD, "short", "shorter", "Password is too short."),
    ],
)
def test_change_password_refusals(artist_client, artist, old, password, confirmation, message):
    response = change(artist_client, old, password, confirmation)

    assert (response.status_code, response.json()) == (400, {"error": True, "message": message})
    assert login(DEFAULT_PASSWORD).status_code == 200
    assert mail.outbox == []


def test_change_password_missing_fields(artist_client):
    response = artist_client.post("/auth/change-password", {}, "json")

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {
            "errors": [
                {"field": "old_password", "message": "Field required"},
                {"field": "password", "message": "Field required"},
                {"field": "password_2", "message": "Field required"},
            ]
        },
    }


def test_wrong_old_passwords_count_toward_lockout(artist_client, artist):
    for _ in range(5):
        assert change(artist_client, "not the password", NEW_PASSWORD).status_code == 400

    locked = change(artist_client, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert (locked.status_code, locked.json()) == (
        400,
        {
            "error": True,
            "message": "Too many failed login attempts.",
            "too_many_failed_login_attemps": True,
        },
    )
    assert login(DEFAULT_PASSWORD).json()["too_many_failed_login_attemps"] is True


def test_change_password_needs_a_token(db):
    response = change(APIClient(), DEFAULT_PASSWORD, NEW_PASSWORD)

    assert response.status_code == 401


# -- reset -------------------------------------------------------------------------------------
def request_reset(email: str):
    return APIClient().post("/auth/reset-password", {"email": email}, "json")


def reset(email: str, token: str, password: str = NEW_PASSWORD, confirmation: str | None = None):
    payload = {
        "email": email,
        "token": token,
        "password": password,
        "password2": password if confirmation is None else confirmation,
    }
    return APIClient().put("/auth/reset-password", payload, "json")


def mailed_token() -> str:
    match = re.search(r"/reset-change-password/([^?\s]+)\?email=", mail.outbox[-1].body)
    assert match is not None
    return match.group(1)


def test_reset_request_mails_a_link(artist):
    response = request_reset("ann@example.com")

    assert (response.status_code, response.json()) == (200, {"success": "Reset token sent"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.com"]
    assert default_token_generator.check_token(artist, mailed_token())


def test_reset_request_for_unknown_email_says_the_same_and_sends_nothing(db):
    response = request_reset("nobody@example.com")

    assert (response.status_code, response.json()) == (200, {"success": "Reset token sent"})
    assert mail.outbox == []


def test_reset_request_for_inactive_account_sends_nothing(artist):
    artist.active = False
    artist.save()

    assert request_reset("ann@example.com").json() == {"success": "Reset token sent"}
    assert mail.outbox == []


def test_reset_request_without_email(db):
    response = APIClient().post("/auth/reset-password", {}, "json")

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": "email", "message": "Field required"}]},
    }


def test_reset_with_the_mailed_token(artist):
    request_reset("ann@example.com")
    token = mailed_token()

    response = reset("ann@example.com", token)

    assert (response.status_code, response.json()) == (200, {"success": "Password changed"})
    assert login(NEW_PASSWORD).status_code == 200
    again = reset("ann@example.com", token, "yet another secret")
    assert (again.status_code, again.json()) == (400, WRONG_TOKEN)
    assert login(NEW_PASSWORD).status_code == 200


def test_reset_clears_the_lockout(artist):
    Person.objects.filter(pk=artist.pk).update(
        login_failed_attemps=5, last_login_failed=timezone.now()
    )
    request_reset("ann@example.com")

    assert reset("ann@example.com", mailed_token()).status_code == 200
    assert login(NEW_PASSWORD).status_code == 200


def test_reset_token_expires(artist, monkeypatch, settings):
    issued_at = dt.datetime.now() - dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: issued_at)
    token = default_token_generator.make_token(artist)
    monkeypatch.undo()

    response = reset("ann@example.com", token)

    assert (response.status_code, response.json()) == (400, WRONG_TOKEN)
    assert login(DEFAULT_PASSWORD).status_code == 200


def test_reset_token_is_for_one_account(artist):
    PersonFactory(email="bob@example.com")
    request_reset("ann@example.com")

    response = reset("bob@example.com", mailed_token())

    assert (response.status_code, response.json()) == (400, WRONG_TOKEN)


@pytest.mark.parametrize("token", ["", "abc", "1-2-3"])
def test_reset_with_a_wrong_token(artist, token):
    response = reset("ann@example.com", token)

    assert (response.status_code, response.json()) == (400, WRONG_TOKEN)


def test_reset_for_unknown_email(db):
    response = reset("nobody@example.com", "abc")

    assert (response.status_code, response.json()) == (400, WRONG_TOKEN)


@pytest.mark.parametrize(
    ("password", "confirmation", "message"),
    [
        ("short", "short", "Password is too short."),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "Confirmation password doesn't match."),
    ],
)
def test_reset_checks_the_new_password(artist, password, confirmation, message):
    request_reset("ann@example.com")
    token = mailed_token()

    response = reset("ann@example.com", token, password, confirmation)

    assert (response.status_code, response.json()) == (400, {"error": True, "message": message})
    assert reset("ann@example.com", token).status_code == 200


def test_reset_missing_fields(db):
    response = APIClient().put("/auth/reset-password", {}, "json")

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {
            "errors": [
                {"field": name, "message": "Field required"}
                for name in ("email", "token", "password", "password2")
            ]
        },
    }

"""Desktop app login: a logged-in person hands the app a code it trades, with its verifier."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from people.app_login import challenge_of
from people.models import Person
from tests.conftest import client_for
from tests.factories import PersonFactory

VERIFIER = "desktop-app-verifier-0123456789abcdefghijklmnopqrstuvwxyz"
WRONG_CODE = {"login": False, "message": "Wrong or expired code."}


@pytest.fixture
def ann(db) -> Person:
    return PersonFactory(email="ann@example.com", first_name="Ann", last_name="Smith")


def code_for(person: Person, verifier: str = VERIFIER) -> str:
    response = client_for(person).post(
        "/auth/app-login/code", {"code_challenge": challenge_of(verifier)}, "json"
    )
    assert response.status_code == 201
    return response.json()["code"]


def trade(code: str, verifier: str = VERIFIER):
    return APIClient().post(
        "/auth/app-login/token", {"code": code, "code_verifier": verifier}, "json"
    )


def validation(*errors: tuple[str, str]) -> dict:
    return {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": field, "message": message} for field, message in errors]},
    }


def test_challenge_is_the_s256_of_the_verifier():
    verifier = "dBjftJeZ4CVP-mJ0XdeBHxVJqhFhmlw-XRjQ1r0nLp8"

    assert challenge_of(verifier) == "YV6jQYZxd87N8EAvoUUIKzp_zpfLdFge4MjDR8Aw5_8"


def test_the_app_trades_the_code_for_a_session(ann):
    code = code_for(ann)

    response = trade(code)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"user", "organisation", "login", "access_token", "refresh_token"}
    assert body["login"] is True
    assert (body["user"]["id"], body["user"]["email"]) == (str(ann.id), "ann@example.com")
    assert response.cookies == {}
    me = APIClient().get("/auth/authenticated", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert me.json()["user"]["id"] == str(ann.id)


def test_a_code_is_a_43_character_token(ann):
    code = code_for(ann)

    assert len(code) == 43 and code != code_for(ann)


def test_a_code_serves_once(ann):
    code = code_for(ann)
    trade(code)

    response = trade(code)

    assert (response.status_code, response.json()) == (400, WRONG_CODE)


def test_a_wrong_verifier_burns_the_code(ann):
    code = code_for(ann)

    wrong = trade(code, VERIFIER + "x")
    right = trade(code)

    assert (wrong.status_code, wrong.json()) == (400, WRONG_CODE)
    assert (right.status_code, right.json()) == (400, WRONG_CODE)


def test_an_unknown_code_is_refused(db):
    response = trade("made-up-code")

    assert (response.status_code, response.json()) == (400, WRONG_CODE)


def test_a_code_expires_after_five_minutes(ann, monkeypatch):
    stored = {}
    monkeypatch.setattr(cache, "set", lambda key, value, timeout: stored.update({key: timeout}))

    code_for(ann)

    assert list(stored.values()) == [300]


def test_a_code_gone_from_the_cache_is_refused(ann):
    code = code_for(ann)

    cache.delete(f"app-login-{code}")  # what the cache does once its five minutes are over

    assert trade(code).json() == WRONG_CODE


def test_a_person_deactivated_meanwhile_is_refused(ann):
    code = code_for(ann)
    Person.objects.filter(pk=ann.pk).update(active=False)

    response = trade(code)

    assert (response.status_code, response.json()) == (
        401,
        {
            "error": True,
            "login": False,
            "message": "User is unactive, he cannot log in.",
            "unactive": True,
        },
    )


def test_asking_for_a_code_needs_a_token():
    response = APIClient().post("/auth/app-login/code", {"code_challenge": "x" * 43}, "json")

    assert response.status_code == 401


def test_bots_cannot_hand_out_codes(db):
    bot = PersonFactory(is_bot=True, email="bot@example.com")

    response = client_for(bot).post("/auth/app-login/code", {"code_challenge": "x" * 43}, "json")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("challenge", "message"),
    [
        ("short", "String should match pattern '^[A-Za-z0-9_-]{43}$'"),
        ("", "String should match pattern '^[A-Za-z0-9_-]{43}$'"),
        ("=" * 43, "String should match pattern '^[A-Za-z0-9_-]{43}$'"),
        (12, "Input should be a valid string"),
    ],
)
def test_code_challenge_is_validated(ann, challenge, message):
    response = client_for(ann).post("/auth/app-login/code", {"code_challenge": challenge}, "json")

    assert (response.status_code, response.json()) == (
        400,
        validation(("code_challenge", message)),
    )


def test_token_input_is_validated(db):
    missing = APIClient().post("/auth/app-login/token", {}, "json")
    bad = APIClient().post("/auth/app-login/token", {"code": "", "code_verifier": "a b"}, "json")

    assert (missing.status_code, missing.json()) == (
        400,
        validation(("code", "Field required"), ("code_verifier", "Field required")),
    )
    assert bad.json() == validation(
        ("code", "String should have at least 1 character"),
        ("code_verifier", "String should match pattern '^[A-Za-z0-9._~-]{43,128}$'"),
    )

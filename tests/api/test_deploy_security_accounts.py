"""Accounts: 2FA enforcement with restricted tokens, revocation of every token on password
change, reset and deactivation, and bot tokens that expire."""

import datetime as dt

import pyotp
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import Person
from people.services import person_create
from people.tokens import issue_api_token
from tests.conftest import client_for
from tests.factories import DEFAULT_PASSWORD, PersonFactory

SETUP_REQUIRED = {
    "error": True,
    "message": "Two factor authentication setup required.",
    "two_factor_authentication_required": True,
}
REVOKED = {"msg": "Token has been revoked"}
NEW_PASSWORD = "a much longer secret"


def login(email: str = "ann@example.com", password: str = DEFAULT_PASSWORD, **extra):
    payload = {"email": email, "password": password, **extra}
    return APIClient().post("/auth/login", payload, "json")


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def ann(db) -> Person:
    return PersonFactory(email="ann@example.com")


# -- 2FA enforcement ---------------------------------------------------------------------------
@pytest.fixture
def enforced(settings):
    settings.ENFORCE_2FA = True
    settings.TWO_FACTOR_EXEMPT_USERS = ["exempt@example.com"]


def test_without_enforcement_nothing_is_restricted(ann):
    response = login()

    assert "two_factor_authentication_required" not in response.json()
    assert bearer(response.json()["access_token"]).get("/data/projects").status_code == 200


def test_a_person_without_2fa_gets_a_restricted_session(enforced, ann):
    body = login().json()
    client = bearer(body["access_token"])

    assert body["two_factor_authentication_required"] is True
    data = client.get("/data/projects")
    assert (data.status_code, data.json()) == (403, SETUP_REQUIRED)
    under_api = client.get("/api/data/user/context")
    assert (under_api.status_code, under_api.json()) == (403, SETUP_REQUIRED)
    assert client.get("/auth/authenticated").status_code == 200
    assert client.put("/auth/totp").status_code == 200


def test_setting_up_2fa_lifts_the_restriction(enforced, ann):
    client = bearer(login().json()["access_token"])
    secret = client.put("/auth/totp").json()["otp_secret"]

    enabled = client.post("/auth/totp", {"totp": pyotp.TOTP(secret).now()}, "json").json()

    assert bearer(enabled["access_token"]).get("/data/projects").status_code == 200
    assert client.get("/data/projects").status_code == 403  # the restricted token stays so
    again = login(totp=pyotp.TOTP(secret).now()).json()
    assert "two_factor_authentication_required" not in again


def test_a_refreshed_token_keeps_the_restriction_until_2fa_is_set_up(enforced, ann):
    refresh = login().json()["refresh_token"]

    access = bearer(refresh).get("/auth/refresh-token").json()["access_token"]

    assert bearer(access).get("/data/projects").json() == SETUP_REQUIRED


def test_exempt_people_and_bots_are_not_restricted(enforced, db):
    PersonFactory(email="exempt@example.com")
    bot, token = person_create(actor=None, fields={"email": "bot@example.com", "is_bot": True})

    exempt = login("Exempt@example.com").json()

    assert "two_factor_authentication_required" not in exempt
    assert bearer(exempt["access_token"]).get("/data/projects").status_code == 200
    assert bearer(token).get("/data/projects").status_code == 200


# -- revocation --------------------------------------------------------------------------------
def test_a_password_change_revokes_every_token(ann):
    other_session = login().json()
    client = client_for(ann)

    response = client.post(
        "/auth/change-password",
        {"old_password": DEFAULT_PASSWORD, "password": NEW_PASSWORD, "password_2": NEW_PASSWORD},
        "json",
        HTTP_USER_AGENT="Mozilla/5.0",
    )

    assert (response.status_code, response.json()) == (200, {"success": True})
    refused = bearer(other_session["access_token"]).get("/auth/authenticated")
    refresh = bearer(other_session["refresh_token"]).get("/auth/refresh-token")
    assert (refused.status_code, refused.json()) == (401, REVOKED)
    assert (refresh.status_code, refresh.json()) == (401, REVOKED)
    assert client.get("/auth/authenticated").status_code == 401
    fresh = response.cookies["access_token_cookie"].value
    assert bearer(fresh).get("/auth/authenticated").status_code == 200


def test_a_password_reset_revokes_every_token(ann):
    from django.contrib.auth.tokens import default_token_generator

    session = login().json()
    payload = {
        "email": "ann@example.com",
        "token": default_token_generator.make_token(ann),
        "password": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }

    response = APIClient().put("/auth/reset-password", payload, "json")

    assert response.status_code == 200
    assert bearer(session["access_token"]).get("/auth/authenticated").json() == REVOKED
    assert login(password=NEW_PASSWORD).status_code == 200


def test_deactivation_revokes_every_token(ann, admin_client):
    session = login().json()

    admin_client.put(f"/data/persons/{ann.id}", {"active": False}, "json")
    Person.objects.filter(pk=ann.pk).update(active=True)  # even once active again

    assert bearer(session["access_token"]).get("/auth/authenticated").json() == REVOKED


# -- bot tokens --------------------------------------------------------------------------------
def test_a_bot_token_works_until_the_end_of_its_expiration_date(db):
    today = timezone.now().date()
    bot = PersonFactory(email="bot@example.com", is_bot=True, expiration_date=today)
    token = issue_api_token(bot)
    bot.save()

    assert bearer(token).get("/data/projects").status_code == 200
    Person.objects.filter(pk=bot.pk).update(expiration_date=today - dt.timedelta(days=1))
    bot.refresh_from_db()
    expired_token = issue_api_token(bot)
    bot.save()
    expired = bearer(expired_token).get("/data/projects")
    assert (expired.status_code, expired.json()) == (401, {"msg": "Token has expired"})


def test_a_new_expiration_date_replaces_the_bot_token(admin_client, db):
    created = admin_client.post(
        "/data/persons",
        {"first_name": "Render", "last_name": "Bot", "email": "bot@example.com", "is_bot": True},
        "json",
    ).json()
    tomorrow = (timezone.now().date() + dt.timedelta(days=1)).isoformat()

    updated = admin_client.put(
        f"/data/persons/{created['id']}", {"expiration_date": tomorrow}, "json"
    ).json()

    assert bearer(created["access_token"]).get("/data/projects").json() == REVOKED
    assert bearer(updated["access_token"]).get("/data/projects").status_code == 200

"""JWTs: who they authenticate, and when they stop working (logout, refresh, bots, expiry)."""

import datetime as dt

import jwt
import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from people.models import Person, Role
from people.tokens import issue_login_tokens
from tests.factories import DEFAULT_PASSWORD, PersonFactory

BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15"
REVOKED = {"msg": "Token has been revoked"}
FORBIDDEN = {
    "error": True,
    "message": "You don't have the permission to access the requested resource. It is either "
    "read-protected or not readable by the server.",
}


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def artist(db) -> Person:
    return PersonFactory(first_name="Ann", last_name="Artist", email="ann@example.com")


@pytest.fixture
def tokens(artist) -> dict[str, str]:
    return issue_login_tokens(artist)


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def test_authenticated_answers_user_and_organisation(client, artist, tokens):
    response = client.get("/auth/authenticated", **bearer(tokens["access_token"]))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"authenticated", "user", "organisation"}
    assert body["authenticated"] is True
    user = body["user"]
    assert (user["id"], user["type"], user["full_name"]) == (str(artist.id), "Person", "Ann Artist")
    assert (user["departments"], user["fido_devices"]) == ([], [])
    assert "password" not in user and "totp_secret" not in user
    assert body["organisation"]["type"] == "Organisation"
    assert "chat_token_slack" not in body["organisation"]


def test_missing_token_is_401(client, db):
    response = client.get("/auth/authenticated")

    assert response.status_code == 401
    assert set(response.json()) == {"msg"}
    assert response.json()["msg"].startswith("Missing JWT in cookies or headers")


def test_malformed_token_is_422(client, db):
    response = client.get("/auth/authenticated", **bearer("abc"))

    assert (response.status_code, response.json()) == (422, {"msg": "Not enough segments"})


def test_token_signed_with_another_key_is_422(client, artist, tokens):
    header, payload, signature = tokens["access_token"].split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"

    response = client.get("/auth/authenticated", **bearer(forged))

    assert response.status_code == 422


def test_refresh_token_is_refused_as_access_token(client, tokens):
    response = client.get("/auth/authenticated", **bearer(tokens["refresh_token"]))

    assert (response.status_code, response.json()) == (
        422,
        {"msg": "Only non-refresh tokens are allowed"},
    )


def test_expired_token_is_401(client, artist):
    token = AccessToken.for_user(artist)
    token["identity_type"] = "person"
    token.set_exp(from_time=timezone.now() - dt.timedelta(days=8))

    response = client.get("/auth/authenticated", **bearer(str(token)))

    assert (response.status_code, response.json()) == (401, {"msg": "Token has expired"})


def test_token_of_a_deleted_person_is_refused(client, artist, tokens):
    Person.objects.filter(pk=artist.pk).delete()

    response = client.get("/auth/authenticated", **bearer(tokens["access_token"]))

    assert (response.status_code, response.json()) == (401, REVOKED)


def test_access_cookie_authenticates(client, artist, tokens):
    client.cookies["access_token_cookie"] = tokens["access_token"]

    response = client.get("/auth/authenticated")

    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(artist.id)


def test_cookies_from_a_browser_login_authenticate(client, artist):
    login = client.post(
        "/auth/login",
        {"email": "ann@example.com", "password": DEFAULT_PASSWORD},
        "json",
        HTTP_USER_AGENT=BROWSER,
    )
    assert login.status_code == 200

    response = client.get("/auth/authenticated")

    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(artist.id)


# -- logout and refresh ------------------------------------------------------------------------
def test_logout_revokes_the_access_and_refresh_tokens(client, tokens):
    response = client.get("/auth/logout", **bearer(tokens["access_token"]))

    assert (response.status_code, response.json()) == (200, {"logout": True})
    again = client.get("/auth/authenticated", **bearer(tokens["access_token"]))
    assert (again.status_code, again.json()) == (401, REVOKED)
    refresh = client.get("/auth/refresh-token", **bearer(tokens["refresh_token"]))
    assert (refresh.status_code, refresh.json()) == (401, REVOKED)


def test_logout_leaves_other_sessions_alone(client, artist, tokens):
    other = issue_login_tokens(artist)

    client.get("/auth/logout", **bearer(tokens["access_token"]))

    assert client.get("/auth/authenticated", **bearer(other["access_token"])).status_code == 200


def test_logout_clears_cookies(client, tokens):
    response = client.get("/auth/logout", **bearer(tokens["access_token"]))

    assert response.cookies["access_token_cookie"].value == ""
    assert response.cookies["refresh_token_cookie"].value == ""


def test_refresh_gives_a_working_access_token(client, artist, tokens):
    response = client.get("/auth/refresh-token", **bearer(tokens["refresh_token"]))

    assert response.status_code == 200
    assert set(response.json()) == {"access_token"}
    access = response.json()["access_token"]
    me = client.get("/auth/authenticated", **bearer(access))
    assert (me.status_code, me.json()["user"]["id"]) == (200, str(artist.id))
    # Logging out with the new access token ends the refresh token it came from.
    client.get("/auth/logout", **bearer(access))
    refused = client.get("/auth/refresh-token", **bearer(tokens["refresh_token"]))
    assert (refused.status_code, refused.json()) == (401, REVOKED)


def test_browser_refresh_sets_the_access_cookie(client, tokens):
    client.cookies["refresh_token_cookie"] = tokens["refresh_token"]

    response = client.get("/auth/refresh-token", HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"refresh", "access_token"}
    assert body["refresh"] is True
    assert response.cookies["access_token_cookie"].value == body["access_token"]


def test_access_token_is_refused_by_refresh(client, tokens):
    response = client.get("/auth/refresh-token", **bearer(tokens["access_token"]))

    assert (response.status_code, response.json()) == (
        422,
        {"msg": "Only refresh tokens are allowed"},
    )


def test_refresh_without_token_is_401(client, db):
    assert client.get("/auth/refresh-token").status_code == 401


# -- deactivation and bots ---------------------------------------------------------------------
def test_deactivated_person_token_is_refused(client, admin_client, artist, tokens):
    response = admin_client.put(f"/data/persons/{artist.id}", {"active": False}, "json")
    assert response.status_code == 200

    refused = client.get("/auth/authenticated", **bearer(tokens["access_token"]))

    assert (refused.status_code, refused.json()) == (401, REVOKED)
    assert client.get("/data/persons", **bearer(tokens["access_token"])).status_code == 401


def test_reactivation_does_not_revive_old_tokens(client, admin_client, artist, tokens):
    admin_client.put(f"/data/persons/{artist.id}", {"active": False}, "json")
    admin_client.put(f"/data/persons/{artist.id}", {"active": True}, "json")

    refused = client.get("/auth/authenticated", **bearer(tokens["access_token"]))

    assert (refused.status_code, refused.json()) == (401, REVOKED)
    relogged = client.post(
        "/auth/login", {"email": artist.email, "password": DEFAULT_PASSWORD}, "json"
    )
    fresh = client.get("/auth/authenticated", **bearer(relogged.json()["access_token"]))
    assert fresh.status_code == 200


def token_claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def create_bot(admin_client: APIClient, **fields) -> dict:
    payload = {"first_name": "Render", "last_name": "Bot", "email": "bot@example.com"}
    response = admin_client.post("/data/persons", {**payload, "is_bot": True, **fields}, "json")
    assert response.status_code == 201
    return response.json()


def test_bot_gets_a_working_token(client, admin_client):
    bot = create_bot(admin_client)

    assert bot["is_bot"] is True
    assert token_claims(bot["access_token"])["identity_type"] == "bot"
    response = client.get("/data/persons", **bearer(bot["access_token"]))
    assert response.status_code == 200
    me = client.get("/auth/authenticated", **bearer(bot["access_token"]))
    assert (me.status_code, me.json()["user"]["id"]) == (200, bot["id"])


def test_new_expiration_date_replaces_the_bot_token(client, admin_client):
    bot = create_bot(admin_client)
    old_token = bot["access_token"]

    response = admin_client.put(
        f"/data/persons/{bot['id']}", {"expiration_date": "2099-01-01"}, "json"
    )

    assert response.status_code == 200
    assert response.json()["expiration_date"] == "2099-01-01"
    new_token = response.json()["access_token"]
    assert new_token != old_token
    refused = client.get("/data/persons", **bearer(old_token))
    assert (refused.status_code, refused.json()) == (401, REVOKED)
    assert client.get("/data/persons", **bearer(new_token)).status_code == 200


def test_bot_token_expires_with_its_expiration_date(client, admin_client):
    bot = create_bot(admin_client)
    past = (timezone.now() - dt.timedelta(days=2)).date().isoformat()

    response = admin_client.put(f"/data/persons/{bot['id']}", {"expiration_date": past}, "json")

    refused = client.get("/data/persons", **bearer(response.json()["access_token"]))
    assert (refused.status_code, refused.json()) == (401, {"msg": "Token has expired"})


def test_bot_created_with_an_expiration_date_gets_an_expiring_token(admin_client):
    bot = create_bot(admin_client, expiration_date="2099-01-01")

    expires = dt.datetime.fromtimestamp(token_claims(bot["access_token"])["exp"], tz=dt.UTC)

    assert expires.date() == dt.date(2099, 1, 1)


def test_deactivated_bot_token_is_refused(client, admin_client):
    bot = create_bot(admin_client)

    admin_client.put(f"/data/persons/{bot['id']}", {"active": False}, "json")

    refused = client.get("/data/persons", **bearer(bot["access_token"]))
    assert (refused.status_code, refused.json()) == (401, REVOKED)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/auth/logout"),
        ("post", "/auth/change-password"),
        ("put", "/auth/totp"),
        ("put", "/auth/email-otp"),
        ("put", "/auth/recovery-codes"),
    ],
)
def test_bots_cannot_use_session_routes(client, admin_client, method, path):
    bot = create_bot(admin_client, role=Role.USER)

    response = getattr(client, method)(path, {}, "json", **bearer(bot["access_token"]))

    assert (response.status_code, response.json()) == (403, FORBIDDEN)

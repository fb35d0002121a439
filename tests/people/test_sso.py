"""Single sign-on: OpenID Connect against a fake identity provider on loopback; SAML is off."""

import json
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey
from rest_framework.test import APIClient

from people.models import Person
from tests.factories import PersonFactory
from tests.loopback import LoopbackServer, QuietHandler
from tests.people.sign_in_helpers import assert_new_account, assert_signed_in

CLIENT_ID = "kitsu-test"
OIDC_OFF = {"error": "OIDC is not enabled."}


class FakeIdentityProvider(LoopbackServer):
    """Discovery, JWKS and token endpoints of an OIDC provider, signing with its own RSA key."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.grants: dict[str, dict] = {}
        super().__init__(self._handler())

    def grant(self, code: str, nonce: str, **claims) -> None:
        """What the provider tells about the person once they signed in and got `code`."""
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "sub": "idp-user-1",
            **claims,
        }
        self.grants[code] = payload

    def _id_token(self, claims: dict) -> str:
        return jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)

    def _handler(self):
        idp = self

        class Handler(QuietHandler):
            def _json(self, body: dict, status: int = 200) -> None:
                self.reply(
                    json.dumps(body).encode(), content_type="application/json", status=status
                )

            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    self._json(
                        {
                            "issuer": idp.url,
                            "authorization_endpoint": f"{idp.url}/authorize",
                            "token_endpoint": f"{idp.url}/token",
                            "jwks_uri": f"{idp.url}/jwks",
                            "userinfo_endpoint": f"{idp.url}/userinfo",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        }
                    )
                elif self.path == "/jwks":
                    self._json({"keys": [idp.key.as_dict(private=False)]})
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                claims = idp.grants.pop(form.get("code", [""])[0], None)
                if self.path != "/token" or claims is None:
                    self._json({"error": "invalid_grant"}, 400)
                    return
                self._json(
                    {
                        "access_token": "idp-access-token",
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": idp._id_token(claims),
                    }
                )

        return Handler


@pytest.fixture
def idp(settings) -> Iterator[FakeIdentityProvider]:
    with FakeIdentityProvider() as provider:
        settings.OIDC_ENABLED = True
        settings.OIDC_CLIENT_ID = CLIENT_ID
        settings.OIDC_CLIENT_SECRET = "client-secret"
        settings.OIDC_DISCOVERY_URL = f"{provider.url}/.well-known/openid-configuration"
        settings.DOMAIN_URL = "https://kitsu.example.com"
        yield provider


def sign_in(client: APIClient, idp: FakeIdentityProvider, **claims):
    """Follow the browser: to the provider, who sends it back with a code."""
    started = client.get("/auth/oidc/login")
    assert started.status_code == 302
    query = parse_qs(urlsplit(started["Location"]).query)
    idp.grant("the-code", query["nonce"][0], **claims)
    return client.get("/auth/oidc/callback", {"code": "the-code", "state": query["state"][0]})


def test_login_sends_the_browser_to_the_provider(idp, db):
    response = APIClient().get("/auth/oidc/login")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{idp.url}/authorize"
    assert {
        name: values[0] for name, values in query.items() if name not in ("state", "nonce")
    } == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": "https://kitsu.example.com/api/auth/oidc/callback",
        "scope": "openid email profile",
    }
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20


def test_a_known_person_signs_in_and_their_name_follows_the_provider(idp, db):
    ann = PersonFactory(email="ann@example.com", first_name="Ann", last_name="Old")
    client = APIClient()

    response = sign_in(client, idp, email="Ann@Example.com", given_name="Ann", family_name="New")

    assert response.status_code == 302
    assert response["Location"] == "https://kitsu.example.com"
    ann.refresh_from_db()
    assert (ann.first_name, ann.last_name) == ("Ann", "New")
    assert Person.objects.count() == 1
    assert_signed_in(response, ann)


def test_someone_unknown_gets_an_account(idp, db):
    response = sign_in(
        APIClient(), idp, email="new@example.com", given_name="Nora", family_name="Vance"
    )

    assert response.status_code == 302
    assert_new_account("new@example.com", "Nora", "Vance")


def test_an_inactive_person_is_refused(idp, db):
    PersonFactory(email="ann@example.com", active=False)

    response = sign_in(APIClient(), idp, email="ann@example.com")

    assert (response.status_code, response.json()) == (
        401,
        {
            "error": True,
            "login": False,
            "message": "User is unactive, he cannot log in.",
            "unactive": True,
        },
    )


def test_the_user_limit_holds(idp, db, settings):
    settings.USER_LIMIT = 0

    response = sign_in(APIClient(), idp, email="new@example.com")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "User limit reached.", "data": None},
    )
    assert not Person.objects.exists()


def test_a_callback_without_the_login_state_is_refused(idp, db):
    idp.grant("the-code", "some-nonce", email="ann@example.com")

    response = APIClient().get("/auth/oidc/callback", {"code": "the-code", "state": "forged"})

    assert response.status_code == 400
    assert response.json()["message"].startswith("OIDC authentication failed: ")
    assert not Person.objects.exists()


def test_a_token_for_another_nonce_is_refused(idp, db):
    client = APIClient()
    query = parse_qs(urlsplit(client.get("/auth/oidc/login")["Location"]).query)
    idp.grant("the-code", "replayed-nonce", email="ann@example.com")

    response = client.get("/auth/oidc/callback", {"code": "the-code", "state": query["state"][0]})

    assert response.status_code == 400
    assert not Person.objects.exists()


def test_an_answer_without_email_is_refused(idp, db):
    response = sign_in(APIClient(), idp)

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "The identity provider gave no e-mail address."},
    )


@pytest.mark.parametrize("path", ["/auth/oidc/login", "/auth/oidc/callback"])
def test_oidc_is_off_unless_configured(path, db):
    response = APIClient().get(path)

    assert (response.status_code, response.json()) == (400, OIDC_OFF)


def test_saml_is_off():
    login = APIClient().get("/auth/saml/login")
    sso = APIClient().post("/auth/saml/sso", {"SAMLResponse": "x"})

    assert (login.status_code, login.json()) == (400, {"error": "SAML is not enabled."})
    assert (sso.status_code, sso.json()) == (400, {"error": "SAML is not enabled."})

"""FIDO security keys: registration, login and removal, through real WebAuthn ceremonies."""

import base64

import pytest
from rest_framework.test import APIClient

from people.models import Person
from tests.conftest import client_for
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.people.fido_authenticator import SoftAuthenticator, b64url

NOT_ENABLED = {"error": True, "message": "FIDO not enabled."}
OTP_FAILED = {"error": True, "message": "OTP verification failed.", "wrong_OTP": True}
WRONG_CODE_AT_LOGIN = {
    "error": True,
    "login": False,
    "wrong_OTP": True,
    "message": "Wrong two-factor authentication code.",
}


@pytest.fixture(autouse=True)
def domain(settings):
    settings.DOMAIN_URL = "http://localhost:8000"


@pytest.fixture
def ann(db) -> Person:
    return PersonFactory(email="ann@example.com", first_name="Ann", last_name="Smith")


@pytest.fixture
def ann_client(ann) -> APIClient:
    return client_for(ann)


@pytest.fixture
def key() -> SoftAuthenticator:
    return SoftAuthenticator()


def register(client: APIClient, authenticator: SoftAuthenticator, name: str = "yubikey"):
    options = client.put("/auth/fido").json()
    response = {"registration_response": authenticator.register(options), "device_name": name}
    return client.post("/auth/fido", response, "json")


def login_challenge(email: str = "ann@example.com") -> dict:
    return APIClient().get("/auth/fido", {"email": email}).json()


def login(**factors):
    payload = {"email": "ann@example.com", "password": DEFAULT_PASSWORD, **factors}
    return APIClient().post("/auth/login", payload, "json")


# -- registration ------------------------------------------------------------------------------
def test_registration_options(ann_client, ann):
    response = ann_client.put("/auth/fido")

    assert response.status_code == 200
    body = response.json()
    assert len(base64.urlsafe_b64decode(body.pop("challenge") + "==")) == 64
    assert body == {
        "rp": {"name": "Kitsu", "id": "localhost"},
        "user": {
            "id": b64url(str(ann.id).encode()),
            "name": "ann@example.com",
            "displayName": "Ann Smith",
        },
        "pubKeyCredParams": [
            {"type": "public-key", "alg": -8},
            {"type": "public-key", "alg": -7},
            {"type": "public-key", "alg": -257},
        ],
        "timeout": 60000,
        "excludeCredentials": [],
        "authenticatorSelection": {
            "authenticatorAttachment": "cross-platform",
            "residentKey": "discouraged",
            "requireResidentKey": False,
            "userVerification": "preferred",
        },
        "attestation": "none",
    }


def test_registration_enables_fido_with_recovery_codes_and_fresh_tokens(ann_client, ann, key):
    response = register(ann_client, key)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"otp_recovery_codes", "access_token", "refresh_token"}
    assert len(set(body["otp_recovery_codes"])) == 16
    ann.refresh_from_db()
    assert (ann.fido_enabled, ann.preferred_two_factor_authentication) == (True, "fido")
    assert ann.fido_credentials == [
        {
            "device_name": "yubikey",
            "credential_id": b64url(key.credential_id),
            "public_key": ann.fido_credentials[0]["public_key"],
            "sign_count": 0,
        }
    ]
    me = APIClient().get("/auth/authenticated", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert me.json()["user"]["fido_devices"] == ["yubikey"]
    assert "fido_credentials" not in me.json()["user"]


def test_a_second_key_brings_no_new_codes_and_the_first_is_excluded(ann_client, ann, key):
    register(ann_client, key)

    options = ann_client.put("/auth/fido").json()
    second = SoftAuthenticator()
    response = ann_client.post(
        "/auth/fido",
        {"registration_response": second.register(options), "device_name": "backup"},
        "json",
    )

    assert options["excludeCredentials"] == [
        {"id": b64url(key.credential_id), "type": "public-key"}
    ]
    assert response.status_code == 200
    assert response.json()["otp_recovery_codes"] is None
    ann.refresh_from_db()
    assert [device["device_name"] for device in ann.fido_credentials] == ["yubikey", "backup"]


def test_the_same_key_cannot_be_registered_twice(ann_client, key):
    register(ann_client, key)

    response = register(ann_client, key, "again")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "FIDO device already registered."},
    )


def test_registration_needs_its_options_first_and_they_serve_once(ann_client, key):
    options = ann_client.put("/auth/fido").json()
    answer = {"registration_response": key.register(options), "device_name": "yubikey"}
    first = ann_client.post("/auth/fido", answer, "json")

    replay = ann_client.post("/auth/fido", answer, "json")

    assert first.status_code == 200
    assert (replay.status_code, replay.json()) == (
        400,
        {"error": True, "message": "No preregistration before."},
    )


def test_registration_answer_for_another_challenge_is_refused(ann_client, ann, key):
    ann_client.put("/auth/fido")
    answer = key.register({"challenge": b64url(b"not the challenge handed out")})

    response = ann_client.post(
        "/auth/fido", {"registration_response": answer, "device_name": "yubikey"}, "json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "error": True,
            "message": "FIDO server exception your registration response is probly wrong.",
        },
    )
    ann.refresh_from_db()
    assert (ann.fido_enabled, ann.fido_credentials) == (False, [])


def test_registration_from_another_origin_is_refused(ann_client, ann):
    phishing_site = SoftAuthenticator(origin="https://kitsu.example.evil")

    response = register(ann_client, phishing_site)

    assert response.status_code == 400
    ann.refresh_from_db()
    assert ann.fido_enabled is False


def test_registration_input_is_validated(ann_client):
    missing = ann_client.post("/auth/fido", {}, "json")
    not_a_dict = ann_client.post(
        "/auth/fido", {"registration_response": "abc", "device_name": "key"}, "json"
    )

    assert (missing.status_code, missing.json()) == (
        400,
        {
            "error": True,
            "message": "Validation error.",
            "data": {
                "errors": [
                    {"field": "registration_response", "message": "Field required"},
                    {"field": "device_name", "message": "Field required"},
                ]
            },
        },
    )
    assert not_a_dict.json()["data"] == {
        "errors": [
            {"field": "registration_response", "message": "Input should be a valid dictionary"}
        ]
    }


def test_bots_cannot_register_keys(db):
    bot = PersonFactory(is_bot=True, email="bot@example.com")

    response = client_for(bot).put("/auth/fido")

    assert response.status_code == 403


def test_registration_needs_a_token():
    assert APIClient().put("/auth/fido").status_code == 401


# -- login -------------------------------------------------------------------------------------
def test_login_challenge(ann_client, key):
    register(ann_client, key)

    response = APIClient().get("/auth/fido", {"email": "ann@example.com"})

    assert response.status_code == 200
    body = response.json()
    assert len(base64.urlsafe_b64decode(body.pop("challenge") + "==")) == 64
    assert body == {
        "timeout": 60000,
        "rpId": "localhost",
        "allowCredentials": [{"id": b64url(key.credential_id), "type": "public-key"}],
        "userVerification": "preferred",
    }


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_login_challenge_without_fido(ann, email):
    response = APIClient().get("/auth/fido", {"email": email})

    assert (response.status_code, response.json()) == (400, NOT_ENABLED)


def test_login_challenge_needs_an_email():
    response = APIClient().get("/auth/fido")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "Missing required parameter: email", "data": None},
    )


def test_login_with_a_security_key(ann_client, ann, key):
    register(ann_client, key)

    without = login()
    response = login(fido_authentication_response=key.assert_login(login_challenge()))

    assert (without.status_code, without.json()) == (
        400,
        {
            "error": True,
            "login": False,
            "missing_OTP": True,
            "message": "A two-factor authentication code is required.",
            "preferred_two_factor_authentication": "fido",
            "two_factor_authentication_enabled": ["recovery_code", "fido"],
        },
    )
    assert response.status_code == 200
    assert response.json()["login"] is True
    ann.refresh_from_db()
    assert ann.fido_credentials[0]["sign_count"] == 1


def test_an_assertion_serves_once(ann_client, key):
    register(ann_client, key)
    assertion = key.assert_login(login_challenge())

    first = login(fido_authentication_response=assertion)
    replay = login(fido_authentication_response=assertion)

    assert first.status_code == 200
    assert (replay.status_code, replay.json()) == (400, WRONG_CODE_AT_LOGIN)


def test_pending_challenges_do_not_cancel_each_other(ann_client, key):
    register(ann_client, key)
    first_challenge = login_challenge()
    login_challenge()  # somebody else asks for one meanwhile

    response = login(fido_authentication_response=key.assert_login(first_challenge))

    assert response.status_code == 200


def test_a_forged_signature_is_refused(ann_client, ann, key):
    register(ann_client, key)
    impostor = SoftAuthenticator(credential_id=key.credential_id)

    response = login(fido_authentication_response=impostor.assert_login(login_challenge()))

    assert (response.status_code, response.json()) == (400, WRONG_CODE_AT_LOGIN)
    ann.refresh_from_db()
    assert ann.login_failed_attemps == 1


def test_an_unknown_key_is_refused(ann_client, key):
    register(ann_client, key)

    response = login(
        fido_authentication_response=SoftAuthenticator().assert_login(login_challenge())
    )

    assert (response.status_code, response.json()) == (400, WRONG_CODE_AT_LOGIN)


def test_a_challenge_handed_out_for_someone_else_is_refused(ann_client, key, db):
    register(ann_client, key)
    bob = PersonFactory(email="bob@example.com")
    bob_client = client_for(bob)
    register(bob_client, SoftAuthenticator())

    response = login(
        fido_authentication_response=key.assert_login(login_challenge("bob@example.com"))
    )

    assert (response.status_code, response.json()) == (400, WRONG_CODE_AT_LOGIN)


def test_a_malformed_assertion_is_a_wrong_code(ann_client, key):
    register(ann_client, key)

    response = login(fido_authentication_response={"id": "x", "response": {}})

    assert (response.status_code, response.json()) == (400, WRONG_CODE_AT_LOGIN)


# -- removal -----------------------------------------------------------------------------------
def test_remove_a_key_with_a_second_factor(ann_client, ann, key):
    register(ann_client, key)
    backup = SoftAuthenticator()
    register(ann_client, backup, "backup")

    refused = ann_client.delete("/auth/fido", {"device_name": "yubikey"}, "json")
    response = ann_client.delete(
        "/auth/fido",
        {
            "device_name": "yubikey",
            "fido_authentication_response": key.assert_login(login_challenge()),
        },
        "json",
    )

    assert (refused.status_code, refused.json()) == (400, OTP_FAILED)
    assert (response.status_code, response.json()) == (200, {"success": True})
    ann.refresh_from_db()
    assert [device["device_name"] for device in ann.fido_credentials] == ["backup"]
    assert ann.fido_enabled is True


def test_removing_the_last_key_disables_fido(ann_client, ann, key):
    codes = register(ann_client, key).json()["otp_recovery_codes"]

    response = ann_client.delete(
        "/auth/fido", {"device_name": "yubikey", "recovery_code": codes[0]}, "json"
    )

    assert (response.status_code, response.json()) == (200, {"success": True})
    ann.refresh_from_db()
    assert (ann.fido_enabled, ann.fido_credentials, ann.otp_recovery_codes) == (False, [], [])
    assert ann.preferred_two_factor_authentication is None
    assert login().status_code == 200


def test_removing_an_unknown_key_changes_nothing(ann_client, ann, key):
    codes = register(ann_client, key).json()["otp_recovery_codes"]

    response = ann_client.delete(
        "/auth/fido", {"device_name": "nope", "recovery_code": codes[0]}, "json"
    )

    assert (response.status_code, response.json()) == (200, {"success": True})
    ann.refresh_from_db()
    assert [device["device_name"] for device in ann.fido_credentials] == ["yubikey"]


def test_remove_without_fido(ann_client):
    response = ann_client.delete("/auth/fido", {"device_name": "yubikey"}, "json")

    assert (response.status_code, response.json()) == (400, NOT_ENABLED)


def test_remove_needs_a_device_name(ann_client):
    response = ann_client.delete("/auth/fido", {}, "json")

    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": "device_name", "message": "Field required"}]},
    }

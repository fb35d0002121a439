"""Second factors: TOTP, codes by e-mail, recovery codes, and the logins that need them."""

import re

import pyotp
import pytest
from django.core import mail
from rest_framework.test import APIClient

from people.models import Person
from tests.conftest import client_for
from tests.factories import DEFAULT_PASSWORD, PersonFactory

WRONG_CODE_AT_LOGIN = {
    "error": True,
    "login": False,
    "wrong_OTP": True,
    "message": "Wrong two-factor authentication code.",
}
OTP_FAILED = {"error": True, "message": "OTP verification failed.", "wrong_OTP": True}


def login(**factors):
    payload = {"email": "ann@example.com", "password": DEFAULT_PASSWORD, **factors}
    return APIClient().post("/auth/login", payload, "json")


def missing_code(preferred: str, enabled: list[str]) -> dict:
    return {
        "error": True,
        "login": False,
        "missing_OTP": True,
        "message": "A two-factor authentication code is required.",
        "preferred_two_factor_authentication": preferred,
        "two_factor_authentication_enabled": enabled,
    }


@pytest.fixture
def artist(db) -> Person:
    return PersonFactory(email="ann@example.com")


@pytest.fixture
def artist_client(artist) -> APIClient:
    return client_for(artist)


def enable_totp(client: APIClient) -> tuple[str, list[str]]:
    secret = client.put("/auth/totp").json()["otp_secret"]
    response = client.post("/auth/totp", {"totp": pyotp.TOTP(secret).now()}, "json")
    assert response.status_code == 200
    return secret, response.json()["otp_recovery_codes"]


# -- TOTP --------------------------------------------------------------------------------------
def test_totp_pre_enable_gives_a_provisioning_uri(artist_client, artist):
    response = artist_client.put("/auth/totp")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"totp_provisionning_uri", "otp_secret"}
    assert body["totp_provisionning_uri"] == pyotp.TOTP(body["otp_secret"]).provisioning_uri(
        name="ann@example.com", issuer_name="Kitsu Kitsu"
    )
    artist.refresh_from_db()
    assert artist.totp_enabled is False


def test_totp_enable_with_a_wrong_code(artist_client, artist):
    artist_client.put("/auth/totp")

    response = artist_client.post("/auth/totp", {"totp": "000000"}, "json")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "TOTP verification failed.", "wrong_OTP": True},
    )
    artist.refresh_from_db()
    assert artist.totp_enabled is False


def test_totp_enable_without_code(artist_client):
    artist_client.put("/auth/totp")

    response = artist_client.post("/auth/totp", {}, "json")

    assert (response.status_code, response.json()) == (
        400,
        {
            "error": True,
            "message": "Validation error.",
            "data": {"errors": [{"field": "totp", "message": "Field required"}]},
        },
    )


def test_totp_enable_gives_recovery_codes_and_fresh_tokens(artist_client, artist):
    secret = artist_client.put("/auth/totp").json()["otp_secret"]

    response = artist_client.post("/auth/totp", {"totp": pyotp.TOTP(secret).now()}, "json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"otp_recovery_codes", "access_token", "refresh_token"}
    codes = body["otp_recovery_codes"]
    assert len(codes) == 16 and len(set(codes)) == 16
    assert all(re.fullmatch(r"[A-Z0-9]{10}", code) for code in codes)
    me = APIClient().get("/auth/authenticated", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert me.json()["user"]["totp_enabled"] is True
    assert me.json()["user"]["preferred_two_factor_authentication"] == "totp"
    artist.refresh_from_db()
    assert all(code not in str(artist.otp_recovery_codes) for code in codes)


def test_totp_cannot_be_set_up_twice(artist_client):
    enable_totp(artist_client)

    response = artist_client.put("/auth/totp")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "TOTP already enabled."},
    )


def test_login_with_totp(artist_client):
    secret, _ = enable_totp(artist_client)

    without = login()
    wrong = login(totp="000000")
    right = login(totp=pyotp.TOTP(secret).now())

    assert (without.status_code, without.json()) == (
        400,
        missing_code("totp", ["recovery_code", "totp"]),
    )
    assert (wrong.status_code, wrong.json()) == (400, WRONG_CODE_AT_LOGIN)
    assert right.status_code == 200
    assert right.json()["login"] is True


def test_wrong_password_is_checked_before_the_code(artist_client):
    enable_totp(artist_client)

    response = APIClient().post(
        "/auth/login", {"email": "ann@example.com", "password": "nope", "totp": "1"}, "json"
    )

    assert (response.status_code, response.json()) == (
        400,
        {"login": False, "message": "Wrong email or password."},
    )


def test_wrong_codes_count_toward_lockout(artist_client, artist):
    secret, _ = enable_totp(artist_client)
    for _ in range(5):
        assert login(totp="000000").json() == WRONG_CODE_AT_LOGIN

    response = login(totp=pyotp.TOTP(secret).now())

    assert response.status_code == 400
    assert response.json()["too_many_failed_login_attemps"] is True


def test_recovery_code_works_once(artist_client):
    _, codes = enable_totp(artist_client)

    first = login(recovery_code=codes[0])
    second = login(recovery_code=codes[0])

    assert first.status_code == 200
    assert (second.status_code, second.json()) == (400, WRONG_CODE_AT_LOGIN)
    assert login(recovery_code=codes[1].lower()).status_code == 200


def test_renew_recovery_codes(artist_client):
    secret, old_codes = enable_totp(artist_client)

    wrong = artist_client.put("/auth/recovery-codes", {"totp": "000000"}, "json")
    response = artist_client.put("/auth/recovery-codes", {"totp": pyotp.TOTP(secret).now()}, "json")

    assert (wrong.status_code, wrong.json()) == (400, OTP_FAILED)
    assert response.status_code == 200
    assert set(response.json()) == {"otp_recovery_codes"}
    new_codes = response.json()["otp_recovery_codes"]
    assert len(new_codes) == 16 and not set(new_codes) & set(old_codes)
    assert login(recovery_code=old_codes[0]).json() == WRONG_CODE_AT_LOGIN
    assert login(recovery_code=new_codes[0]).status_code == 200


def test_renew_recovery_codes_without_two_factor(artist_client):
    response = artist_client.put("/auth/recovery-codes", {}, "json")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "No two factor authentication enabled."},
    )


def test_disable_totp_needs_a_second_factor(artist_client, artist):
    secret, _ = enable_totp(artist_client)

    wrong = artist_client.delete("/auth/totp", {"totp": "000000"}, "json")
    missing = artist_client.delete("/auth/totp", {}, "json")
    response = artist_client.delete("/auth/totp", {"totp": pyotp.TOTP(secret).now()}, "json")

    assert (wrong.status_code, wrong.json()) == (400, OTP_FAILED)
    assert (missing.status_code, missing.json()) == (400, OTP_FAILED)
    assert (response.status_code, response.json()) == (200, {"success": True})
    artist.refresh_from_db()
    assert (artist.totp_enabled, artist.totp_secret, artist.otp_recovery_codes) == (
        False,
        None,
        [],
    )
    assert artist.preferred_two_factor_authentication is None
    assert login().status_code == 200


def test_disable_totp_with_a_recovery_code(artist_client, artist):
    _, codes = enable_totp(artist_client)

    response = artist_client.delete("/auth/totp", {"recovery_code": codes[3]}, "json")

    assert response.status_code == 200
    assert login().status_code == 200


def test_disable_totp_when_not_enabled(artist_client):
    response = artist_client.delete("/auth/totp", {}, "json")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "TOTP not enabled."},
    )


# -- codes by e-mail ---------------------------------------------------------------------------
def mailed_code() -> str:
    match = re.search(r"code is (\d{6})", mail.outbox[-1].body)
    assert match is not None
    return match.group(1)


def enable_email_otp(client: APIClient) -> list[str]:
    assert client.put("/auth/email-otp").json() == {"success": True}
    response = client.post("/auth/email-otp", {"email_otp": mailed_code()}, "json")
    assert response.status_code == 200
    return response.json()["otp_recovery_codes"]


def test_email_otp_request_needs_an_email(db):
    response = APIClient().get("/auth/email-otp")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "Missing required parameter: email", "data": None},
    )


@pytest.mark.parametrize("email", ["nobody@example.com", "ann@example.com"])
def test_email_otp_request_sends_nothing_without_email_otp(artist, email):
    response = APIClient().get("/auth/email-otp", {"email": email})

    assert (response.status_code, response.json()) == (200, {"success": True})
    assert mail.outbox == []


def test_email_otp_pre_enable_mails_a_code(artist_client, artist):
    response = artist_client.put("/auth/email-otp")

    assert (response.status_code, response.json()) == (200, {"success": True})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.com"]
    artist.refresh_from_db()
    assert artist.email_otp_enabled is False


def test_email_otp_enable_with_a_wrong_code(artist_client, artist):
    artist_client.put("/auth/email-otp")
    wrong = "000000" if mailed_code() != "000000" else "111111"

    response = artist_client.post("/auth/email-otp", {"email_otp": wrong}, "json")

    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "OTP by email verification failed.", "wrong_OTP": True},
    )


def test_email_otp_login(artist_client, artist):
    codes = enable_email_otp(artist_client)
    assert len(codes) == 16

    without = login()
    assert (without.status_code, without.json()) == (
        400,
        missing_code("email_otp", ["recovery_code", "email_otp"]),
    )
    mail.outbox.clear()
    request = APIClient().get("/auth/email-otp", {"email": "ann@example.com"})
    assert (request.status_code, request.json()) == (200, {"success": True})
    assert len(mail.outbox) == 1
    code = mailed_code()
    wrong = "000000" if code != "000000" else "111111"
    assert login(email_otp=wrong).json() == WRONG_CODE_AT_LOGIN
    assert login(email_otp=code).status_code == 200


def test_email_otp_disable(artist_client, artist):
    enable_email_otp(artist_client)
    artist_client.get("/auth/email-otp", {"email": "ann@example.com"})
    code = mailed_code()
    wrong = "000000" if code != "000000" else "111111"

    refused = artist_client.delete("/auth/email-otp", {"email_otp": wrong}, "json")
    response = artist_client.delete("/auth/email-otp", {"email_otp": code}, "json")

    assert (refused.status_code, refused.json()) == (400, OTP_FAILED)
    assert (response.status_code, response.json()) == (200, {"success": True})
    artist.refresh_from_db()
    assert (artist.email_otp_enabled, artist.otp_recovery_codes) == (False, [])
    assert login().status_code == 200


def test_both_methods_and_falling_back(artist_client, artist):
    secret, codes = enable_totp(artist_client)
    artist_client.put("/auth/email-otp")
    response = artist_client.post("/auth/email-otp", {"email_otp": mailed_code()}, "json")
    # The recovery codes of the first method stay valid.
    assert response.json()["otp_recovery_codes"] is None
    assert login().json() == missing_code("totp", ["recovery_code", "totp", "email_otp"])

    artist_client.delete("/auth/totp", {"totp": pyotp.TOTP(secret).now()}, "json")

    assert login().json() == missing_code("email_otp", ["recovery_code", "email_otp"])
    assert login(recovery_code=codes[0]).status_code == 200

"""POST /auth/login: credentials, refusals, lockout and the login log."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from people.models import LoginLog, LoginOrigin, Organisation, Person, Role
from tests.factories import DEFAULT_PASSWORD, DepartmentFactory, PersonFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
WRONG_CREDENTIALS = {"login": False, "message": "Wrong email or password."}
LOCKED = {
    "error": True,
    "login": False,
    "too_many_failed_login_attemps": True,
    "message": "Too many failed login attempts, retry in a minute.",
}
# The keys the reference sends for a person and the organisation (secrets never leave).
PERSON_KEYS = {
    "first_name", "last_name", "email", "phone", "country", "contract_type", "active",
    "archived", "last_presence", "desktop_login", "totp_enabled", "email_otp_enabled",
    "fido_enabled", "preferred_two_factor_authentication", "shotgun_id", "timezone", "locale",
    "use_12_hour_clock", "display_date_format", "data", "role", "position", "seniority",
    "daily_salary", "has_avatar", "notifications_enabled", "notifications_slack_enabled",
    "notifications_slack_userid", "notifications_mattermost_enabled",
    "notifications_mattermost_userid", "notifications_discord_enabled",
    "notifications_discord_userid", "is_bot", "is_guest", "preview_project_id",
    "preview_opened_at", "preview_open_until", "expiration_date", "is_generated_from_ldap",
    "ldap_uid", "studio_id", "full_name", "id", "created_at", "updated_at", "type", "departments",
}  # fmt: skip
ORGANISATION_KEYS = {
    "name", "hours_by_day", "has_avatar", "use_original_file_name", "timesheets_locked",
    "format_duration_in_hours", "hd_by_default", "chat_token_slack", "chat_webhook_mattermost",
    "chat_token_discord", "dark_theme_by_default", "id", "created_at", "updated_at", "type",
}  # fmt: skip


def login(client: APIClient, login: str, password: str = DEFAULT_PASSWORD, **headers):
    """POST /auth/login; keyword arguments are request headers (WSGI names)."""
    return client.post("/auth/login", {"email": login, "password": password}, "json", **headers)


@pytest.fixture
def artist(db) -> Person:
    person = PersonFactory(
        first_name="Ann",
        last_name="Artist",
        email="ann@example.com",
        desktop_login="ann.artist",
        role=Role.USER,
    )
    person.departments.set([DepartmentFactory(name="Animation")])
    return person


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def test_login_answers_user_organisation_and_tokens(client, artist):
    response = login(client, "ann@example.com")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"user", "organisation", "login", "access_token", "refresh_token"}
    assert body["login"] is True
    user = body["user"]
    assert set(user) == PERSON_KEYS
    department = artist.departments.get()
    assert {key: user[key] for key in ("id", "type", "email", "full_name", "departments")} == {
        "id": str(artist.id),
        "type": "Person",
        "email": "ann@example.com",
        "full_name": "Ann Artist",
        "departments": [str(department.id)],
    }
    assert (user["role"], user["desktop_login"], user["active"]) == ("user", "ann.artist", True)
    organisation = Organisation.current()
    assert set(body["organisation"]) == ORGANISATION_KEYS - {
        "chat_token_slack",
        "chat_webhook_mattermost",
        "chat_token_discord",
    }
    assert (body["organisation"]["id"], body["organisation"]["type"]) == (
        str(organisation.id),
        "Organisation",
    )
    me = client.get("/auth/authenticated", HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert me.status_code == 200
    assert me.json()["user"]["id"] == str(artist.id)


def test_admin_sees_the_organisation_chat_settings(client, admin):
    response = login(client, admin.email)

    assert response.status_code == 200
    assert set(response.json()["organisation"]) == ORGANISATION_KEYS


def test_login_by_desktop_login(client, artist):
    response = login(client, "ann.artist")

    assert response.status_code == 200
    assert response.json()["user"]["id"] == str(artist.id)


def test_login_with_query_arguments(client, artist):
    response = client.post(f"/auth/login?email=ann@example.com&password={DEFAULT_PASSWORD}")

    assert response.status_code == 200
    assert response.json()["login"] is True


def test_login_with_form_fields(client, artist):
    response = client.post(
        "/auth/login", {"email": "ann@example.com", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 200


def test_email_is_case_insensitive(client, artist):
    assert login(client, "ANN@Example.com").status_code == 200


def test_unknown_user_and_wrong_password_get_the_same_answer(client, artist):
    unknown = login(client, "nobody@example.com")
    wrong = login(client, "ann@example.com", "not the password")
    no_password = client.post("/auth/login", {"email": "ann@example.com"}, "json")

    assert (unknown.status_code, unknown.json()) == (400, WRONG_CREDENTIALS)
    assert (wrong.status_code, wrong.json()) == (400, WRONG_CREDENTIALS)
    assert (no_password.status_code, no_password.json()) == (400, WRONG_CREDENTIALS)


def test_bots_cannot_log_in(client, db):
    PersonFactory(email="bot@example.com", is_bot=True)

    response = login(client, "bot@example.com")

    assert (response.status_code, response.json()) == (400, WRONG_CREDENTIALS)


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"password": "x"}, [{"field": "email", "message": "Field required"}]),
        ({}, [{"field": "email", "message": "Field required"}]),
        (
            {"email": "", "password": "x"},
            [{"field": "email", "message": "String should have at least 1 character"}],
        ),
        (
            {"email": 5, "password": "x"},
            [{"field": "email", "message": "Input should be a valid string"}],
        ),
        (
            {"email": "ann@example.com", "password": None},
            [{"field": "password", "message": "Input should be a valid string"}],
        ),
    ],
)
def test_invalid_login_input(client, db, payload, errors):
    response = client.post("/auth/login", payload, "json")

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": errors},
    }


def test_inactive_account_is_told_only_with_the_right_password(client, artist):
    artist.active = False
    artist.save()

    wrong = login(client, "ann@example.com", "not the password")
    right = login(client, "ann@example.com")

    assert (wrong.status_code, wrong.json()) == (400, WRONG_CREDENTIALS)
    assert right.status_code == 401
    assert right.json() == {
        "error": True,
        "login": False,
        "unactive": True,
        "message": "User is unactive, he cannot log in.",
    }
    assert not LoginLog.objects.exists()


def test_browser_login_sets_cookies_and_logs_web_origin(client, artist):
    response = login(client, "ann@example.com", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="10.1.2.3")

    assert response.status_code == 200
    body = response.json()
    assert response.cookies["access_token_cookie"].value == body["access_token"]
    assert response.cookies["refresh_token_cookie"].value == body["refresh_token"]
    assert response.cookies["access_token_cookie"]["httponly"]
    assert response.cookies["access_token_cookie"]["samesite"] == "Lax"
    log = LoginLog.objects.get()
    assert (log.person_id, log.origin, log.ip_address) == (artist.id, LoginOrigin.WEB, "10.1.2.3")


def test_script_login_sets_no_cookie_and_logs_script_origin(client, artist):
    response = login(client, "ann@example.com", HTTP_USER_AGENT="python-requests/2.32")

    assert response.status_code == 200
    assert "access_token_cookie" not in response.cookies
    assert "refresh_token_cookie" not in response.cookies
    log = LoginLog.objects.get()
    assert (log.person_id, log.origin) == (artist.id, LoginOrigin.SCRIPT)


def test_forwarded_address_is_logged(client, artist):
    login(client, "ann@example.com", HTTP_X_FORWARDED_FOR="192.0.2.7, 10.0.0.1")

    assert LoginLog.objects.get().ip_address == "192.0.2.7"


def test_failed_logins_are_not_logged(client, artist):
    login(client, "ann@example.com", "not the password")

    assert not LoginLog.objects.exists()


# -- lockout -----------------------------------------------------------------------------------
def fail(client: APIClient, times: int) -> None:
    for _ in range(times):
        response = login(client, "ann@example.com", "not the password")
        assert (response.status_code, response.json()) == (400, WRONG_CREDENTIALS)


def test_five_failures_lock_the_account(client, artist):
    fail(client, 5)

    response = login(client, "ann@example.com")

    assert (response.status_code, response.json()) == (400, LOCKED)
    artist.refresh_from_db()
    assert artist.login_failed_attemps == 5
    assert not LoginLog.objects.exists()


def test_four_failures_do_not_lock_and_success_resets_the_counter(client, artist):
    fail(client, 4)

    assert login(client, "ann@example.com").status_code == 200
    artist.refresh_from_db()
    assert artist.login_failed_attemps == 0
    fail(client, 4)
    assert login(client, "ann@example.com").status_code == 200


def test_lock_ends_after_a_minute(client, artist):
    fail(client, 5)
    Person.objects.filter(pk=artist.pk).update(
        last_login_failed=timezone.now() - dt.timedelta(seconds=61)
    )

    fail(client, 1)
    artist.refresh_from_db()
    assert artist.login_failed_attemps == 1
    response = login(client, "ann@example.com")

    assert response.status_code == 200
    artist.refresh_from_db()
    assert artist.login_failed_attemps == 0


def test_failures_add_up_however_far_apart(client, artist):
    fail(client, 3)
    Person.objects.filter(pk=artist.pk).update(
        last_login_failed=timezone.now() - dt.timedelta(hours=1)
    )

    fail(client, 2)

    assert (login(client, "ann@example.com").json()) == LOCKED


def test_lockout_is_per_account(client, artist):
    PersonFactory(email="other@example.com")
    fail(client, 5)

    assert login(client, "other@example.com").status_code == 200

"""Deployment: production settings from the environment, security headers, CORS, rate limits
and the static files the API docs need."""

import json
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import DEFAULT_PASSWORD, PersonFactory

ROOT = Path(__file__).resolve().parents[2]
TOO_MANY = {"error": True, "message": "Too many requests, retry in {} seconds.", "retry_after": 0}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Python in a fresh process whose settings read `env` (nothing else of ours)."""
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("DEBUG", "HTTPS_ONLY", "CORS_ALLOWED_ORIGINS", "SECURE_PROXY_SSL_HEADER"):
        base.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(**extra: str) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return {
        "DJANGO_SETTINGS_MODULE": "kitsu_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        **extra,
    }


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    code = "import sys; from django.core.management import execute_from_command_line; "
    code += "execute_from_command_line(['manage.py', 'check', '--deploy'])"
    return run_python(code, **production_env(**env))


def production_settings(*names: str, **env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {list(names)!r}}}))"
    )
    result = run_python(code, **production_env(**env))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- production settings -----------------------------------------------------------------------
def test_deploy_check_is_clean_behind_tls():
    result = deploy_check(HTTPS_ONLY="1", SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")

    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (2 silenced).",
    ), result.stderr


def test_deploy_check_over_plain_http_only_warns_about_tls():
    result = deploy_check()

    warnings = sorted(
        line.split(")")[0] + ")" for line in result.stderr.splitlines() if "W0" in line
    )
    assert warnings == [
        "?: (security.W004)",
        "?: (security.W008)",
        "?: (security.W012)",
        "?: (security.W016)",
    ]


def test_tls_settings_come_from_the_environment():
    behind_tls = production_settings(
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_PROXY_SSL_HEADER",
        HTTPS_ONLY="true",
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    plain = production_settings("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")

    assert behind_tls == {
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
    }
    assert plain == {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0}


def test_a_malformed_proxy_header_setting_is_refused():
    result = run_python(
        "import django; django.setup()",
        **production_env(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"),
    )

    assert result.returncode == 1
    assert 'SECURE_PROXY_SSL_HEADER must read "HEADER,value".' in result.stderr


def test_https_redirect_and_hsts_behind_a_proxy(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 600
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    plain = APIClient().get("/api/config")
    proxied = APIClient().get("/api/config", HTTP_X_FORWARDED_PROTO="https")
    probe = APIClient().get("/api/status")

    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/api/config")
    assert proxied.status_code == 200
    assert proxied["Strict-Transport-Security"] == "max-age=600; includeSubDomains; preload"
    assert probe.status_code == 200


def test_login_cookies_are_secure_over_tls(db):
    PersonFactory(email="ann@example.com")
    browser = {"HTTP_USER_AGENT": "Mozilla/5.0"}
    payload = {"email": "ann@example.com", "password": DEFAULT_PASSWORD}

    plain = APIClient().post("/auth/login", payload, "json", **browser)
    tls = APIClient().post("/auth/login", payload, "json", secure=True, **browser)

    assert plain.cookies["access_token_cookie"]["secure"] == ""
    assert tls.cookies["access_token_cookie"]["secure"] is True
    assert tls.cookies["refresh_token_cookie"]["secure"] is True


# -- headers and CORS --------------------------------------------------------------------------
def test_security_headers(db):
    response = APIClient().get("/api/config")

    assert {
        name: response[name]
        for name in (
            "X-Content-Type-Options",
            "X-Frame-Options",
            "Content-Security-Policy",
            "Referrer-Policy",
        )
    } == {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Content-Security-Policy": "frame-ancestors 'self'",
        "Referrer-Policy": "strict-origin-when-cross-origin",
    }


def test_no_cross_origin_access_by_default(db):
    response = APIClient().get("/api/config", HTTP_ORIGIN="https://elsewhere.example.com")

    assert "Access-Control-Allow-Origin" not in response


CORS_PREFLIGHT = """
import json, django
django.setup()
from django.test import Client
answers = {}
for origin in ("https://kitsu.example.com", "https://evil.example.com"):
    response = Client().options(
        "/api/data/projects",
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    answers[origin] = {
        "status": response.status_code,
        "origin": response.get("Access-Control-Allow-Origin"),
        "credentials": response.get("Access-Control-Allow-Credentials"),
    }
print(json.dumps(answers))
"""


def test_cors_allows_the_configured_origins_only():
    result = run_python(
        CORS_PREFLIGHT,
        **production_env(
            DJANGO_SETTINGS_MODULE="tests.settings",
            CORS_ALLOWED_ORIGINS="https://kitsu.example.com",
        ),
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "https://kitsu.example.com": {
            "status": 200,
            "origin": "https://kitsu.example.com",
            "credentials": "true",
        },
        "https://evil.example.com": {"status": 200, "origin": None, "credentials": None},
    }


# -- rate limits -------------------------------------------------------------------------------
@pytest.fixture
def budgets(settings):
    settings.LOGIN_RATE_LIMIT_PER_IP = "4/60"
    settings.LOGIN_RATE_LIMIT_PER_ACCOUNT = "3/60"
    settings.MAIL_RATE_LIMIT_PER_IP = "4/3600"
    settings.MAIL_RATE_LIMIT_PER_ACCOUNT = "2/3600"
    cache.clear()
    yield
    cache.clear()


def login(email: str, address: str, **headers):
    payload = {"email": email, "password": DEFAULT_PASSWORD}
    return APIClient().post("/auth/login", payload, "json", REMOTE_ADDR=address, **headers)


def assert_too_many(response, window: int) -> None:
    assert response.status_code == 429
    body = response.json()
    assert 0 < body["retry_after"] <= window
    assert response["Retry-After"] == str(body["retry_after"])
    assert body == {
        **TOO_MANY,
        "message": TOO_MANY["message"].format(body["retry_after"]),
        "retry_after": body["retry_after"],
    }


def test_login_attempts_per_account(budgets, db):
    PersonFactory(email="ann@example.com")

    answers = [login("ann@example.com", f"192.0.2.{n}").status_code for n in range(3)]
    refused = login("ANN@example.com", "192.0.2.50")  # the same account, spelled otherwise

    assert answers == [200, 200, 200]
    assert_too_many(refused, 60)
    assert login("bob@example.com", "192.0.2.51").status_code == 400  # others still try


def test_login_attempts_per_address_across_accounts(budgets, db):
    answers = [login(f"user{n}@example.com", "198.51.100.7").status_code for n in range(4)]

    refused = login("user9@example.com", "198.51.100.7")

    assert answers == [400, 400, 400, 400]
    assert_too_many(refused, 60)
    assert login("user9@example.com", "198.51.100.8").status_code == 400


def test_a_forged_forwarded_address_does_not_escape_the_budget(budgets, db):
    for n in range(4):
        login(f"user{n}@example.com", "198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    refused = login("user9@example.com", "198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert refused.status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_counts(budgets, settings, db):
    settings.NUM_PROXIES = 1
    for n in range(4):
        login(f"user{n}@example.com", "10.0.0.1", HTTP_X_FORWARDED_FOR=f"client, 203.0.113.{n}")

    other_client = login("user9@example.com", "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.77")

    assert other_client.status_code == 400


def reset_request(email: str, address: str):
    return APIClient().post("/auth/reset-password", {"email": email}, "json", REMOTE_ADDR=address)


@pytest.mark.parametrize("email", ["ann@example.com", "nobody@example.com"])
def test_reset_mails_per_account_known_or_not(budgets, db, email):
    PersonFactory(email="ann@example.com")

    answers = [reset_request(email, f"192.0.2.{n}").status_code for n in range(2)]
    refused = reset_request(email, "192.0.2.60")

    assert answers == [200, 200]
    assert_too_many(refused, 3600)


def test_login_code_mails_share_the_mail_budget(budgets, db):
    reset_request("ann@example.com", "192.0.2.70")
    reset_request("ann@example.com", "192.0.2.71")

    response = APIClient().get(
        "/auth/email-otp", {"email": "ann@example.com"}, REMOTE_ADDR="192.0.2.72"
    )

    assert_too_many(response, 3600)


# -- the API docs' files -----------------------------------------------------------------------
@pytest.mark.parametrize("prefix", ["", "/api"])
def test_swagger_ui_files(prefix):
    css = APIClient().get(f"{prefix}/docs/swagger-ui.css")
    missing = APIClient().get(f"{prefix}/docs/nothing.js")

    assert (css.status_code, css["Content-Type"]) == (200, "text/css")
    assert b"".join(css.streaming_content).startswith(b".swagger-ui")
    assert (missing.status_code, missing.json()) == (
        404,
        {
            "error": True,
            "message": "404 Not Found: The requested URL was not found on the server. If you "
            "entered the URL manually please check your spelling and try again.",
        },
    )


def test_oauth2_redirect_page():
    response = APIClient().get("/oauth2-redirect.html")

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert response.content.decode() == (
        '<!doctype html>\n<html lang="en-US">\n<body>\n<script src="/static/'
        'drf_spectacular_sidecar/swagger-ui-dist/oauth2-redirect.js"></script>\n</body>\n</html>\n'
    )


def test_static_files_are_served_and_nothing_outside(rf):
    from kitsu_site.api.static_files import static_file

    found = static_file(rf.get("/"), "drf_spectacular_sidecar/swagger-ui-dist/oauth2-redirect.js")
    escaping = APIClient().get("/static/..%2F..%2Fkitsu_site/settings.py")
    folder = APIClient().get("/static/drf_spectacular_sidecar/swagger-ui-dist")

    assert found.status_code == 200
    assert found["Content-Type"] == "text/javascript"
    assert escaping.status_code == 404
    assert folder.status_code == 404

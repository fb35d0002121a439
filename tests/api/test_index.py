"""The routes about the server itself, the generated docs and the 404 body."""

import json

import pytest
from django.test import override_settings

from kitsu_site.api.errors import NOT_FOUND_MESSAGE

pytestmark = pytest.mark.django_db

LOCAL_REDIS = "redis://127.0.0.1:6379/0"


@pytest.mark.parametrize("prefix", ["", "/api"])
def test_index_names_the_api(api_client, prefix):
    response = api_client.get(f"{prefix}/")
    assert response.status_code == 200
    assert response.json() == {"api": "Zou", "version": "1.0.97"}
    head = api_client.head(f"{prefix}/")
    assert head.status_code == 200
    assert head["Content-Type"] == "application/json"


@pytest.mark.parametrize("prefix", ["", "/api"])
@override_settings(REDIS_URL=LOCAL_REDIS)
def test_status_with_redis(api_client, prefix):
    response = api_client.get(f"{prefix}/status")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Zou",
        "version": "1.0.97",
        "database-up": True,
        "key-value-store-up": True,
        "event-stream-up": False,
        "job-queue-up": False,
        "indexer-up": False,
    }


@override_settings(REDIS_URL="")
def test_status_without_redis(api_client):
    body = api_client.get("/status").json()
    assert body["key-value-store-up"] is False
    assert body["database-up"] is True
    assert list(body) == [
        "name",
        "version",
        "database-up",
        "key-value-store-up",
        "event-stream-up",
        "job-queue-up",
        "indexer-up",
    ]


@override_settings(REDIS_URL="redis://127.0.0.1:6390/0")
def test_status_with_redis_down(api_client):
    assert api_client.get("/status").json()["key-value-store-up"] is False


@override_settings(REDIS_URL="")
def test_status_txt(api_client):
    response = api_client.get("/api/status.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode() == (
        "name: Zou\n"
        "version: 1.0.97\n"
        "database-up: up\n"
        "event-stream-up: down\n"
        "indexer-up: down\n"
        "job-queue-up: down\n"
        "key-value-store-up: down\n"
    )


@override_settings(DEFAULT_LOCALE="en_US", DEFAULT_TIMEZONE="Europe/Paris")
def test_config(api_client):
    response = api_client.get("/config")
    assert response.status_code == 200
    assert response.json() == {
        "is_self_hosted": True,
        "crisp_token": "",
        "dark_theme_by_default": False,
        "indexer_configured": False,
        "saml_enabled": False,
        "saml_idp_name": "",
        "oidc_enabled": False,
        "oidc_idp_name": "",
        "default_locale": "en_US",
        "default_timezone": "Europe/Paris",
        "enforce_2fa": False,
        "movie_highdef_bitrate": 28,
        "movie_lowdef_bitrate": 6,
        "preview_accounts_enabled": False,
    }


def test_openapi_schema(api_client):
    response = api_client.get("/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Kitsu API"
    assert schema["info"]["version"] == "1.0.97"
    assert "/data/persons" in schema["paths"] or "/data/persons/" in schema["paths"]
    assert "/status" in schema["paths"]


def test_apidocs_serves_swagger_ui_from_the_sidecar(api_client):
    response = api_client.get("/apidocs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "SwaggerUIBundle" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr.net" not in html
    assert api_client.get("/api/apidocs/").status_code == 200


@pytest.mark.parametrize("url", ["/no/such/route", "/api/no/such/route", "/data/nothings"])
def test_unknown_url_answers_a_json_404(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 404
    assert response.json() == {"error": True, "message": NOT_FOUND_MESSAGE}


@pytest.mark.django_db
def test_influx_status_gives_flags_and_time(api_client):
    body = api_client.get("/status/influx").json()

    assert body["database-up"] == 1
    assert body["event-stream-up"] == 0
    assert isinstance(body["time"], float)


def test_resources_status_describes_the_machine(api_client):
    body = api_client.get("/api/status/resources").json()

    assert set(body) == {"date", "cpu", "memory", "jobs"}
    assert set(body["cpu"]["loadavg"]) == {"last 1 min", "last 5 min", "last 10 min"}
    assert body["memory"]["total"] > body["memory"]["available"] > 0
    assert body["jobs"] == {"running_jobs": 0}


@pytest.mark.django_db
def test_test_event_is_sent_but_not_stored(api_client, django_capture_on_commit_callbacks):
    from kitsu_site.api.models import ApiEvent

    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.get("/status/test-event")

    assert response.json() == {"success": True}
    assert not ApiEvent.objects.exists()


@pytest.mark.django_db
def test_raw_schema_and_docs_index(api_client):
    assert api_client.get("/openapi-raw.json").json()["openapi"].startswith("3.")
    assert api_client.get("/apidocs/index.html").status_code == 200

"""The permission matrix, generated from the reference route table.

1. Without valid credentials (no token, an expired, a revoked token, the token of a
   deactivated account, an expired or replaced bot token) every route but the public ones
   answers 401.
2. Object-level authorisation: a member of project B only, whatever their role (a bot
   included), never gets project A's data: not on routes whose path names A's objects, not
   through `?project_id=` style filters on list routes, not with `relations=true`. Bodies
   naming A's objects are tested in test_nested_ids.py.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from people.tokens import decode, issue_api_token, issue_login_tokens, revoke
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.security.clients import bearer_client
from tests.security.dataset import Dataset
from tests.security.leaks import leak
from tests.security.routes import Route, filled_path, resolved_objects, served_routes

# Routes anyone may call: the index and health checks, the login and password-reset steps,
# single sign-on, the API documentation, static files and the guest views of a shared playlist
# (the share token is the credential).
PUBLIC_ROUTES = re.compile(
    r"^GET (/|/status.*|/stats|/config|/openapi(-raw)?\.json|/apidocs/.*|/oauth2-redirect\.html"
    r"|/docs/.*|/static/.*|/auth/email-otp|/auth/fido|/auth/saml/login|/auth/oidc/.*)$"
    r"|^POST /auth/(login|reset-password|saml/sso|app-login/token)$"
    r"|^PUT /auth/reset-password$"
    r"|^(GET|POST|PUT|DELETE) /shared/playlists/.*$"
)

# Takes a refresh token, not an access token: an access token is refused with 422 there
# (tests/people/test_auth_tokens.py covers it).
REFRESH_TOKEN_ROUTES = {"GET /auth/refresh-token"}


def is_public(route: Route) -> bool:
    return bool(PUBLIC_ROUTES.match(str(route)))


def guarded_routes() -> list[Route]:
    return [
        route
        for route in served_routes()
        if not is_public(route) and str(route) not in REFRESH_TOKEN_ROUTES
    ]


def read_routes() -> list[Route]:
    return [route for route in guarded_routes() if route.method == "GET"]


def object_routes() -> list[Route]:
    """GET routes whose path names objects (filled with project A's)."""
    return [route for route in read_routes() if route.parameters]


def list_routes() -> list[Route]:
    return [route for route in read_routes() if not route.parameters]


# -- 1. Refused credentials ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def refused_clients(dataset: Dataset) -> dict[str, APIClient]:
    """Clients whose credentials must all be refused, by what is wrong with them.

    Clients are made once: each new client loads the middleware chain again."""
    artist = dataset.a_team["user"]
    expired = AccessToken.for_user(artist)
    expired["identity_type"] = "person"
    expired.set_exp(from_time=timezone.now() - dt.timedelta(days=8))
    revoked = issue_login_tokens(artist)["access_token"]
    revoke(decode(revoked, expected_type="access"))
    leaver = PersonFactory(email="leaver@example.com")
    leaver_token = issue_login_tokens(leaver)["access_token"]
    leaver.active = False
    leaver.save(update_fields=["active"])
    clients = {
        "no token": APIClient(),
        "expired token": bearer_client(str(expired)),
        "revoked token": bearer_client(revoked),
        "inactive user": bearer_client(leaver_token),
        "expired bot token": bearer_client(expired_bot_token()),
        "replaced bot token": bearer_client(replaced_bot_token()),
    }
    return clients


def expired_bot_token() -> str:
    """A bot's token past the end of its expiration date."""
    yesterday = timezone.now().date() - dt.timedelta(days=1)
    bot = PersonFactory(email="expired-bot@example.com", is_bot=True, expiration_date=yesterday)
    token = issue_api_token(bot)
    bot.save(update_fields=["jti"])
    return token


def replaced_bot_token() -> str:
    """A bot's token after a new one was issued to it."""
    bot = PersonFactory(email="renewed-bot@example.com", is_bot=True)
    replaced = issue_api_token(bot)
    issue_api_token(bot)
    bot.save(update_fields=["jti"])
    return replaced


def call(client: APIClient, method: str, path: str):
    if method == "GET":
        return client.get(path)
    return getattr(client, method.lower())(path, {}, format="json")


@pytest.mark.django_db
@pytest.mark.parametrize("route", guarded_routes(), ids=str)
def test_refused_credentials_get_401(route, dataset, refused_clients):
    path = filled_path(route, dataset.objects)
    answers = {
        kind: call(client, route.method, path).status_code
        for kind, client in refused_clients.items()
    }
    assert answers == dict.fromkeys(refused_clients, 401)


# -- 2. Outsiders never see project A -----------------------------------------------------------


def leaks_for(dataset: Dataset, clients: dict[str, APIClient], path: str, **kwargs) -> dict:
    found = {}
    for role, client in clients.items():
        response = client.get(path)
        assert response.status_code < 500, (role, path, response.status_code)
        shown = leak(response, dataset, **kwargs)
        if shown:
            found[role] = shown
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("route", object_routes(), ids=str)
def test_outsiders_get_nothing_of_project_a_by_path(route, dataset, outsider_clients):
    path = filled_path(route, dataset.objects)
    secret_ids = dataset.secrets.intersection(
        str(obj.pk) for obj in resolved_objects(route, dataset.objects).values()
    )
    assert leaks_for(dataset, outsider_clients, path, names_secret_object=bool(secret_ids)) == {}


FILTERS = ("relations=true", "project_id={project}&relations=true", "task_id={task}")


@pytest.mark.django_db
@pytest.mark.parametrize("query", FILTERS)
@pytest.mark.parametrize("route", list_routes(), ids=str)
def test_outsiders_get_nothing_of_project_a_by_filter(route, query, dataset, outsider_clients):
    objects = dataset.objects
    query = query.format(project=objects["project_id"].pk, task=objects["task_id"].pk)
    path = f"{filled_path(route, objects)}?{query}"
    assert leaks_for(dataset, outsider_clients, path, names_secret_object=False) == {}


# The detector itself: project A's admin reads A's data on these, and each read is reported.
CONTROL_ROUTES = (
    "GET /data/projects/<project_id>/shots",
    "GET /data/tasks/<task_id>/full",
    "GET /data/playlists/<instance_id>",
    "GET /movies/originals/preview-files/<instance_id>.mp4",
    "GET /pictures/thumbnails/preview-files/<instance_id>.png",
    "GET /data/projects/<project_id>/playlists",
)


@pytest.mark.django_db
def test_the_detector_reports_what_an_insider_reads(dataset):
    routes = {str(route): route for route in object_routes()}
    insider = {"admin": client_for(dataset.a_team["admin"])}
    reported = {
        name: leaks_for(dataset, insider, filled_path(routes[name], dataset.objects),
                        names_secret_object=True)
        for name in CONTROL_ROUTES
    }  # fmt: skip
    assert {name: sorted(found) for name, found in reported.items()} == dict.fromkeys(
        CONTROL_ROUTES, ["admin"]
    )

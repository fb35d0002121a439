"""`/data/projects/<id>/preview-account`: a project's preview account, for its managers."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.utils import timezone

from kitsu_site.api.models import ApiEvent
from people.models import LoginLog, Person, Role
from people.selectors import active_person_count
from production.services import preview_account as services
from tests.conftest import client_for
from tests.factories import PersonFactory
from tests.production.factories import ProjectFactory, add_to_team

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 10, 0, 0, 123456, tzinfo=UTC)
NOT_FOUND = {
    "error": True,
    "message": "404 Not Found: The requested URL was not found on the server. If you entered "
    "the URL manually please check your spelling and try again.",
}
FORBIDDEN = {
    "error": True,
    "message": "You don't have the permission to access the requested resource. It is either "
    "read-protected or not readable by the server.",
}


def url(project_id) -> str:
    return f"/data/projects/{project_id}/preview-account"


@pytest.fixture
def project():
    return ProjectFactory(name="Caminandes")


def events() -> list[tuple[str, dict]]:
    return [(event.name, event.data) for event in ApiEvent.objects.order_by("created_at")]


def test_lifecycle_bodies_and_events(admin_client, project, django_capture_on_commit_callbacks):
    response = admin_client.get(url(project.pk))
    assert response.status_code == 200
    assert response.content == b"null"

    with django_capture_on_commit_callbacks(execute=True):
        created = admin_client.post(url(project.pk), {}, format="json")
    assert created.status_code == 201
    body = created.json()
    guest = Person.objects.get(preview_project_id=project.pk)
    password = body.pop("password")
    assert body == {
        "id": str(guest.pk),
        "email": guest.email,
        "full_name": "Preview Caminandes",
        "preview_open_until": None,
    }
    assert guest.email.startswith("preview-") and guest.email.endswith("@preview.kitsu.invalid")
    assert len(password) == 16 and guest.check_password(password)
    assert (guest.role, guest.is_guest, guest.active) == (Role.CLIENT, True, True)

    with django_capture_on_commit_callbacks(execute=True):
        again = admin_client.post(url(project.pk), {}, format="json")
    assert again.status_code == 201
    assert again.json()["id"] == str(guest.pk)
    guest.refresh_from_db()
    assert guest.check_password(again.json()["password"]) and not guest.check_password(password)
    assert Person.objects.filter(preview_project_id=project.pk).count() == 1

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        opened = admin_client.put(url(project.pk), {"is_open": True}, format="json")
    expected = {**body, "preview_open_until": "2026-03-02T11:00:00.123456"}
    assert (opened.status_code, opened.json()) == (200, expected)
    assert admin_client.get(url(project.pk)).json() == expected
    guest.refresh_from_db()
    assert guest.preview_opened_at == NOW

    closed = admin_client.put(url(project.pk), {"is_open": "false"}, format="json")
    assert (closed.status_code, closed.json()) == (200, body)

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(url(project.pk)).status_code == 204
    assert not Person.objects.filter(pk=guest.pk).exists()
    assert admin_client.get(url(project.pk)).content == b"null"
    assert admin_client.delete(url(project.pk)).status_code == 204
    assert events() == [
        ("project:update", {"project_id": str(project.pk)}),
        ("person:delete", {"person_id": str(guest.pk)}),
    ]


def test_put_validation_and_missing_account(admin_client, project):
    required = {"field": "is_open", "message": "Field required"}
    for payload, error in [
        ({}, required),
        (
            {"is_open": "maybe"},
            {
                "field": "is_open",
                "message": "Input should be a valid boolean, unable to interpret input",
            },
        ),
        (
            [],
            {
                "field": "",
                "message": "Input should be a valid dictionary or instance of "
                "PreviewAccountOpenSchema",
            },
        ),
    ]:
        response = admin_client.put(url(project.pk), payload, format="json")
        assert (response.status_code, response.json()) == (
            400,
            {"error": True, "message": "Validation error.", "data": {"errors": [error]}},
        )
    response = admin_client.put(url(project.pk), {"is_open": True}, format="json")
    assert (response.status_code, response.json()) == (
        404,
        {"error": True, "message": "404 Not Found: No preview account for this project"},
    )


def test_unknown_and_malformed_projects(admin_client):
    unknown = "00000000-0000-0000-0000-000000000000"
    assert admin_client.get(url(unknown)).content == b"null"
    assert admin_client.delete(url(unknown)).status_code == 204
    response = admin_client.post(url(unknown), {}, format="json")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    for method in ("get", "post", "delete"):
        response = getattr(admin_client, method)(url("nope"))
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
def test_only_the_projects_managers(method, project):
    payload = {"is_open": False}
    manager_in = PersonFactory(role=Role.MANAGER)
    add_to_team(project, manager_in)
    services.preview_account_create(actor=manager_in, project=project)
    response = getattr(client_for(manager_in), method)(url(project.pk), payload, format="json")
    assert response.status_code == {"get": 200, "post": 201, "put": 200, "delete": 204}[method]

    outsider = PersonFactory(role=Role.MANAGER)
    response = getattr(client_for(outsider), method)(url(project.pk), payload, format="json")
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    for role in (Role.SUPERVISOR, Role.USER, Role.CLIENT, Role.VENDOR):
        member = PersonFactory(role=role)
        add_to_team(project, member)
        response = getattr(client_for(member), method)(url(project.pk), payload, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN), role
    demoted = PersonFactory(role=Role.MANAGER)
    add_to_team(project, demoted, role=Role.USER)
    response = getattr(client_for(demoted), method)(url(project.pk), payload, format="json")
    assert response.status_code == 403


def test_guest_does_not_count_against_the_user_limit(admin, project):
    before = active_person_count()
    services.preview_account_create(actor=admin, project=project)
    assert active_person_count() == before


def test_open_window_and_expiry(admin, project):
    guest, _ = services.preview_account_create(actor=admin, project=project)
    assert not guest.preview_window_open()  # created closed
    services.preview_account_set_open(actor=admin, project_id=project.pk, is_open=True, now=NOW)
    guest.refresh_from_db()
    assert guest.preview_open_until == NOW + timedelta(hours=1)
    assert guest.preview_window_open(NOW + timedelta(minutes=59))
    assert not guest.preview_window_open(NOW + timedelta(hours=1, seconds=1))
    # Opening again extends the window from the new time.
    later = NOW + timedelta(minutes=50)
    services.preview_account_set_open(actor=admin, project_id=project.pk, is_open=True, now=later)
    guest.refresh_from_db()
    assert guest.preview_window_open(NOW + timedelta(hours=1, minutes=30))
    services.preview_account_set_open(actor=admin, project_id=project.pk, is_open=False)
    guest.refresh_from_db()
    assert not guest.preview_window_open(later)
    # Anyone who is not a preview account is never shut out by this check.
    assert admin.preview_window_open(timezone.now())


def test_delete_an_account_that_logged_in(admin, admin_client, project):
    guest, _ = services.preview_account_create(actor=admin, project=project)
    LoginLog.objects.create(person=guest, origin="web")
    assert admin_client.delete(url(project.pk)).status_code == 204
    assert not Person.objects.filter(pk=guest.pk).exists()


def test_closed_preview_account_can_neither_log_in_nor_use_its_tokens(admin_client, project):
    from rest_framework.test import APIClient

    created = admin_client.post(url(project.id)).json()
    admin_client.put(url(project.id), {"is_open": True}, format="json")
    guest_client = APIClient()
    login = {"email": created["email"], "password": created["password"]}
    logged = guest_client.post("/auth/login", login, format="json")
    assert logged.status_code == 200
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {logged.json()['access_token']}"}
    assert guest_client.get("/auth/authenticated", **bearer).status_code == 200

    admin_client.put(url(project.id), {"is_open": False}, format="json")

    assert guest_client.get("/auth/authenticated", **bearer).status_code == 401
    refused = guest_client.post("/auth/login", login, format="json")
    assert (refused.status_code, refused.json()["unactive"]) == (401, True)

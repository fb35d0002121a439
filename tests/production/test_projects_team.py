"""A project's team: listing, adding, per-project roles and removal."""

import pytest

from production.models import Project, ProjectPersonLink
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import ProjectFactory, add_to_team
from tests.production.projects_helpers import (
    FORBIDDEN,
    Caller,
    allowed,
    count_queries,
    events,
    make_callers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db) -> Project:
    return ProjectFactory(name="Caminandes")


@pytest.fixture
def callers(project) -> dict[str, Caller]:
    return make_callers(project)


MINIMAL_KEYS = {
    "id", "type", "first_name", "last_name", "full_name", "has_avatar", "active",
    "departments", "studio_id", "role", "desktop_login", "is_bot", "project_role",
}  # fmt: skip
SECRETS = {"password", "totp_secret", "jti", "email_otp_secret", "otp_recovery_codes"}


def test_get_team_shapes(project, callers):
    department = DepartmentFactory()
    callers["user_in"].person.departments.add(department)
    link = ProjectPersonLink.objects.get(project=project, person=callers["user_in"].person)
    link.role = "supervisor"
    link.save()
    full = callers["manager_in"].client.get(f"/data/projects/{project.id}/team").json()
    assert len(full) == 5
    row = next(r for r in full if r["id"] == str(callers["user_in"].person.id))
    assert row["project_role"] == "supervisor"
    assert row["departments"] == [str(department.id)]
    assert row["email"] == "user_in@example.com"
    assert not SECRETS & set(row)
    minimal = callers["vendor_in"].client.get(f"/data/projects/{project.id}/team").json()
    assert all(set(r) == MINIMAL_KEYS for r in minimal)
    outcome = allowed(callers, lambda c: c.get(f"/data/projects/{project.id}/team"), expect_ok=200)
    assert not outcome["manager_out"] and not outcome["user_out"]
    assert all(ok for kind, ok in outcome.items() if kind.endswith("_in") or kind == "admin")


def test_team_query_count(admin_client):
    project = ProjectFactory()
    add_to_team(project, PersonFactory())
    one = count_queries(admin_client, f"/data/projects/{project.id}/team")
    for _ in range(3):
        person = PersonFactory()
        person.departments.add(DepartmentFactory())
        add_to_team(project, person)
    assert count_queries(admin_client, f"/data/projects/{project.id}/team") == one


def test_add_member(project, callers, django_capture_on_commit_callbacks):
    newcomer = PersonFactory()
    url = f"/data/projects/{project.id}/team"
    outcome = allowed(
        callers,
        lambda c: c.post(url, {"person_id": str(newcomer.id)}, format="json"),
        expect_ok=201,
    )
    assert [kind for kind, ok in outcome.items() if ok] == ["admin", "manager_in"]
    other = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = callers["manager_in"].client.post(
            url, {"person_id": str(other.id), "role": "supervisor"}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["id"] == str(project.id)
    assert "team" not in response.json()
    assert ProjectPersonLink.objects.get(project=project, person=other).role == "supervisor"
    assert events() == [("project:update", {"project_id": str(project.id)}, str(project.id))]
    # Adding again is harmless.
    assert (
        callers["admin"].client.post(url, {"person_id": str(other.id)}, format="json").status_code
        == 201
    )
    assert ProjectPersonLink.objects.filter(project=project, person=other).count() == 1


def test_add_member_errors(admin_client, project):
    url = f"/data/projects/{project.id}/team"
    response = admin_client.post(url, {}, format="json")
    assert response.json() == {
        "error": True,
        "message": "Validation error.",
        "data": {"errors": [{"field": "person_id", "message": "Field required"}]},
    }
    missing = "5b31d443-3273-425f-b32f-1bbd63dd6089"
    response = admin_client.post(url, {"person_id": missing}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == f"Person with id {missing} not found"
    person = PersonFactory()
    response = admin_client.post(url, {"person_id": str(person.id), "role": "admin"}, format="json")
    assert response.status_code == 400
    assert response.json()["message"] == "Validation error."
    assert admin_client.post("/data/projects/zz/team", {"person_id": "x"}).status_code == 400


def test_set_role(project, callers):
    member = callers["user_in"].person
    url = f"/data/projects/{project.id}/team/{member.id}"
    response = callers["manager_in"].client.put(url, {"role": "manager"}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "project_id": str(project.id),
        "person_id": str(member.id),
        "role": "manager",
    }
    # The promoted artist now manages the project.
    response = callers["user_in"].client.put(
        f"/data/projects/{project.id}", {"fps": "30"}, format="json"
    )
    assert response.status_code == 200
    assert callers["admin"].client.put(url, {}, format="json").json()["role"] is None
    response = callers["admin"].client.put(url, {"role": "admin"}, format="json")
    assert response.status_code == 400
    outsider = callers["user_out"].person
    response = callers["admin"].client.put(
        f"/data/projects/{project.id}/team/{outsider.id}", {"role": "user"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Person is not a member of the project team"
    response = callers["supervisor_in"].client.put(url, {"role": "user"}, format="json")
    assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_remove_member(project, callers, django_capture_on_commit_callbacks):
    member = callers["vendor_in"].person
    url = f"/data/projects/{project.id}/team/{member.id}"
    assert callers["user_in"].client.delete(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert callers["manager_in"].client.delete(url).status_code == 204
    assert not ProjectPersonLink.objects.filter(project=project, person=member).exists()
    assert events() == [("project:update", {"project_id": str(project.id)}, str(project.id))]
    assert callers["admin"].client.delete(url).status_code == 204  # not a member: no-op

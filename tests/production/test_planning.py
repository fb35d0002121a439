"""Milestones and a project's budgets: bodies, revisions, events, role rules, query counts."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE, NOT_FOUND_MESSAGE
from kitsu_site.api.models import ApiEvent
from production.models import Budget, BudgetEntry, Milestone
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import ProjectFactory, TaskTypeFactory, add_to_team

pytestmark = pytest.mark.django_db

FORBIDDEN = {"error": True, "message": FORBIDDEN_MESSAGE}
NOT_FOUND = {"error": True, "message": NOT_FOUND_MESSAGE}
WRONG_UUID = {"error": True, "message": "Wrong UUID format.", "data": None}
ROLES = ("manager", "supervisor", "user", "client", "vendor")


@pytest.fixture
def project():
    return ProjectFactory(name="Planning")


@pytest.fixture
def team(project):
    """A client per role in the project's team, and a manager outside it."""
    clients = {}
    for role in ROLES:
        person = PersonFactory(role=role, email=f"team-{role}@example.com")
        add_to_team(project, person)
        clients[role] = client_for(person)
    clients["outsider"] = client_for(PersonFactory(role="manager", email="out@example.com"))
    return clients


def iso(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def milestone_body(milestone: Milestone) -> dict:
    return {
        "date": milestone.date.isoformat() if milestone.date else None,
        "name": milestone.name,
        "project_id": str(milestone.project_id),
        "task_type_id": str(milestone.task_type_id) if milestone.task_type_id else None,
        "id": str(milestone.id),
        "created_at": iso(milestone.created_at),
        "updated_at": iso(milestone.updated_at),
        "type": "Milestone",
    }


def budget_body(budget: Budget) -> dict:
    return {
        "project_id": str(budget.project_id),
        "revision": budget.revision,
        "name": budget.name,
        "currency": budget.currency,
        "id": str(budget.id),
        "created_at": iso(budget.created_at),
        "updated_at": iso(budget.updated_at),
        "type": "Budget",
    }


def events() -> list[tuple[str, dict]]:
    return [(event.name, event.data) for event in ApiEvent.objects.order_by("created_at")]


# -- milestones ------------------------------------------------------------------------------------
def test_milestone_create_read_update_delete(
    admin_client, project, django_capture_on_commit_callbacks
):
    task_type = TaskTypeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/data/milestones",
            {
                "name": "Layout lock",
                "date": "2024-03-01",
                "project_id": str(project.id),
                "task_type_id": str(task_type.id),
            },
            format="json",
        )
    assert response.status_code == 201
    milestone = Milestone.objects.get()
    assert response.json() == milestone_body(milestone)
    assert milestone.date.isoformat() == "2024-03-01"

    assert admin_client.get(f"/data/milestones/{milestone.id}").json() == milestone_body(milestone)
    listed = admin_client.get(f"/data/projects/{project.id}/milestones")
    assert listed.json() == [
        {
            "id": str(milestone.id),
            "date": "2024-03-01",
            "name": "Layout lock",
            "project_id": str(project.id),
            "task_type_id": str(task_type.id),
        }
    ]

    other = ProjectFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            f"/data/milestones/{milestone.id}",
            {"name": "Anim lock", "date": "2024-05-05", "project_id": str(other.id), "foo": 1},
            format="json",
        )
    assert response.status_code == 200
    milestone.refresh_from_db()
    assert (milestone.name, milestone.date.isoformat(), milestone.project_id) == (
        "Anim lock",
        "2024-05-05",
        project.id,
    )
    assert response.json() == milestone_body(milestone)

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"/data/milestones/{milestone.id}").status_code == 204
    assert not Milestone.objects.exists()
    data = {"milestone_id": str(milestone.id), "project_id": str(project.id)}
    assert events() == [
        ("milestone:new", data),
        ("milestone:update", data),
        ("milestone:delete", data),
    ]


def test_milestone_create_errors(admin_client, project):
    def post(body):
        return admin_client.post("/data/milestones", body, format="json")

    response = post({"name": "No project"})
    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "'project_id'"},
    )
    invalid = {"error": True, "message": "One of the provided values has an invalid format."}
    project_id = str(project.id)
    for body in (
        {"name": "M", "date": "bad", "project_id": project_id},
        {"name": "M", "project_id": "not-a-uuid"},
        {"name": "M" * 41, "project_id": project_id},
    ):
        response = post(body)
        assert (response.status_code, response.json()) == (400, invalid), body
    response = post({"name": "M", "project_id": str(uuid.uuid4())})
    assert response.json() == {
        "error": True,
        "message": "The change conflicts with records referencing this one.",
    }
    response = post({"date": "2024-01-01", "project_id": project_id})
    assert (response.status_code, response.json()["message"]) == (
        400,
        "A required field is missing.",
    )
    assert not Milestone.objects.exists()


def test_milestone_update_bad_date(admin_client, project):
    milestone = Milestone.objects.create(name="M", project=project)
    response = admin_client.put(f"/data/milestones/{milestone.id}", {"date": "bad"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {
            "error": True,
            "message": "Invalid date format for 'date': 'bad'. "
            "Expected an ISO 8601 date or datetime.",
            "data": None,
        },
    )


def test_milestone_roles(admin_client, project, team):
    milestone = Milestone.objects.create(name="M", project=project)
    url = f"/data/milestones/{milestone.id}"
    expected_read = {
        "manager": 200,
        "supervisor": 200,
        "user": 200,
        "client": 200,
        "vendor": 403,
        "outsider": 403,
    }
    for role, client in team.items():
        assert client.get("/data/milestones").status_code == 403, role
        assert client.get(url).status_code == expected_read[role], role
        project_list = client.get(f"/data/projects/{project.id}/milestones").status_code
        assert project_list == (403 if role in ("client", "outsider") else 200), role
        if role == "manager":
            continue
        body = {"name": "X", "project_id": str(project.id)}
        response = client.post("/data/milestones", body, format="json")
        assert (response.status_code, response.json()) == (403, FORBIDDEN), role
        assert client.put(url, {"name": "X"}, format="json").status_code == 403, role
        assert client.delete(url).status_code == 403, role

    manager = team["manager"]
    body = {"name": "By manager", "project_id": str(project.id)}
    assert manager.post("/data/milestones", body, format="json").status_code == 201
    assert manager.put(url, {"name": "Renamed"}, format="json").status_code == 200
    assert manager.delete(url).status_code == 204
    assert list(Milestone.objects.values_list("name", flat=True)) == ["By manager"]
    unknown = {"name": "X", "project_id": str(uuid.uuid4())}
    assert manager.post("/data/milestones", unknown, format="json").json() == NOT_FOUND


def test_project_milestones_bad_and_unknown_project(admin_client, team):
    unknown = uuid.uuid4()
    assert admin_client.get(f"/data/projects/{unknown}/milestones").json() == []
    response = admin_client.get("/data/projects/bad/milestones")
    assert (response.status_code, response.json()) == (400, WRONG_UUID)
    for path in (f"/data/projects/{unknown}/milestones", "/data/projects/bad/milestones"):
        response = team["manager"].get(path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_project_milestones_query_count(admin_client, project):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(f"/data/projects/{project.id}/milestones")
        assert response.status_code == 200
        return len(queries), len(response.json())

    Milestone.objects.create(name="M1", project=project)
    one = count()
    Milestone.objects.create(name="M2", project=project)
    Milestone.objects.create(name="M3", project=project)
    three = count()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


def test_project_milestones_in_creation_order(admin_client, project):
    first = Milestone.objects.create(name="Late", date="2025-01-01", project=project)
    second = Milestone.objects.create(name="Early", date="2024-01-01", project=project)
    Milestone.objects.create(name="Elsewhere", project=ProjectFactory())
    rows = admin_client.get(f"/data/projects/{project.id}/milestones").json()
    assert [row["id"] for row in rows] == [str(first.id), str(second.id)]


# -- budgets ---------------------------------------------------------------------------------------
def test_budget_revisions_and_bodies(admin_client, project, django_capture_on_commit_callbacks):
    url = f"/data/projects/{project.id}/budgets"
    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client.post(url, {"name": "Initial"}, format="json")
        second = admin_client.post(
            url, {"name": "Second", "currency": "EUR", "revision": 9}, format="json"
        )
        third = admin_client.post(url, {"name": "Third", "currency": None}, format="json")
    assert [r.status_code for r in (first, second, third)] == [200, 200, 200]
    budgets = {b.name: b for b in Budget.objects.all()}
    assert first.json() == budget_body(budgets["Initial"])
    assert sorted((b.revision, b.name, b.currency) for b in budgets.values()) == [
        (1, "Initial", "USD"),
        (2, "Second", "EUR"),
        (3, "Third", None),
    ]
    assert second.json()["revision"] == 2
    assert third.json()["currency"] is None

    # Revisions continue after the last one; a deleted number in between is not reused.
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(f"{url}/{budgets['Second'].id}").status_code == 204
        assert admin_client.delete(f"{url}/{budgets['Third'].id}").status_code == 204
    fourth = admin_client.post(url, {"name": "Fourth"}, format="json").json()
    assert fourth["revision"] == 2
    admin_client.delete(f"{url}/{budgets['Initial'].id}")
    admin_client.post(url, {"name": "Fifth"}, format="json")
    assert admin_client.get(url).json() == [
        {
            "id": fourth["id"],
            "project_id": str(project.id),
            "revision": 2,
            "name": "Fourth",
            "currency": "USD",
        },
        {
            "id": str(Budget.objects.get(name="Fifth").id),
            "project_id": str(project.id),
            "revision": 3,
            "name": "Fifth",
            "currency": "USD",
        },
    ]
    # Revisions count per project.
    other = ProjectFactory()
    response = admin_client.post(f"/data/projects/{other.id}/budgets", {"name": "B"}, format="json")
    assert response.json()["revision"] == 1

    names = [name for name, _ in events()]
    assert names == ["budget:create"] * 3 + ["budget:delete"] * 2
    assert events()[0][1] == {
        "budget_id": str(budgets["Initial"].id),
        "project_id": str(project.id),
    }


def test_budget_revision_follows_the_highest(admin_client, project):
    Budget.objects.create(project=project, name="Imported", revision=7)
    response = admin_client.post(
        f"/data/projects/{project.id}/budgets", {"name": "Next"}, format="json"
    )
    assert response.json()["revision"] == 8


def test_budget_create_validation(admin_client, project):
    url = f"/data/projects/{project.id}/budgets"

    def errors(body):
        response = admin_client.post(url, body, format="json")
        assert response.status_code == 400
        return response.json()

    def validation(*pairs):
        return {
            "error": True,
            "message": "Validation error.",
            "data": {"errors": [{"field": f, "message": m} for f, m in pairs]},
        }

    assert errors({}) == validation(("name", "Field required"))
    assert errors({"currency": "USD"}) == validation(("name", "Field required"))
    assert errors({"name": ""}) == validation(("name", "String should have at least 1 character"))
    assert errors({"name": None}) == validation(("name", "Input should be a valid string"))
    assert errors({"name": 12}) == validation(("name", "Input should be a valid string"))
    assert errors({"name": "B", "currency": 5}) == validation(
        ("currency", "Input should be a valid string")
    )
    assert errors({"name": "B", "currency": "EURO"}) == {
        "error": True,
        "message": "One of the provided values has an invalid format.",
    }
    assert not Budget.objects.exists()


def test_budget_read_update_delete(admin_client, project, django_capture_on_commit_callbacks):
    budget = Budget.objects.create(project=project, name="B", revision=1, currency="USD")
    entry = BudgetEntry.objects.create(
        budget=budget,
        department=DepartmentFactory(),
        start_date="2024-01-01",
        months_duration=3,
        daily_salary=300,
    )
    url = f"/data/projects/{project.id}/budgets/{budget.id}"
    assert admin_client.get(url).json() == budget_body(budget)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(
            url,
            {"name": "Renamed", "currency": "GBP", "revision": 7, "project_id": str(uuid.uuid4())},
            format="json",
        )
        kept = admin_client.put(url, {"name": None, "currency": None}, format="json")
        assert (kept.status_code, kept.json()["name"]) == (200, "Renamed")
        assert admin_client.put(url, {"name": ""}, format="json").json()["name"] == ""
    budget.refresh_from_db()
    assert (budget.name, budget.currency, budget.revision, budget.project_id) == (
        "",
        "GBP",
        1,
        project.id,
    )
    assert response.json()["name"] == "Renamed"
    response = admin_client.put(url, {"name": 5}, format="json")
    assert response.json()["data"] == {
        "errors": [{"field": "name", "message": "Input should be a valid string"}]
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(url).status_code == 204
    assert not Budget.objects.exists()
    assert not BudgetEntry.objects.filter(pk=entry.pk).exists()
    assert [name for name, _ in events()] == ["budget:update"] * 3 + ["budget:delete"]


def test_budget_lookup_errors(admin_client, project, team):
    budget = Budget.objects.create(project=ProjectFactory(), name="Elsewhere", revision=1)
    base = f"/data/projects/{project.id}/budgets"
    response = admin_client.get(f"{base}/{budget.id}")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = admin_client.get(f"{base}/{uuid.uuid4()}")
    assert response.status_code == 404
    for client in (admin_client, team["outsider"]):
        response = client.get(f"{base}/bad")
        assert (response.status_code, response.json()) == (400, WRONG_UUID)
    assert admin_client.get(f"/data/projects/{uuid.uuid4()}/budgets").json() == []
    assert admin_client.get("/data/projects/bad/budgets").json() == WRONG_UUID
    assert team["manager"].get(f"/data/projects/{uuid.uuid4()}/budgets").json() == NOT_FOUND


def test_budget_roles(project, team):
    budget = Budget.objects.create(project=project, name="B", revision=1)
    base = f"/data/projects/{project.id}/budgets"
    for role, client in team.items():
        if role == "manager":
            continue
        assert client.get(base).json() == FORBIDDEN, role
        assert client.post(base, {"name": "X"}, format="json").status_code == 403, role
        assert client.get(f"{base}/{budget.id}").status_code == 403, role
        assert client.put(f"{base}/{budget.id}", {"name": "X"}, format="json").status_code == 403
        assert client.delete(f"{base}/{budget.id}").status_code == 403, role
    manager = team["manager"]
    assert manager.get(base).status_code == 200
    assert manager.post(base, {"name": "Mine"}, format="json").json()["revision"] == 2
    assert manager.put(f"{base}/{budget.id}", {"name": "Y"}, format="json").status_code == 200
    assert manager.delete(f"{base}/{budget.id}").status_code == 204
    assert list(Budget.objects.values_list("name", flat=True)) == ["Mine"]


def test_project_budgets_query_count(admin_client, project):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(f"/data/projects/{project.id}/budgets")
        return len(queries), len(response.json())

    Budget.objects.create(project=project, name="B1", revision=1)
    one = count()
    Budget.objects.create(project=project, name="B2", revision=2)
    Budget.objects.create(project=project, name="B3", revision=3)
    three = count()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]

"""Budget entries (exceptions, validation, events, roles), the raw budget resources, the
project's month costs and the planning console page with its planned/spent chart."""

import datetime as dt
import uuid

import pytest
from django.test import Client

from people.models import Organisation, Role, TimeSpent
from production.models import Budget, BudgetEntry, ScheduleItem
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.production.factories import TaskFactory
from tests.production.planning_helpers import build_plan, count_queries, event_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    p = build_plan()
    p.budget = Budget.objects.create(project=p.project, name="B", revision=1, currency="EUR")
    p.entries_url = f"/data/projects/{p.project.id}/budgets/{p.budget.id}/entries"
    return p


def entry_body(plan, **fields) -> dict:
    return {
        "department_id": str(plan.animation_dept.id),
        "start_date": "2024-01-01",
        "months_duration": 6,
        "daily_salary": 300,
        **fields,
    }


def test_entry_create_update_delete(admin_client, plan, django_capture_on_commit_callbacks):
    person = plan.persons["user"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            plan.entries_url,
            entry_body(plan, person_id=str(person.id), exceptions={"2024-02": 9}),
            format="json",
        )
    assert response.status_code == 200
    entry = BudgetEntry.objects.get()
    stamp = entry.created_at.strftime("%Y-%m-%dT%H:%M:%S")
    assert response.json() == {
        "budget_id": str(plan.budget.id),
        "department_id": str(plan.animation_dept.id),
        "person_id": str(person.id),
        "start_date": "2024-01-01",
        "months_duration": 6,
        "daily_salary": 300.0,
        "position": "artist",
        "seniority": "mid",
        # Exceptions are set by updates only, as the reference creates entries.
        "exceptions": {},
        "id": str(entry.id),
        "created_at": stamp,
        "updated_at": stamp,
        "type": "BudgetEntry",
    }
    url = f"{plan.entries_url}/{entry.id}"
    with django_capture_on_commit_callbacks(execute=True):
        updated = admin_client.put(
            url,
            {
                "daily_salary": 350.5,
                "position": "lead",
                "exceptions": {"2024-03": 8000, "2024-04": 0, "2024-05": None},
                "budget_id": str(uuid.uuid4()),
            },
            format="json",
        ).json()
    assert (updated["daily_salary"], updated["position"], updated["exceptions"]) == (
        350.5,
        "lead",
        {"2024-03": 8000},
    )
    assert updated["budget_id"] == str(plan.budget.id)
    assert admin_client.get(url).json() == updated
    assert admin_client.get(plan.entries_url).json() == [
        {key: updated[key] for key in updated if key not in ("created_at", "updated_at", "type")}
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(url).status_code == 204
    assert not BudgetEntry.objects.exists()
    assert event_names() == ["budget-entry:create", "budget-entry:update", "budget-entry:delete"]


def test_entry_validation(admin_client, plan):
    def errors(body, url=plan.entries_url, method="post"):
        response = getattr(admin_client, method)(url, body, format="json")
        assert response.status_code == 400
        return response.json()

    def fields(*pairs):
        return {
            "error": True,
            "message": "Validation error.",
            "data": {"errors": [{"field": f, "message": m} for f, m in pairs]},
        }

    assert errors({"department_id": str(plan.animation_dept.id)}) == fields(
        ("start_date", "Field required"),
        ("months_duration", "Field required"),
        ("daily_salary", "Field required"),
    )
    assert errors(entry_body(plan, months_duration="x", daily_salary="a")) == fields(
        (
            "months_duration",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        ("daily_salary", "Input should be a valid number, unable to parse string as a number"),
    )
    assert errors(entry_body(plan, position="boss", start_date="bad")) == fields(
        ("start_date", "Input should be a valid date or datetime"),
        ("position", "Input should be 'supervisor', 'lead' or 'artist'"),
    )
    unknown = errors(entry_body(plan, department_id=str(uuid.uuid4())))
    assert unknown["message"] == "The change conflicts with records referencing this one."
    entry = BudgetEntry.objects.create(
        budget=plan.budget,
        department=plan.animation_dept,
        start_date="2024-01-01",
        months_duration=1,
        daily_salary=1,
    )
    url = f"{plan.entries_url}/{entry.id}"
    assert errors({"exceptions": {"March": 5}}, url, "put") == fields(
        ("exceptions", "'March' is not a month (YYYY-MM)")
    )
    assert errors({"exceptions": [1]}, url, "put") == fields(
        ("exceptions", "Input should be a valid dictionary")
    )
    other = Budget.objects.create(project=plan.project, name="Other", revision=2)
    misplaced = f"/data/projects/{plan.project.id}/budgets/{other.id}/entries/{entry.id}"
    assert admin_client.get(misplaced).status_code == 404
    assert BudgetEntry.objects.count() == 1


def test_entry_roles(plan):
    entry = BudgetEntry.objects.create(
        budget=plan.budget,
        department=plan.animation_dept,
        start_date="2024-01-01",
        months_duration=1,
        daily_salary=1,
    )
    url = f"{plan.entries_url}/{entry.id}"
    for role, client in plan.clients.items():
        if role == "manager":
            continue
        assert client.get(plan.entries_url).status_code == 403, role
        assert client.post(plan.entries_url, entry_body(plan), format="json").status_code == 403
        assert client.get(url).status_code == 403, role
        assert client.put(url, {"daily_salary": 2}, format="json").status_code == 403, role
        assert client.delete(url).status_code == 403, role
    manager = plan.clients["manager"]
    assert manager.post(plan.entries_url, entry_body(plan), format="json").status_code == 200
    assert manager.put(url, {"daily_salary": 2}, format="json").json()["daily_salary"] == 2.0
    assert manager.delete(url).status_code == 204


def test_raw_budget_resources_are_for_admins(admin_client, plan):
    BudgetEntry.objects.create(
        budget=plan.budget,
        department=plan.animation_dept,
        start_date="2024-01-01",
        months_duration=1,
        daily_salary=1,
    )
    assert [row["name"] for row in admin_client.get("/data/budgets").json()] == ["B"]
    assert len(admin_client.get("/data/budget-entries").json()) == 1
    response = admin_client.put(
        f"/data/budgets/{plan.budget.id}", {"name": "C", "revision": 9}, format="json"
    )
    assert (response.json()["name"], response.json()["revision"]) == ("C", 1)
    for client in plan.clients.values():
        assert client.get("/data/budgets").status_code == 403
        assert client.get("/data/budget-entries").status_code == 403
        assert client.get(f"/data/budgets/{plan.budget.id}").status_code == 403


def log(task, person, day: str, minutes: float) -> None:
    TimeSpent.objects.create(task=task, person=person, date=day, duration=minutes)


def test_month_time_spents(admin_client, plan):
    user, vendor = plan.persons["user"], plan.persons["vendor"]
    shot_task, asset_task = plan.anim_tasks[0], plan.model_tasks[0]
    log(shot_task, user, "2024-01-05", 240)
    log(shot_task, user, "2024-01-31", 60)
    log(plan.anim_tasks[1], user, "2024-02-01", 480)
    log(shot_task, vendor, "2024-02-10", 120)
    log(asset_task, user, "2024-02-11", 30)
    log(plan.edit_task, vendor, "2024-03-01", 15)
    log(TaskFactory(task_type=plan.animation), user, "2024-01-01", 999)  # another project
    url = f"/data/projects/{plan.project.id}/budgets/time-spents"
    assert admin_client.get(url).json() == {
        str(plan.animation_dept.id): {
            "total": 900.0,
            str(user.id): {"total": 780.0, "2024-01": 300.0, "2024-02": 480.0},
            str(vendor.id): {"total": 120.0, "2024-02": 120.0},
        },
        str(plan.modeling_dept.id): {
            "total": 30.0,
            str(user.id): {"total": 30.0, "2024-02": 30.0},
        },
        # Task types without department land under the JSON key of no id.
        "null": {"total": 15.0, str(vendor.id): {"total": 15.0, "2024-03": 15.0}},
    }
    for role, client in plan.clients.items():
        assert client.get(url).status_code == 403, role
    response = admin_client.get("/data/projects/bad/budgets/time-spents")
    assert (response.status_code, response.json()["message"]) == (400, "Wrong UUID format.")


def test_budget_lists_query_count(admin_client, plan):
    def add_entry() -> None:
        BudgetEntry.objects.create(
            budget=plan.budget,
            department=plan.animation_dept,
            start_date="2024-01-01",
            months_duration=1,
            daily_salary=1,
        )

    def add_time() -> None:
        day = dt.date(2024, 1, 1) + dt.timedelta(days=TimeSpent.objects.count() * 40)
        log(plan.anim_tasks[0], plan.persons["user"], day.isoformat(), 60)

    month_url = f"/data/projects/{plan.project.id}/budgets/time-spents"
    add_entry()
    add_time()
    one = [count_queries(admin_client, plan.entries_url), count_queries(admin_client, month_url)]
    for _ in range(2):
        add_entry()
        add_time()
    three = [count_queries(admin_client, plan.entries_url), count_queries(admin_client, month_url)]
    assert [count for count, _ in one] == [count for count, _ in three]
    assert len(three[0][1]) == 3
    assert len(three[1][1][str(plan.animation_dept.id)][str(plan.persons["user"].id)]) == 4


def test_project_plan_admin_page(plan):
    Organisation.objects.create(name="Studio", hours_by_day=7)
    ScheduleItem.objects.create(project=plan.project, task_type=plan.animation, man_days=10)
    ScheduleItem.objects.create(project=plan.project, task_type=plan.modeling, man_days=4)
    log(plan.anim_tasks[0], plan.persons["user"], "2024-01-05", 7 * 60 * 3)
    log(plan.anim_tasks[1], plan.persons["user"], "2024-01-06", 7 * 60 * 1.5)
    log(plan.edit_task, plan.persons["user"], "2024-01-07", 210)
    client = Client()
    console_admin = PersonFactory(role=Role.ADMIN)
    assert client.login(username=console_admin.email, password=DEFAULT_PASSWORD)
    response = client.get(f"/admin/production/projectplan/{plan.project.id}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Planned vs spent days per task type" in page
    rows = page.split('<tr class="days-row">')[1:]
    cells = [[part.split("</td>")[0] for part in row.split("<td")[1:4]] for row in rows]
    assert [[cell.split(">", 1)[1] for cell in row] for row in cells] == [
        ["Animation", "10", "4.5"],
        ["Editing", "0", "0.5"],
        ["Modeling", "4", "0"],
    ]
    # Bars are scaled on the largest value (10 planned days = 300 px).
    assert "background:#4a90d9;width:300px" in rows[0]
    assert "background:#f5a623;width:135px" in rows[0]

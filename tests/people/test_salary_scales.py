"""Salary scales: the grid filled in on listing, admin-only access, no creation by hand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kitsu_site.api.errors import FORBIDDEN_MESSAGE
from kitsu_site.api.models import ApiEvent
from people.models import SalaryScale
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

GRID = [
    (position, seniority)
    for position in ("supervisor", "lead", "artist")
    for seniority in ("senior", "mid", "junior")
]


def iso(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S")


def body(scale: SalaryScale) -> dict:
    return {
        "department_id": str(scale.department_id),
        "position": scale.position,
        "seniority": scale.seniority,
        "salary": scale.salary,
        "id": str(scale.id),
        "created_at": iso(scale.created_at),
        "updated_at": iso(scale.updated_at),
        "type": "SalaryScale",
    }


def test_listing_fills_in_the_grid(admin_client):
    animation = DepartmentFactory(name="Animation")
    archived = DepartmentFactory(name="Compositing", archived=True)
    kept = SalaryScale.objects.create(
        department=animation, position="lead", seniority="mid", salary=420
    )

    rows = admin_client.get("/data/salary-scales").json()

    assert SalaryScale.objects.count() == 18
    assert len(rows) == 18
    assert rows[0] == body(kept)
    created = [(row["department_id"], row["position"], row["seniority"]) for row in rows[1:]]
    assert created == [
        (str(department.id), position, seniority)
        for department in (animation, archived)
        for position, seniority in GRID
        if (department, position, seniority) != (animation, "lead", "mid")
    ]
    assert {row["salary"] for row in rows[1:]} == {0}
    assert rows == [body(scale) for scale in SalaryScale.objects.order_by("created_at")]
    # Nothing left to create: the same rows, in the same order.
    assert admin_client.get("/data/salary-scales").json() == rows


def test_list_ignores_query_parameters(admin_client):
    first, second = DepartmentFactory(name="A"), DepartmentFactory(name="B")
    for query in (f"department_id={first.id}", "page=1", "salary=bad", "fields=salary"):
        rows = admin_client.get(f"/data/salary-scales?{query}").json()
        assert len(rows) == 18, query
        assert {row["department_id"] for row in rows} == {str(first.id), str(second.id)}


def test_list_query_count(admin_client):
    def count() -> tuple[int, int]:
        admin_client.get("/data/salary-scales")  # fills the grid in
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get("/data/salary-scales")
        return len(queries), len(response.json())

    DepartmentFactory()
    one = count()
    DepartmentFactory()
    DepartmentFactory()
    three = count()
    assert (one[1], three[1]) == (9, 27)
    assert one[0] == three[0]


def test_read_update_delete(admin_client, django_capture_on_commit_callbacks):
    scale = SalaryScale.objects.create(department=DepartmentFactory(), position="lead")
    url = f"/data/salary-scales/{scale.id}"
    assert admin_client.get(url).json() == body(scale)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.put(url, {"salary": 450, "foo": 2}, format="json")
    scale.refresh_from_db()
    assert scale.salary == 450
    assert response.json() == body(scale)

    response = admin_client.put(url, {"salary": "abc"}, format="json")
    assert (response.status_code, response.json()) == (
        400,
        {"error": True, "message": "One of the provided values has an invalid format."},
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.delete(url).status_code == 204
    assert not SalaryScale.objects.exists()
    data = {"salary_scale_id": str(scale.id)}
    assert [(event.name, event.data) for event in ApiEvent.objects.order_by("created_at")] == [
        ("salary-scale:update", data),
        ("salary-scale:delete", data),
    ]


def test_cannot_be_created(admin_client):
    for payload in ({"salary": 3}, {}):
        response = admin_client.post("/data/salary-scales", payload, format="json")
        assert (response.status_code, response.json()) == (
            400,
            {"error": True, "message": "Salary scales cannot be created", "data": None},
        )
    assert not SalaryScale.objects.exists()


def test_department_deletion_cascades(admin_client):
    department = DepartmentFactory()
    admin_client.get("/data/salary-scales")
    department.delete()
    assert not SalaryScale.objects.exists()


@pytest.mark.parametrize("role", ["manager", "supervisor", "user", "client", "vendor"])
def test_admin_only(role_clients, role):
    scale = SalaryScale.objects.create(department=DepartmentFactory())
    _, client = role_clients[role]
    forbidden = {"error": True, "message": FORBIDDEN_MESSAGE}
    url = f"/data/salary-scales/{scale.id}"
    assert client.get("/data/salary-scales").json() == forbidden
    assert client.get(url).json() == forbidden
    assert client.put(url, {"salary": 1}, format="json").json() == forbidden
    assert client.delete(url).json() == forbidden
    assert client.post("/data/salary-scales", {"salary": 1}, format="json").json() == forbidden
    assert SalaryScale.objects.count() == 1

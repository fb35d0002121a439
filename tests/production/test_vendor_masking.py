"""Vendor metadata masking on the `with-tasks` lists (spec/domain.md section 3, vendor rules)."""

from __future__ import annotations

import pytest

from people.models import Role
from production.models import Entity, MetadataDescriptor
from production.selectors.with_tasks import entities_with_tasks
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory
from tests.production.factories import ProjectFactory, add_to_team, asset, sequence, shot
from tests.production.temporal_helpers import count_queries, shot_task

pytestmark = pytest.mark.django_db

DATA = {"for_a": "A", "for_b": "B", "for_all": "N", "undescribed": "U"}


def descriptor(project, field_name, departments=(), entity_type="Asset"):
    item = MetadataDescriptor.objects.create(
        project=project, entity_type=entity_type, name=field_name, field_name=field_name
    )
    item.departments.set(departments)
    return item


@pytest.fixture
def setup():
    """A project whose assets carry fields for department A, B, everyone, and no descriptor;
    a vendor of department A assigned to a task of the asset."""
    dep_a, dep_b = DepartmentFactory(name="A"), DepartmentFactory(name="B")
    project = ProjectFactory(name="Masked")
    descriptor(project, "for_a", [dep_a])
    descriptor(project, "for_b", [dep_b])
    descriptor(project, "for_all")
    # A Shot field named like an asset field only for B does not hide the asset's field.
    descriptor(project, "undescribed", [dep_b], entity_type="Shot")
    hero = asset(project, "Hero", data=dict(DATA))
    vendor = PersonFactory(role=Role.VENDOR)
    vendor.departments.set([dep_a])
    add_to_team(project, vendor)
    task = shot_task(hero, "Modeling", assignees=[vendor], data={"for_b": "task"})
    return project, hero, vendor, task, dep_a, dep_b


def test_vendor_only_sees_fields_of_its_departments(setup):
    project, hero, vendor, *_ = setup
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=hero.pk), person=vendor)
    assert rows[0]["data"] == {"for_a": "A", "for_all": "N", "undescribed": "U"}
    # The tasks' own data is left as the reference leaves it.
    assert rows[0]["tasks"][0]["data"] == {"for_b": "task"}
    assert Entity.objects.get(pk=hero.pk).data == DATA


def test_vendor_in_both_departments_sees_both(setup):
    project, hero, vendor, _, dep_a, dep_b = setup
    vendor.departments.set([dep_a, dep_b])
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=hero.pk), person=vendor)
    assert rows[0]["data"] == DATA


def test_vendor_without_department_only_sees_open_fields(setup):
    project, hero, vendor, *_ = setup
    vendor.departments.clear()
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=hero.pk), person=vendor)
    assert rows[0]["data"] == {"for_all": "N", "undescribed": "U"}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SUPERVISOR, Role.USER, Role.CLIENT])
def test_other_roles_see_everything(setup, role):
    project, hero, _, task, _, dep_b = setup
    person = PersonFactory(role=role)
    add_to_team(project, person)
    task.assignees.add(person)
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=hero.pk), person=person)
    assert rows[0]["data"] == DATA


def test_admin_sees_everything(setup, admin):
    _, hero, *_ = setup
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=hero.pk), person=admin)
    assert rows[0]["data"] == DATA


def test_shot_fields_are_masked_by_shot_descriptors(setup):
    project, _, vendor, _, _, dep_b = setup
    descriptor(project, "shot_b", [dep_b], entity_type="Shot")
    sh = shot(project, sequence(project), "SH010", data={"shot_b": 1, "for_b": 2})
    shot_task(sh, "Animation", assignees=[vendor])
    rows = entities_with_tasks(entities=Entity.objects.filter(pk=sh.pk), person=vendor)
    assert rows[0]["data"] == {"for_b": 2}


def test_route_masks_for_vendor(setup, admin):
    project, hero, vendor, *_ = setup
    params = {"project_id": str(project.id)}
    response = client_for(vendor).get("/data/assets/with-tasks", params)
    assert response.status_code == 200
    assert [row["data"] for row in response.json()] == [
        {"for_a": "A", "for_all": "N", "undescribed": "U"}
    ]
    response = client_for(admin).get("/data/assets/with-tasks", params)
    assert [row["data"] for row in response.json()] == [DATA]


def test_vendor_query_count_is_fixed(setup):
    project, hero, vendor, *_ = setup

    def call():
        return entities_with_tasks(entities=Entity.objects.filter(project=project), person=vendor)

    small, rows = count_queries(call)
    for number in range(3):
        other = asset(project, f"Prop{number}", data=dict(DATA))
        shot_task(other, "Modeling", assignees=[vendor])
    large, more_rows = count_queries(call)
    assert len(rows) == 1
    assert len(more_rows) == 4
    assert {str(row["data"]) for row in more_rows} == {str(rows[0]["data"])}
    assert small == large
    assert large <= 6  # entities, tasks, assignees, followed tasks, casting, hidden fields

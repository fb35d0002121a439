"""init_data seeds the reference defaults once, whatever the number of runs."""

from io import StringIO

import pytest
from django.core.management import call_command

from people.models import Department
from production.models import EntityType, ProjectStatus, TaskStatus, TaskType

pytestmark = pytest.mark.django_db

FLAGS = ("is_default", "is_wip", "is_feedback_request", "is_retake", "is_done", "for_concept")


def run() -> str:
    out = StringIO()
    call_command("init_data", stdout=out)
    return out.getvalue()


def test_init_data_seeds_the_reference_defaults():
    assert run() == (
        "Default data ready (created 2 project statuses, 6 departments, 9 task statuses, "
        "11 entity types, 13 task types).\n"
    )
    assert sorted(ProjectStatus.objects.values_list("name", flat=True)) == ["Closed", "Open"]
    assert sorted(Department.objects.values_list("name", flat=True)) == [
        "Animation",
        "Compositing",
        "Concept",
        "FX",
        "Layout",
        "Modeling",
    ]
    statuses = {
        status["short_name"]: (status["name"], *(flag for flag in FLAGS if status[flag]))
        for status in TaskStatus.objects.values("short_name", "name", *FLAGS)
    }
    assert statuses == {
        "todo": ("Todo", "is_default"),
        "wip": ("Work In Progress", "is_wip"),
        "wfa": ("Waiting For Approval", "is_feedback_request"),
        "retake": ("Retake", "is_retake"),
        "done": ("Done", "is_done"),
        "ready": ("Ready To Start",),
        "neutral": ("Neutral", "is_default", "for_concept"),
        "approved": ("Approved", "for_concept"),
        "rejected": ("Rejected", "for_concept"),
    }
    assert sorted(EntityType.objects.values_list("name", flat=True)) == [
        "Character",
        "Concept",
        "ConceptFolder",
        "Edit",
        "Environment",
        "Episode",
        "FX",
        "Prop",
        "Scene",
        "Sequence",
        "Shot",
    ]
    task_types = set(
        TaskType.objects.values_list("for_entity", "name", "priority", "department__name")
    )
    assert task_types == {
        ("Asset", "Concept", 1, "Concept"),
        ("Asset", "Modeling", 2, "Modeling"),
        ("Asset", "Shading", 3, "Modeling"),
        ("Asset", "Rigging", 4, "Animation"),
        ("Concept", "Concept", 1, None),
        ("Edit", "Edit", 8, "Compositing"),
        ("Shot", "Storyboard", 1, "Concept"),
        ("Shot", "Layout", 2, "Layout"),
        ("Shot", "Animation", 3, "Animation"),
        ("Shot", "Lighting", 4, "Compositing"),
        ("Shot", "FX", 5, "FX"),
        ("Shot", "Rendering", 6, "Compositing"),
        ("Shot", "Compositing", 7, "Compositing"),
    }
    assert TaskType.objects.count() == 13


def test_init_data_twice_creates_nothing_more():
    run()
    Department.objects.filter(name="FX").update(color="#123456")  # studio edits survive a rerun
    assert run() == (
        "Default data ready (created 0 project statuses, 0 departments, 0 task statuses, "
        "0 entity types, 0 task types).\n"
    )
    counts = [
        model.objects.count()
        for model in (ProjectStatus, Department, TaskStatus, EntityType, TaskType)
    ]
    assert counts == [2, 6, 9, 11, 13]
    assert Department.objects.get(name="FX").color == "#123456"

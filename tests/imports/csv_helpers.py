"""A small studio to import into: projects with task types, statuses and descriptors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from people.models import Person
from production.models import MetadataDescriptor, Project, ProjectTaskTypeLink, TaskType
from tests.production.factories import (
    ProjectFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
)


@dataclass
class Studio:
    project: Project
    tv_project: Project
    layout: TaskType
    animation: TaskType
    modeling: TaskType
    shading: TaskType


def make_studio() -> Studio:
    TaskStatusFactory(short_name="todo", name="Todo", is_default=True)
    TaskStatusFactory(short_name="wip", name="Work In Progress", is_wip=True)
    TaskStatusFactory(short_name="done", name="Done", is_done=True)
    project = ProjectFactory(name="Short", production_type="short")
    tv_project = ProjectFactory(name="Series", production_type="tvshow")
    task_types = {
        name: TaskTypeFactory(name=name, for_entity=for_entity, priority=priority)
        for name, for_entity, priority in (
            ("Layout", "Shot", 2),
            ("Animation", "Shot", 3),
            ("Modeling", "Asset", 2),
            ("Shading", "Asset", 3),
        )
    }
    for each in (project, tv_project):
        for task_type in task_types.values():
            ProjectTaskTypeLink.objects.create(project=each, task_type=task_type)
        MetadataDescriptor.objects.create(
            project=each, entity_type="Shot", name="Difficulty", field_name="difficulty"
        )
        MetadataDescriptor.objects.create(
            project=each, entity_type="Asset", name="Style", field_name="style"
        )
    return Studio(
        project=project,
        tv_project=tv_project,
        layout=task_types["Layout"],
        animation=task_types["Animation"],
        modeling=task_types["Modeling"],
        shading=task_types["Shading"],
    )


def csv_upload(text: str, *, bom: bool = False, name: str = "import.csv") -> SimpleUploadedFile:
    raw = text.encode("utf-8")
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    return SimpleUploadedFile(name, raw, content_type="text/csv")


def post_csv(client, path: str, text: str, **kwargs):
    return client.post(path, {"file": csv_upload(text, **kwargs)}, format="multipart")


def full_name(person: Person) -> str:
    return person.full_name


def managers_only(*refused_roles: str):
    """Parametrize an import test over who may call it: the project's managers only; a manager
    outside the team and each of `refused_roles` in the team get 403."""
    cases = [("manager", True, 201), ("manager", False, 403)]
    cases += [(role, True, 403) for role in refused_roles]
    return pytest.mark.parametrize(("role", "in_team", "expected"), cases)


def caller(role_clients, studio: Studio, role: str, in_team: bool):
    """The API client of the person holding `role`, put in the studio's team if `in_team`."""
    person, client = role_clients[role]
    if in_team:
        add_to_team(studio.project, person)
    return client

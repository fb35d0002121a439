"""A small production for the console tests: two projects, a manager in one of them, tasks of
two types in several statuses, late tasks, retakes, time and previews."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from people.models import Person, Role
from production.models import Entity, Project, Task, TaskStatus, TaskType
from reviews.models import Comment, PreviewFile
from tests.factories import DEFAULT_PASSWORD, PersonFactory
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    add_to_team,
    asset,
)

MINUTES_PER_DAY = 8 * 60


def console_for(person: Person) -> Client:
    """A browser session logged in through the console's login form."""
    client = Client()
    assert client.login(username=person.email, password=DEFAULT_PASSWORD)
    return client


@dataclass
class Statuses:
    todo: TaskStatus
    wip: TaskStatus
    retake: TaskStatus
    done: TaskStatus


def statuses() -> Statuses:
    return Statuses(
        todo=TaskStatusFactory(
            short_name="todo", name="Todo", is_default=True, color="#f5f5f5", priority=1
        ),
        wip=TaskStatusFactory(
            short_name="wip", name="WIP", is_wip=True, color="#3273dc", priority=2
        ),
        retake=TaskStatusFactory(
            short_name="retake", name="Retake", is_retake=True, color="#ff3860", priority=3
        ),
        done=TaskStatusFactory(
            short_name="done", name="Done", is_done=True, color="#22d160", priority=4
        ),
    )


@dataclass
class Studio:
    admin: Person
    manager: Person
    artist: Person
    project: Project
    other: Project
    modeling: TaskType
    animation: TaskType
    statuses: Statuses
    hero: Entity
    villain: Entity
    stranger: Entity


def studio() -> Studio:
    """Caminandes (the manager's and artist's project) and Other (nobody's team)."""
    admin = PersonFactory(role=Role.ADMIN, first_name="Ada", last_name="Admin", email="ada@x.org")
    manager = PersonFactory(
        role=Role.MANAGER, first_name="Max", last_name="Manager", email="max@x.org"
    )
    artist = PersonFactory(role=Role.USER, first_name="Art", last_name="Ist", email="art@x.org")
    project = ProjectFactory(name="Caminandes")
    other = ProjectFactory(name="Other")
    for person in (manager, artist):
        add_to_team(project, person)
    return Studio(
        admin=admin,
        manager=manager,
        artist=artist,
        project=project,
        other=other,
        modeling=TaskTypeFactory(name="Modeling", priority=1),
        animation=TaskTypeFactory(name="Animation", priority=2),
        statuses=statuses(),
        hero=asset(project, "Hero"),
        villain=asset(project, "Villain"),
        stranger=asset(other, "Stranger"),
    )


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def task(s: Studio, entity: Entity, task_type: TaskType, status: TaskStatus, **fields) -> Task:
    return TaskFactory(
        entity=entity, project=entity.project, task_type=task_type, task_status=status, **fields
    )


def preview_of(task_row: Task, revision: int = 1) -> PreviewFile:
    return PreviewFile.objects.create(
        task=task_row, name=f"v{revision}", revision=revision, status="ready", extension="png"
    )


def comment_on(task_row: Task, status: TaskStatus, author: Person, when: dt.datetime) -> Comment:
    comment = Comment.objects.create(object=task_row, person=author, task_status=status, text="")
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    return comment


def change_form_data(response) -> dict:
    """What the change page posts back when nothing is changed."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value
    return data

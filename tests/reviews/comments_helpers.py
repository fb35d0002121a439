"""A small production to comment on: statuses as init_data makes them, an asset with three
tasks, and helpers to post and read comments."""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework.test import APIClient

from production.models import ProjectTaskTypeLink, Task, TaskStatus
from tests.production.factories import (
    ProjectFactory,
    TaskFactory,
    TaskStatusFactory,
    TaskTypeFactory,
    asset,
)


@dataclass
class Statuses:
    todo: TaskStatus
    wip: TaskStatus
    wfa: TaskStatus
    retake: TaskStatus
    done: TaskStatus


def statuses() -> Statuses:
    return Statuses(
        todo=TaskStatusFactory(short_name="todo", name="Todo", is_default=True),
        wip=TaskStatusFactory(short_name="wip", name="Work In Progress", is_wip=True),
        wfa=TaskStatusFactory(
            short_name="wfa", name="Waiting For Approval", is_feedback_request=True
        ),
        retake=TaskStatusFactory(short_name="retake", name="Retake", is_retake=True),
        done=TaskStatusFactory(short_name="done", name="Done", is_done=True),
    )


@dataclass
class Production:
    project: object
    asset: object
    modeling: Task
    shading: Task
    rigging: Task
    status: Statuses


def production(**project_fields) -> Production:
    status = statuses()
    project = ProjectFactory(**project_fields)
    hero = asset(project, "Hero")
    tasks = []
    for priority, name in enumerate(("Modeling", "Shading", "Rigging"), start=1):
        task_type = TaskTypeFactory(name=name, priority=priority)
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type, priority=priority)
        tasks.append(
            TaskFactory(entity=hero, project=project, task_type=task_type, task_status=status.todo)
        )
    return Production(project, hero, *tasks, status)


def post_comment(client: APIClient, task: Task, status: TaskStatus, text: str = "", **body):
    return client.post(
        f"/actions/tasks/{task.pk}/comment",
        {"task_status_id": str(status.pk), "comment": text, **body},
        format="json",
    )


def task_state(task: Task) -> dict:
    task.refresh_from_db()
    return {
        "status": task.task_status.short_name,
        "retake_count": task.retake_count,
        "real_start_date": task.real_start_date,
        "end_date": task.end_date,
        "done_date": task.done_date,
        "last_comment_date": task.last_comment_date,
    }

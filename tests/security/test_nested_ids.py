"""Object-level authorisation of bodies: project B's team (every role, its bot included) sends
writes whose path is theirs but whose body names project A's objects (a comment on A's task, A's
shot in B's playlist, A's asset cast in B's shot, A's tasks deleted through B...). None of them
may change, delete or point at A's data, nor answer it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model

from people.models import Role, TimeSpent
from production.models import AssetInstance, Entity, EntityLink, SearchFilter, Task
from reviews.models import Comment, News, Notification, Playlist, PreviewFile, Subscription
from tests.security.clients import client_as
from tests.security.dataset import SECRET, Dataset
from tests.security.leaks import leak

pytestmark = pytest.mark.django_db

OUTSIDER = "outsider"
# (what is tried, method, path, body); `{name}` is an id: of project A's objects (`task`,
# `shot`, `asset`...) or of project B's (`project_b`, `task_b`, `playlist_b`...).
ATTEMPTS: tuple[tuple[str, str, str, Any], ...] = (
    ("batch comment on A's task", "POST", "/actions/tasks/batch-comment",
     {"comments": [{"task_id": "{task}", "task_status_id": "{task_status}", "comment": OUTSIDER}]}),
    ("comment-many on A's task", "POST", "/actions/projects/{project_b}/tasks/comment-many",
     [{"object_id": "{task}", "task_status_id": "{task_status}", "comment": OUTSIDER}]),
    ("comment row on A's task", "POST", "/data/comments",
     {"object_id": "{task}", "object_type": "Task", "task_status_id": "{task_status}",
      "person_id": "{artist_b}", "text": OUTSIDER}),
    ("B's comment moved to A's task", "POST",
     "/actions/tasks/{task_b}/comments/{comment_b}/move", {"target_task_id": "{task}"}),
    ("time spent on A's task", "POST", "/data/time-spents",
     {"task_id": "{task}", "person_id": "{artist_b}", "duration": 60, "date": "2024-06-12"}),
    ("new playlist of B holding A's shot", "POST", "/data/playlists",
     {"name": OUTSIDER, "project_id": "{project_b}",
      "shots": [{"entity_id": "{shot}", "preview_file_id": "{preview}"}]}),
    ("B's playlist rewritten with A's shot", "PUT", "/data/playlists/{playlist_b}",
     {"shots": [{"entity_id": "{shot}", "preview_file_id": "{preview}"}]}),
    ("A's shot added to B's playlist", "POST", "/actions/playlists/{playlist_b}/add-entity",
     {"entity_id": "{shot}", "preview_file_id": "{preview}"}),
    ("A's shots added to B's playlist", "POST", "/actions/playlists/{playlist_b}/add-entities",
     {"entities": [{"id": "{shot}", "preview_file_id": "{preview}"}]}),
    ("temporary playlist of A's tasks", "POST", "/data/projects/{project_b}/playlists/temp",
     {"task_ids": ["{task}"]}),
    ("A's asset cast in B's shots by path", "PUT",
     "/data/projects/{project_b}/entities/casting/assets/{asset}",
     {"entity_ids": ["{shot_b}"], "nb_occurences": 1}),
    ("A's asset cast in B's shot", "PUT",
     "/data/projects/{project_b}/entities/{shot_b}/casting",
     [{"asset_id": "{asset}", "nb_occurences": 1}]),
    ("casting link from B's shot to A's asset", "POST", "/data/entity-links",
     {"entity_in_id": "{shot_b}", "entity_out_id": "{asset}", "nb_occurences": 1}),
    ("A's asset instance in B's shot", "POST", "/data/shots/{shot_b}/asset-instances",
     {"asset_instance_id": "{asset_instance}"}),
    ("task of B on A's shot", "POST", "/data/tasks",
     {"project_id": "{project_b}", "entity_id": "{shot}", "task_type_id": "{task_type}",
      "task_status_id": "{task_status}", "name": OUTSIDER}),
    ("tasks made through B for A's shots", "POST",
     "/actions/projects/{project_b}/task-types/{task_type}/shots/create-tasks", ["{shot}"]),
    ("A's tasks deleted through B", "POST", "/actions/projects/{project_b}/delete-tasks",
     ["{task}"]),
    ("A's shot deleted through B", "POST", "/actions/projects/{project_b}/delete-entities",
     ["{shot}"]),
    ("A's asset shared", "POST", "/actions/assets/share",
     {"asset_ids": ["{asset}"], "is_shared": True}),
    ("A's asset shared through B", "POST", "/actions/projects/{project_b}/assets/share",
     {"asset_ids": ["{asset}"]}),
    ("A's concept moved through B", "POST", "/actions/projects/{project_b}/move-concepts",
     {"concept_ids": ["{concept}"]}),
    ("A's task unassigned", "PUT", "/actions/tasks/clear-assignation",
     {"task_ids": ["{task}"]}),
    ("A's task assigned to B's artist", "PUT", "/actions/persons/{artist_b}/assign",
     {"task_ids": ["{task}"]}),
    ("subscription to A's task", "POST", "/actions/user/tasks/subscribe",
     {"task_ids": ["{task}"]}),
    ("subscription to A's task by path", "POST", "/actions/user/tasks/{task}/subscribe", {}),
    ("subscription row on A's task", "POST", "/data/subscriptions",
     {"task_id": "{task}", "person_id": "{artist_b}"}),
    ("main preview set on A's task", "PUT", "/actions/tasks/set-main-preview",
     {"task_ids": ["{task}"]}),
    ("A's preview attached to B's comment", "POST",
     "/actions/tasks/{task_b}/comments/{comment_b}/add-preview", {"preview_file_id": "{preview}"}),
    ("search filter saved on A", "POST", "/data/user/filters",
     {"name": OUTSIDER, "list_type": "asset", "query": "x", "project_id": "{project}"}),
    ("search filter group saved on A", "POST", "/data/user/filter-groups",
     {"name": OUTSIDER, "list_type": "asset", "project_id": "{project}"}),
    ("entity of A guessed from a path", "POST", "/data/entities/guess-from-path",
     {"project_id": "{project}", "file_path": "/prod/sq/sh"}),
    ("search in A", "POST", "/data/search", {"query": "Shot", "project_id": "{project}"}),
    ("search everywhere", "POST", "/data/search", {"query": "Shot"}),
)  # fmt: skip

# The rows an outsider's write could create, change or delete; a row naming one of project A's
# objects (or carrying its marker) belongs to A or points at it.
WATCHED_MODELS: tuple[type[Model], ...] = (
    Comment,
    TimeSpent,
    Subscription,
    Notification,
    News,
    Task,
    Task.assignees.through,
    Entity,
    EntityLink,
    AssetInstance,
    PreviewFile,
    Playlist,
    SearchFilter,
)


def ids_for(dataset: Dataset) -> dict[str, str]:
    a, b = dataset.objects, dataset.b_objects
    ids = {
        "project": a["project_id"],
        "task": a["task_id"],
        "shot": a["shot_id"],
        "asset": a["asset_id"],
        "concept": a["concept_id"],
        "preview": a["preview_file_id"],
        "asset_instance": a["asset_instance_id"],
        "task_type": b["task_type"],
        "task_status": b["task_status"],
        "artist_b": dataset.outsiders[Role.USER],
        **{f"{name}_b": obj for name, obj in b.items()},
    }
    return {name: str(obj.pk) for name, obj in ids.items()}


def filled(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [filled(item, ids) for item in value]
    if isinstance(value, dict):
        return {key: filled(item, ids) for key, item in value.items()}
    return value


def snapshot() -> dict[tuple[str, str], str]:
    """Every watched row, by model and id, as text."""
    rows = {}
    for model in WATCHED_MODELS:
        for row in model.objects.values():
            rows[model.__name__, str(row["id"])] = repr(row)
    return rows


def rows_touching_a(before: dict, after: dict, dataset: Dataset) -> list[str]:
    """The rows added, changed or deleted that belong to project A or point at it."""
    markers = dataset.secrets | {SECRET}
    touched = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        text = f"{old} {new}"
        if any(marker in text for marker in markers):
            touched.append(f"{key[0]} {'added' if old is None else 'changed or deleted'}")
    return touched


def problems_of(response, sent: str, before: dict, after: dict, dataset: Dataset) -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"answered {response.status_code}")
    shown = leak(response, dataset, names_secret_object=False, sent=sent)
    if shown:
        problems.append(shown)
    return problems + rows_touching_a(before, after, dataset)


@pytest.mark.parametrize(
    ("attempt", "method", "path", "body"),
    [pytest.param(*attempt, id=attempt[0]) for attempt in ATTEMPTS],
)
def test_bodies_naming_project_a_do_not_reach_it(
    attempt, method, path, body, dataset, outsider_clients
):
    ids = ids_for(dataset)
    path, body = filled(path, ids), filled(body, ids)
    found = {}
    for role, client in outsider_clients.items():
        before = snapshot()
        response = getattr(client, method.lower())(path, body, format="json")
        problems = problems_of(response, f"{path} {body}", before, snapshot(), dataset)
        if problems:
            found[role] = problems
    assert found == {}


def test_the_detector_reports_a_write_reaching_project_a(dataset):
    """Project A's manager comments on A's task: the comment, its news, the notification of
    the assignees and the task's new status date are reported."""
    ids = ids_for(dataset)
    manager = client_as(dataset.a_team[Role.MANAGER])
    _, _, path, body = ATTEMPTS[0]
    body = filled(body, ids)
    before = snapshot()
    response = manager.post(path, body, format="json")
    assert response.status_code == 201
    assert problems_of(response, f"{path} {body}", before, snapshot(), dataset) == [
        "Comment added",
        "News added",
        "Notification added",
        "Notification added",
        "Task changed or deleted",
    ]

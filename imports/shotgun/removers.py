"""`/import/shotgun/remove/<kind>`: a record ShotGrid deleted, found by its ShotGrid id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError

from imports.shotgun.importers import by_shotgun_id, shotgun_entity_id
from kitsu_site.api.errors import ApiError
from people.models import Person
from production.models import Entity, Project, ProjectPersonLink, Task, TaskStatus, TaskType
from production.services.entities import entity_delete
from production.services.projects import team_remove
from production.services.tasks import task_delete
from reviews.models import Comment, PreviewFile, WorkingFile

Finder = Callable[[Any], Any]
Remover = Callable[[Person, Any], None]


def _delete_row(actor: Person, instance: models.Model) -> None:
    instance.delete()


def _delete_task(actor: Person, task: Task) -> None:
    task_delete(actor=actor, task=task, force=True)


def _delete_asset(actor: Person, asset: Entity) -> None:
    """An asset whose tasks have working files is only canceled; otherwise it goes with its
    tasks."""
    has_files = WorkingFile.objects.filter(task__entity=asset).exists()
    entity_delete(actor=actor, entity=asset, force=not has_files, check_access=False)


def _delete_team_link(actor: Person, link: ProjectPersonLink) -> None:
    team_remove(actor=actor, project=link.project, person_id=link.person_id)


def _entity_finder(kind: str) -> Finder:
    return lambda shotgun_id: Entity.objects.filter(pk=shotgun_entity_id(kind, shotgun_id)).first()


def _finder(model: type[models.Model]) -> Finder:
    return lambda shotgun_id: by_shotgun_id(model, shotgun_id)


REMOVERS: dict[str, tuple[Finder, Remover]] = {
    "project": (_finder(Project), _delete_row),
    "person": (_finder(Person), _delete_row),
    "episode": (_entity_finder("Episode"), _delete_row),
    "sequence": (_entity_finder("Sequence"), _delete_row),
    "scene": (_entity_finder("Scene"), _delete_row),
    "shot": (_entity_finder("Shot"), _delete_row),
    "asset": (_entity_finder("Asset"), _delete_asset),
    "step": (_finder(TaskType), _delete_row),
    "status": (_finder(TaskStatus), _delete_row),
    "task": (_finder(Task), _delete_task),
    "version": (_finder(PreviewFile), _delete_row),
    "note": (_finder(Comment), _delete_row),
    "project-connection": (_finder(ProjectPersonLink), _delete_team_link),
    "projectconnection": (_finder(ProjectPersonLink), _delete_team_link),
}


def shotgun_record_remove(*, actor: Person, kind: str, shotgun_id: Any) -> dict[str, Any]:
    """Delete what ShotGrid deleted; `success` is false when other records still need it."""
    find, remove = REMOVERS[kind]
    instance = find(shotgun_id)
    if instance is None:
        return {"success": True}
    result: dict[str, Any] = {"removed_instance_id": str(instance.pk)}
    try:
        with transaction.atomic():
            remove(actor, instance)
        result["success"] = True
    except (ProtectedError, IntegrityError, ApiError):
        result["success"] = False
    return result

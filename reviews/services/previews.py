"""Main previews and project thumbnails: writes with their access rules."""

from __future__ import annotations

from typing import Any

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.events import changes_announced, emit
from kitsu_site.api.pictures import picture_replace, square_png
from people.models import Person, Role
from production.models import Entity, Project
from production.permissions import (
    check_entity_access,
    check_manager_project_access,
    project_role,
)
from production.services.entities import entity_kind
from production.wire import ENTITY_PLAIN_WIRE, PROJECT_SETTINGS_WIRE
from reviews.models import PreviewFile
from reviews.selectors.preview_files import is_movie


def preview_set_main(*, preview: PreviewFile, actor: Person, frame_number: Any = None) -> Entity:
    """Make the preview its entity's main preview. Clients may not; a frame number only makes
    sense for movies."""
    task = preview.task
    if task is None:
        raise WrongParameter("This preview file is not linked to a task.")
    entity = Entity.objects.select_related("entity_type").get(pk=task.entity_id)
    check_entity_access(actor, entity)
    if project_role(actor, entity.project_id) == Role.CLIENT:
        raise Forbidden()
    if frame_number is not None and not is_movie(preview):
        raise WrongParameter("Can't use a given frame on non movie preview")
    with changes_announced(ENTITY_PLAIN_WIRE, [entity.pk]):
        entity.preview_file_id = preview.pk
        entity.save(update_fields=["preview_file_id", "updated_at"])
        main_preview_change_emit(entity=entity, preview=preview, actor=actor)
    return entity


def main_preview_change_emit(*, entity: Entity, preview: PreviewFile | None, actor: Person) -> None:
    """Announce the entity's new main preview (None: it has none any more)."""
    emit(
        "preview-file:set-main",
        {
            "entity_id": entity.pk,
            "preview_file_id": preview.pk if preview else None,
            "preview_file_status": preview.status if preview else None,
        },
        project_id=entity.project_id,
        user_id=actor.pk,
    )
    kind = entity_kind(entity)
    emit(
        f"{kind}:update",
        {f"{kind.replace('-', '_')}_id": entity.pk},
        project_id=entity.project_id,
        user_id=actor.pk,
    )


def project_thumbnail_path(project_id: Any) -> str:
    return f"pictures/thumbnails/projects/{project_id}.png"


def project_thumbnail_set(*, project: Project, actor: Person, upload: Any) -> str:
    """Store the project's 400x400 thumbnail (managers of the project) and flag `has_avatar`."""
    check_manager_project_access(actor, project.pk)
    content = square_png(upload)
    path = project_thumbnail_path(project.pk)
    with changes_announced(PROJECT_SETTINGS_WIRE, [project.pk]):
        picture_replace(path=path, png=content)
        project.has_avatar = True
        project.save(update_fields=["has_avatar", "updated_at"])
        emit("project:update", {"project_id": project.pk}, project_id=project.pk, user_id=actor.pk)
        emit("project:set-thumbnail", {"project_id": project.pk}, user_id=actor.pk)
    return path

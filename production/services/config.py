"""Writes with rules on the studio-wide production settings: task types and statuses, entity
types, status automations, preview backgrounds, and the task type and status links that order a
project's pipeline."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction

from kitsu_site.api.errors import CONFLICT_MESSAGE, WrongParameter
from kitsu_site.api.events import announcing_changes, emit
from people.models import Person, Role
from production.models import (
    EntityType,
    PreviewBackgroundFile,
    Project,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    StatusAutomation,
    TaskStatus,
    TaskType,
)
from production.services.projects import project_update_event
from production.wire import PROJECT_SETTINGS_WIRE

TASK_TYPE_NAME_TAKEN = "A task type with similar name already exists"
BACKGROUND_NAME_TAKEN = "A preview background file with similar name already exists"
TASK_TYPE_ATTACHED = (
    "Task type is attached to projects. Re-issue the request with force=true to detach."
)
AUTOMATION_IN_USE = "This automation is used in a project."


def announce(
    verb: str, instance: models.Model, *, actor: Person, stem: str | None = None, **extra: Any
) -> None:
    """`<table-with-dashes>:<verb>` with `{<table>_id}`, the reference CRUD event."""
    table = instance._meta.db_table
    stem = stem or table.replace("_", "-")
    emit(
        f"{stem}:{verb}",
        {f"{stem.replace('-', '_')}_id": extra.pop("instance_id", instance.pk), **extra},
        user_id=actor.pk,
    )


def _apply(instance: models.Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save()


def _delete_unreferenced(
    instance: models.Model, *related: models.QuerySet, actor: Person, stem: str | None = None
) -> None:
    """Delete and announce `instance`; 400 with the reference's conflict message instead when
    rows of `related` still point at it."""
    if any(queryset.exists() for queryset in related):
        raise WrongParameter(CONFLICT_MESSAGE)
    instance_id = instance.pk
    instance.delete()
    announce("delete", instance, actor=actor, stem=stem, instance_id=instance_id)


def _check_name_free(
    taken: models.QuerySet, message: str, *, exclude: models.Model | None = None
) -> None:
    """400 with `message` when `taken` (the rows holding the name) has one besides `exclude`."""
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise WrongParameter(message)


# -- task types ---------------------------------------------------------------------------------
def _check_task_type_name_free(name: str | None, *, exclude: TaskType | None = None) -> None:
    """Task type names are unique whatever their entity kind or department, ignoring case."""
    if name:
        _check_name_free(
            TaskType.objects.filter(name__iexact=name), TASK_TYPE_NAME_TAKEN, exclude=exclude
        )


@transaction.atomic
def task_type_create(*, actor: Person, fields: dict[str, Any]) -> TaskType:
    _check_task_type_name_free(fields.get("name"))
    task_type = TaskType.objects.create(**fields)
    announce("new", task_type, actor=actor)
    return task_type


@transaction.atomic
def task_type_update(*, actor: Person, task_type: TaskType, fields: dict[str, Any]) -> TaskType:
    # Only a rename is checked: clients send the whole form back, and a row that already has a
    # case twin must stay editable.
    if fields.get("name") is not None and fields["name"] != task_type.name:
        _check_task_type_name_free(fields["name"], exclude=task_type)
    _apply(task_type, fields)
    announce("update", task_type, actor=actor)
    return task_type


@transaction.atomic
def task_type_delete(*, actor: Person, task_type: TaskType, force: bool = False) -> None:
    """Delete a task type no task, automation, workflow or template uses.

    A task type still in projects is refused unless `force`, which detaches it first.
    """
    project_links = ProjectTaskTypeLink.objects.filter(task_type=task_type)
    if project_links.exists():
        if not force:
            raise WrongParameter(TASK_TYPE_ATTACHED)
        project_links.delete()
    _delete_unreferenced(
        task_type,
        task_type.tasks.all(),
        task_type.automations_in.all(),
        task_type.automations_out.all(),
        task_type.asset_types.all(),
        task_type.template_links.all(),
        task_type.descriptors.all(),
        task_type.ready_entities.all(),
        actor=actor,
    )


@transaction.atomic
def task_types_reorder(*, task_type_ids: list[uuid.UUID]) -> list[TaskType]:
    """Priorities follow the given order (1-based); unknown ids are skipped."""
    by_id = TaskType.objects.in_bulk(task_type_ids)
    ordered = []
    for priority, task_type_id in enumerate(task_type_ids, start=1):
        task_type = by_id.get(task_type_id)
        if task_type is not None:
            task_type.priority = priority
            task_type.save(update_fields=["priority", "updated_at"])
            ordered.append(task_type)
    return ordered


# -- task statuses ------------------------------------------------------------------------------
def _clear_other_defaults(status: TaskStatus) -> None:
    """One default status per kind: the status new tasks (or new concept tasks) start in."""
    TaskStatus.objects.filter(is_default=True, for_concept=status.for_concept).exclude(
        pk=status.pk
    ).update(is_default=False)


@transaction.atomic
def task_status_create(*, actor: Person, fields: dict[str, Any]) -> TaskStatus:
    status = TaskStatus.objects.create(**fields)
    if status.is_default:
        _clear_other_defaults(status)
    announce("new", status, actor=actor)
    return status


@transaction.atomic
def task_status_update(*, actor: Person, status: TaskStatus, fields: dict[str, Any]) -> TaskStatus:
    _apply(status, fields)
    if fields.get("is_default"):
        _clear_other_defaults(status)
    announce("update", status, actor=actor)
    return status


@transaction.atomic
def task_status_delete(*, actor: Person, status: TaskStatus) -> None:
    _delete_unreferenced(
        status,
        status.tasks.all(),
        status.automations_in.all(),
        status.automations_out.all(),
        status.project_links.all(),
        status.template_links.all(),
        actor=actor,
    )


# -- entity types -------------------------------------------------------------------------------
@transaction.atomic
def entity_type_delete(*, actor: Person, entity_type: EntityType) -> None:
    """An entity type used by entities, projects or templates stays."""
    _delete_unreferenced(
        entity_type,
        entity_type.entities.all(),
        entity_type.projects.all(),
        entity_type.templates.all(),
        actor=actor,
        stem="asset-type",
    )


# -- status automations -------------------------------------------------------------------------
@transaction.atomic
def status_automation_delete(*, actor: Person, automation: StatusAutomation) -> None:
    """Automations run in the projects they are linked to: those links must go first."""
    if automation.projects.exists():
        raise WrongParameter(AUTOMATION_IN_USE)
    _delete_unreferenced(automation, automation.templates.all(), actor=actor)


# -- preview backgrounds ------------------------------------------------------------------------
def _check_background_name_free(
    name: str | None, *, exclude: PreviewBackgroundFile | None = None
) -> None:
    if name:
        _check_name_free(
            PreviewBackgroundFile.objects.filter(name=name), BACKGROUND_NAME_TAKEN, exclude=exclude
        )


def _keep_single_default_background(background: PreviewBackgroundFile) -> None:
    if background.is_default:
        PreviewBackgroundFile.objects.filter(is_default=True).exclude(pk=background.pk).update(
            is_default=False
        )


@transaction.atomic
def preview_background_file_create(
    *, actor: Person, fields: dict[str, Any]
) -> PreviewBackgroundFile:
    _check_background_name_free(fields.get("name"))
    background = PreviewBackgroundFile.objects.create(**fields)
    _keep_single_default_background(background)
    announce("new", background, actor=actor)
    return background


@transaction.atomic
def preview_background_file_update(
    *, actor: Person, background: PreviewBackgroundFile, fields: dict[str, Any]
) -> PreviewBackgroundFile:
    _check_background_name_free(fields.get("name"), exclude=background)
    _apply(background, fields)
    _keep_single_default_background(background)
    announce("update", background, actor=actor)
    return background


@transaction.atomic
def preview_background_file_delete(*, actor: Person, background: PreviewBackgroundFile) -> None:
    _delete_unreferenced(
        background,
        background.projects.all(),
        background.templates.all(),
        background.default_for_projects.all(),
        background.default_for_templates.all(),
        actor=actor,
    )


# -- project pipeline links ---------------------------------------------------------------------
# Clients read the links through the project: they refetch it on `project:update`.
@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_task_type_link_set(
    *, actor: Person, project: Project, task_type: TaskType, priority: int | None
) -> ProjectTaskTypeLink:
    """Link the task type to the project with this priority, or set the priority of the link."""
    link, _ = ProjectTaskTypeLink.objects.update_or_create(
        project=project, task_type=task_type, defaults={"priority": priority}
    )
    project_update_event(project.pk, actor)
    return link


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_task_status_link_set(
    *,
    actor: Person,
    project: Project,
    task_status: TaskStatus,
    priority: int | None,
    roles_for_board: list[str],
) -> ProjectTaskStatusLink:
    """Link the status to the project, or reset the priority and board roles of the link."""
    unknown = [role for role in roles_for_board if role not in Role.values]
    if unknown:
        raise WrongParameter("Wrong value for parameter roles_for_board.")
    link, _ = ProjectTaskStatusLink.objects.update_or_create(
        project=project,
        task_status=task_status,
        defaults={"priority": priority, "roles_for_board": roles_for_board},
    )
    project_update_event(project.pk, actor)
    return link


def _reorder_links(
    links: models.QuerySet, target_field: str, ordered_ids: list[uuid.UUID]
) -> list[models.Model]:
    by_target = {getattr(link, target_field): link for link in links}
    updated = []
    for priority, target_id in enumerate(ordered_ids, start=1):
        link = by_target.get(target_id)
        if link is not None:
            link.priority = priority
            link.save(update_fields=["priority", "updated_at"])
            updated.append(link)
    return updated


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_task_type_links_reorder(
    *, actor: Person, project: Project, task_type_ids: list[uuid.UUID]
) -> list[ProjectTaskTypeLink]:
    """The project's task type priorities follow the given order (1-based); ids the project
    does not use are skipped, so a reorder never adds a task type."""
    links = ProjectTaskTypeLink.objects.filter(project=project, task_type_id__in=task_type_ids)
    updated = _reorder_links(links, "task_type_id", task_type_ids)
    project_update_event(project.pk, actor)
    return updated


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_task_status_links_reorder(
    *, actor: Person, project: Project, task_status_ids: list[uuid.UUID]
) -> list[ProjectTaskStatusLink]:
    """Same for statuses; the board roles of each link are kept."""
    links = ProjectTaskStatusLink.objects.filter(
        project=project, task_status_id__in=task_status_ids
    )
    updated = _reorder_links(links, "task_status_id", task_status_ids)
    project_update_event(project.pk, actor)
    return updated

"""Writes about project templates: their settings and pipeline links, templates made from a
project, and templates applied to a project."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from kitsu_site.api.events import announcing_changes, emit
from people.models import Person
from production.models import (
    Project,
    ProjectTemplate,
    ProjectTemplateTaskStatusLink,
    ProjectTemplateTaskTypeLink,
    TaskStatus,
    TaskType,
)
from production.models.projects import DEFAULT_ROLES_FOR_BOARD
from production.services.projects import (
    SETTINGS_FIELDS,
    SIMPLE_SETTINGS,
    TASK_STATUS_LINK_FIELDS,
    TASK_TYPE_LINK_FIELDS,
    TVSHOW,
    field_name_for,
    first_episode_ensure,
    link_values,
    project_template_links_copy,
    referenced_row,
)
from production.wire import PROJECT_TEMPLATE_PLAIN_WIRE


def _template_event(verb: str, template_id: Any, actor: Person | None) -> None:
    emit(
        f"project-template:{verb}",
        {"project_template_id": template_id},
        user_id=getattr(actor, "pk", None),
    )


@announcing_changes(PROJECT_TEMPLATE_PLAIN_WIRE, of="template")
def template_touch(*, actor: Person | None, template: ProjectTemplate) -> None:
    template.save(update_fields=["updated_at"])
    _template_event("update", template.pk, actor)


@transaction.atomic
def template_task_type_add(
    *, actor: Person | None, template: ProjectTemplate, task_type_id: Any, fields: dict[str, Any]
) -> ProjectTemplateTaskTypeLink:
    task_type = referenced_row(TaskType, task_type_id)
    link, _ = ProjectTemplateTaskTypeLink.objects.update_or_create(
        project_template=template, task_type=task_type, defaults=fields
    )
    template_touch(actor=actor, template=template)
    return link


@transaction.atomic
def template_task_status_add(
    *, actor: Person | None, template: ProjectTemplate, task_status_id: Any, fields: dict[str, Any]
) -> ProjectTemplateTaskStatusLink:
    task_status = referenced_row(TaskStatus, task_status_id)
    defaults = {"roles_for_board": list(DEFAULT_ROLES_FOR_BOARD), **fields}
    link, _ = ProjectTemplateTaskStatusLink.objects.update_or_create(
        project_template=template, task_status=task_status, defaults=defaults
    )
    template_touch(actor=actor, template=template)
    return link


@transaction.atomic
def template_setting_add(
    *, actor: Person | None, template: ProjectTemplate, relation: str, target_id: Any
) -> models.Model:
    target = referenced_row(SIMPLE_SETTINGS[relation], target_id)
    getattr(template, relation).add(target)
    template_touch(actor=actor, template=template)
    return target


@transaction.atomic
def template_link_remove(
    *, actor: Person | None, template: ProjectTemplate, relation: str, target_id: Any
) -> None:
    if relation == "task_types":
        ProjectTemplateTaskTypeLink.objects.filter(
            project_template=template, task_type_id=target_id
        ).delete()
    elif relation == "task_statuses":
        ProjectTemplateTaskStatusLink.objects.filter(
            project_template=template, task_status_id=target_id
        ).delete()
    else:
        getattr(template, relation).remove(target_id)
    template_touch(actor=actor, template=template)


@announcing_changes(PROJECT_TEMPLATE_PLAIN_WIRE, of="template")
@transaction.atomic
def template_update(
    *, actor: Person | None, template: ProjectTemplate, fields: dict[str, Any]
) -> ProjectTemplate:
    for name, value in fields.items():
        setattr(template, name, value)
    template.save()
    _template_event("update", template.pk, actor)
    return template


def template_descriptor_snapshot(entry: dict[str, Any]) -> dict[str, Any]:
    name = entry.get("name") or ""
    return {
        "name": name,
        "choices": entry.get("choices") or [],
        "position": entry.get("position"),
        "data_type": entry.get("data_type"),
        "field_name": entry.get("field_name") or field_name_for(name),
        "for_client": bool(entry.get("for_client")),
        "departments": [str(pk) for pk in entry.get("departments") or []],
        "entity_type": entry.get("entity_type"),
        "task_type_id": str(entry["task_type_id"]) if entry.get("task_type_id") else None,
    }


@transaction.atomic
def template_from_project(
    *, actor: Person | None, project: Project, name: str, description: str | None = None
) -> ProjectTemplate:
    """A template holding the project's settings, pipeline links and descriptors."""
    values = {field: getattr(project, field) for field in SETTINGS_FIELDS}
    if description is not None:
        values["description"] = description
    descriptors = []
    for descriptor in project.metadata_descriptors.order_by("created_at").prefetch_related(
        "departments"
    ):
        descriptors.append(
            template_descriptor_snapshot(
                {
                    "name": descriptor.name,
                    "choices": descriptor.choices,
                    "position": descriptor.position,
                    "data_type": descriptor.data_type,
                    "field_name": descriptor.field_name,
                    "for_client": descriptor.for_client,
                    "departments": [d.pk for d in descriptor.departments.all()],
                    "entity_type": descriptor.entity_type,
                    "task_type_id": descriptor.task_type_id,
                }
            )
        )
    template = ProjectTemplate.objects.create(
        name=name,
        file_tree=project.file_tree,
        data=project.data,
        metadata_descriptors=descriptors,
        **values,
    )
    ProjectTemplateTaskTypeLink.objects.bulk_create(
        ProjectTemplateTaskTypeLink(
            project_template=template,
            task_type_id=link.task_type_id,
            **link_values(link, TASK_TYPE_LINK_FIELDS),
        )
        for link in project.task_type_links.all()
    )
    ProjectTemplateTaskStatusLink.objects.bulk_create(
        ProjectTemplateTaskStatusLink(
            project_template=template,
            task_status_id=link.task_status_id,
            **link_values(link, TASK_STATUS_LINK_FIELDS),
        )
        for link in project.task_status_links.all()
    )
    for relation in SIMPLE_SETTINGS:
        getattr(template, relation).set(getattr(project, relation).all())
    _template_event("new", template.pk, actor)
    return template


@transaction.atomic
def template_apply(*, actor: Person | None, project: Project, template: ProjectTemplate) -> Project:
    """Give the project the template's settings, and add its links and descriptors."""
    for field in SETTINGS_FIELDS:
        value = getattr(template, field)
        if field == "default_preview_background_file" and value is None:
            continue
        setattr(project, field, value)
    project.save()
    project_template_links_copy(project=project, template=template, actor=actor)
    if project.production_type == TVSHOW:
        first_episode_ensure(project=project, actor=actor)
    return project


@transaction.atomic
def template_links_reorder(
    *, actor: Person | None, template: ProjectTemplate, kind: str, ids: Sequence[str]
) -> list[models.Model]:
    """Priorities 1..n for the listed task types (or statuses) of the template."""
    model, key = (
        (ProjectTemplateTaskTypeLink, "task_type_id")
        if kind == "task_types"
        else (ProjectTemplateTaskStatusLink, "task_status_id")
    )
    links = {
        str(getattr(link, key)): link for link in model.objects.filter(project_template=template)
    }
    ordered = [links[pk] for pk in dict.fromkeys(ids) if pk in links]
    now = timezone.now()
    for priority, link in enumerate(ordered, start=1):
        link.priority, link.updated_at = priority, now
    model.objects.bulk_update(ordered, ["priority", "updated_at"])
    template_touch(actor=actor, template=template)
    return ordered

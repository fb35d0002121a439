"""Writes about projects: creation and deletion, the team, the pipeline settings, metadata
descriptors, and copying a template's links into a project. Each function checks its rules,
writes atomically and announces the change with the reference events. Templates themselves are
in `project_templates`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from kitsu_site.api.errors import NotFound, WrongParameter, validation_error
from kitsu_site.api.events import announcing_changes, emit
from kitsu_site.api.text import underscore_slug
from people.models import Department, Person, Software
from production.models import (
    Entity,
    EntityLink,
    EntityType,
    MetadataDescriptor,
    PreviewBackgroundFile,
    Project,
    ProjectPersonLink,
    ProjectStatus,
    ProjectTaskStatusLink,
    ProjectTaskTypeLink,
    ProjectTaskTypeSoftwareLink,
    ProjectTemplate,
    StatusAutomation,
    Task,
    TaskStatus,
    TaskType,
)
from production.models.projects import DEFAULT_ROLES_FOR_BOARD
from production.selectors.common import temporal_entity_type
from production.wire import DESCRIPTOR_RELATIONS_WIRE, PROJECT_SETTINGS_WIRE
from reviews.models import PreviewFile

OPEN = "Open"
CLOSED = "Closed"
TVSHOW = "tvshow"
FIRST_EPISODE_NAME = "E01"
DEFAULT_FPS = 25
DESCRIPTOR_ENTITY_TYPES = ("Asset", "Shot", "Sequence", "Episode", "Edit", "Project", "Task")
ALL_PROJECTS_ENTITY_TYPES = DESCRIPTOR_ENTITY_TYPES[:-1]
# The columns a task type or status link carries over between a project and a template.
TASK_TYPE_LINK_FIELDS = (
    "priority",
    "hd_bitrate_compression",
    "ld_bitrate_compression",
    "is_client_visible",
)
TASK_STATUS_LINK_FIELDS = ("priority", "roles_for_board", "is_client_allowed")
SETTINGS_FIELDS = tuple(
    field.name
    for field in ProjectTemplate._meta.concrete_fields
    if field.name in {f.name for f in Project._meta.concrete_fields}
    and field.name not in ("id", "created_at", "updated_at", "name", "data", "file_tree")
)


class ClosedProjectsOnly(WrongParameter):
    data_in_body = False


def project_update_event(project_id: Any, actor: Person | None, *, scoped: bool = True) -> None:
    emit(
        "project:update",
        {"project_id": project_id},
        project_id=project_id if scoped else None,
        user_id=getattr(actor, "pk", None),
    )


def referenced_row(model: type[models.Model], pk: Any) -> models.Model:
    """A row the body names by id: unknown or malformed ids are a 400, as in the reference."""
    instance = model.objects.filter(pk=pk).first() if _is_uuid(pk) else None
    if instance is None:
        raise WrongParameter(f"{model.__name__} with id {pk} not found")
    return instance


def _is_uuid(value: Any) -> bool:
    if isinstance(value, uuid.UUID):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def project_status(name: str) -> ProjectStatus:
    return ProjectStatus.objects.get_or_create(name=name, defaults={"color": "#000000"})[0]


# -- projects -------------------------------------------------------------------------------------
def first_episode_ensure(*, project: Project, actor: Person | None) -> Entity:
    """Tvshows always have an episode to put sequences in: E01 unless one exists."""
    episode_type = temporal_entity_type("Episode")
    episode = (
        Entity.objects.filter(project=project, entity_type=episode_type)
        .order_by("created_at", "name")
        .first()
    )
    if episode is None:
        episode = Entity.objects.create(
            project=project,
            entity_type=episode_type,
            name=FIRST_EPISODE_NAME,
            description="",
            data={},
            created_by=actor,
        )
        emit(
            "episode:new",
            {"episode_id": episode.pk},
            project_id=project.pk,
            user_id=getattr(actor, "pk", None),
        )
    return episode


@transaction.atomic
def project_create(
    *,
    actor: Person | None,
    fields: dict[str, Any],
    template: ProjectTemplate | None = None,
    links: dict[str, list] | None = None,
) -> Project:
    """A new project, Open unless told otherwise, set up from `template` when given (explicit
    fields win), with its first episode when it is a tvshow. `links` lists ids of the team,
    asset types, task types, task statuses... to link at once (unknown ids are skipped)."""
    values = dict(fields)
    if template is not None:
        for name in SETTINGS_FIELDS:
            values.setdefault(name, getattr(template, name))
    values.setdefault("project_status", project_status(OPEN))
    project = Project(**values)
    project = project_register(actor=actor, project=project, template=template)
    _link_all(project, links or {})
    return project


def _link_all(project: Project, links: dict[str, list]) -> None:
    for person_id in _existing_ids(Person, links.get("team") or []):
        ProjectPersonLink.objects.get_or_create(project=project, person_id=person_id)
    for type_id in _existing_ids(TaskType, links.get("task_types") or []):
        ProjectTaskTypeLink.objects.get_or_create(project=project, task_type_id=type_id)
    for status_id in _existing_ids(TaskStatus, links.get("task_statuses") or []):
        ProjectTaskStatusLink.objects.get_or_create(
            project=project,
            task_status_id=status_id,
            defaults={"roles_for_board": list(DEFAULT_ROLES_FOR_BOARD)},
        )
    for relation, model in SIMPLE_SETTINGS.items():
        getattr(project, relation).add(*_existing_ids(model, links.get(relation) or []))


@transaction.atomic
def project_register(
    *, actor: Person | None, project: Project, template: ProjectTemplate | None = None
) -> Project:
    """Save a new project (Open by default) and set it up: template links, first episode."""
    if project.project_status_id is None:
        project.project_status = project_status(OPEN)
    project.save()
    emit("project:new", {"project_id": project.pk}, user_id=getattr(actor, "pk", None))
    if template is not None:
        project_template_links_copy(project=project, template=template, actor=actor)
    if project.production_type == TVSHOW:
        first_episode_ensure(project=project, actor=actor)
    return project


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_update(*, actor: Person | None, project: Project, fields: dict[str, Any]) -> Project:
    for name, value in fields.items():
        setattr(project, name, value)
    project.save()
    if project.production_type == TVSHOW:
        first_episode_ensure(project=project, actor=actor)
    project_update_event(project.pk, actor, scoped=False)
    return project


def project_is_open(project: Project) -> bool:
    return project.project_status_id is not None and project.project_status.name == OPEN


@transaction.atomic
def project_close(*, actor: Person | None, project: Project) -> Project:
    return project_update(
        actor=actor, project=project, fields={"project_status": project_status(CLOSED)}
    )


def check_project_deletable(project: Project) -> None:
    if project_is_open(project):
        raise ClosedProjectsOnly("Only closed projects can be deleted")


@transaction.atomic
def project_delete(*, actor: Person | None, project: Project, force: bool = False) -> None:
    """Delete a closed project; with `force`, its tasks and breakdown go with it (without, a
    project holding any is a 400 conflict)."""
    check_project_deletable(project)
    project_id = project.pk
    if force:
        Task.objects.filter(project=project).delete()
        entities = Entity.objects.filter(project=project)
        EntityLink.objects.filter(
            models.Q(entity_in__project=project) | models.Q(entity_out__project=project)
        ).delete()
        entities.update(parent=None, source=None)
        entities.delete()
    project.delete()
    emit("project:delete", {"project_id": project_id}, user_id=getattr(actor, "pk", None))


# -- team -----------------------------------------------------------------------------------------
def _check_project_role(role: str | None) -> None:
    if role is not None and role not in dict(ProjectPersonLink.PROJECT_ROLES):
        raise validation_error(
            ("role", "Input should be 'user', 'supervisor', 'manager', 'client' or 'vendor'")
        )


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def team_add(
    *, actor: Person | None, project: Project, person_id: Any, role: str | None = None
) -> Project:
    _check_project_role(role)
    person = referenced_row(Person, person_id)
    link, created = ProjectPersonLink.objects.get_or_create(
        project=project, person=person, defaults={"role": role}
    )
    if not created and role is not None and link.role != role:
        link.role = role
        link.save(update_fields=["role"])
    _project_touched(project, actor)
    return project


@transaction.atomic
def team_set_role(
    *, actor: Person | None, project: Project, person_id: Any, role: str | None
) -> ProjectPersonLink:
    _check_project_role(role)
    link = ProjectPersonLink.objects.filter(project=project, person_id=person_id).first()
    if link is None:
        raise WrongParameter("Person is not a member of the project team")
    link.role = role
    link.save(update_fields=["role"])
    project_update_event(project.pk, actor)
    return link


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def team_remove(*, actor: Person | None, project: Project, person_id: Any) -> None:
    ProjectPersonLink.objects.filter(project=project, person_id=person_id).delete()
    _project_touched(project, actor)


def _project_touched(project: Project, actor: Person | None) -> None:
    """A link of the project changed: its `updated_at` moves and clients refetch it."""
    project.save(update_fields=["updated_at"])
    project_update_event(project.pk, actor)


# -- settings -------------------------------------------------------------------------------------
SIMPLE_SETTINGS = {
    "asset_types": EntityType,
    "status_automations": StatusAutomation,
    "preview_background_files": PreviewBackgroundFile,
}


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_setting_add(
    *, actor: Person | None, project: Project, relation: str, target_id: Any
) -> Project:
    """Link an asset type, status automation or preview background to the project."""
    target = referenced_row(SIMPLE_SETTINGS[relation], target_id)
    getattr(project, relation).add(target)
    _project_touched(project, actor)
    return project


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_link_remove(
    *, actor: Person | None, project: Project, relation: str, target_id: Any
) -> None:
    """Unlink a task type, task status, asset type, automation or background (`relation`)."""
    if relation == "task_types":
        ProjectTaskTypeLink.objects.filter(project=project, task_type_id=target_id).delete()
    elif relation == "task_statuses":
        ProjectTaskStatusLink.objects.filter(project=project, task_status_id=target_id).delete()
    else:
        getattr(project, relation).remove(target_id)
    _project_touched(project, actor)


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_task_type_add(
    *, actor: Person | None, project: Project, task_type_id: Any, priority: int | None = None
) -> Project:
    task_type = referenced_row(TaskType, task_type_id)
    ProjectTaskTypeLink.objects.get_or_create(
        project=project, task_type=task_type, defaults={"priority": priority}
    )
    _project_touched(project, actor)
    return project


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_task_status_add(
    *, actor: Person | None, project: Project, task_status_id: Any
) -> Project:
    task_status = referenced_row(TaskStatus, task_status_id)
    ProjectTaskStatusLink.objects.get_or_create(
        project=project,
        task_status=task_status,
        defaults={"roles_for_board": list(DEFAULT_ROLES_FOR_BOARD)},
    )
    _project_touched(project, actor)
    return project


@transaction.atomic
def project_task_status_link_update(
    *, actor: Person | None, project: Project, task_status_id: Any, is_client_allowed: bool
) -> ProjectTaskStatusLink:
    link = ProjectTaskStatusLink.objects.filter(
        project=project, task_status_id=task_status_id
    ).first()
    if link is None:
        raise NotFound()
    link.is_client_allowed = is_client_allowed
    link.save()
    project_update_event(project.pk, actor)
    return link


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
@transaction.atomic
def project_settings_batch(
    *, actor: Person | None, project: Project, settings: dict[str, Any]
) -> Project:
    """Link many settings at once; ids of rows that do not exist are skipped."""
    for relation, model in SIMPLE_SETTINGS.items():
        ids = _existing_ids(model, settings.get(f"{relation[:-1]}_ids") or [])
        getattr(project, relation).add(*ids)
    for status_id in _existing_ids(TaskStatus, settings.get("task_status_ids") or []):
        ProjectTaskStatusLink.objects.get_or_create(
            project=project,
            task_status_id=status_id,
            defaults={"roles_for_board": list(DEFAULT_ROLES_FOR_BOARD)},
        )
    entries = {
        str(entry.get("task_type_id")): entry.get("priority")
        for entry in settings.get("task_types") or []
    }
    for type_id in _existing_ids(TaskType, list(entries)):
        ProjectTaskTypeLink.objects.update_or_create(
            project=project, task_type_id=type_id, defaults={"priority": entries[str(type_id)]}
        )
    _project_touched(project, actor)
    return project


def _existing_ids(model: type[models.Model], ids: Iterable[Any]) -> list[Any]:
    wanted = [pk for pk in ids if _is_uuid(pk)]
    return list(model.objects.filter(pk__in=wanted).values_list("pk", flat=True))


# -- metadata descriptors -------------------------------------------------------------------------
def field_name_for(name: str) -> str:
    """The `data` key of a descriptor: its name slugified with `_` separators."""
    return underscore_slug(name)


def check_data_type(data_type: Any) -> None:
    if data_type is not None and data_type not in MetadataDescriptor.DataType.values:
        raise WrongParameter("Invalid data_type")


def check_descriptor_target(entity_type: str, task_type_id: Any) -> None:
    if entity_type not in DESCRIPTOR_ENTITY_TYPES:
        raise WrongParameter(
            "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, Project, "
            "or Task."
        )
    if entity_type == "Task" and not task_type_id:
        raise WrongParameter("Task metadata descriptors require a task_type_id.")
    if entity_type != "Task" and task_type_id:
        raise WrongParameter("task_type_id only applies to Task metadata descriptors.")


def _departments(ids: Sequence[Any]) -> list[Department]:
    return list(Department.objects.filter(pk__in=[pk for pk in ids if _is_uuid(pk)]))


def _descriptor_event(verb: str, descriptor: MetadataDescriptor, actor: Person | None) -> None:
    emit(
        f"metadata-descriptor:{verb}",
        {"metadata_descriptor_id": descriptor.pk},
        project_id=descriptor.project_id,
        user_id=getattr(actor, "pk", None),
    )


@transaction.atomic
def descriptor_create(
    *, actor: Person | None, project: Project, fields: dict[str, Any]
) -> MetadataDescriptor:
    entity_type = fields.get("entity_type") or "Asset"
    task_type_id = fields.get("task_type_id")
    check_descriptor_target(entity_type, task_type_id)
    data_type = fields.get("data_type") or MetadataDescriptor.DataType.STRING
    check_data_type(data_type)
    if task_type_id is not None:
        referenced_row(TaskType, str(task_type_id))
    field_name = field_name_for(fields["name"])
    same = MetadataDescriptor.objects.filter(
        project=project, entity_type=entity_type, task_type_id=task_type_id
    )
    if same.filter(models.Q(name=fields["name"]) | models.Q(field_name=field_name)).exists():
        raise WrongParameter("Metadata descriptor already exists.")
    descriptor = MetadataDescriptor.objects.create(
        project=project,
        entity_type=entity_type,
        task_type_id=task_type_id,
        name=fields["name"],
        field_name=field_name,
        data_type=data_type,
        choices=fields.get("choices") or [],
        for_client=bool(fields.get("for_client")),
        position=fields.get("position"),
    )
    descriptor.departments.set(_departments(fields.get("departments") or []))
    _descriptor_event("new", descriptor, actor)
    return descriptor


def _owners_of(descriptor: MetadataDescriptor) -> models.QuerySet:
    """The rows whose `data` carries the descriptor's values."""
    if descriptor.entity_type == "Task":
        return Task.objects.filter(
            project_id=descriptor.project_id, task_type_id=descriptor.task_type_id
        )
    if descriptor.entity_type == "Project":
        return Project.objects.filter(pk=descriptor.project_id)
    entities = Entity.objects.filter(project_id=descriptor.project_id)
    if descriptor.entity_type == "Asset":
        return entities.assets()
    return entities.of_type(descriptor.entity_type)


def _rewrite_data_key(descriptor: MetadataDescriptor, old_key: str, new_key: str | None) -> None:
    """Rename (or, with no new key, drop) a key of the owners' `data`."""
    for owner in _owners_of(descriptor).filter(data__has_key=old_key).only("id", "data"):
        data = dict(owner.data)
        value = data.pop(old_key)
        if new_key is not None:
            data[new_key] = value
        type(owner).objects.filter(pk=owner.pk).update(data=data)


@announcing_changes(DESCRIPTOR_RELATIONS_WIRE, of="descriptor")
@transaction.atomic
def descriptor_update(
    *, actor: Person | None, descriptor: MetadataDescriptor, fields: dict[str, Any]
) -> MetadataDescriptor:
    """Change a descriptor; a new name renames the key in the owners' `data`."""
    if "data_type" in fields:
        check_data_type(fields["data_type"])
    old_field_name = descriptor.field_name
    if fields.get("name"):
        descriptor.name = fields["name"]
        descriptor.field_name = field_name_for(fields["name"])
    for name in ("data_type", "choices", "for_client"):
        if name in fields:
            value = fields[name]
            if name == "choices" and value is None:
                value = []
            if name == "for_client":
                value = bool(value)
            setattr(descriptor, name, value)
    try:
        with transaction.atomic():
            descriptor.save()
    except IntegrityError:
        raise WrongParameter("Metadata descriptor already exists.") from None
    if "departments" in fields:
        descriptor.departments.set(_departments(fields["departments"] or []))
    if descriptor.field_name != old_field_name:
        _rewrite_data_key(descriptor, old_field_name, descriptor.field_name)
    _descriptor_event("update", descriptor, actor)
    return descriptor


@transaction.atomic
def descriptor_delete(
    *, actor: Person | None, descriptor: MetadataDescriptor, clean_data: bool = True
) -> None:
    """Delete a descriptor and, unless asked not to, its values in the owners' `data`."""
    if clean_data:
        _rewrite_data_key(descriptor, descriptor.field_name, None)
    descriptor_id = descriptor.pk
    descriptor.delete()
    descriptor.pk = descriptor_id
    _descriptor_event("delete", descriptor, actor)


@transaction.atomic
def descriptors_reorder(
    *, actor: Person | None, project: Project, entity_type: str, descriptor_ids: Sequence[str]
) -> list[MetadataDescriptor]:
    """Number the listed descriptors 1..n, then the others of that entity type by name."""
    descriptors = {
        str(descriptor.pk): descriptor
        for descriptor in MetadataDescriptor.objects.filter(
            project=project, entity_type=entity_type
        ).order_by("name")
    }
    for descriptor_id in descriptor_ids:
        if descriptor_id not in descriptors:
            raise WrongParameter(
                f"Descriptor {descriptor_id} not found for project {project.pk} and entity "
                f"type {entity_type}"
            )
    ordered = [descriptors[pk] for pk in dict.fromkeys(descriptor_ids)]
    ordered += [d for pk, d in descriptors.items() if pk not in set(descriptor_ids)]
    now = timezone.now()
    for position, descriptor in enumerate(ordered, start=1):
        descriptor.position, descriptor.updated_at = position, now
    MetadataDescriptor.objects.bulk_update(ordered, ["position", "updated_at"])
    return ordered


def _check_all_projects_entity_type(entity_type: Any) -> None:
    if entity_type not in ALL_PROJECTS_ENTITY_TYPES:
        raise WrongParameter(
            "Wrong entity type. Please select Asset, Shot, Sequence, Episode, Edit, or Project."
        )


def _open_projects() -> models.QuerySet[Project]:
    return Project.objects.filter(project_status__name=OPEN).order_by("name")


@transaction.atomic
def descriptor_create_all_projects(
    *, actor: Person | None, fields: dict[str, Any]
) -> list[MetadataDescriptor]:
    """The same descriptor in every open project (those already having it are skipped)."""
    entity_type = fields.get("entity_type") or "Asset"
    _check_all_projects_entity_type(entity_type)
    check_data_type(fields.get("data_type"))
    field_name = field_name_for(fields["name"])
    created = []
    for project in _open_projects():
        exists = MetadataDescriptor.objects.filter(
            project=project, entity_type=entity_type, task_type__isnull=True
        ).filter(models.Q(name=fields["name"]) | models.Q(field_name=field_name))
        if not exists.exists():
            created.append(
                descriptor_create(
                    actor=actor, project=project, fields={**fields, "entity_type": entity_type}
                )
            )
    return created


def _all_projects_descriptors(entity_type: Any, field_name: str) -> models.QuerySet:
    _check_all_projects_entity_type(entity_type)
    return MetadataDescriptor.objects.filter(
        project__in=_open_projects(), entity_type=entity_type, field_name=field_name
    ).order_by("project__name")


@transaction.atomic
def descriptor_update_all_projects(
    *, actor: Person | None, entity_type: Any, field_name: str, fields: dict[str, Any]
) -> list[MetadataDescriptor]:
    descriptors = list(_all_projects_descriptors(entity_type, field_name))
    return [
        descriptor_update(actor=actor, descriptor=descriptor, fields=fields)
        for descriptor in descriptors
    ]


@transaction.atomic
def descriptor_delete_all_projects(
    *, actor: Person | None, entity_type: Any, field_name: str
) -> None:
    for descriptor in list(_all_projects_descriptors(entity_type, field_name)):
        descriptor_delete(actor=actor, descriptor=descriptor)


@transaction.atomic
def descriptors_reorder_all_projects(
    *, actor: Person | None, entity_type: Any, field_order: Sequence[str]
) -> list[MetadataDescriptor]:
    """In every open project, number the descriptors of `entity_type` after `field_order`."""
    _check_all_projects_entity_type(entity_type)
    rank = {name: index for index, name in enumerate(field_order)}
    updated = []
    for project in _open_projects():
        descriptors = sorted(
            MetadataDescriptor.objects.filter(project=project, entity_type=entity_type),
            key=lambda d: (rank.get(d.field_name, len(rank)), d.name),
        )
        now = timezone.now()
        for position, descriptor in enumerate(descriptors, start=1):
            descriptor.position, descriptor.updated_at = position, now
        MetadataDescriptor.objects.bulk_update(descriptors, ["position", "updated_at"])
        updated += descriptors
    return updated


# -- setting up from a template --------------------------------------------------------------------
def link_values(link: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(link, name) for name in fields}


@announcing_changes(PROJECT_SETTINGS_WIRE, of="project")
def project_template_links_copy(
    *, project: Project, template: ProjectTemplate, actor: Person | None
) -> None:
    """Add the template's pipeline links and descriptors the project does not have yet."""
    have_types = set(project.task_type_links.values_list("task_type_id", flat=True))
    ProjectTaskTypeLink.objects.bulk_create(
        ProjectTaskTypeLink(
            project=project,
            task_type_id=link.task_type_id,
            **link_values(link, TASK_TYPE_LINK_FIELDS),
        )
        for link in template.task_type_links.all()
        if link.task_type_id not in have_types
    )
    have_statuses = set(project.task_status_links.values_list("task_status_id", flat=True))
    ProjectTaskStatusLink.objects.bulk_create(
        ProjectTaskStatusLink(
            project=project,
            task_status_id=link.task_status_id,
            **link_values(link, TASK_STATUS_LINK_FIELDS),
        )
        for link in template.task_status_links.all()
        if link.task_status_id not in have_statuses
    )
    for relation in SIMPLE_SETTINGS:
        getattr(project, relation).add(*getattr(template, relation).all())
    for entry in template.metadata_descriptors or []:
        entity_type = entry.get("entity_type") or "Asset"
        name = entry.get("name")
        if not name:
            continue
        task_type_id = entry.get("task_type_id")
        if MetadataDescriptor.objects.filter(
            project=project, entity_type=entity_type, task_type_id=task_type_id, name=name
        ).exists():
            continue
        descriptor = MetadataDescriptor.objects.create(
            project=project,
            entity_type=entity_type,
            task_type_id=task_type_id,
            name=name,
            field_name=entry.get("field_name") or field_name_for(name),
            data_type=entry.get("data_type"),
            choices=entry.get("choices") or [],
            for_client=bool(entry.get("for_client")),
        )
        descriptor.departments.set(_departments(entry.get("departments") or []))
        _descriptor_event("new", descriptor, actor)
    project_update_event(project.pk, actor)


# -- software per task type, frame counts ---------------------------------------------------
@transaction.atomic
def task_type_software_add(
    *, actor: Person | None, project: Project, task_type_id: Any, software_id: Any
) -> ProjectTaskTypeSoftwareLink:
    """The project uses that software for one of its task types (adding it twice is a no-op)."""
    if not ProjectTaskTypeLink.objects.filter(project=project, task_type_id=task_type_id).exists():
        raise WrongParameter("The task type is not a task type of the project.")
    if not Software.objects.filter(pk=software_id).exists():
        raise NotFound()
    link, created = ProjectTaskTypeSoftwareLink.objects.get_or_create(
        project=project, task_type_id=task_type_id, software_id=software_id
    )
    if created:
        _project_touched(project, actor)
    return link


@transaction.atomic
def task_type_software_remove(
    *, actor: Person | None, project: Project, task_type_id: Any, software_id: Any
) -> None:
    deleted, _ = ProjectTaskTypeSoftwareLink.objects.filter(
        project=project, task_type_id=task_type_id, software_id=software_id
    ).delete()
    if deleted:
        _project_touched(project, actor)


def project_fps(project: Project) -> float:
    try:
        return float(project.fps or DEFAULT_FPS)
    except (TypeError, ValueError):
        return float(DEFAULT_FPS)


@transaction.atomic
def shots_nb_frames_set(*, project: Project, task_type_id: Any) -> list[dict[str, Any]]:
    """Each shot of the project with a preview of that task type gets as many frames as its
    latest preview lasts at the project's frame rate (a preview without duration counts 0)."""
    fps = project_fps(project)
    latest = (
        PreviewFile.objects.filter(
            task__project=project,
            task__task_type_id=task_type_id,
            task__entity__entity_type__name="Shot",
        )
        .order_by(
            "task__entity__parent__name",
            "task__entity__name",
            "task__entity_id",
            "-created_at",
            "-revision",
            "-position",
        )
        .values_list("task__entity_id", "duration")
    )
    frames: dict[Any, int] = {}
    for shot_id, duration in latest:
        if shot_id not in frames:
            frames[shot_id] = round((duration or 0) * fps)
    shots = [Entity(pk=shot_id, nb_frames=nb_frames) for shot_id, nb_frames in frames.items()]
    Entity.objects.bulk_update(shots, ["nb_frames"])
    return [{"id": str(shot.pk), "nb_frames": shot.nb_frames} for shot in shots]

"""Replaying a ShotGrid export: each importer turns ShotGrid rows into this side's records,
matched on `shotgun_id` (then on the natural key), created or updated.

An entry the reference skips (a note on an unknown task, a malformed row missing a key) is
skipped here too; a row that breaks a database rule fails the whole request.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models

from imports.sync.kinds import ENTITY_WIRE
from imports.sync.upsert import column_values
from kitsu_site.api.wire import WireFormat
from people.models import Department, Person, Role
from people.wire import PERSON_WIRE
from production.models import (
    Entity,
    EntityType,
    Project,
    ProjectPersonLink,
    ProjectStatus,
    Task,
    TaskStatus,
    TaskType,
)
from production.services.projects import team_add
from reviews.models import Comment, PreviewFile

Entry = dict[str, Any]
NOT_A_PERSON_EMAIL = "changeme@email.com"
DEFAULT_COLOR = "#000000"
SHOTGUN_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


class SkipEntry(Exception):
    """The reference ignores this entry."""


def rgb_to_hex(rgb: str | None) -> str:
    """ShotGrid colours are `"r,g,b"`; Kitsu's are `#rrggbb`."""
    try:
        red, green, blue = (int(part) for part in (rgb or "0,0,0").split(","))
    except ValueError:
        return DEFAULT_COLOR
    return f"#{red:02x}{green:02x}{blue:02x}"


def custom_data(entry: Entry, *, excluded: tuple[str, ...] = ()) -> dict[str, Any]:
    """ShotGrid custom fields (`sg_*`) with a value, kept in the record's `data`."""
    return {
        key: value
        for key, value in entry.items()
        if key.startswith("sg_") and key not in excluded and value is not None
    }


def by_shotgun_id(model: type[models.Model], shotgun_id: Any, **filters: Any) -> Any:
    return model.objects.filter(shotgun_id=shotgun_id, **filters).first()


def entity_type_named(name: str) -> EntityType:
    return EntityType.objects.get_or_create(name=name)[0]


def _update(instance: models.Model, data: dict[str, Any]) -> models.Model:
    for name, value in data.items():
        setattr(instance, name, value)
    instance.save()
    return instance


class ShotgunImporter:
    """One `/import/shotgun/<kind>` route: how entries become records."""

    wire: WireFormat

    def __init__(self, actor: Person):
        self.actor = actor

    def prepare(self, entries: list[Entry]) -> None:
        """Read what every entry needs once (maps, types to create)."""

    def accepts(self, entry: Entry) -> bool:
        return True

    def import_entry(self, entry: Entry) -> models.Model:
        raise NotImplementedError

    def finish(self) -> None:
        """Work that needs every entry imported first."""

    def run(self, entries: list[Entry]) -> list[models.Model]:
        self.prepare(entries)
        results = []
        for entry in entries:
            if not self.accepts(entry):
                continue
            try:
                results.append(self.import_entry(entry))
            except (SkipEntry, KeyError, TypeError, ValueError):
                continue
        self.finish()
        return results


class ProjectImporter(ShotgunImporter):
    wire = WireFormat(Project)

    def import_entry(self, entry: Entry) -> Project:
        status, _ = ProjectStatus.objects.get_or_create(
            name=entry["sg_status"], defaults={"color": DEFAULT_COLOR}
        )
        data = {
            "name": entry["name"],
            "shotgun_id": entry["id"],
            "project_status": status,
            "data": custom_data(entry, excluded=("sg_status",)),
        }
        project = by_shotgun_id(Project, entry["id"])
        return _update(project or Project(), data)


class PersonImporter(ShotgunImporter):
    """Known people (by ShotGrid id, then e-mail) are left as they are, apart from their
    department; new ones get no password."""

    wire = PERSON_WIRE
    ROLES = {"Manager": Role.MANAGER, "Admin": Role.ADMIN}

    def import_entry(self, entry: Entry) -> Person:
        if entry["email"] == NOT_A_PERSON_EMAIL:
            raise SkipEntry
        person = (
            by_shotgun_id(Person, entry["id"])
            or Person.objects.filter(email=entry["email"], is_bot=False).first()
        )
        if person is None:
            group = (entry.get("permission_rule_set") or {}).get("name", "")
            person = Person.objects.create(
                first_name=entry["firstname"],
                last_name=entry["lastname"],
                email=entry["email"],
                shotgun_id=entry["id"],
                desktop_login=entry["login"],
                active=entry.get("sg_status_list", "act") == "act",
                role=self.ROLES.get(group, Role.USER),
                password=make_password(None),
            )
        department = entry.get("department")
        if department is not None:
            named = Department.objects.get_or_create(
                name=department["name"], defaults={"color": DEFAULT_COLOR}
            )[0]
            person.departments.set([named])
        return person


class TemporalImporter(ShotgunImporter):
    """Episodes, sequences and scenes: one ShotGrid entity per temporal entity."""

    wire = ENTITY_WIRE
    type_name = ""

    def prepare(self, entries: list[Entry]) -> None:
        self.entity_type = entity_type_named(self.type_name)
        self.projects = dict(Project.objects.values_list("name", "id"))

    def project_id(self, entry: Entry) -> Any:
        project = entry["project"]
        project_id = self.projects.get(project["name"]) if project else None
        if project_id is None:
            raise SkipEntry
        return project_id

    def extract(self, entry: Entry) -> dict[str, Any]:
        return {
            "name": entry["code"],
            "shotgun_id": entry["id"],
            "description": entry["description"],
            "project_id": self.project_id(entry),
            "entity_type": self.entity_type,
        }

    def import_entry(self, entry: Entry) -> Entity:
        data = self.extract(entry)
        entity = by_shotgun_id(Entity, entry["id"], entity_type=self.entity_type)
        return _update(entity or Entity(created_by=self.actor), data)


def shotgun_entity_id(kind: str, shotgun_id: Any) -> Any:
    """The id of the entity of that kind (`Shot`, `Asset`...) imported with that ShotGrid id."""
    entities = Entity.objects.filter(shotgun_id=shotgun_id)
    if kind == "Asset":
        entities = entities.exclude(entity_type__name__in=EntityType.TEMPORAL_NAMES)
    else:
        entities = entities.filter(entity_type__name=kind)
    return entities.values_list("id", flat=True).first()


def _linked_id(entry: Entry, key: str, kind: str) -> Any:
    linked = entry.get(key)
    return shotgun_entity_id(kind, linked["id"]) if linked else None


class EpisodeImporter(TemporalImporter):
    type_name = "Episode"


class SequenceImporter(TemporalImporter):
    """A sequence already named so under the same episode only takes the ShotGrid id and
    description."""

    type_name = "Sequence"

    def import_entry(self, entry: Entry) -> Entity:
        data = self.extract(entry)
        data["parent_id"] = _linked_id(entry, "episode", "Episode")
        sequence = by_shotgun_id(Entity, entry["id"], entity_type=self.entity_type)
        similar = Entity.objects.filter(
            name=data["name"],
            parent_id=data["parent_id"],
            project_id=data["project_id"],
            entity_type=self.entity_type,
        ).first()
        if sequence is None:
            if similar is not None:
                return similar
            return _update(Entity(created_by=self.actor), data)
        if similar is not None and similar.pk != sequence.pk:
            data = {"description": data["description"], "shotgun_id": data["shotgun_id"]}
        return _update(sequence, data)


class SceneImporter(TemporalImporter):
    type_name = "Scene"
    SEQUENCES_KEY = "sequence_sg_scenes_1_sequences"

    def extract(self, entry: Entry) -> dict[str, Any]:
        data = super().extract({**entry, "description": None})
        data.pop("description")
        sequences = entry.get(self.SEQUENCES_KEY) or []
        data["parent_id"] = shotgun_entity_id("Sequence", sequences[0]["id"]) if sequences else None
        return data


class ShotImporter(TemporalImporter):
    type_name = "Shot"
    NOT_CUSTOM = ("sg_cut_in", "sg_cut_out", "sg_sequence")

    def extract(self, entry: Entry) -> dict[str, Any]:
        frame_in = entry["sg_cut_in"]
        duration = entry["sg_cut_duration"]
        frame_out = frame_in + duration if frame_in is not None and duration is not None else None
        data = custom_data(entry, excluded=self.NOT_CUSTOM)
        data.update({"frame_in": frame_in, "frame_out": frame_out or frame_in})
        return {
            "name": entry["code"],
            "shotgun_id": entry["id"],
            "project_id": self.project_id(entry),
            "entity_type": self.entity_type,
            "parent_id": _linked_id(entry, "sg_sequence", "Sequence"),
            "source_id": _linked_id(entry, "sg_scene", "Scene"),
            "data": data,
        }

    def import_entry(self, entry: Entry) -> Entity:
        data = self.extract(entry)
        shot = by_shotgun_id(Entity, entry["id"], entity_type=self.entity_type)
        if shot is not None:
            data["data"] = {**(shot.data or {}), **data["data"]}
        shot = _update(shot or Entity(created_by=self.actor), data)
        assets = [shotgun_entity_id("Asset", asset["id"]) for asset in entry.get("assets") or []]
        shot.entities_out.set([asset_id for asset_id in assets if asset_id is not None])
        return shot


class AssetImporter(ShotgunImporter):
    """Asset types are created as needed; an asset listing parents is cast in them once every
    entry is in."""

    wire = ENTITY_WIRE

    def prepare(self, entries: list[Entry]) -> None:
        names = {entry.get("sg_asset_type") for entry in entries if isinstance(entry, dict)}
        self.asset_types = {name: entity_type_named(name) for name in names if name}
        self.projects = dict(Project.objects.values_list("shotgun_id", "id"))
        self.children_by_parent: dict[Any, list[Any]] = {}

    def import_entry(self, entry: Entry) -> Entity:
        data = {
            "name": entry["code"],
            "shotgun_id": entry["id"],
            "description": entry["description"],
            "entity_type": self.asset_types.get(entry["sg_asset_type"]),
            "project_id": self.projects.get(entry["project"]["id"]),
        }
        asset = Entity.objects.filter(pk=shotgun_entity_id("Asset", entry["id"])).first()
        if asset is None and (data["entity_type"] is None or data["project_id"] is None):
            raise SkipEntry
        asset = _update(asset or Entity(created_by=self.actor), data)
        for parent in entry.get("parents") or []:
            self.children_by_parent.setdefault(parent["id"], []).append(asset.pk)
        return asset

    def finish(self) -> None:
        for parent_shotgun_id, children in self.children_by_parent.items():
            parent = Entity.objects.filter(pk=shotgun_entity_id("Asset", parent_shotgun_id))
            for asset in parent:
                asset.entities_out.set(children)


class StepImporter(ShotgunImporter):
    """A step is a task type, in the department its name starts with."""

    wire = WireFormat(TaskType)

    def import_entry(self, entry: Entry) -> TaskType:
        color = rgb_to_hex(entry.get("color"))
        department = Department.objects.get_or_create(
            name=entry["code"].split(" ")[0], defaults={"color": color}
        )[0]
        data = {
            "name": entry["code"],
            "short_name": entry.get("short_name", ""),
            "shotgun_id": entry["id"],
            "color": color,
            "for_entity": entry.get("entity_type", "Asset"),
            "department": department,
        }
        task_type = by_shotgun_id(TaskType, entry["id"])
        same_name = TaskType.objects.filter(
            name__iexact=data["name"], for_entity=data["for_entity"]
        )
        if task_type is None:
            task_type = same_name.first()
            if task_type is not None:
                data.pop("name")
        if task_type is not None and same_name.filter(department=department).exists():
            for key in ("name", "for_entity", "department"):
                data.pop(key, None)
        return _update(task_type or TaskType(), data)


class StatusImporter(ShotgunImporter):
    wire = WireFormat(TaskStatus)

    def import_entry(self, entry: Entry) -> TaskStatus:
        data = {
            "name": entry["name"],
            "short_name": entry["code"],
            "shotgun_id": entry["id"],
            "color": rgb_to_hex(entry.get("bg_color")),
        }
        status = (
            by_shotgun_id(TaskStatus, entry["id"])
            or TaskStatus.objects.filter(short_name=entry["code"]).first()
        )
        return _update(status or TaskStatus(), data)


class TaskImporter(ShotgunImporter):
    wire = WireFormat(Task, relations=("assignees",))

    def prepare(self, entries: list[Entry]) -> None:
        self.projects = dict(Project.objects.values_list("shotgun_id", "id"))
        self.persons = dict(Person.objects.values_list("shotgun_id", "id"))
        self.task_types = dict(TaskType.objects.values_list("shotgun_id", "id"))
        self.statuses = dict(TaskStatus.objects.values_list("short_name", "id"))

    def accepts(self, entry: Entry) -> bool:
        return isinstance(entry, dict) and bool(entry.get("step")) and bool(entry.get("project"))

    def import_entry(self, entry: Entry) -> Task:
        linked = entry["entity"]
        dates = {"start_date": entry["start_date"], "due_date": entry["due_date"]}
        data = {
            "name": entry["cached_display_name"],
            "shotgun_id": entry["id"],
            **column_values(Task, dates),
            "sort_order": entry["sg_sort_order"],
            "duration": entry["duration"],
            "task_type_id": self.task_types.get(entry["step"]["id"]),
            "task_status_id": self.statuses.get(entry["sg_status_list"]),
            "project_id": self.projects.get(entry["project"]["id"]),
            "entity_id": shotgun_entity_id(linked["type"], linked["id"]) if linked else None,
            "assigner_id": self.persons.get(entry["created_by"]["id"]),
        }
        assignees = [self.persons[person["id"]] for person in entry["task_assignees"]]
        unique_key = {key: data[key] for key in ("name", "project_id", "task_type_id", "entity_id")}
        same_key = Task.objects.filter(**unique_key).first()
        task = by_shotgun_id(Task, entry["id"]) or same_key
        if task is not None and same_key is not None:
            data = {key: value for key, value in data.items() if key not in unique_key}
        task = _update(task or Task(), data)
        task.assignees.set(assignees)
        return task


class VersionImporter(ShotgunImporter):
    """A version linked to a task is a preview file (its movie stays on ShotGrid)."""

    wire = WireFormat(PreviewFile)

    def accepts(self, entry: Entry) -> bool:
        return isinstance(entry, dict) and entry.get("sg_task") is not None

    def import_entry(self, entry: Entry) -> PreviewFile:
        task = by_shotgun_id(Task, entry["sg_task"]["id"])
        data = {
            "name": entry["code"],
            "shotgun_id": entry["id"],
            "description": entry["description"],
            "source": "Shotgun",
            "task": task,
        }
        user = entry.get("user")
        if user is not None:
            data["person"] = by_shotgun_id(Person, user["id"])
        movie = entry["sg_uploaded_movie"]
        if movie is not None:
            data |= {"uploaded_movie_url": movie["url"], "uploaded_movie_name": movie["name"]}
        preview = (
            by_shotgun_id(PreviewFile, entry["id"])
            or PreviewFile.objects.filter(name=data["name"], task=task).first()
        )
        return _update(preview or PreviewFile(), data)


class NoteImporter(ShotgunImporter):
    """A note on a known task is a comment on it, dated as in ShotGrid."""

    wire = WireFormat(Comment)

    def accepts(self, entry: Entry) -> bool:
        tasks = entry.get("tasks") if isinstance(entry, dict) else None
        return bool(tasks) and by_shotgun_id(Task, tasks[0]["id"]) is not None

    def import_entry(self, entry: Entry) -> Comment:
        task = by_shotgun_id(Task, entry["tasks"][0]["id"])
        person = by_shotgun_id(Person, entry["user"]["id"])
        if person is None:
            raise SkipEntry
        data = {
            "text": entry["content"],
            "shotgun_id": entry["id"],
            "object_id": task.pk,
            "object_type": "Task",
            "person": person,
        }
        created_at = dt.datetime.strptime(entry["created_at"][:19], SHOTGUN_DATETIME_FORMAT)
        comment = _update(by_shotgun_id(Comment, entry["id"]) or Comment(), data)
        Comment.objects.filter(pk=comment.pk).update(created_at=created_at.replace(tzinfo=dt.UTC))
        comment.refresh_from_db()
        return comment


class ProjectConnectionImporter(ShotgunImporter):
    """A ShotGrid project-user connection is a team membership; the answer lists projects."""

    wire = WireFormat(Project)

    def import_entry(self, entry: Entry) -> Project:
        link = ProjectPersonLink.objects.filter(shotgun_id=entry["id"]).first()
        if link is not None:
            return link.project
        project = by_shotgun_id(Project, entry["project"]["id"])
        person = by_shotgun_id(Person, entry["user"]["id"])
        if project is None or person is None:
            raise SkipEntry
        team_add(actor=self.actor, project=project, person_id=person.pk)
        ProjectPersonLink.objects.filter(project=project, person=person).update(
            shotgun_id=entry["id"]
        )
        return project


IMPORTERS: dict[str, type[ShotgunImporter]] = {
    "projects": ProjectImporter,
    "persons": PersonImporter,
    "episodes": EpisodeImporter,
    "sequences": SequenceImporter,
    "scenes": SceneImporter,
    "shots": ShotImporter,
    "assets": AssetImporter,
    "steps": StepImporter,
    "status": StatusImporter,
    "tasks": TaskImporter,
    "versions": VersionImporter,
    "notes": NoteImporter,
    "project-connections": ProjectConnectionImporter,
    "projectconnections": ProjectConnectionImporter,
}

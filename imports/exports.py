"""CSV exports, as the reference writes them: `;` separated, CRLF line ends, rows sorted by
name, task columns in the project's pipeline order. Rows are produced by generators so the
response streams whatever the size of the production."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.text import slugify

from people.models import Organisation, Person
from production.models import (
    Entity,
    EntityLink,
    MetadataDescriptor,
    Project,
    Task,
    TaskType,
)


class _Line:
    """A file-like sink handing back what csv.writer writes."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    for row in rows:
        yield writer.writerow(["" if value is None else value for value in row])


def project_file_name(project: Project, what: str) -> str:
    return f"kitsu_{slugify(project.name).replace('-', '_')}_{what}.csv"


# -- global lists ----------------------------------------------------------------------------------
def projects_rows(projects: QuerySet[Project]) -> Iterator[list[Any]]:
    yield ["Name", "Status"]
    for name, status in projects.order_by("name").values_list("name", "project_status__name"):
        yield [name, status]


def task_types_rows() -> Iterator[list[Any]]:
    yield ["Department", "Name"]
    rows = TaskType.objects.values_list("department__name", "name")
    for department, name in sorted(rows, key=lambda row: (row[0] or "", row[1])):
        yield [department, name]


PERSON_COLUMNS = [
    "First Name",
    "Last Name",
    "Email",
    "Phone",
    "Role",
    "Departments",
    "Studio",
    "Country",
    "Contract Type",
    "Position",
    "Seniority",
    "Daily Salary",
    "Active",
]


def persons_rows() -> Iterator[list[Any]]:
    yield PERSON_COLUMNS
    persons = (
        Person.objects.filter(is_bot=False)
        .select_related("studio")
        .prefetch_related("departments")
        .order_by("first_name", "last_name")
    )
    for person in persons:
        yield [
            person.first_name,
            person.last_name,
            person.email,
            person.phone,
            person.role,
            ",".join(sorted(department.name for department in person.departments.all())),
            person.studio.name if person.studio else "",
            person.country,
            person.contract_type,
            person.position,
            person.seniority,
            person.daily_salary,
            "yes" if person.active else "no",
        ]


# -- a project's breakdown ---------------------------------------------------------------------
class BreakdownExport:
    """The rows of one kind of entity of a project, with descriptors and task columns."""

    kind = ""

    def __init__(self, project: Project):
        self.project = project
        self.task_types = list(
            TaskType.objects.filter(project_links__project=project, for_entity=self.kind)
            .order_by("priority", "name")
            .values_list("id", "name")
        )
        self.descriptors = list(
            MetadataDescriptor.objects.filter(
                project=project, entity_type=self.kind, task_type__isnull=True
            )
            .order_by("position", "name")
            .values_list("name", "field_name")
        )

    def header(self) -> list[str]:
        columns = [*self.leading_columns(), *(name for name, _ in self.descriptors)]
        for _, name in self.task_types:
            columns += [name, "Assignations"]
        return columns

    def rows(self) -> Iterator[list[Any]]:
        yield self.header()
        entities = list(self.entities())
        tasks = self.tasks_of([entity.pk for entity in entities])
        days = self.days_spent([entity.pk for entity in entities])
        for entity in entities:
            data = entity.data or {}
            row = [*self.leading_values(entity, days.get(entity.pk, 0.0))]
            row += [data.get(field_name, "") for _, field_name in self.descriptors]
            for task_type_id, _ in self.task_types:
                status, assignees = tasks.get((entity.pk, task_type_id), ("", ""))
                row += [status, assignees]
            yield row

    def tasks_of(self, entity_ids: list[Any]) -> dict[tuple, tuple[str, str]]:
        """(entity id, task type id) -> (status short name, assignees' names)."""
        names: dict[Any, list[str]] = defaultdict(list)
        links = Task.assignees.through.objects.filter(task__entity_id__in=entity_ids)
        for task_id, first, last in links.values_list(
            "task_id", "person__first_name", "person__last_name"
        ):
            names[task_id].append(" ".join(part for part in (first, last) if part))
        tasks = Task.objects.filter(entity_id__in=entity_ids).values_list(
            "id", "entity_id", "task_type_id", "task_status__short_name"
        )
        return {
            (entity_id, task_type_id): (status, ",".join(sorted(names[task_id])))
            for task_id, entity_id, task_type_id, status in tasks
        }

    def days_spent(self, entity_ids: list[Any]) -> dict[Any, float]:
        hours_by_day = Organisation.objects.values_list("hours_by_day", flat=True).first() or 8
        totals = (
            Task.objects.filter(entity_id__in=entity_ids)
            .values("entity_id")
            .annotate(total=Sum("duration"))
            .values_list("entity_id", "total")
        )
        return {entity_id: (total or 0) / 60 / hours_by_day for entity_id, total in totals}

    def entities(self) -> Iterable[Entity]:
        raise NotImplementedError

    def leading_columns(self) -> list[str]:
        raise NotImplementedError

    def leading_values(self, entity: Entity, days: float) -> list[Any]:
        raise NotImplementedError


class ShotsExport(BreakdownExport):
    kind = "Shot"

    def entities(self) -> Iterable[Entity]:
        shots = Entity.objects.of_type("Shot").filter(project=self.project, canceled=False)
        shots = shots.select_related("parent__parent")
        return sorted(
            shots,
            key=lambda shot: (episode_of(shot), shot.parent.name if shot.parent else "", shot.name),
        )

    def leading_columns(self) -> list[str]:
        return [
            "Project",
            "Episode",
            "Sequence",
            "Name",
            "Description",
            "Time Spent",
            "Frames",
            "Frame In",
            "Frame Out",
            "FPS",
        ]

    def leading_values(self, entity: Entity, days: float) -> list[Any]:
        data = entity.data or {}
        return [
            self.project.name,
            episode_of(entity),
            entity.parent.name if entity.parent else "",
            entity.name,
            entity.description,
            f"{days:.2f}",
            entity.nb_frames,
            data.get("frame_in", ""),
            data.get("frame_out", ""),
            data.get("fps", ""),
        ]


def episode_of(shot: Entity) -> str:
    sequence = shot.parent
    return sequence.parent.name if sequence is not None and sequence.parent else ""


class AssetsExport(BreakdownExport):
    kind = "Asset"

    def entities(self) -> Iterable[Entity]:
        assets = Entity.objects.assets().filter(project=self.project, canceled=False)
        return assets.select_related("entity_type").order_by("entity_type__name", "name")

    def leading_columns(self) -> list[str]:
        return ["Project", "Type", "Name", "Description", "Time Spent"]

    def leading_values(self, entity: Entity, days: float) -> list[Any]:
        return [
            self.project.name,
            entity.entity_type.name,
            entity.name,
            entity.description,
            f"{days:.2f}",
        ]


class EditsExport(BreakdownExport):
    kind = "Edit"

    def entities(self) -> Iterable[Entity]:
        edits = Entity.objects.of_type("Edit").filter(project=self.project, canceled=False)
        return sorted(
            edits.select_related("parent"),
            key=lambda edit: (edit.parent.name if edit.parent else "", edit.name),
        )

    def leading_columns(self) -> list[str]:
        return ["Project", "Episode", "Name", "Description", "Time Spent"]

    def leading_values(self, entity: Entity, days: float) -> list[Any]:
        episode = entity.parent.name if entity.parent else ""
        return [self.project.name, episode, entity.name, entity.description, f"{days:.2f}"]


def casting_rows(project: Project) -> Iterator[list[Any]]:
    """Every casting link of the project: the casting entity located by its parent (sequence
    or asset type) and, in TV shows, its episode."""
    tv_show = project.production_type == "tvshow"
    header = ["Parent", "Name", "Asset Type", "Asset", "Occurences", "Label"]
    yield ["Episode", *header] if tv_show else header
    links = (
        EntityLink.objects.filter(entity_in__project=project)
        .select_related(
            "entity_in__entity_type",
            "entity_in__parent__parent",
            "entity_out__entity_type",
        )
        .exclude(entity_in__entity_type__name="Episode")
    )
    rows = []
    for link in links:
        cast_in, asset = link.entity_in, link.entity_out
        if cast_in.entity_type.name == "Shot":
            parent = cast_in.parent.name if cast_in.parent else ""
            episode = episode_of(cast_in)
        else:
            parent, episode = cast_in.entity_type.name, ""
        row = [
            parent,
            cast_in.name,
            asset.entity_type.name,
            asset.name,
            link.nb_occurences,
            link.label,
        ]
        rows.append([episode, *row] if tv_show else row)
    yield from sorted(rows, key=lambda row: [str(value) for value in row])


PROJECT_EXPORTS = {
    "shots": ShotsExport,
    "assets": AssetsExport,
    "edits": EditsExport,
}


def project_rows(project: Project, what: str) -> Iterator[list[Any]]:
    """The rows of one of a project's exports: shots, assets, edits or casting."""
    if what == "casting":
        return casting_rows(project)
    return PROJECT_EXPORTS[what](project).rows()

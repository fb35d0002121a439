"""CSV exports, as the reference writes them: `;` separated, CRLF line ends, rows sorted by
name, task columns in the project's pipeline order. Rows are produced by generators so the
response streams whatever the size of the production."""

from __future__ import annotations

import csv
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet
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
from production.selectors.assets import in_episode as assets_in_episode


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
MAIN_PACK = "main"
EVERY_EPISODE = "all"


@dataclass(frozen=True)
class BreakdownScope:
    """The rows a breakdown export keeps: one entity, the entities of one episode (an id, or
    MAIN_PACK for those outside any episode), and with an assignee the entities where that person
    has tasks, showing those tasks only."""

    entity_id: uuid.UUID | None = None
    episode: uuid.UUID | str | None = None
    assignee: Person | None = None


EVERY_ROW = BreakdownScope()


class BreakdownTasks(NamedTuple):
    """The tasks of the exported entities, as the rows show them."""

    # (task type id, name) of each task type the tasks are of, in pipeline order.
    task_types: list[tuple[Any, str]]
    # (entity id, task type id) -> (status short name, assignees' names).
    cells: dict[tuple[Any, Any], tuple[str, str]]
    # entity id -> minutes spent on its tasks.
    minutes: dict[Any, float]


class BreakdownExport:
    """The rows of one kind of entity of a project, with descriptors and, as the reference
    writes them, a status and an assignees column for each task type of the rows' tasks."""

    kind = ""

    def __init__(self, project: Project, scope: BreakdownScope = EVERY_ROW):
        self.project = project
        self.scope = scope
        self.descriptors = list(
            MetadataDescriptor.objects.filter(
                project=project, entity_type=self.kind, task_type__isnull=True
            )
            .order_by("position", "name")
            .values_list("name", "field_name")
        )

    def header(self, task_types: list[tuple[Any, str]]) -> list[str]:
        columns = [*self.leading_columns(), *(name for name, _ in self.descriptors)]
        for _, name in task_types:
            columns += [name, "Assignations"]
        return columns

    def rows(self) -> Iterator[list[Any]]:
        entities = self.kept(self.queryset().filter(project=self.project, canceled=False))
        tasks = self.tasks_of(entities)
        minutes_by_day = 60 * (
            Organisation.objects.values_list("hours_by_day", flat=True).first() or 8
        )
        yield self.header(tasks.task_types)
        for entity in self.ordered(entities):
            data = entity.data or {}
            days = tasks.minutes.get(entity.pk, 0.0) / minutes_by_day
            row = [*self.leading_values(entity, days)]
            row += [data.get(field_name, "") for _, field_name in self.descriptors]
            for task_type_id, _ in tasks.task_types:
                row += tasks.cells.get((entity.pk, task_type_id), ("", ""))
            yield row

    def kept(self, entities: QuerySet[Entity]) -> QuerySet[Entity]:
        """The entities the scope keeps."""
        scope = self.scope
        if scope.entity_id is not None:
            entities = entities.filter(pk=scope.entity_id)
        if scope.episode is not None:
            entities = self.in_episode(entities, scope.episode)
        if scope.assignee is not None:
            assigned = Task.objects.filter(assignees=scope.assignee).values("entity_id")
            entities = entities.filter(pk__in=assigned)
        return entities

    def tasks_of(self, entities: QuerySet[Entity]) -> BreakdownTasks:
        """The entities' tasks (the assignee's only when the scope has one), in two queries
        whatever their number."""
        tasks = Task.objects.filter(entity__in=entities.values("pk"))
        if self.scope.assignee is not None:
            tasks = tasks.filter(assignees=self.scope.assignee)
        names = assignee_names(tasks)
        task_types: dict[Any, tuple[int, str]] = {}
        cells: dict[tuple[Any, Any], tuple[str, str]] = {}
        minutes: dict[Any, float] = defaultdict(float)
        for task_id, entity_id, task_type_id, name, priority, status, duration in tasks.values_list(
            "id",
            "entity_id",
            "task_type_id",
            "task_type__name",
            "task_type__priority",
            "task_status__short_name",
            "duration",
        ):
            task_types[task_type_id] = (priority, name)
            cells[entity_id, task_type_id] = (status, names.get(task_id, ""))
            minutes[entity_id] += duration or 0
        in_pipeline_order = sorted(task_types.items(), key=lambda item: item[1])
        return BreakdownTasks(
            task_types=[(task_type_id, name) for task_type_id, (_, name) in in_pipeline_order],
            cells=cells,
            minutes=minutes,
        )

    def queryset(self) -> QuerySet[Entity]:
        """The entities of the export's kind, with what their leading values read."""
        raise NotImplementedError

    def ordered(self, entities: QuerySet[Entity]) -> Iterable[Entity]:
        raise NotImplementedError

    def in_episode(self, entities: QuerySet[Entity], episode: uuid.UUID | str) -> QuerySet[Entity]:
        raise NotImplementedError

    def leading_columns(self) -> list[str]:
        raise NotImplementedError

    def leading_values(self, entity: Entity, days: float) -> list[Any]:
        raise NotImplementedError


def assignee_names(tasks: QuerySet[Task]) -> dict[Any, str]:
    """Task id -> its assignees' full names, sorted and comma separated. One query."""
    names: dict[Any, list[str]] = defaultdict(list)
    links = Task.assignees.through.objects.filter(task__in=tasks.values("pk"))
    for task_id, first, last in links.values_list(
        "task_id", "person__first_name", "person__last_name"
    ):
        names[task_id].append(" ".join(part for part in (first, last) if part))
    return {task_id: ",".join(sorted(each)) for task_id, each in names.items()}


class ShotsExport(BreakdownExport):
    kind = "Shot"

    def queryset(self) -> QuerySet[Entity]:
        return Entity.objects.of_type("Shot").select_related("parent__parent")

    def ordered(self, entities: QuerySet[Entity]) -> Iterable[Entity]:
        return sorted(
            entities,
            key=lambda shot: (episode_of(shot), shot.parent.name if shot.parent else "", shot.name),
        )

    def in_episode(self, entities: QuerySet[Entity], episode: uuid.UUID | str) -> QuerySet[Entity]:
        """Shots of the episode's sequences; MAIN_PACK: shots of sequences outside episodes."""
        if episode == MAIN_PACK:
            return entities.filter(parent__parent__isnull=True)
        return entities.filter(parent__parent_id=episode)

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

    def queryset(self) -> QuerySet[Entity]:
        return Entity.objects.assets().select_related("entity_type")

    def ordered(self, entities: QuerySet[Entity]) -> Iterable[Entity]:
        return entities.order_by("entity_type__name", "name")

    def in_episode(self, entities: QuerySet[Entity], episode: uuid.UUID | str) -> QuerySet[Entity]:
        """Assets of the episode or cast in it; MAIN_PACK: assets of no episode."""
        if episode == MAIN_PACK:
            return entities.filter(source__isnull=True)
        return assets_in_episode(entities, episode)

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

    def queryset(self) -> QuerySet[Entity]:
        return Entity.objects.of_type("Edit").select_related("parent")

    def ordered(self, entities: QuerySet[Entity]) -> Iterable[Entity]:
        return sorted(
            entities, key=lambda edit: (edit.parent.name if edit.parent else "", edit.name)
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


def project_rows(
    project: Project, what: str, scope: BreakdownScope = EVERY_ROW
) -> Iterator[list[Any]]:
    """The rows of one of a project's exports: shots, assets, edits (the breakdown, narrowed to
    `scope`) or casting."""
    if what == "casting":
        return casting_rows(project)
    return PROJECT_EXPORTS[what](project, scope).rows()

"""The import use cases as the routes, the commands and the admin call them."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from imports.csv_import.assets import AssetImport
from imports.csv_import.casting import CastingImport
from imports.csv_import.entities import EntityImport
from imports.csv_import.estimations import EstimationImport
from imports.csv_import.persons import PersonImport
from imports.csv_import.reader import CsvFile
from imports.csv_import.temporal import EditImport, ShotImport
from kitsu_site.api.errors import WrongParameter
from people.models import Person
from production.models import Entity, Project, TaskType

ENTITY_IMPORTS: dict[str, type[EntityImport]] = {
    "assets": AssetImport,
    "shots": ShotImport,
    "edits": EditImport,
}


def entities_csv_import(
    *, kind: str, actor: Person, project: Project, csv_file: CsvFile, update: bool = False
) -> list[dict[str, Any]]:
    """Import a file of assets, shots or edits; answers the entity of each row."""
    importer = ENTITY_IMPORTS[kind](actor=actor, project=project, update=update)
    return importer.run(csv_file)


def casting_csv_import(*, actor: Person, project: Project, csv_file: CsvFile) -> list[None]:
    """Add or update the casting links of the file's rows."""
    return CastingImport(actor=actor, project=project).run(csv_file)


def persons_csv_import(
    *, actor: Person, csv_file: CsvFile, update: bool = False
) -> list[dict[str, Any]]:
    """Create (or, with update, change) the persons of the file; answers each row's person."""
    return PersonImport(actor=actor, update=update).run(csv_file)


def estimations_csv_import(
    *,
    actor: Person,
    project: Project,
    task_type: TaskType,
    csv_file: CsvFile,
    episode: Entity | None = None,
) -> list[None]:
    """Set estimations, drawings, dates and difficulty on the tasks of one task type."""
    importer = EstimationImport(actor=actor, project=project, task_type=task_type, episode=episode)
    return importer.run(csv_file)


IMPORT_KINDS = (*ENTITY_IMPORTS, "casting", "persons", "estimations")
PROJECT_IMPORTS = (*ENTITY_IMPORTS, "casting", "estimations")


def csv_import(
    *,
    kind: str,
    actor: Person,
    csv_file: CsvFile,
    project: Project | None = None,
    update: bool = False,
    task_type: TaskType | None = None,
    episode: Entity | None = None,
) -> list[Any]:
    """Any import by its kind (as the commands and the admin name them)."""
    if kind == "persons":
        return persons_csv_import(actor=actor, csv_file=csv_file, update=update)
    if project is None:
        raise WrongParameter(f"A {kind} import needs a project.")
    if kind == "casting":
        return casting_csv_import(actor=actor, project=project, csv_file=csv_file)
    if kind == "estimations":
        if task_type is None:
            raise WrongParameter("An estimations import needs a task type.")
        return estimations_csv_import(
            actor=actor, project=project, task_type=task_type, csv_file=csv_file, episode=episode
        )
    return entities_csv_import(
        kind=kind, actor=actor, project=project, csv_file=csv_file, update=update
    )


def named(queryset: QuerySet, name_or_id: str | None) -> Any:
    """The row with that name, else with that id (commands and forms name rows either way)."""
    if not name_or_id:
        return None
    found = queryset.filter(name=name_or_id).first()
    if found is None:
        try:
            found = queryset.filter(pk=uuid.UUID(name_or_id)).first()
        except ValueError:
            return None
    return found


def project_named(name_or_id: str | None) -> Project | None:
    """The project with that name, else with that id (commands name projects either way)."""
    return named(Project.objects.all(), name_or_id)

"""A small tvshow breakdown for the casting tests."""

from __future__ import annotations

from dataclasses import dataclass

from kitsu_site.api.models import ApiEvent
from production.models import Entity, Project, ProjectTaskTypeLink, TaskType
from tests.production import factories as f


@dataclass
class Breakdown:
    project: Project
    episode: Entity
    sequence: Entity
    shot1: Entity
    shot2: Entity
    hero: Entity
    prop: Entity
    layout: TaskType
    animation: TaskType


def make_breakdown() -> Breakdown:
    project = f.ProjectFactory(name="Casting TV", production_type="tvshow")
    episode = f.episode(project, "E01")
    sequence = f.sequence(project, "SQ01", episode=episode)
    layout = f.TaskTypeFactory(name="Layout", for_entity="Shot")
    animation = f.TaskTypeFactory(name="Animation", for_entity="Shot")
    ProjectTaskTypeLink.objects.create(project=project, task_type=layout, priority=1)
    ProjectTaskTypeLink.objects.create(project=project, task_type=animation, priority=2)
    return Breakdown(
        project=project,
        episode=episode,
        sequence=sequence,
        shot1=f.shot(project, sequence, "SH010"),
        shot2=f.shot(project, sequence, "SH020"),
        hero=f.asset(project, "Hero"),
        prop=f.asset(project, "Lamp", "Prop"),
        layout=layout,
        animation=animation,
    )


def cast(asset: Entity, nb: int = 1, label: str | None = None) -> dict:
    item = {"asset_id": str(asset.id), "nb_occurences": nb}
    if label is not None:
        item["label"] = label
    return item


def events(*names: str) -> list[tuple[str, dict]]:
    """The logged events, oldest first, without their project id (checked separately)."""
    rows = ApiEvent.objects.order_by("created_at", "id")
    if names:
        rows = rows.filter(name__in=names)
    return [
        (event.name, {k: v for k, v in event.data.items() if k != "project_id"}) for event in rows
    ]

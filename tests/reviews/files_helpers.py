"""The production the files tests share: the one the reference answers were recorded on.

A tv show "files Project" (E01 / SQ01 / SH010, the asset "Hero Bob"), an Animation task on the
shot, a Modeling task on the asset, the software "files Blender" and the output type
"files Cache", with the file tree `TREE` (working paths lowercase, output folders uppercase).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from people.models import Software
from production.models import AssetInstance, Entity, Project, Task, TaskType
from reviews.models import OutputType
from tests.production.factories import (
    EntityFactory,
    ProjectFactory,
    TaskFactory,
    TaskTypeFactory,
    asset,
    entity_type,
    episode,
    sequence,
    shot,
)

TREE: dict[str, Any] = {
    "working": {
        "mountpoint": "/working_files",
        "root": "productions",
        "folder_path": {
            "shot": "<Project>/shots/<Episode>/<Sequence>/<Shot>/<TaskType>",
            "asset": "<Project>/assets/<AssetType>/<Asset>/<TaskType>",
            "sequence": "<Project>/sequences/<Sequence>/<TaskType>",
            "scene": "<Project>/scenes/<Sequence>/<Scene>/<TaskType>",
            "edit": "<Project>/edits/<Edit>/<TaskType>",
            "style": "lowercase",
        },
        "file_name": {
            "shot": "<Project>_<Sequence>_<Shot>_<TaskType>_<Software>",
            "asset": "<Project>_<AssetType>_<Asset>_<TaskType>",
            "sequence": "<Project>_<Sequence>_<TaskType>",
            "scene": "<Project>_<Sequence>_<Scene>_<TaskType>",
            "edit": "<Project>_<Edit>_<TaskType>",
            "style": "lowercase",
        },
    },
    "output": {
        "mountpoint": "/output_files",
        "root": "productions",
        "folder_path": {
            "shot": "<Project>/shots/<Sequence>/<Shot>/<TaskType>/<OutputType>",
            "asset": "<Project>/assets/<AssetType>/<Asset>/<TaskType>/<OutputType>",
            "sequence": "<Project>/sequences/<Sequence>/<TaskType>/<OutputType>",
            "scene": "<Project>/scenes/<Sequence>/<Scene>/<TaskType>/<OutputType>",
            "edit": "<Project>/edits/<Edit>/<TaskType>/<OutputType>",
            "instance": (
                "<Project>/<Asset>/<Instance>/<TemporalEntity>/<OutputType>/<Representation>"
            ),
            "style": "uppercase",
        },
        "file_name": {
            "shot": "<Project>_<Sequence>_<Shot>_<OutputType>_<Name>",
            "asset": "<Project>_<AssetType>_<Asset>_<OutputType>",
            "sequence": "<Project>_<Sequence>_<OutputType>",
            "scene": "<Project>_<Sequence>_<Scene>_<OutputType>",
            "edit": "<Project>_<Edit>_<OutputType>",
            "instance": "<Asset>_<Instance>_<TemporalEntity>_<Name>_v<Revision>",
            "style": "lowercase",
        },
    },
}


def tree(**changes: Any) -> dict[str, Any]:
    """A copy of `TREE` with changes given as `working__file_name__shot="<Shot>"`."""
    result = copy.deepcopy(TREE)
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        node = result
        for key in path:
            node = node[key]
        node[last] = value
    return result


@dataclass
class Production:
    project: Project
    episode: Entity
    sequence: Entity
    shot: Entity
    asset: Entity
    animation: TaskType
    modeling: TaskType
    shot_task: Task
    asset_task: Task
    software: Software
    output_type: OutputType

    def instance(self) -> AssetInstance:
        return AssetInstance.objects.create(asset=self.asset, name="hero_bob_0001", number=1)

    def edit(self) -> tuple[Entity, Task]:
        edit = EntityFactory(project=self.project, name="Trailer", entity_type=entity_type("Edit"))
        return edit, TaskFactory(entity=edit, task_type=TaskTypeFactory(name="Edit"))


def make_production(file_tree: dict[str, Any] | None = TREE) -> Production:
    project = ProjectFactory(name="files Project", production_type="tvshow", file_tree=file_tree)
    e01 = episode(project, "E01")
    sq01 = sequence(project, "SQ01", episode=e01)
    sh010 = shot(project, sq01, "SH010")
    hero = asset(project, "Hero Bob", "Character")
    animation = TaskTypeFactory(name="Animation", for_entity="Shot")
    modeling = TaskTypeFactory(name="Modeling")
    return Production(
        project=project,
        episode=e01,
        sequence=sq01,
        shot=sh010,
        asset=hero,
        animation=animation,
        modeling=modeling,
        shot_task=TaskFactory(entity=sh010, task_type=animation),
        asset_task=TaskFactory(entity=hero, task_type=modeling),
        software=Software.objects.create(
            name="files Blender", short_name="fbl", file_extension="blend"
        ),
        output_type=OutputType.objects.create(name="files Cache", short_name="fcache"),
    )

"""Casting imports: each row casts one asset (`Asset Type`, `Asset`) in a shot (`Episode`,
`Parent` = its sequence, `Name`) or in an asset (`Parent` = its asset type, `Name`).

Links are added or updated, never removed. Names are matched as in the other imports (case and
zero padding tolerant); an unknown entity or asset is a row error (the reference skips the row).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from imports.csv_import.entities import parse_int
from imports.csv_import.names import NameIndex, name_key
from imports.csv_import.reader import CsvFile, CsvRow
from kitsu_site.api.events import deliveries_batched
from people.models import Person
from production.models import Entity, Project
from production.services.casting import casting_add_asset

MAIN_PACK = "MP"
DEFAULT_LABEL = "fixed"  # when the file has no Label column


@dataclass(frozen=True)
class CastingPlan:
    target_id: Any
    asset_id: Any
    nb_occurences: int
    label: str


class ProjectBreakdown:
    """A project's assets, episodes, sequences and shots by name, to locate rows in."""

    def __init__(self, project: Project):
        self.assets: NameIndex[Any] = NameIndex()
        self.temporal: NameIndex[Any] = NameIndex()
        assets = Entity.objects.assets().filter(project=project)
        for entity_id, type_name, name in assets.values_list("id", "entity_type__name", "name"):
            self.assets.add(name_key(type_name), name, entity_id)
        temporal = Entity.objects.filter(
            project=project, entity_type__name__in=("Episode", "Sequence", "Shot")
        ).values_list("id", "entity_type__name", "parent_id", "name")
        for entity_id, type_name, parent_id, name in temporal:
            self.temporal.add((type_name, parent_id), name, entity_id)

    def asset(self, type_name: str, name: str) -> Any:
        return self.assets.find(name_key(type_name), name)

    def episode(self, name: str) -> Any:
        return self.temporal.find(("Episode", None), name)

    def sequence(self, name: str, episode_id: Any) -> Any:
        return self.temporal.find(("Sequence", episode_id), name)

    def shot(self, episode: str, sequence: str, name: str) -> Any:
        episode_id = self.episode(episode) if episode else None
        if episode and episode_id is None:
            return None
        sequence_id = self.sequence(sequence, episode_id)
        return self.temporal.find(("Shot", sequence_id), name) if sequence_id else None


class CastingImport:
    required_columns = ("Parent", "Name", "Asset Type", "Asset", "Occurences")

    def __init__(self, *, actor: Person, project: Project):
        self.actor = actor
        self.project = project

    def run(self, csv_file: CsvFile) -> list[None]:
        """Import the file; answers one `null` per row, as the reference does."""
        csv_file.require(*self.required_columns)
        breakdown = ProjectBreakdown(self.project)
        plans = [self.plan(csv_file, breakdown, row) for row in csv_file.rows]
        with deliveries_batched(), transaction.atomic():
            self.write(plans)
        return [None] * len(plans)

    def plan(self, csv_file: CsvFile, breakdown: ProjectBreakdown, row: CsvRow) -> CastingPlan:
        type_name, asset_name = row.text("Asset Type"), row.text("Asset")
        asset_id = breakdown.asset(type_name, asset_name)
        if asset_id is None:
            raise row.error(f"Asset not found: {type_name} / {asset_name}")
        occurences = parse_int(row, "Occurences", "Occurences")
        label = slugify(row.text("Label")) if csv_file.has("Label") else DEFAULT_LABEL
        return CastingPlan(
            target_id=self.target(breakdown, row),
            asset_id=asset_id,
            nb_occurences=1 if occurences is None else occurences,
            label=label,
        )

    def target(self, breakdown: ProjectBreakdown, row: CsvRow) -> Any:
        """The asset (Parent = its type) or else the shot (Parent = its sequence) of the row."""
        parent, name = row.text("Parent"), row.text("Name")
        target_id = breakdown.asset(parent, name)
        if target_id is None:
            episode = row.text("Episode")
            episode = "" if episode == MAIN_PACK else episode
            target_id = breakdown.shot(episode, parent, name)
        if target_id is None:
            located = " / ".join(part for part in (row.text("Episode"), parent, name) if part)
            raise row.error(f"Entity not found: {located}")
        return target_id

    def write(self, plans: list[CastingPlan]) -> None:
        """One call of the casting service per (asset, occurrences, label); a link named twice in
        the file takes its last row."""
        last = {(plan.target_id, plan.asset_id): plan for plan in plans}
        groups: dict[tuple, list[Any]] = defaultdict(list)
        for plan in last.values():
            groups[(plan.asset_id, plan.nb_occurences, plan.label)].append(plan.target_id)
        targets = Entity.objects.select_related("entity_type", "project").in_bulk(
            {plan.target_id for plan in plans}
        )
        for (asset_id, nb_occurences, label), target_ids in groups.items():
            casting_add_asset(
                entities=[targets[target_id] for target_id in target_ids],
                asset_id=asset_id,
                nb_occurences=nb_occurences,
                label=label,
                user_id=self.actor.pk,
            )

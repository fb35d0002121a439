"""Timeline imports (OTIO, EDL and whatever OpenTimelineIO reads): each clip of the video
tracks names a shot through the naming convention (`${project_name}_${sequence_name}-
${shot_name}` by default); the clip's place in its track gives the shot's frame range at the
project's frame rate.

The clips become rows of a shot import (update on), so sequences, episodes, matching, tasks and
events are those of the CSV shot import; a clip whose name does not fit the convention is a 400
and nothing is written.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import opentimelineio as otio

from imports.csv_import.reader import CsvFile, CsvRow
from imports.csv_import.temporal import ShotImport
from kitsu_site.api.errors import WrongParameter
from kitsu_site.api.wire import WireFormat
from people.models import Person
from production.models import Entity, Project

DEFAULT_NAMING_CONVENTION = "${project_name}_${sequence_name}-${shot_name}"
NAMING_VARIABLES = ("project_name", "episode_name", "sequence_name", "shot_name")
VARIABLE = re.compile(r"\$\{(\w+)\}")
DEFAULT_FPS = 25.0
CREATED_SHOT_WIRE = WireFormat(Entity, type_name="Shot", relations=())
UPDATED_SHOT_WIRE = WireFormat(Entity, relations=())


@dataclass(frozen=True)
class ClipCut:
    """One clip of the timeline: its name and its frames in its track."""

    name: str
    frame_in: int
    nb_frames: int


def naming_pattern(convention: str) -> re.Pattern[str]:
    """The convention as a regular expression with one named group per variable."""
    parts, position = [], 0
    for match in VARIABLE.finditer(convention):
        if match.group(1) not in NAMING_VARIABLES:
            raise WrongParameter(f"Unknown variable in the naming convention: {match.group(0)}")
        parts += [re.escape(convention[position : match.start()]), f"(?P<{match.group(1)}>.+)"]
        position = match.end()
    parts.append(re.escape(convention[position:]))
    pattern = "".join(parts)
    if "(?P<shot_name>" not in pattern:
        raise WrongParameter("The naming convention must contain ${shot_name}.")
    return re.compile(pattern)


def project_fps(project: Project) -> float:
    try:
        return float(project.fps) or DEFAULT_FPS
    except (TypeError, ValueError):
        return DEFAULT_FPS


def read_timeline(upload: BinaryIO, file_name: str, fps: float) -> otio.schema.Timeline:
    """The timeline of the upload; EDLs are read at the project's frame rate."""
    suffix = Path(file_name).suffix.lower() or ".otio"
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / f"timeline{suffix}"
        path.write_bytes(upload.read())
        options = {"rate": fps} if suffix == ".edl" else {}
        try:
            timeline = otio.adapters.read_from_file(str(path), **options)
        except Exception as error:  # the adapters raise anything on a malformed file
            raise WrongParameter(f"The file is not a timeline that can be read: {error}") from None
    if not isinstance(timeline, otio.schema.Timeline):
        raise WrongParameter("The file holds no timeline.")
    return timeline


def clip_cuts(timeline: otio.schema.Timeline, fps: float) -> list[ClipCut]:
    """The clips of the video tracks, in track order."""
    cuts = []
    for track in timeline.video_tracks():
        for item in track:
            if isinstance(item, otio.schema.Clip):
                placed = item.range_in_parent()
                cuts.append(
                    ClipCut(
                        name=item.name,
                        frame_in=round(placed.start_time.to_frames(fps)),
                        nb_frames=round(placed.duration.to_frames(fps)),
                    )
                )
    return cuts


class OtioImport:
    def __init__(
        self,
        *,
        actor: Person,
        project: Project,
        episode: Entity | None = None,
        naming_convention: str = DEFAULT_NAMING_CONVENTION,
    ):
        self.actor = actor
        self.project = project
        self.episode = episode
        self.naming_convention = naming_convention or DEFAULT_NAMING_CONVENTION
        self.pattern = naming_pattern(self.naming_convention)

    def run(self, upload: BinaryIO, file_name: str) -> dict[str, list[dict[str, Any]]]:
        """Import the timeline; answers the shots created and the shots updated."""
        fps = project_fps(self.project)
        cuts = clip_cuts(read_timeline(upload, file_name, fps), fps)
        csv_file = self.as_shot_rows(cuts)
        shots = Entity.objects.of_type("Shot").filter(project=self.project)
        existing = {str(pk) for pk in shots.values_list("id", flat=True)}
        rows = ShotImport(actor=self.actor, project=self.project, update=True).run(csv_file)
        ids = list(dict.fromkeys(row["id"] for row in rows))
        return {
            "updated_shots": rendered(UPDATED_SHOT_WIRE, [pk for pk in ids if pk in existing]),
            "created_shots": rendered(CREATED_SHOT_WIRE, [pk for pk in ids if pk not in existing]),
        }

    def as_shot_rows(self, cuts: list[ClipCut]) -> CsvFile:
        """The clips as rows of a shot import (the clip's rank standing for its line)."""
        columns = ["Episode", "Sequence", "Name", "Frame In", "Frame Out", "Nb Frames"]
        rows = []
        for rank, cut in enumerate(cuts, start=1):
            names = self.names_of(cut, rank)
            cells = {
                "Episode": names.get("episode_name", ""),
                "Sequence": names["sequence_name"],
                "Name": names["shot_name"],
                "Frame In": str(cut.frame_in),
                "Frame Out": str(cut.frame_in + cut.nb_frames - 1),
                "Nb Frames": str(cut.nb_frames),
            }
            rows.append(CsvRow(line_number=rank, cells=cells))
        if not any(row.cells["Episode"] for row in rows):
            columns.remove("Episode")
        return CsvFile(columns=columns, rows=rows)

    def names_of(self, cut: ClipCut, rank: int) -> dict[str, str]:
        match = self.pattern.fullmatch(cut.name or "")
        if match is None or not match.groupdict().get("sequence_name"):
            raise WrongParameter(
                f"Clip {rank} ({cut.name!r}) does not match the naming convention "
                f"{self.naming_convention!r}."
            )
        names = {key: value.strip() for key, value in match.groupdict().items()}
        if self.episode is not None:
            names["episode_name"] = self.episode.name
        return names


def rendered(wire: WireFormat, ids: list[str]) -> list[dict[str, Any]]:
    """The entities in the order of `ids`."""
    rows = {row["id"]: row for row in wire.rows(Entity.objects.filter(pk__in=ids))}
    return [rows[pk] for pk in ids]

"""Load a realistic production into any Zou-compatible server through its public API.

    .venv/bin/python benchmarks/load_production.py \\
        --target ours=http://127.0.0.1:8000/api,admin@example.com,PASSWORD \\
        [--size small|medium|large] [--seed 1]

The same seed gives the same production on every server (names, frame ranges, casting,
assignments, comments, time spents), so this server and the reference can be compared on
identical data. `medium` is issue 10's production: 1 tvshow, 2 episodes, 10 sequences,
1,000 shots with frame data, 300 assets, 7,200 tasks each assigned, ~4,450 casting links,
4,320 comments with status changes, ~2,900 time spents, 80 persons in 4 departments and 2
small decoy projects. `small` is a tenth of it, `large` three times (persons stay at 80: the
user limit). Each phase is timed; the timings are printed and written to
benchmarks/results/load-<target>-<size>.json. A production already loaded is left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import Api, Target  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = {
    # episodes, sequences per episode, shots, assets, persons, decoy projects
    "small": (2, 2, 100, 30, 20, 1),
    "medium": (2, 5, 1000, 300, 80, 2),
    "large": (2, 15, 3000, 900, 80, 2),
}
SHOT_TASK_TYPES = ["Layout", "Animation", "Lighting", "FX", "Rendering", "Compositing"]
ASSET_TASK_TYPES = ["Concept", "Modeling", "Shading", "Rigging"]
ASSET_TYPES = ["Character", "Prop", "Environment", "Vehicle"]
DEPARTMENTS = ["Modeling", "Animation", "Lighting", "Compositing"]
STATUSES = ["wip", "wfa", "retake", "done"]
COMMENT_SHARE = 0.6  # of tasks get comments
TIME_SPENT_SHARE = 0.4
YEAR = 2025


class Phase:
    """One timed phase; set `items` inside the block to get a rate."""

    def __init__(self, timer: Timer, name: str):
        self.timer = timer
        self.name = name
        self.items = 0

    def __enter__(self) -> Phase:
        self.started = time.perf_counter()
        print(f"{self.name}...", end=" ", flush=True)
        return self

    def __exit__(self, *exc: Any) -> None:
        seconds = time.perf_counter() - self.started
        rate = self.items / seconds if self.items and seconds else 0
        self.timer.phases[self.name] = {
            "seconds": round(seconds, 2),
            "items": self.items,
            "per_second": round(rate, 1),
        }
        suffix = f" ({self.items} items, {rate:.0f}/s)" if self.items else ""
        print(f"{seconds:.1f} s{suffix}", flush=True)


class Timer:
    """Named phases with their durations and item counts."""

    def __init__(self) -> None:
        self.phases: dict[str, dict[str, float]] = {}

    def phase(self, name: str) -> Phase:
        return Phase(self, name)


def by_name(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in rows}


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Loader:
    def __init__(self, api: Api, size: str, seed: int):
        self.api = api
        self.size = size
        self.seed = seed
        self.random = random.Random(seed)
        self.timer = Timer()
        (
            self.nb_episodes,
            self.sequences_per_episode,
            self.nb_shots,
            self.nb_assets,
            self.nb_persons,
            self.nb_decoys,
        ) = SIZES[size]

    @staticmethod
    def project_name_for(size: str, seed: int) -> str:
        return f"Bench {size} {seed}"

    @property
    def project_name(self) -> str:
        return self.project_name_for(self.size, self.seed)

    # -- shared configuration -----------------------------------------------------------------
    def ensure_named(
        self, path: str, names: list[str], extra: dict[str, Any], create_path: str = ""
    ) -> dict[str, Any]:
        existing = by_name(self.api.get(path))
        for name in names:
            if name not in existing:
                existing[name] = self.api.post(create_path or path, {"name": name, **extra})
        return {name: existing[name] for name in names}

    def load_configuration(self) -> None:
        self.departments = self.ensure_named("/data/departments", DEPARTMENTS, {"color": "#888"})
        self.asset_types = self.ensure_named(
            "/data/asset-types", ASSET_TYPES, {}, create_path="/data/entity-types"
        )
        task_types = by_name(self.api.get("/data/task-types"))
        self.shot_task_types = [task_types[name] for name in SHOT_TASK_TYPES]
        self.asset_task_types = [task_types[name] for name in ASSET_TASK_TYPES]
        statuses = {row["short_name"]: row for row in self.api.get("/data/task-status")}
        self.statuses = statuses
        self.open_status = by_name(self.api.get("/data/project-status"))["Open"]

    def load_persons(self) -> None:
        prefix = f"bench{self.seed}"
        existing = {row["email"]: row for row in self.api.get("/data/persons")}
        self.persons = []
        with self.timer.phase("persons") as phase:
            phase.items = self.nb_persons
            for index in range(self.nb_persons):
                email = f"{prefix}.artist{index:03d}@example.com"
                department = DEPARTMENTS[index % len(DEPARTMENTS)]
                person = existing.get(email) or self.api.post(
                    "/data/persons",
                    {
                        "email": email,
                        "first_name": f"Artist{index:03d}",
                        "last_name": f"Bench{self.seed}",
                        "role": "user",
                        "departments": [self.departments[department]["id"]],
                    },
                )
                self.persons.append(person)

    # -- one project ---------------------------------------------------------------------------
    def create_project(self, name: str) -> dict[str, Any]:
        project = self.api.post(
            "/data/projects",
            {
                "name": name,
                "production_type": "tvshow",
                "project_status_id": self.open_status["id"],
                "fps": "24",
                "resolution": "1920x1080",
            },
        )
        pid = project["id"]
        for task_type in self.shot_task_types + self.asset_task_types:
            self.api.post(
                f"/data/projects/{pid}/settings/task-types", {"task_type_id": task_type["id"]}
            )
        for asset_type in self.asset_types.values():
            self.api.post(
                f"/data/projects/{pid}/settings/asset-types", {"asset_type_id": asset_type["id"]}
            )
        for status in self.statuses.values():
            self.api.post(
                f"/data/projects/{pid}/settings/task-status", {"task_status_id": status["id"]}
            )
        return project

    def load_team(self, project: dict[str, Any], persons: list[dict[str, Any]]) -> None:
        for person in persons:
            self.api.post(f"/data/projects/{project['id']}/team", {"person_id": person["id"]})

    def load_breakdown(self, project: dict[str, Any], scale: float = 1.0) -> dict[str, list]:
        pid = project["id"]
        nb_shots = max(1, int(self.nb_shots * scale))
        nb_assets = max(1, int(self.nb_assets * scale))
        episodes = by_name(self.api.get(f"/data/projects/{pid}/episodes"))
        sequences = []
        for episode_index in range(self.nb_episodes):
            name = f"E{episode_index + 1:02d}"
            episode = episodes.get(name) or self.api.post(
                f"/data/projects/{pid}/episodes", {"name": name}
            )
            for sequence_index in range(self.sequences_per_episode):
                sequences.append(
                    self.api.post(
                        f"/data/projects/{pid}/sequences",
                        {"name": f"SQ{sequence_index + 1:03d}", "episode_id": episode["id"]},
                    )
                )
        shots = []
        for index in range(nb_shots):
            sequence = sequences[index * len(sequences) // nb_shots]
            frame_in = 1001
            nb_frames = self.random.randint(24, 240)
            shots.append(
                self.api.post(
                    f"/data/projects/{pid}/shots",
                    {
                        "name": f"SH{index + 1:04d}",
                        "sequence_id": sequence["id"],
                        "nb_frames": nb_frames,
                        "data": {
                            "frame_in": frame_in,
                            "frame_out": frame_in + nb_frames - 1,
                            "fps": 24,
                        },
                    },
                )
            )
        asset_types = list(self.asset_types.values())
        assets = []
        for index in range(nb_assets):
            asset_type = asset_types[index % len(asset_types)]
            assets.append(
                self.api.post(
                    f"/data/projects/{pid}/asset-types/{asset_type['id']}/assets/new",
                    {"name": f"{asset_type['name']}{index + 1:03d}", "description": "bench"},
                )
            )
        return {"shots": shots, "assets": assets}

    def create_tasks(self, project: dict[str, Any], entities: dict[str, list]) -> list[dict]:
        """Tasks of every type for every shot and asset, sent in batches of entity ids (one
        request for a thousand shots outlasts a server's request timeout)."""
        pid = project["id"]
        tasks = []
        for kind, task_types in (
            ("shots", self.shot_task_types),
            ("assets", self.asset_task_types),
        ):
            ids = [entity["id"] for entity in entities[kind]]
            for task_type in task_types:
                for batch in chunks(ids, 200):
                    tasks += self.api.post(
                        f"/actions/projects/{pid}/task-types/{task_type['id']}/{kind}/create-tasks",
                        batch,
                    )
        return tasks

    def assign(self, tasks: list[dict[str, Any]]) -> dict[str, str]:
        """Each task to one artist (chosen by seed); returns task id -> person id."""
        by_person: dict[str, list[str]] = {}
        assignee = {}
        for task in sorted(tasks, key=lambda row: (row["entity_id"], row["task_type_id"])):
            person = self.random.choice(self.persons)
            by_person.setdefault(person["id"], []).append(task["id"])
            assignee[task["id"]] = person["id"]
        for person_id, task_ids in by_person.items():
            for batch in chunks(task_ids, 100):
                self.api.put(f"/actions/persons/{person_id}/assign", {"task_ids": batch})
        return assignee

    def cast(self, project: dict[str, Any], shots: list, assets: list) -> int:
        links = 0
        for shot in shots:
            cast = self.random.sample(assets, k=min(len(assets), self.random.randint(2, 7)))
            body = [{"asset_id": asset["id"], "nb_occurences": 1} for asset in cast]
            self.api.put(f"/data/projects/{project['id']}/entities/{shot['id']}/casting", body)
            links += len(body)
        return links

    def comment(self, tasks: list[dict[str, Any]]) -> int:
        """One comment with a status change on a share of the tasks."""
        chosen = [task for task in tasks if self.random.random() < COMMENT_SHARE]
        for task in chosen:
            self.api.post(
                f"/actions/tasks/{task['id']}/comment",
                {
                    "task_status_id": self.statuses[self.random.choice(STATUSES)]["id"],
                    "comment": f"Bench comment on {task['entity_id'][:8]}",
                },
            )
        return len(chosen)

    def log_time(self, tasks: list[dict[str, Any]], assignee: dict[str, str]) -> int:
        count = 0
        start = dt.date(YEAR, 1, 6)
        for task in tasks:
            if self.random.random() >= TIME_SPENT_SHARE:
                continue
            day = start + dt.timedelta(days=self.random.randint(0, 300))
            self.api.post(
                f"/actions/tasks/{task['id']}/time-spents/{day.isoformat()}"
                f"/persons/{assignee[task['id']]}",
                {"duration": self.random.choice([60, 120, 240, 480])},
            )
            count += 1
        return count

    # -- the whole run -------------------------------------------------------------------------
    def already_loaded(self) -> bool:
        return any(row["name"] == self.project_name for row in self.api.get("/data/projects"))

    def run(self) -> dict[str, Any]:
        started = time.perf_counter()
        self.load_configuration()
        self.load_persons()
        with self.timer.phase("project and team"):
            project = self.create_project(self.project_name)
            self.load_team(project, self.persons)
        with self.timer.phase("breakdown") as phase:
            entities = self.load_breakdown(project)
            phase.items = len(entities["shots"]) + len(entities["assets"])
        with self.timer.phase("task creation") as phase:
            tasks = self.create_tasks(project, entities)
            phase.items = len(tasks)
        with self.timer.phase("assignment") as phase:
            assignee = self.assign(tasks)
            phase.items = len(tasks)
        with self.timer.phase("casting") as phase:
            links = self.cast(project, entities["shots"], entities["assets"])
            phase.items = len(entities["shots"])
        with self.timer.phase("comments") as phase:
            comments = phase.items = self.comment(tasks)
        with self.timer.phase("time spents") as phase:
            time_spents = phase.items = self.log_time(tasks, assignee)
        with self.timer.phase("decoy projects"):
            for index in range(self.nb_decoys):
                decoy = self.create_project(f"{self.project_name} decoy {index + 1}")
                self.load_team(decoy, self.persons[:5])
                self.load_breakdown(decoy, scale=0.02)
        return {
            "size": self.size,
            "seed": self.seed,
            "tasks": len(tasks),
            "casting_links": links,
            "comments": comments,
            "time_spents": time_spents,
            "total_seconds": round(time.perf_counter() - started, 1),
            "phases": self.timer.phases,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, type=Target.parse)
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    loader = Loader(Api(args.target), args.size, args.seed)
    if loader.already_loaded():
        print(f"{loader.project_name} is already loaded on {args.target.name}.")
        return
    result = loader.run()
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"load-{args.target.name}-{args.size}.json"
    output.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Loaded in {result['total_seconds']} s; written to {output}")


if __name__ == "__main__":
    main()

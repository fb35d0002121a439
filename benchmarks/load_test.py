"""Many artists at once on a live server: logged in one after another, then all together, each
one lists their to-do list and their tasks and comments with status changes, on tasks they share
with another artist. Every request must be
answered with a success; afterwards every task must stand as a replay of its comment history
says it should.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitsu_load \\
        .venv/bin/python benchmarks/load_test.py \\
        --target ours=http://127.0.0.1:8108/api,admin@example.com,PASSWORD \\
        [--artists 40] [--rounds 10] [--seed 1]

The server (`gunicorn kitsu_site.wsgi -w 4 -b 127.0.0.1:8108`) and this script use the same
`DATABASE_URL`: the replay check reads the tasks there, through the task history rebuild of
`reviews.services.task_history`, inside a transaction rolled back. The production (a project,
one asset and one Modeling task per artist, the artists in its team, each task assigned to two
artists) is created through the API, a new one per run. Errors and latencies per kind of
request are printed and written to benchmarks/results/load-test-<target>.json; the exit status
is 1 when a request failed or a task differs from its replay.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import Api, Target  # noqa: E402
from load_production import by_name  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
ARTIST_PASSWORD = "load-test-password-1"
ARTIST_STATUSES = ("wip", "wfa", "retake", "done")
# Fields the replay sets. Left out, as in the reference: `end_date` and `done_date`, which the
# live rule clears on leaving review or done and stamps on entering them, while the replay keeps
# the first feedback request and the last done comment (docs/compatibility.md).
REPLAYED_FIELDS = (
    "task_status_id",
    "retake_count",
    "real_start_date",
    "last_comment_date",
    "duration",
)


@dataclass
class Studio:
    """What the artists work on: their logins and the tasks each one is assigned."""

    project_id: str
    status_ids: list[str]
    tasks_of: dict[str, list[str]]  # artist e-mail -> task ids

    @property
    def task_ids(self) -> list[str]:
        return sorted({task_id for ids in self.tasks_of.values() for task_id in ids})


def _project_configured(admin: Api, name: str, task_type: dict, asset_type: dict) -> str:
    open_status = by_name(admin.get("/data/project-status"))["Open"]
    project = admin.post(
        "/data/projects",
        {"name": name, "production_type": "short", "project_status_id": open_status["id"]},
    )
    pid = project["id"]
    admin.post(f"/data/projects/{pid}/settings/task-types", {"task_type_id": task_type["id"]})
    admin.post(f"/data/projects/{pid}/settings/asset-types", {"asset_type_id": asset_type["id"]})
    return pid


def _artist(admin: Api, pid: str, email: str, index: int) -> dict:
    person = admin.post(
        "/data/persons",
        {
            "email": email,
            "first_name": f"Artist{index:03d}",
            "last_name": "Load",
            "role": "user",
            "password": ARTIST_PASSWORD,
        },
    )
    admin.post(f"/data/projects/{pid}/team", {"person_id": person["id"]})
    return person


def seed(admin: Api, *, artists: int, tag: str) -> Studio:
    """A project of its own with one task per artist, task `i` assigned to artists `i` and
    `i + 1`: every task is commented by two artists at once."""
    statuses = {row["short_name"]: row for row in admin.get("/data/task-status")}
    status_ids = [
        statuses[name]["id"] for name in ARTIST_STATUSES if statuses[name]["is_artist_allowed"]
    ]
    asset_task_types = [
        row for row in admin.get("/data/task-types") if row["for_entity"] == "Asset"
    ]
    task_type = by_name(asset_task_types)["Modeling"]
    asset_type = by_name(admin.get("/data/asset-types"))["Character"]
    pid = _project_configured(admin, f"Load test {tag}", task_type, asset_type)
    asset_ids = [
        admin.post(
            f"/data/projects/{pid}/asset-types/{asset_type['id']}/assets/new",
            {"name": f"Asset{index:03d}", "description": "load test"},
        )["id"]
        for index in range(artists)
    ]
    tasks = admin.post(
        f"/actions/projects/{pid}/task-types/{task_type['id']}/assets/create-tasks", asset_ids
    )
    task_ids = sorted(task["id"] for task in tasks)
    tasks_of = {}
    for index in range(artists):
        email = f"load.{tag}.artist{index:03d}@example.com"
        person = _artist(admin, pid, email, index)
        mine = [task_ids[index], task_ids[index - 1]]
        admin.put(f"/actions/persons/{person['id']}/assign", {"task_ids": mine})
        tasks_of[email] = mine
    return Studio(project_id=pid, status_ids=status_ids, tasks_of=tasks_of)


@dataclass
class Recorder:
    """The latency of every request by kind, and every failure; shared by the artists."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, api: Api, kind: str, method: str, path: str, body: Any = None) -> None:
        started = time.perf_counter()
        try:
            answer = api.request(method, path, body)
            failure = None if answer.ok else f"{answer.status_code} {answer.text[:200]}"
        except Exception as error:  # a refused or dropped connection counts as a failure
            failure = repr(error)
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.latencies[kind].append(elapsed)
            if failure is not None:
                self.errors.append(f"{method} {path}: {failure}")


def artist_session(
    api: Api,
    tasks: list[str],
    studio: Studio,
    *,
    rounds: int,
    rng: random.Random,
    recorder: Recorder,
) -> None:
    """One artist's day: each round reads the to-do list and one task, then comments on it."""
    for round_ in range(rounds):
        task_id = rng.choice(tasks)
        recorder.send(api, "to-do list", "GET", "/data/user/tasks")
        recorder.send(api, "task", "GET", f"/data/tasks/{task_id}/full")
        body = {"task_status_id": rng.choice(studio.status_ids), "comment": f"round {round_}"}
        recorder.send(api, "comment", "POST", f"/actions/tasks/{task_id}/comment", body)


def run_load(url: str, studio: Studio, *, rounds: int, seed: int) -> Recorder:
    """Every artist at once, one thread each, started together once all are logged in."""
    recorder = Recorder()
    emails = sorted(studio.tasks_of)
    sessions = [
        Api(Target(name=email, url=url, email=email, password=ARTIST_PASSWORD)) for email in emails
    ]
    barrier = threading.Barrier(len(sessions))

    def artist(index: int, api: Api) -> None:
        barrier.wait(timeout=60)
        rng = random.Random(seed * 1000 + index)
        tasks = studio.tasks_of[emails[index]]
        artist_session(api, tasks, studio, rounds=rounds, rng=rng, recorder=recorder)

    threads = [threading.Thread(target=artist, args=item) for item in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return recorder


def tasks_differing_from_replay(task_ids: list[str]) -> list[dict[str, Any]]:
    """The tasks whose state differs from a replay of their comment history, with both states.
    The replay is the task history rebuild, run in a transaction rolled back."""
    from django.db import transaction

    from production.models import Task
    from reviews.services.task_history import task_rebuild

    differing = []
    for task_id in task_ids:
        with transaction.atomic():
            task = Task.objects.select_for_update(of=("self",)).get(pk=task_id)
            live = {name: getattr(task, name) for name in REPLAYED_FIELDS}
            task_rebuild(task=task)
            replayed = {name: getattr(task, name) for name in REPLAYED_FIELDS}
            transaction.set_rollback(True)
        if live != replayed:
            differing.append({"task_id": task_id, "live": live, "replayed": replayed})
    return differing


def latency_summary(timings: list[float]) -> dict[str, float]:
    timings = sorted(timings)
    return {
        "requests": len(timings),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, math.ceil(len(timings) * 0.95) - 1)], 1),
        "max_ms": round(timings[-1], 1),
    }


def report(recorder: Recorder, *, seconds: float, differing: list[dict[str, Any]]) -> dict:
    total = sum(len(timings) for timings in recorder.latencies.values())
    return {
        "requests": total,
        "errors": len(recorder.errors),
        "first_errors": recorder.errors[:10],
        "seconds": round(seconds, 1),
        "requests_per_second": round(total / seconds, 1),
        "machine_load_average": os.getloadavg()[0],  # latencies mean little on a busy machine
        "latencies": {kind: latency_summary(t) for kind, t in sorted(recorder.latencies.items())},
        "tasks_differing_from_replay": len(differing),
        "first_differing": differing[:5],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, type=Target.parse)
    parser.add_argument("--artists", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitsu_site.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    studio = seed(Api(args.target), artists=args.artists, tag=uuid.uuid4().hex[:8])
    started = time.perf_counter()
    recorder = run_load(args.target.url, studio, rounds=args.rounds, seed=args.seed)
    seconds = time.perf_counter() - started
    differing = tasks_differing_from_replay(studio.task_ids)
    result = {"artists": args.artists, "rounds": args.rounds} | report(
        recorder, seconds=seconds, differing=differing
    )
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"load-test-{args.target.name}.json"
    text = json.dumps(result, indent=2, default=str)
    output.write_text(text + "\n")
    print(text)
    print(f"Written to {output}")
    sys.exit(1 if recorder.errors or differing else 0)


if __name__ == "__main__":
    main()

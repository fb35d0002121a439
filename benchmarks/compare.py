"""Time the heavy requests of issue 10 on several servers in one run, side by side.

    .venv/bin/python benchmarks/compare.py \\
        --target ours=http://127.0.0.1:8000/api,admin@example.com,PASSWORD \\
        --target reference=http://127.0.0.1:5001,admin@example.com,mysecretpassword \\
        [--size medium] [--seed 1] [--runs 30] [--seconds 10] \\
        [--memory ours=gunicorn:kitsu_site --memory reference=gunicorn:zou]

Every target must hold the production of `load_production.py` with the same size and seed,
and its database must have its statistics (`vacuumdb -z <database>` on each, as autovacuum does
some minutes after a load): right after the load PostgreSQL plans the to-do list and the
with-tasks lists on empty statistics, several times slower on both servers.
For each request: p50 and p95 over `--runs` sequential calls after a warm-up, then throughput
(requests per second) with 1 and 8 client threads for `--seconds` each on the heavy reads.
`--memory NAME=PATTERN` reads the largest resident size of the processes whose command line
contains PATTERN (the server's workers) after the run. Ratios are the first target's figure
over each other's. Results go to benchmarks/results/compare-<size>.json and a Markdown table
is printed, ready for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import Api, Target  # noqa: E402
from load_production import YEAR, Loader  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
ARTIST_PASSWORD = "bench-artist-password-1"
THROUGHPUT_REQUESTS = ("tasks", "shots with tasks", "to-do list")


class Fixture:
    """The ids the requests need, found on one target by the production's names."""

    def __init__(self, api: Api, project_name: str, seed: int):
        project = next(row for row in api.get("/data/projects") if row["name"] == project_name)
        self.project_id = project["id"]
        episodes = sorted(api.get(f"/data/projects/{self.project_id}/episodes"), key=_name)
        self.episode_id = episodes[0]["id"]
        tasks = api.get("/data/tasks", project_id=self.project_id)
        self.comment_task_ids = sorted(task["id"] for task in tasks)[:50]
        statuses = {row["short_name"]: row["id"] for row in api.get("/data/task-status")}
        self.comment_statuses = [statuses["wip"], statuses["wfa"]]
        email = f"bench{seed}.artist000@example.com"
        artist = next(row for row in api.get("/data/persons") if row["email"] == email)
        api.post(
            f"/actions/persons/{artist['id']}/change-password",
            {"password": ARTIST_PASSWORD, "password_2": ARTIST_PASSWORD},
        )
        self.artist_email = email


def _name(row: dict[str, Any]) -> str:
    return row["name"]


def requests_of(fixture: Fixture) -> dict[str, tuple[str, str, str]]:
    """Name -> (who, method, path); `who` is "admin" or "artist"."""
    project, episode = fixture.project_id, fixture.episode_id
    return {
        "tasks": ("admin", "GET", f"/data/tasks?project_id={project}"),
        "shots with tasks": ("admin", "GET", f"/data/shots/with-tasks?project_id={project}"),
        "assets with tasks": ("admin", "GET", f"/data/assets/with-tasks?project_id={project}"),
        "episode casting": (
            "admin",
            "GET",
            f"/data/projects/{project}/episodes/{episode}/sequences/all/casting",
        ),
        "week table": ("admin", "GET", f"/data/persons/time-spents/week-table/{YEAR}"),
        "to-do list": ("artist", "GET", "/data/user/tasks"),
        "comment with status change": ("admin", "POST", "comment"),
    }


class Session:
    """The admin's and the artist's sessions on one target."""

    def __init__(self, target: Target, fixture: Fixture):
        self.fixture = fixture
        self.admin = Api(target)
        artist = Target(target.name, target.url, fixture.artist_email, ARTIST_PASSWORD)
        self.artist = Api(artist)
        self.comments_sent = 0

    def send(self, who: str, method: str, path: str) -> tuple[float, int, int]:
        api = self.admin if who == "admin" else self.artist
        if path != "comment":
            return api.timed(method, path)
        fixture = self.fixture
        index = self.comments_sent
        self.comments_sent += 1
        task_id = fixture.comment_task_ids[index % len(fixture.comment_task_ids)]
        status_id = fixture.comment_statuses[(index // len(fixture.comment_task_ids)) % 2]
        body = {"task_status_id": status_id, "comment": f"bench {index}"}
        return api.timed("POST", f"/actions/tasks/{task_id}/comment", body)


def latency(session: Session, who: str, method: str, path: str, runs: int) -> dict[str, Any]:
    session.send(who, method, path)  # warm-up
    timings, sizes = [], set()
    for _ in range(runs):
        ms, status, size = session.send(who, method, path)
        if status >= 300:
            raise RuntimeError(f"{method} {path} answered {status}")
        timings.append(ms)
        sizes.add(size)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "bytes": max(sizes),
    }


def throughput(
    target: Target, fixture: Fixture, who: str, path: str, threads: int, seconds: float
) -> float:
    """Requests answered per second by `threads` clients each on its own session."""
    sessions = [Session(target, fixture) for _ in range(threads)]
    deadline = time.perf_counter() + seconds
    counts = [0] * threads
    errors: list[str] = []

    def work(index: int) -> None:
        while time.perf_counter() < deadline:
            _, status, _ = sessions[index].send(who, "GET", path)
            if status >= 300:
                errors.append(f"{path}: {status}")
                return
            counts[index] += 1

    workers = [threading.Thread(target=work, args=(index,)) for index in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if errors:
        raise RuntimeError(errors[0])
    return round(sum(counts) / (time.perf_counter() - started), 2)


def worker_memory_mb(pattern: str) -> float:
    """The largest resident size among the processes whose command line holds `pattern`."""
    sizes = [
        process.info["memory_info"].rss
        for process in psutil.process_iter(["cmdline", "memory_info"])
        if process.info["cmdline"] and pattern in " ".join(process.info["cmdline"])
    ]
    return round(max(sizes) / 2**20, 1) if sizes else 0.0


def measure(target: Target, project_name: str, args: argparse.Namespace) -> dict[str, Any]:
    print(f"== {target.name} ({target.url})", flush=True)
    fixture = Fixture(Api(target), project_name, args.seed)
    session = Session(target, fixture)
    results: dict[str, Any] = {"requests": {}}
    for name, (who, method, path) in requests_of(fixture).items():
        figures = latency(session, who, method, path, args.runs)
        if name in THROUGHPUT_REQUESTS:
            for threads in (1, 8):
                figures[f"rps_{threads}"] = throughput(
                    target, fixture, who, path, threads, args.seconds
                )
        results["requests"][name] = figures
        print(f"  {name}: {figures}", flush=True)
    pattern = dict(args.memory).get(target.name)
    if pattern:
        results["worker_memory_mb"] = worker_memory_mb(pattern)
    return results


def ratio(first: float, other: float) -> str:
    return f"{first / other:.2f}" if other else "-"


def markdown(results: dict[str, Any]) -> str:
    names = list(results)
    first = names[0]
    header = ["request"]
    for name in names:
        header += [f"{name} p50", f"{name} p95", f"{name} rps 1/8"]
    header += [f"{first}/{name} p50" for name in names[1:]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for request in results[first]["requests"]:
        cells = [request]
        for name in names:
            figures = results[name]["requests"][request]
            rps = f"{figures['rps_1']} / {figures['rps_8']}" if "rps_1" in figures else ""
            cells += [str(figures["p50_ms"]), str(figures["p95_ms"]), rps]
        for name in names[1:]:
            cells.append(
                ratio(
                    results[first]["requests"][request]["p50_ms"],
                    results[name]["requests"][request]["p50_ms"],
                )
            )
        lines.append("| " + " | ".join(cells) + " |")
    memory = [
        f"{name}: {results[name]['worker_memory_mb']} MB"
        for name in names
        if "worker_memory_mb" in results[name]
    ]
    if memory:
        lines.append("")
        lines.append("Largest worker resident size after the run: " + ", ".join(memory) + ".")
    return "\n".join(lines)


def parse_memory(text: str) -> tuple[str, str]:
    name, _, pattern = text.partition("=")
    return name, pattern


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, action="append", type=Target.parse)
    parser.add_argument("--size", default="medium")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--memory", action="append", default=[], type=parse_memory)
    args = parser.parse_args()
    project_name = Loader.project_name_for(args.size, args.seed)
    results = {target.name: measure(target, project_name, args) for target in args.target}
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"compare-{args.size}.json"
    output.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(markdown(results))
    print(f"\nWritten to {output}")


if __name__ == "__main__":
    main()

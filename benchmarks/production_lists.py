"""Time the heavy production lists on a medium production, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitsu_bench \\
        .venv/bin/python benchmarks/production_lists.py [--size medium|large] [--runs 20]

The production is generated once per database and size (deterministic names, so a second run
reuses it): one tvshow, 2 episodes, 10 sequences, the shots with frame data, the assets, one
task per shot task type and per asset task type, each assigned, and about 4.5 cast assets per
shot. `medium` is issue 10's production (1,000 shots, 300 assets, 7,200 tasks), `large` three
times it. Requests go through Django's test client (no network), so the figures are the
server's own time: query, rendering and middleware. Results are printed and written to
benchmarks/results/production_lists.json (production_lists-large.json for `large`).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kitsu_site.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

import kitsu_site.wsgi  # noqa: E402, F401  (the server's startup, its collector settings)
from people.models import Department, Person, Role  # noqa: E402
from people.tokens import issue_login_tokens  # noqa: E402
from production.models import (  # noqa: E402
    Entity,
    EntityLink,
    EntityType,
    Project,
    ProjectPersonLink,
    ProjectStatus,
    Task,
    TaskStatus,
    TaskType,
)

SIZES = {"medium": (1000, 300), "large": (3000, 900)}
SHOT_TASK_TYPES = ["Layout", "Animation", "Lighting", "FX", "Rendering", "Compositing"]
ASSET_TASK_TYPES = ["Concept", "Modeling", "Shading", "Rigging"]
ASSET_TYPES = ["Character", "Prop", "Environment", "FX"]


def progress(message: str) -> None:
    print(message, flush=True)


def project_name(size: str) -> str:
    return "Benchmark TV" if size == "medium" else f"Benchmark TV {size}"


def bench_persons() -> list[Person]:
    """The 80 artists of every benchmark project, created once per database."""
    persons = Person.objects.filter(last_name="Bench", email__startswith="bench")
    persons = list(persons.order_by("email"))
    if persons:
        return persons
    return Person.objects.bulk_create(
        Person(first_name=f"Artist{i}", last_name="Bench", email=f"bench{i}@example.com")
        for i in range(80)
    )


def generate(size: str) -> Project:
    project = Project.objects.filter(name=project_name(size)).first()
    if project is not None:
        return project
    shot_count, asset_count = SIZES[size]
    progress(f"Generating {shot_count} shots and {asset_count} assets...")
    rng = random.Random(42)
    types = {entity_type.name: entity_type for entity_type in EntityType.objects.all()}
    department = Department.objects.first()
    persons = bench_persons()
    project = Project.objects.create(
        name=project_name(size),
        production_type="tvshow",
        project_status=ProjectStatus.objects.get(name="Open"),
    )
    ProjectPersonLink.objects.bulk_create(
        ProjectPersonLink(project=project, person=person) for person in persons
    )
    episodes = [
        Entity.objects.create(project=project, name=f"E{i:02d}", entity_type=types["Episode"])
        for i in (1, 2)
    ]
    sequences = [
        Entity.objects.create(
            project=project,
            name=f"SQ{i:02d}",
            entity_type=types["Sequence"],
            parent=episodes[i % 2],
        )
        for i in range(10)
    ]
    shots = Entity.objects.bulk_create(
        Entity(
            project=project,
            name=f"SH{i:04d}",
            entity_type=types["Shot"],
            parent=sequences[i % 10],
            nb_frames=48,
            data={"frame_in": 1, "frame_out": 48, "fps": "25"},
        )
        for i in range(shot_count)
    )
    assets = Entity.objects.bulk_create(
        Entity(
            project=project,
            name=f"Asset{i:04d}",
            entity_type=types[ASSET_TYPES[i % 4]],
            source=episodes[i % 2],
        )
        for i in range(asset_count)
    )
    status = TaskStatus.objects.get(short_name="todo")
    tasks = []
    for names, entities, for_entity in (
        (SHOT_TASK_TYPES, shots, "Shot"),
        (ASSET_TASK_TYPES, assets, "Asset"),
    ):
        for name in names:
            task_type, _ = TaskType.objects.get_or_create(
                name=name, for_entity=for_entity, defaults={"department": department}
            )
            tasks += [
                Task(project=project, task_type=task_type, task_status=status, entity=entity)
                for entity in entities
            ]
    tasks = Task.objects.bulk_create(tasks, batch_size=2000)
    Task.assignees.through.objects.bulk_create(
        (
            Task.assignees.through(task_id=task.id, person_id=rng.choice(persons).id)
            for task in tasks
        ),
        batch_size=5000,
    )
    links = []
    for shot in shots:
        for asset in rng.sample(assets, rng.choice((4, 5))):
            links.append(EntityLink(entity_in=shot, entity_out=asset, nb_occurences=1))
    EntityLink.objects.bulk_create(links, batch_size=5000)
    progress(f"Generated {len(tasks)} tasks and {len(links)} casting links.")
    return project


def refresh_statistics() -> None:
    """Let PostgreSQL plan with real row counts after a bulk load, as autovacuum would soon."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(client: Client, path: str, runs: int) -> dict[str, float]:
    """p50 and p95 of `runs` requests after one warm-up, the body size, the median CPU time
    of this process per request (Python's share, whatever the machine's load) and the peak
    memory of one request."""
    client.get(path)
    timings, cpu_times = [], []
    size = 0
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        cpu_times.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
        size = len(response.content)
    return {
        **summary(timings, size),
        "python_cpu_p50_ms": round(statistics.median(cpu_times), 1),
        "peak_python_mb": peak_memory(client, path),
    }


def peak_memory(client: Client, path: str) -> float:
    """The most memory Python held at once while answering (one more, untimed, request)."""
    tracemalloc.start()
    try:
        client.get(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 2**20, 1)


def summary(timings: list[float], size: int) -> dict[str, float]:
    timings = sorted(timings)
    p50 = statistics.median(timings)
    p95 = timings[max(0, math.ceil(len(timings) * 0.95) - 1)]
    return {
        "p50_ms": round(p50, 1),
        "p95_ms": round(p95, 1),
        "p95_over_p50": round(p95 / p50, 2),
        "bytes": size,
    }


def client_for(person: Person) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_login_tokens(person)['access_token']}")


def prepare(size: str) -> Project:
    """The database migrated, with its default data and the production of that size."""
    call_command("migrate", verbosity=0)
    call_command("init_data", verbosity=0)
    project = generate(size)
    refresh_statistics()
    return project


def admin_client() -> Client:
    admin = Person.objects.filter(role=Role.ADMIN).first() or Person.objects.create(
        first_name="Bench", last_name="Admin", email="bench-admin@example.com", role=Role.ADMIN
    )
    return client_for(admin)


def busiest_artist(project: Project) -> Person:
    """The artist holding the most tasks of the project: the longest to-do list."""
    return (
        Person.objects.filter(tasks__project=project)
        .annotate(task_count=Count("tasks"))
        .order_by("-task_count", "email")
        .first()
    )


def heavy_paths(project: Project) -> dict[str, str]:
    """The admin's heavy list requests on the project, by label."""
    episode = Entity.objects.get(project=project, name="E01")
    return {
        "tasks": f"/api/data/tasks?project_id={project.id}",
        "tasks with assignees": f"/api/data/tasks?project_id={project.id}&relations=true",
        "shots with tasks": f"/api/data/shots/with-tasks?project_id={project.id}",
        "assets with tasks": f"/api/data/assets/with-tasks?project_id={project.id}",
        "episode casting": (
            f"/api/data/projects/{project.id}/episodes/{episode.id}/sequences/all/casting"
        ),
        "all sequences casting": f"/api/data/projects/{project.id}/sequences/all/casting",
    }


def report(label: str, figures: dict[str, float]) -> None:
    progress(
        f"{label:<24} p50 {figures['p50_ms']:>8} ms   p95 {figures['p95_ms']:>8} ms"
        f"   p95/p50 {figures['p95_over_p50']:>5}   {figures['bytes'] / 1e6:.2f} MB"
        f"   cpu {figures['python_cpu_p50_ms']} ms   peak {figures['peak_python_mb']} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()

    project = prepare(options.size)
    client = admin_client()
    results = {}
    for label, path in heavy_paths(project).items():
        results[label] = measure(client, path, options.runs)
        report(label, results[label])
    artist = client_for(busiest_artist(project))
    results["artist to-do"] = measure(artist, "/api/data/user/tasks", options.runs)
    report("artist to-do", results["artist to-do"])
    name = "production_lists" if options.size == "medium" else f"production_lists-{options.size}"
    output = ROOT / "benchmarks" / "results" / f"{name}.json"
    output.parent.mkdir(exist_ok=True)
    shots, assets = SIZES[options.size]
    output.write_text(json.dumps({"shots": shots, "assets": assets, **results}, indent=2))
    progress(f"Written to {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

"""Time the heavy production lists on a medium production, in process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitsu_bench \\
        .venv/bin/python benchmarks/production_lists.py [--shots 1000] [--assets 300] [--runs 20]

The production is generated once per database (deterministic names, so a second run reuses
it): one tvshow, 2 episodes, 10 sequences, the shots with frame data, the assets, one task per
shot task type and per asset task type, each assigned, and about 4.5 cast assets per shot.
Requests go through Django's test client (no network), so the figures are the server's own
time: query, rendering and middleware. Results are printed and written to
benchmarks/results/production_lists.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
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
from django.test import Client  # noqa: E402

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

PROJECT_NAME = "Benchmark TV"
SHOT_TASK_TYPES = ["Layout", "Animation", "Lighting", "FX", "Rendering", "Compositing"]
ASSET_TASK_TYPES = ["Concept", "Modeling", "Shading", "Rigging"]
ASSET_TYPES = ["Character", "Prop", "Environment", "FX"]


def progress(message: str) -> None:
    print(message, flush=True)


def generate(shot_count: int, asset_count: int) -> Project:
    project = Project.objects.filter(name=PROJECT_NAME).first()
    if project is not None:
        return project
    progress(f"Generating {shot_count} shots and {asset_count} assets...")
    rng = random.Random(42)
    types = {entity_type.name: entity_type for entity_type in EntityType.objects.all()}
    department = Department.objects.first()
    persons = Person.objects.bulk_create(
        Person(first_name=f"Artist{i}", last_name="Bench", email=f"bench{i}@example.com")
        for i in range(80)
    )
    project = Project.objects.create(
        name=PROJECT_NAME,
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
    timings = []
    size = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.content[:200])
        size = len(response.content)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "bytes": size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shots", type=int, default=1000)
    parser.add_argument("--assets", type=int, default=300)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("init_data", verbosity=0)
    project = generate(options.shots, options.assets)
    refresh_statistics()
    admin = Person.objects.filter(role=Role.ADMIN).first() or Person.objects.create(
        first_name="Bench", last_name="Admin", email="bench-admin@example.com", role=Role.ADMIN
    )
    token = issue_login_tokens(admin)["access_token"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    episode = Entity.objects.get(project=project, name="E01")
    paths = {
        "shots with tasks": f"/api/data/shots/with-tasks?project_id={project.id}",
        "assets with tasks": f"/api/data/assets/with-tasks?project_id={project.id}",
        "episode casting": (
            f"/api/data/projects/{project.id}/episodes/{episode.id}/sequences/all/casting"
        ),
        "all sequences casting": f"/api/data/projects/{project.id}/sequences/all/casting",
    }
    results = {}
    for label, path in paths.items():
        client.get(path)  # warm-up
        results[label] = measure(client, path, options.runs)
        figures = results[label]
        progress(
            f"{label:<24} p50 {figures['p50_ms']:>8} ms   p95 {figures['p95_ms']:>8} ms"
            f"   {figures['bytes'] / 1e6:.2f} MB"
        )
    output = ROOT / "benchmarks" / "results" / "production_lists.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(
        json.dumps({"shots": options.shots, "assets": options.assets, **results}, indent=2)
    )
    progress(f"Written to {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

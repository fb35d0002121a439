"""Time the CSV import of 10,000 shots (2 episodes, 20 sequences, 2 shot task types, a
descriptor column), in process, through the import route.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitsu_bench \\
        .venv/bin/python benchmarks/csv_import.py [--shots 10000]

Each run imports into a fresh project (named with the time), then imports the same file again
(nothing to create: the re-import path). Prints the seconds of both and the queries made.

The event listeners (webhook deliveries) are detached so the import alone is measured;
`--with-listeners` keeps them.
"""

from __future__ import annotations

import argparse
import os
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

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kitsu_site.api import events  # noqa: E402
from people.models import Person, Role  # noqa: E402
from people.tokens import issue_login_tokens  # noqa: E402
from production.models import (  # noqa: E402
    MetadataDescriptor,
    Project,
    ProjectStatus,
    ProjectTaskTypeLink,
    TaskType,
)


def shots_csv(nb_shots: int) -> bytes:
    lines = ["Episode;Sequence;Name;Description;Frame In;Frame Out;Difficulty"]
    for index in range(nb_shots):
        episode = f"E{index % 2 + 1:02d}"
        sequence = f"SQ{index % 20 + 1:03d}"
        lines.append(
            f"{episode};{sequence};SH{index:05d};shot {index};1001;{1001 + index % 90};easy"
        )
    return ("\n".join(lines) + "\n").encode()


def make_project() -> Project:
    status, _ = ProjectStatus.objects.get_or_create(name="Open", defaults={"color": "#000000"})
    project = Project.objects.create(
        name=f"CSV bench {time.time():.0f}", production_type="tvshow", project_status=status
    )
    for name in ("Layout", "Animation"):
        task_type = TaskType.objects.filter(name=name, for_entity="Shot").first()
        ProjectTaskTypeLink.objects.create(project=project, task_type=task_type)
    MetadataDescriptor.objects.create(
        project=project, entity_type="Shot", name="Difficulty", field_name="difficulty"
    )
    return project


def admin_client() -> Client:
    admin = Person.objects.filter(role=Role.ADMIN).first() or Person.objects.create(
        first_name="Bench", last_name="Admin", email="bench@example.com", role=Role.ADMIN
    )
    token = issue_login_tokens(admin)["access_token"]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def timed_import(client: Client, project: Project, raw: bytes) -> tuple[float, int]:
    """Seconds and queries of one import."""
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/import/csv/projects/{project.id}/shots",
            {"file": SimpleUploadedFile("shots.csv", raw, content_type="text/csv")},
        )
    elapsed = time.perf_counter() - start
    if response.status_code != 201:
        raise SystemExit(f"import failed: {response.status_code} {response.content[:300]!r}")
    return elapsed, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=int, default=10_000)
    parser.add_argument("--with-listeners", action="store_true", help="keep webhook listeners")
    args = parser.parse_args()
    if not args.with_listeners:
        events._listeners.clear()
    call_command("migrate", verbosity=0)
    call_command("init_data", verbosity=0)
    project = make_project()
    client = admin_client()
    raw = shots_csv(args.shots)
    seconds, queries = timed_import(client, project, raw)
    print(f"{args.shots} shots, first import: {seconds:.1f} s, {queries} queries", flush=True)
    seconds, queries = timed_import(client, project, raw)
    print(f"{args.shots} shots, re-import (nothing new): {seconds:.1f} s, {queries} queries")


if __name__ == "__main__":
    main()

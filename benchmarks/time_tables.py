"""Time the time-spent tables on a studio of 200 persons with a year of daily time spents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitsu_bench \\
        .venv/bin/python benchmarks/time_tables.py [--persons 200] [--runs 20]

The data is generated once per database (deterministic names): 200 persons in 4 departments,
one task each, and a time spent on every weekday of 2025 (about 52,000 rows). Requests go
through Django's test client, in process. Results are printed and written to
benchmarks/results/time_tables.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from production_lists import (  # sets Django up
    ROOT,
    measure,
    progress,
    refresh_statistics,
    report,
)

from people.models import Department, Person, Role, TimeSpent  # noqa: E402
from people.tokens import issue_login_tokens  # noqa: E402
from production.models import (  # noqa: E402
    Entity,
    EntityType,
    Project,
    ProjectPersonLink,
    ProjectStatus,
    Task,
    TaskStatus,
    TaskType,
)

PROJECT_NAME = "Timesheet benchmark"
YEAR = 2025


def generate(person_count: int) -> Project:
    project = Project.objects.filter(name=PROJECT_NAME).first()
    if project is not None:
        return project
    progress(f"Generating {person_count} persons with a year of time spents...")
    departments = list(Department.objects.all()[:4])
    persons = Person.objects.bulk_create(
        Person(first_name=f"Timer{i}", last_name="Bench", email=f"timer{i}@example.com")
        for i in range(person_count)
    )
    Person.departments.through.objects.bulk_create(
        Person.departments.through(person=person, department=departments[i % len(departments)])
        for i, person in enumerate(persons)
    )
    project = Project.objects.create(
        name=PROJECT_NAME, project_status=ProjectStatus.objects.get(name="Open")
    )
    ProjectPersonLink.objects.bulk_create(
        ProjectPersonLink(project=project, person=person) for person in persons
    )
    asset = Entity.objects.create(
        project=project, name="Timesheet asset", entity_type=EntityType.objects.get(name="Prop")
    )
    task_type = TaskType.objects.get(name="Modeling", for_entity="Asset")
    status = TaskStatus.objects.get(short_name="wip")
    tasks = Task.objects.bulk_create(
        Task(
            name=f"task {i}",
            project=project,
            task_type=task_type,
            task_status=status,
            entity=asset,
        )
        for i in range(person_count)
    )
    days = [dt.date(YEAR, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    weekdays = [day for day in days if day.weekday() < 5]
    TimeSpent.objects.bulk_create(
        (
            TimeSpent(person=person, task=task, date=day, duration=60 * (1 + (i + day.day) % 8))
            for i, (person, task) in enumerate(zip(persons, tasks, strict=True))
            for day in weekdays
        ),
        batch_size=10000,
    )
    progress(f"Generated {person_count * len(weekdays)} time spents.")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("init_data", verbosity=0)
    project = generate(options.persons)
    refresh_statistics()
    admin = Person.objects.filter(role=Role.ADMIN).first() or Person.objects.create(
        first_name="Bench", last_name="Admin", email="bench-admin@example.com", role=Role.ADMIN
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_login_tokens(admin)['access_token']}")
    paths = {
        "week table": f"/api/data/persons/time-spents/week-table/{YEAR}",
        "month table": f"/api/data/persons/time-spents/month-table/{YEAR}",
        "day table (June)": f"/api/data/persons/time-spents/day-table/{YEAR}/6",
        "week table, one project": (
            f"/api/data/persons/time-spents/week-table/{YEAR}?project_id={project.id}"
        ),
    }
    results = {}
    for label, path in paths.items():
        results[label] = measure(client, path, options.runs)
        report(label, results[label])
    output = ROOT / "benchmarks" / "results" / "time_tables.json"
    output.parent.mkdir(exist_ok=True)
    output.write_text(json.dumps({"persons": options.persons, **results}, indent=2))
    progress(f"Written to {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

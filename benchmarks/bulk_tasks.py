"""Time bulk task creation and assignment through the API, as benchmarks/load_production.py
sends them, against any Zou-compatible server.

    .venv/bin/python benchmarks/bulk_tasks.py \\
        --target ours=http://127.0.0.1:8000/api,admin@example.com,PASSWORD [--shots 1000]

Each run makes a fresh project (named with the time) whose shots come from one CSV import,
then links the 6 shot task types of load_production and times two phases: creating the tasks
of each type for every shot (`POST .../task-types/<tt>/shots/create-tasks`, 200 shot ids a
request) and assigning each task to one of the 80 benchmark artists (`PUT
/actions/persons/<id>/assign`, 500 task ids a request). Prints tasks per second of both.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from client import Api, Target  # noqa: E402
from load_production import Loader, chunks  # noqa: E402

CREATION_BATCH = 200
ASSIGNMENT_BATCH = 500


def shots_csv(nb_shots: int) -> bytes:
    lines = ["Episode;Sequence;Name;Frame In;Frame Out"]
    for index in range(nb_shots):
        lines.append(f"E{index % 2 + 1:02d};SQ{index % 10 + 1:03d};SH{index:05d};1001;1100")
    return ("\n".join(lines) + "\n").encode()


def import_shots(api: Api, project_id: str, nb_shots: int) -> list[str]:
    answer = api.session.post(
        f"{api.target.url}/import/csv/projects/{project_id}/shots",
        files={"file": ("shots.csv", shots_csv(nb_shots), "text/csv")},
        timeout=600,
    )
    answer.raise_for_status()
    return [row["id"] for row in answer.json()]


def rate(count: int, seconds: float) -> str:
    return f"{count} tasks in {seconds:.1f} s ({count / seconds:.0f} tasks/s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", required=True, type=Target.parse)
    parser.add_argument("--shots", type=int, default=1000)
    args = parser.parse_args()
    api = Api(args.target)
    loader = Loader(api, "medium", seed=1)
    loader.load_configuration()
    loader.load_persons()
    project = api.post(
        "/data/projects",
        {
            "name": f"Bulk tasks {time.time():.0f}",
            "production_type": "tvshow",
            "project_status_id": loader.open_status["id"],
        },
    )
    pid = project["id"]
    loader.load_team(project, loader.persons)
    shot_ids = import_shots(api, pid, args.shots)
    for task_type in loader.shot_task_types:
        api.post(f"/data/projects/{pid}/settings/task-types", {"task_type_id": task_type["id"]})

    started = time.perf_counter()
    tasks = []
    for task_type in loader.shot_task_types:
        path = f"/actions/projects/{pid}/task-types/{task_type['id']}/shots/create-tasks"
        for batch in chunks(shot_ids, CREATION_BATCH):
            tasks += api.post(path, batch)
    print("creation:", rate(len(tasks), time.perf_counter() - started), flush=True)

    chooser = random.Random(1)
    by_person: dict[str, list[str]] = {}
    for task in tasks:
        by_person.setdefault(chooser.choice(loader.persons)["id"], []).append(task["id"])
    started = time.perf_counter()
    for person_id, task_ids in by_person.items():
        for batch in chunks(task_ids, ASSIGNMENT_BATCH):
            api.put(f"/actions/persons/{person_id}/assign", {"task_ids": batch})
    print("assignment:", rate(len(tasks), time.perf_counter() - started))


if __name__ == "__main__":
    try:
        main()
    except requests.RequestException as error:
        raise SystemExit(f"request failed: {error}") from None

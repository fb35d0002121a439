"""The database floor of the two heaviest lists: PostgreSQL building the same JSON by itself.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kitsu_bench \\
        .venv/bin/python benchmarks/db_floor.py [--size medium|large] [--runs 20]

For the production of benchmarks/production_lists.py, one SQL query per list builds the whole
body with json_agg/json_build_object: the task list with assignees (`GET /data/tasks?project_id=
&relations=true`) and the shots with their tasks (`GET /data/shots/with-tasks?project_id=`),
with the same keys, the same rows and the same order as ours. Nothing can answer faster than
the database producing the text, so ours over this floor is what the Python side costs. Ours is
timed in the same run, alternating with the floor, so both see the same machine load. Results
go to benchmarks/results/db_floor.json (db_floor-large.json for `large`).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable

from django.db import connection
from production_lists import (
    ROOT,
    SIZES,
    admin_client,
    heavy_paths,
    prepare,
    progress,
    summary,
)

from kitsu_site.api.wire import WireFormat, wire_datetime
from production.models import Project
from production.selectors.with_tasks import SHOT_TASK_KEYS
from production.wire import TASK_RELATIONS_WIRE

# The reference text of a datetime: UTC, to the second (see kitsu_site.api.wire.wire_datetime).
WIRE_DATETIME_SQL = "to_char({} AT TIME ZONE 'UTC', 'FMYYYY-MM-DD\"T\"HH24:MI:SS')"


def json_object(pairs: Iterable[tuple[str, str]]) -> str:
    """`json_build_object(...)` of (key, SQL expression) pairs."""
    return "json_build_object({})".format(", ".join(f"'{key}', {sql}" for key, sql in pairs))


def wire_column(alias: str, attname: str, convert: object) -> str:
    column = f"{alias}.{attname}"
    return WIRE_DATETIME_SQL.format(column) if convert is wire_datetime else column


def row_pairs(wire: WireFormat, alias: str) -> list[tuple[str, str]]:
    """The keys of a `WireFormat` row, in its order, each read from the table `alias`."""
    return [
        *((key, wire_column(alias, attname, convert)) for attname, key, convert in wire.leading),
        *((key, wire_column(alias, attname, convert)) for attname, key, convert in wire.trailing),
        ("type", f"'{wire.type_name}'"),
    ]


ASSIGNEES_SQL = """
    SELECT link.task_id, json_agg(link.person_id ORDER BY link.person_id) AS ids
    FROM task_person_link link JOIN task ON task.id = link.task_id
    WHERE task.project_id = %(project)s
    GROUP BY link.task_id
"""


def tasks_sql() -> str:
    pairs = [*row_pairs(TASK_RELATIONS_WIRE, "t"), ("assignees", "coalesce(a.ids, '[]')")]
    return f"""
        SELECT coalesce(json_agg({json_object(pairs)} ORDER BY t.created_at, t.id), '[]')::text
        FROM task t LEFT JOIN ({ASSIGNEES_SQL}) a ON a.task_id = t.id
        WHERE t.project_id = %(project)s
    """


def shot_task_sql(key: str) -> str:
    special = {
        "is_subscribed": "(s.id IS NOT NULL)",
        "assignees": "coalesce(a.ids, '[]')",
    }
    if key in special:
        return special[key]
    if key.endswith("_date"):
        return WIRE_DATETIME_SQL.format(f"t.{key}")
    return f"t.{key}"


SHOT_PAIRS = (
    ("canceled", "e.canceled"),
    ("data", "e.data"),
    ("description", "e.description"),
    ("entity_type_id", "e.entity_type_id"),
    ("episode_id", "ep.id"),
    ("episode_name", "ep.name"),
    ("fps", "e.data -> 'fps'"),
    ("frame_in", "e.data -> 'frame_in'"),
    ("frame_out", "e.data -> 'frame_out'"),
    ("id", "e.id"),
    ("name", "e.name"),
    ("nb_frames", "e.nb_frames"),
    ("parent_id", "e.parent_id"),
    ("preview_file_id", "e.preview_file_id"),
    ("project_id", "e.project_id"),
    ("project_name", "p.name"),
    ("sequence_id", "e.parent_id"),
    ("sequence_name", "sq.name"),
    ("source_id", "e.source_id"),
    ("nb_entities_out", "e.nb_entities_out"),
    ("is_casting_standby", "e.is_casting_standby"),
    ("tasks", "coalesce(st.tasks, '[]')"),
    ("type", "'Shot'"),
)


def shots_with_tasks_sql() -> str:
    task_object = json_object((key, shot_task_sql(key)) for key in SHOT_TASK_KEYS)
    return f"""
        SELECT coalesce(json_agg({json_object(SHOT_PAIRS)}
                                 ORDER BY ep.name, sq.name, e.name), '[]')::text
        FROM entity e
        JOIN entity_type et ON et.id = e.entity_type_id AND et.name = 'Shot'
        JOIN project p ON p.id = e.project_id
        LEFT JOIN entity sq ON sq.id = e.parent_id
        LEFT JOIN entity ep ON ep.id = sq.parent_id
        LEFT JOIN (
            SELECT t.entity_id, json_agg({task_object} ORDER BY tt.priority, tt.name) AS tasks
            FROM task t
            JOIN task_type tt ON tt.id = t.task_type_id
            LEFT JOIN ({ASSIGNEES_SQL}) a ON a.task_id = t.id
            LEFT JOIN subscription s ON s.task_id = t.id AND s.person_id = %(person)s
            WHERE t.project_id = %(project)s
            GROUP BY t.entity_id
        ) st ON st.entity_id = e.id
        WHERE e.project_id = %(project)s
    """


def time_floor(sql: str, params: dict[str, object]) -> tuple[float, int]:
    """Milliseconds for PostgreSQL to build the body and hand it to Python, and its size."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (body,) = cursor.fetchone()
    return (time.perf_counter() - start) * 1000, len(body.encode())


def compare(client, path: str, sql: str, params: dict[str, object], runs: int) -> dict:
    """Ours and the floor, alternating, after one warm-up of each."""
    client.get(path)
    time_floor(sql, params)
    ours, floor = [], []
    ours_size = floor_size = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        ours.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        ours_size = len(response.content)
        elapsed, floor_size = time_floor(sql, params)
        floor.append(elapsed)
    ours_figures, floor_figures = summary(ours, ours_size), summary(floor, floor_size)
    return {
        "ours": ours_figures,
        "floor": floor_figures,
        "p50_over_floor": round(ours_figures["p50_ms"] / floor_figures["p50_ms"], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("The floor is PostgreSQL's: set DATABASE_URL to a PostgreSQL database.")

    project: Project = prepare(options.size)
    client = admin_client()
    admin = client.get("/api/auth/authenticated").json()["user"]
    params = {"project": project.id, "person": admin["id"]}
    paths = heavy_paths(project)
    lists = {
        "tasks with assignees": (paths["tasks with assignees"], tasks_sql()),
        "shots with tasks": (paths["shots with tasks"], shots_with_tasks_sql()),
    }
    results = {}
    for label, (path, sql) in lists.items():
        results[label] = figures = compare(client, path, sql, params, options.runs)
        progress(
            f"{label:<22} ours p50 {figures['ours']['p50_ms']:>7} ms  p95 "
            f"{figures['ours']['p95_ms']:>7} ms | floor p50 {figures['floor']['p50_ms']:>7} ms"
            f"  p95 {figures['floor']['p95_ms']:>7} ms | ours/floor {figures['p50_over_floor']}"
        )
    name = "db_floor" if options.size == "medium" else f"db_floor-{options.size}"
    output = ROOT / "benchmarks" / "results" / f"{name}.json"
    output.write_text(json.dumps({"size": options.size, **results}, indent=2))
    progress(f"Written to {output.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

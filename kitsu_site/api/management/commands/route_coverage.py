"""Which (method, path) pairs of the reference API this server serves, per capability."""

from __future__ import annotations

import csv
import uuid
from collections import defaultdict
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.urls import Resolver404, resolve

SAMPLE_VALUES = {
    "year": "2024",
    "month": "06",
    "day": "12",
    "week": "24",
    "date": "2024-06-12",
    "month_date": "2024-06",
    "entity_type": "shots",
    "field_name": "camera",
    "file_name": "file.png",
    "filename": "file.png",
    "path:filename": "file.png",
    "extension": "png",
    "token": "abcdef",
}
# The reference API's (method, path) pairs with their capability: a copy of the project's
# ../shared/spec/routes.tsv, kept in the repository so that clean clones and CI have it.
DEFAULT_ROUTES = Path(__file__).resolve().parents[2] / "reference_routes.tsv"


def sample_path(path: str) -> str:
    """The reference path with a plausible value in each `<parameter>`."""
    parts = []
    for segment in path.split("/"):
        while "<" in segment:
            start, end = segment.index("<"), segment.index(">")
            name = segment[start + 1 : end]
            value = SAMPLE_VALUES.get(
                name, SAMPLE_VALUES.get(name.split(":")[-1], str(uuid.uuid4()))
            )
            segment = segment[:start] + value + segment[end + 1 :]
        parts.append(segment)
    return "/".join(parts)


def serves(method: str, path: str) -> bool:
    try:
        match = resolve(sample_path(path))
    except Resolver404:
        return False
    view = match.func
    actions = getattr(view, "actions", None)
    if actions is not None:  # a DRF viewset route
        return method.lower() in actions
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    if view_class is None:
        return method == "GET"
    return method == "HEAD" and hasattr(view_class, "get") or hasattr(view_class, method.lower())


class Command(BaseCommand):
    help = "Report which routes of the reference's routes.tsv are served, per capability."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--routes", default=str(DEFAULT_ROUTES))
        parser.add_argument("--missing", action="store_true", help="list the routes not served")

    def handle(self, *args, **options) -> None:
        routes_file = Path(options["routes"])
        if not routes_file.exists():
            raise CommandError(f"No routes file at {routes_file}")
        served: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        missing: list[tuple[str, str, str]] = []
        with routes_file.open() as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                capability = row["capability"]
                served[capability][1] += 1
                if serves(row["method"], row["path"]):
                    served[capability][0] += 1
                else:
                    missing.append((capability, row["method"], row["path"]))
        total_served = sum(count for count, _ in served.values())
        total = sum(total for _, total in served.values())
        for capability, (count, capability_total) in sorted(served.items()):
            self.stdout.write(f"{capability:<12} {count:>4} / {capability_total:<4}")
        self.stdout.write(
            f"{'all':<12} {total_served:>4} / {total:<4} ({100 * total_served / total:.1f}%)"
        )
        if options["missing"]:
            for capability, method, path in sorted(missing):
                self.stdout.write(f"missing  {capability:<12} {method:<7} {path}")

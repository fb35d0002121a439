"""The routes of the reference table this project serves, and their paths filled with the
objects of the matrix dataset."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from django.db.models import Model

from kitsu_site.api.management.commands.route_coverage import (
    DEFAULT_ROUTES,
    SAMPLE_VALUES,
    sample_path,
    serves,
)

PARAMETER = re.compile(r"<([^>]+)>")
# `/data/<resource>/<instance_id>` and the media routes: which object of the dataset an
# `instance_id` stands for, by the path's resource segment.
INSTANCE_PARAMETERS = {
    "asset-instances": "asset_instance_id",
    "attachment-files": "attachment_file_id",
    "budget-entries": "entry_id",
    "budgets": "budget_id",
    "chat-messages": "chat_message_id",
    "chats": "chat",
    "comments": "comment_id",
    "departments": "department_id",
    "entities": "entity_id",
    "entity-links": "entity_link",
    "entity-types": "asset_type_id",
    "events": "event",
    "metadata-descriptors": "metadata_descriptor_id",
    "milestones": "milestone",
    "news": "news_id",
    "notifications": "notification_id",
    "output-files": "output_file",
    "output-types": "output_type_id",
    "persons": "person_id",
    "playlists": "playlist_id",
    "preview-files": "preview_file_id",
    "production-schedule-version-task-links": "schedule_link",
    "production-schedule-versions": "production_schedule_version_id",
    "projects": "project_id",
    "schedule-items": "schedule_item",
    "search-filter-groups": "filter_group_id",
    "search-filters": "search_filter",
    "subscriptions": "subscription",
    "task-types": "task_type_id",
    "tasks": "task_id",
    "time-spents": "time_spent",
    "working-files": "working_file_id",
}


@dataclass(frozen=True)
class Route:
    method: str
    path: str

    @property
    def parameters(self) -> list[str]:
        return PARAMETER.findall(self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@cache
def served_routes() -> tuple[Route, ...]:
    with DEFAULT_ROUTES.open() as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return tuple(
        Route(row["method"], row["path"]) for row in rows if serves(row["method"], row["path"])
    )


def object_parameter(route_path: str, parameter: str) -> str:
    """The dataset key a path parameter names (`instance_id` by the resource before it)."""
    if parameter == "instance_id":
        resource = route_path.split("/<instance_id>")[0].rsplit("/", 1)[-1]
        return INSTANCE_PARAMETERS.get(resource, parameter)
    if parameter == "preview_file_id" and route_path.startswith("/pictures/"):
        return "picture"
    return parameter


def resolved_objects(route: Route, objects: dict[str, Model]) -> dict[str, Model]:
    """The dataset objects the route's parameters stand for (those the dataset has)."""
    resolved = {}
    for parameter in route.parameters:
        key = object_parameter(route.path, parameter)
        if key in objects:
            resolved[parameter] = objects[key]
    return resolved


def filled_path(route: Route, objects: dict[str, Model]) -> str:
    """The route's path with the dataset's objects in its parameters, samples elsewhere."""
    path = route.path
    for parameter, obj in resolved_objects(route, objects).items():
        path = path.replace(f"<{parameter}>", str(getattr(obj, "token", obj.pk)), 1)
    if "<extension>" in path:
        path = path.replace("<extension>", extension_of(route, objects))
    return sample_path(path)


def extension_of(route: Route, objects: dict[str, Model]) -> str:
    preview = objects["picture" if route.path.startswith("/pictures/") else "preview_file_id"]
    return getattr(preview, "extension", SAMPLE_VALUES["extension"])

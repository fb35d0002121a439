"""Routes of the temporal breakdown: episodes, sequences, shots, scenes and edits.

Each view is declared by the kind of entity it serves (`kind`), and, for the lists under an
entity, how deep below it the listed entities or tasks hang (`depth`: 1 for children, 2 for
grandchildren) and of which kind (`child_kind`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import WrongParameter, validation_error
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import filter_queryset, parse_list_query
from kitsu_site.api.renderers import rendered_json
from kitsu_site.api.wire import WireFormat
from production.models import Entity, EntityType, EntityVersion, Project, Task
from production.permissions import (
    check_manager_project_access,
    check_project_access,
    scope_entities,
)
from production.selectors.temporal import (
    episode_filter,
    parse_id,
    sequence_filter,
    shot_order,
    shots_cast_assets,
    task_types_of,
    tasks_under,
    visible_entities,
    visible_tasks,
)
from production.selectors.with_tasks import entities_with_tasks
from production.serializers import ENTITY_WIRE, AssetTypeSerializer, TaskTypeSerializer
from production.serializers.temporal import (
    ENTITY_VERSION_WIRE,
    PLAIN_ENTITY_WIRE,
    TASK_LIST_WIRE,
)
from production.services.temporal import (
    scene_add_shot,
    scene_remove_shot,
    shot_update,
    temporal_entity_create,
)
from production.views.common import entity_deleted, found, get_entity, path_id, readable_entity

# Query keys naming an ancestor rather than a column, per kind.
ANCESTOR_FILTERS = {
    "Shot": {"sequence_id": sequence_filter, "episode_id": episode_filter},
    "Scene": {"sequence_id": sequence_filter, "episode_id": episode_filter},
    "Sequence": {"episode_id": sequence_filter},
    "Edit": {"episode_id": sequence_filter},
    "Episode": {},
}
# The body key naming the parent of a new entity, per kind.
PARENT_KEYS = {"Sequence": "episode_id", "Shot": "sequence_id", "Scene": "sequence_id"}
PARENT_KINDS = {"Sequence": "Episode", "Shot": "Sequence", "Scene": "Sequence", "Edit": "Episode"}


def ordered(kind: str, queryset: QuerySet[Entity]) -> QuerySet[Entity]:
    if kind in ("Shot", "Scene"):
        return shot_order(queryset)
    return queryset.order_by("parent__name", "name")


def filtered(request: Request, kind: str, queryset: QuerySet[Entity]) -> QuerySet[Entity]:
    query = parse_list_query(request.query_params, Entity, computed=ANCESTOR_FILTERS[kind])
    return filter_queryset(queryset, query)


class EntityListView(APIView):
    """`GET /data/<kind>s`: the entities of the caller's projects, filtered like CRUD lists."""

    kind = "Shot"
    wire: WireFormat = PLAIN_ENTITY_WIRE

    def get(self, request: Request) -> Response:
        queryset = filtered(request, self.kind, visible_entities(request.user, self.kind))
        return Response(self.wire.rows(ordered(self.kind, queryset)))


class WithTasksView(APIView):
    """`GET /data/<kind>s/with-tasks`: entities with their tasks embedded."""

    kind = "Shot"

    def get(self, request: Request) -> Response:
        params = request.query_params
        queryset = visible_entities(request.user, self.kind)
        if params.get("project_id"):
            project_id = parse_id(params["project_id"])
            check_project_access(request.user, project_id)
            queryset = queryset.filter(project_id=project_id)
        if params.get("episode_id") and "episode_id" in ANCESTOR_FILTERS[self.kind]:
            queryset = ANCESTOR_FILTERS[self.kind]["episode_id"](queryset, params["episode_id"])
        entities = ordered(self.kind, queryset.distinct())
        return Response(
            rendered_json(lambda: entities_with_tasks(entities=entities, person=request.user))
        )


class EntityDetailView(APIView):
    """`GET/DELETE /data/<kind>s/<id>` (and PUT for shots)."""

    kind = "Shot"
    wire: WireFormat = PLAIN_ENTITY_WIRE

    def get(self, request: Request, entity_id: str) -> Response:
        entity = readable_entity(request.user, entity_id, self.kind)
        return Response(self.body(request, entity))

    def body(self, request: Request, entity: Entity) -> dict[str, Any]:
        row = self.wire.instance(entity)
        row.pop("sequence_name", None)
        extras = {"project_name": entity.project.name}
        parent = entity.parent
        if self.kind == "Sequence":
            extras |= {
                "episode_id": row["parent_id"],
                "episode_name": getattr(parent, "name", None),
            }
        if self.kind == "Scene":
            grand = parent.parent if parent else None
            extras |= {
                "sequence_id": row["parent_id"],
                "sequence_name": getattr(parent, "name", None),
                "episode_id": str(grand.pk) if grand else None,
                "episode_name": getattr(grand, "name", None),
            }
        return {**row, **extras}

    def delete(self, request: Request, entity_id: str) -> Response:
        entity = get_entity(entity_id, self.kind)
        if self.kind == "Sequence":
            # The reference lets creators delete their episodes, scenes, edits and shots, but
            # only managers delete sequences.
            check_manager_project_access(request.user, entity.project_id)
        return entity_deleted(request, entity)


class WithTasksDetailView(EntityDetailView):
    """Shots and edits: the one-entity answer is their with-tasks row."""

    def body(self, request: Request, entity: Entity) -> dict[str, Any]:
        rows = entities_with_tasks(
            entities=Entity.objects.filter(pk=entity.pk), person=request.user
        )
        return rows[0]


class ShotDetailView(WithTasksDetailView):
    def body(self, request: Request, entity: Entity) -> dict[str, Any]:
        row = super().body(request, entity)
        full = ENTITY_WIRE.instance(entity, relations=True)
        entities_in = [str(pk) for pk in entity.entities_in.values_list("pk", flat=True)]
        return {**full, **row, "entities_in": entities_in}

    def put(self, request: Request, entity_id: str) -> Response:
        shot = readable_entity(request.user, entity_id, self.kind)
        shot = shot_update(actor=request.user, shot=shot, fields=body_dict(request))
        return Response(ENTITY_WIRE.instance(shot))


class ChildrenView(APIView):
    """`GET /data/<kind>s/<id>/<children>`: entities of `child_kind` `depth` levels below."""

    kind = "Episode"
    child_kind = "Sequence"
    depth = 1
    wire: WireFormat = PLAIN_ENTITY_WIRE

    def get(self, request: Request, entity_id: str) -> Response:
        entity = readable_entity(request.user, entity_id, self.kind)
        path = "__".join(["parent"] * self.depth)
        children = scope_entities(request.user, Entity.objects.of_type(self.child_kind)).filter(
            **{f"{path}_id": entity.pk}
        )
        return Response(self.wire.rows(ordered(self.child_kind, children)))


class EditsOfEpisodeView(ChildrenView):
    child_kind = "Edit"


class TasksView(APIView):
    """`GET /data/<kind>s/<id>/tasks` (depth 0) and `.../<child>-tasks` (below it)."""

    kind = "Shot"
    depth = 0
    child_kind: str | None = None

    def tasks(self, request: Request, entity_id: str):
        entity = readable_entity(request.user, entity_id, self.kind)
        return visible_tasks(
            request.user, tasks_under(entity, depth=self.depth, kind=self.child_kind)
        )

    def get(self, request: Request, entity_id: str) -> Response:
        return Response(TASK_LIST_WIRE.rows(self.tasks(request, entity_id)))


class AssetTasksOfEpisodeView(TasksView):
    """Tasks of the assets whose main episode is this one."""

    kind = "Episode"

    def tasks(self, request: Request, entity_id: str):
        episode = readable_entity(request.user, entity_id, self.kind)
        tasks = Task.objects.filter(entity__source_id=episode.pk).exclude(
            entity__entity_type__name__in=EntityType.TEMPORAL_NAMES
        )
        return visible_tasks(request.user, tasks)


class TaskTypesView(TasksView):
    def get(self, request: Request, entity_id: str) -> Response:
        task_types = task_types_of(self.tasks(request, entity_id).order_by())
        return Response(TaskTypeSerializer.wire.rows(task_types))


class VersionsView(APIView):
    kind = "Shot"

    def get(self, request: Request, entity_id: str) -> Response:
        entity = readable_entity(request.user, entity_id, self.kind)
        versions = EntityVersion.objects.filter(entity=entity).order_by("-created_at")
        return Response(ENTITY_VERSION_WIRE.rows(versions))


class ShotAssetsView(APIView):
    def get(self, request: Request, entity_id: str) -> Response:
        shot = readable_entity(request.user, entity_id, "Shot")
        return Response(ENTITY_WIRE.rows(shots_cast_assets(shot)))


class ShotAssetTypesView(APIView):
    def get(self, request: Request, entity_id: str) -> Response:
        shot = readable_entity(request.user, entity_id, "Shot")
        type_ids = shots_cast_assets(shot).values("entity_type_id").order_by()
        types = EntityType.objects.filter(pk__in=type_ids).order_by("name")
        return Response(AssetTypeSerializer.wire.rows(types, relations=False))


class ProjectEntitiesView(APIView):
    """`GET/POST /data/projects/<project_id>/<kind>s`."""

    kind = "Shot"

    def project(self, project_id: str) -> Project:
        return found(Project.objects.all(), path_id(project_id))

    def get(self, request: Request, project_id: str) -> Response:
        project = self.project(project_id)
        check_project_access(request.user, project.pk)
        queryset = visible_entities(request.user, self.kind).filter(project=project)
        return Response(PLAIN_ENTITY_WIRE.rows(ordered(self.kind, queryset)))

    def post(self, request: Request, project_id: str) -> Response:
        project = self.project(project_id)
        check_manager_project_access(request.user, project.pk)
        data = body_dict(request)
        if not data.get("name"):
            raise validation_error(("name", "Field required"))
        parent = self.parent(project, data)
        nb_frames = data.get("nb_frames")
        if nb_frames is not None and not isinstance(nb_frames, int):
            raise WrongParameter("nb_frames must be an integer.")
        extra = data.get("data")
        entity = temporal_entity_create(
            actor=request.user,
            project=project,
            kind=self.kind,
            name=str(data["name"]),
            parent=parent,
            description=data.get("description"),
            nb_frames=nb_frames,
            data=extra if isinstance(extra, dict) else None,
            status=data.get("status"),
        )
        return Response(ENTITY_WIRE.instance(entity), status=status.HTTP_201_CREATED)

    def parent(self, project: Project, data: dict[str, Any]) -> Entity | None:
        key = PARENT_KEYS.get(self.kind, "episode_id")
        if self.kind == "Episode" or not data.get(key):
            return None
        parent = get_entity(data[key], PARENT_KINDS[self.kind])
        if parent.project_id != project.pk:
            raise WrongParameter(f"The {key} does not belong to this project.")
        return parent


class SceneShotsView(APIView):
    """`GET/POST /data/scenes/<id>/shots`: the shots generated from a scene."""

    def get(self, request: Request, entity_id: str) -> Response:
        scene = readable_entity(request.user, entity_id, "Scene")
        shots = visible_entities(request.user, "Shot").filter(source=scene)
        return Response(PLAIN_ENTITY_WIRE.rows(shot_order(shots)))

    def post(self, request: Request, entity_id: str) -> Response:
        scene = readable_entity(request.user, entity_id, "Scene")
        check_manager_project_access(request.user, scene.project_id)
        shot = get_entity(body_dict(request).get("shot_id"), "Shot")
        shot = scene_add_shot(actor=request.user, scene=scene, shot=shot)
        return Response(ENTITY_WIRE.instance(shot), status=status.HTTP_201_CREATED)


class SceneShotView(APIView):
    def delete(self, request: Request, entity_id: str, shot_id: str) -> Response:
        scene = get_entity(entity_id, "Scene")
        check_manager_project_access(request.user, scene.project_id)
        shot = get_entity(shot_id, "Shot")
        scene_remove_shot(actor=request.user, scene=scene, shot=shot)
        return Response(status=status.HTTP_204_NO_CONTENT)

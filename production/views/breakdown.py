"""Assets, concepts and the generic `/data/entities` resource.

Each view checks who may call it, reads its input, calls one service or selector and answers
the reference's status code and body.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import filter_queryset, parse_list_query
from kitsu_site.api.renderers import rendered_json
from kitsu_site.api.viewsets import ZouModelViewSet, parse_instance_id
from people.models import Role
from production.models import Entity, EntityType
from production.permissions import (
    check_entity_access,
    check_manager_project_access,
    check_not_vendor,
    check_not_vendor_or_client,
    check_project_access,
    scope_entities,
)
from production.selectors import assets as selectors
from production.selectors.with_tasks import entities_with_tasks
from production.serializers import ENTITY_WIRE, EntitySerializer
from production.serializers import breakdown as inputs
from production.services import assets as services
from production.services.entities import entity_created, entity_delete, entity_update
from production.views.common import entity_deleted, entity_or_404, found, load_project


# -- lookups ---------------------------------------------------------------------------------------
def load_entity(entity_id: str, queryset: models.QuerySet[Entity] | None = None) -> Entity:
    """Here a malformed id is a 400, as in the reference's breakdown routes."""
    queryset = Entity.objects.all() if queryset is None else queryset
    return entity_or_404(queryset, parse_instance_id(entity_id))


def get_asset_type(asset_type_id: str) -> EntityType:
    asset_types = EntityType.objects.exclude(name__in=EntityType.TEMPORAL_NAMES)
    return found(asset_types, parse_instance_id(asset_type_id))


def filtered(request: Request, queryset: models.QuerySet[Entity]) -> models.QuerySet[Entity]:
    """The reference's criteria from the query string (column filters; paging is ignored)."""
    query = parse_list_query(request.query_params, Entity)
    return filter_queryset(queryset, query)


def entity_rows(queryset: models.QuerySet[Entity]) -> list[dict[str, Any]]:
    return ENTITY_WIRE.rows(queryset.order_by("created_at", "id"))


# -- assets ----------------------------------------------------------------------------------------
class AssetListView(APIView):
    """GET /data/assets and /data/assets/all: the assets of the caller's open projects."""

    def get(self, request: Request) -> Response:
        queryset = selectors.visible_entities(request.user, Entity.objects.assets())
        return Response(entity_rows(filtered(request, queryset)))


class AssetView(APIView):
    def get(self, request: Request, asset_id: str) -> Response:
        asset = load_entity(asset_id, Entity.objects.assets())
        check_entity_access(request.user, asset)
        return Response(selectors.asset_detail(asset=asset, person=request.user))

    def delete(self, request: Request, asset_id: str) -> Response:
        asset = load_entity(asset_id, Entity.objects.assets())
        return entity_deleted(request, asset)


class AssetsWithTasksView(APIView):
    """GET /data/assets/with-tasks?project_id=&episode_id=&asset_type_id="""

    def get(self, request: Request) -> Response:
        queryset = Entity.objects.assets()
        params = request.query_params
        project_id = params.get("project_id")
        if project_id:
            project = load_project(project_id)
            role = check_project_access(request.user, project.pk)
            queryset = selectors.only_assigned(request.user, queryset.filter(project=project), role)
        else:
            queryset = selectors.visible_entities(request.user, queryset)
        if params.get("asset_type_id"):
            queryset = queryset.filter(entity_type_id=parse_instance_id(params["asset_type_id"]))
        if params.get("episode_id"):
            episode_id = parse_instance_id(params["episode_id"])
            queryset = selectors.in_episode(queryset, episode_id)
        queryset = queryset.order_by("entity_type__name", "name")
        return Response(
            rendered_json(lambda: entities_with_tasks(entities=queryset, person=request.user))
        )


class EntityTasksView(APIView):
    """GET /data/{assets,concepts}/<id>/tasks"""

    kind = "asset"
    rows = staticmethod(selectors.entity_task_rows)

    def get(self, request: Request, entity_id: str) -> Response:
        entity = load_entity(entity_id, kind_queryset(self.kind))
        check_entity_access(request.user, entity)
        return Response(self.rows(entity=entity, person=request.user))


class EntityTaskTypesView(EntityTasksView):
    """GET /data/{assets,concepts}/<id>/task-types"""

    rows = staticmethod(selectors.entity_task_type_rows)


def kind_queryset(kind: str) -> models.QuerySet[Entity]:
    if kind == "asset":
        return Entity.objects.assets()
    return Entity.objects.of_type("Concept")


class ProjectAssetsView(APIView):
    """GET /data/projects/<p>/assets and /data/projects/<p>/asset-types/<at>/assets"""

    def get(self, request: Request, project_id: str, asset_type_id: str | None = None) -> Response:
        project = load_project(project_id)
        role = check_project_access(request.user, project.pk)
        queryset = Entity.objects.assets().filter(project=project)
        if asset_type_id is not None:
            queryset = queryset.filter(entity_type=get_asset_type(asset_type_id))
        queryset = selectors.only_assigned(request.user, queryset, role)
        return Response(entity_rows(filtered(request, queryset)))


class AssetCreateView(APIView):
    """POST /data/projects/<p>/asset-types/<at>/assets/new (managers)."""

    def post(self, request: Request, project_id: str, asset_type_id: str) -> Response:
        project = load_project(project_id)
        check_manager_project_access(request.user, project.pk)
        asset_type = get_asset_type(asset_type_id)
        body = body_dict(request)
        asset = services.asset_create(
            actor=request.user,
            project=project,
            asset_type=asset_type,
            name=inputs.required_str(body, "name"),
            description=inputs.optional_str(body, "description", ""),
            data=inputs.optional_dict(body, "data"),
            is_shared=inputs.optional_bool(body, "is_shared", False),
            episode_id=inputs.optional_uuid(body, "episode_id")
            or inputs.optional_uuid(body, "source_id"),
        )
        return Response(ENTITY_WIRE.instance(asset), status=status.HTTP_201_CREATED)


class ShareAssetsView(APIView):
    """POST /actions/assets/share {asset_ids, is_shared=true}: managers of the assets' projects."""

    def post(self, request: Request) -> Response:
        body = body_dict(request)
        asset_ids = inputs.uuid_list(body, "asset_ids")
        is_shared = inputs.optional_bool(body, "is_shared", True)
        assets = list(Entity.objects.assets().filter(id__in=asset_ids).order_by("created_at"))
        for project_id in {asset.project_id for asset in assets}:
            check_manager_project_access(request.user, project_id)
        changed = services.assets_set_shared(actor=request.user, assets=assets, is_shared=is_shared)
        return Response([ENTITY_WIRE.instance(asset) for asset in changed])


class ProjectShareAssetsView(APIView):
    """POST /actions/projects/<p>[/asset-types/<at>]/assets/share {asset_ids?, is_shared=true}"""

    def post(self, request: Request, project_id: str, asset_type_id: str | None = None) -> Response:
        project = load_project(project_id)
        check_manager_project_access(request.user, project.pk)
        body = body_dict(request)
        asset_ids = inputs.uuid_list(body, "asset_ids")
        is_shared = inputs.optional_bool(body, "is_shared", True)
        queryset = Entity.objects.assets().filter(project=project)
        if asset_type_id is not None:
            queryset = queryset.filter(entity_type=get_asset_type(asset_type_id))
        if asset_ids:
            queryset = queryset.filter(id__in=asset_ids)
        assets = list(queryset.order_by("created_at"))
        changed = services.assets_set_shared(actor=request.user, assets=assets, is_shared=is_shared)
        return Response([ENTITY_WIRE.instance(asset) for asset in changed])


class SharedAssetsUsedView(APIView):
    """GET /data/projects/<p>[/episodes/<e>]/assets/shared-used"""

    def get(self, request: Request, project_id: str, episode_id: str | None = None) -> Response:
        project = load_project(project_id)
        check_project_access(request.user, project.pk)
        episode = None
        if episode_id is not None:
            episode = load_entity(episode_id, Entity.objects.of_type("Episode"))
        queryset = selectors.shared_assets_used(
            project_id=project.pk, episode_id=episode.pk if episode else None
        )
        return Response(ENTITY_WIRE.rows(queryset))


# -- concepts --------------------------------------------------------------------------------------
class ConceptListView(APIView):
    """GET /data/concepts"""

    def get(self, request: Request) -> Response:
        if request.user.role == Role.VENDOR:
            raise Forbidden()
        queryset = selectors.visible_entities(request.user, Entity.objects.of_type("Concept"))
        queryset = filtered(request, queryset)
        return Response(selectors.concept_rows(concepts=queryset, with_project_name=True))


class ConceptView(APIView):
    def get(self, request: Request, concept_id: str) -> Response:
        concept = load_entity(concept_id, Entity.objects.of_type("Concept"))
        check_not_vendor(request.user, concept.project_id)
        return Response(selectors.concept_detail(concept=concept, person=request.user))

    def delete(self, request: Request, concept_id: str) -> Response:
        concept = load_entity(concept_id, Entity.objects.of_type("Concept"))
        return entity_deleted(request, concept)


class ConceptsWithTasksView(APIView):
    """GET /data/concepts/with-tasks?project_id="""

    def get(self, request: Request) -> Response:
        queryset = Entity.objects.of_type("Concept")
        project_id = request.query_params.get("project_id")
        if project_id:
            project = load_project(project_id)
            check_not_vendor(request.user, project.pk)
            queryset = queryset.filter(project=project)
        else:
            if request.user.role == Role.VENDOR:
                raise Forbidden()
            queryset = selectors.visible_entities(request.user, queryset)
        return Response(selectors.concepts_with_tasks(concepts=queryset, person=request.user))


class ProjectConceptsView(APIView):
    """GET/POST /data/projects/<p>/concepts; creation is idempotent on the name."""

    def get(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_not_vendor(request.user, project.pk)
        queryset = filtered(request, Entity.objects.of_type("Concept").filter(project=project))
        return Response(selectors.concept_rows(concepts=queryset))

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_not_vendor_or_client(request.user, project.pk)
        body = body_dict(request)
        concept = services.concept_create(
            actor=request.user,
            project=project,
            name=inputs.required_str(body, "name"),
            description=inputs.optional_str(body, "description"),
            data=inputs.optional_dict(body, "data"),
            entity_concept_links=inputs.uuid_list(body, "entity_concept_links"),
        )
        row = ENTITY_WIRE.instance(concept)
        row["entity_concept_links"] = [
            str(pk) for pk in concept.entity_concept_links.values_list("id", flat=True)
        ]
        return Response(row, status=status.HTTP_201_CREATED)


class ProjectConceptFoldersView(APIView):
    """GET/POST /data/projects/<p>/concept-folders"""

    def get(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_not_vendor(request.user, project.pk)
        queryset = Entity.objects.of_type("ConceptFolder").filter(project=project)
        return Response(entity_rows(queryset))

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_not_vendor_or_client(request.user, project.pk)
        body = body_dict(request)
        folder = services.concept_folder_create(
            actor=request.user,
            project=project,
            name=inputs.required_str(body, "name"),
            description=inputs.optional_str(body, "description"),
        )
        return Response(ENTITY_WIRE.instance(folder), status=status.HTTP_201_CREATED)


class ConceptFolderView(APIView):
    """PUT/DELETE /data/concept-folders/<id>"""

    def put(self, request: Request, concept_folder_id: str) -> Response:
        folder = load_entity(concept_folder_id, Entity.objects.of_type("ConceptFolder"))
        check_not_vendor_or_client(request.user, folder.project_id)
        folder = entity_update(
            actor=request.user, entity=folder, fields=body_dict(request), check_access=False
        )
        return Response(ENTITY_WIRE.instance(folder))

    def delete(self, request: Request, concept_folder_id: str) -> Response:
        folder = load_entity(concept_folder_id, Entity.objects.of_type("ConceptFolder"))
        check_not_vendor_or_client(request.user, folder.project_id)
        Entity.objects.filter(parent=folder).update(parent=None)
        entity_delete(actor=request.user, entity=folder, check_access=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MoveConceptsView(APIView):
    """POST /actions/projects/<p>/move-concepts {concept_ids, concept_folder_id?}"""

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_not_vendor_or_client(request.user, project.pk)
        body = body_dict(request)
        concept_ids = inputs.uuid_list(body, "concept_ids", required=True)
        folder_id = inputs.optional_uuid(body, "concept_folder_id")
        folder = None
        if folder_id is not None:
            folder = load_entity(
                str(folder_id), Entity.objects.of_type("ConceptFolder").filter(project=project)
            )
        moved = services.concepts_move(
            actor=request.user, project=project, concept_ids=concept_ids, folder=folder
        )
        return Response(moved)


# -- generic entities ------------------------------------------------------------------------------
class EntityViewSet(ZouModelViewSet):
    """/data/entities: rows typed by kind; writes follow the entity rules of the reference."""

    serializer_class = EntitySerializer
    queryset = Entity.objects.select_related("entity_type", "project")

    def check_read(self, request: Request, instance: Entity | None = None) -> None:
        if instance is not None:
            check_entity_access(request.user, instance)

    def scope_queryset(self, request: Request, queryset: models.QuerySet) -> models.QuerySet:
        return scope_entities(request.user, queryset)

    def check_create(self, request: Request, data: dict[str, Any]) -> None:
        project_id = data.get("project_id")
        if project_id is None:
            if not request.user.is_admin:
                raise Forbidden()
            return
        check_manager_project_access(request.user, parse_instance_id(project_id))

    def retrieve(self, request: Request, instance_id: str) -> Response:
        entity = self.get_instance(request, instance_id)
        self.check_read(request, entity)
        return Response(selectors.entity_with_relations(entity))

    def update(self, request: Request, instance_id: str) -> Response:
        entity = self.get_instance(request, instance_id)
        entity = entity_update(actor=request.user, entity=entity, fields=self.request_body(request))
        return Response(selectors.entity_with_relations(entity))

    def destroy(self, request: Request, instance_id: str) -> Response:
        entity = self.get_instance(request, instance_id)
        return entity_deleted(request, entity)

    def perform_create(self, serializer: EntitySerializer) -> Entity:
        entity = serializer.save(created_by=self.request.user)
        entity = Entity.objects.select_related("entity_type").get(pk=entity.pk)
        entity_created(actor=self.request.user, entity=entity)
        return entity


class EntityTasksCreateView(APIView):
    """POST /data/entities/<id>/tasks {task_type_ids?}: managers of the entity's project."""

    def post(self, request: Request, entity_id: str) -> Response:
        entity = load_entity(entity_id)
        check_manager_project_access(request.user, entity.project_id)
        body = body_dict(request)
        tasks = services.entity_tasks_create(
            actor=request.user, entity=entity, task_type_ids=inputs.uuid_list(body, "task_type_ids")
        )
        return Response(inputs.created_task_rows(tasks), status=status.HTTP_201_CREATED)


class EntitiesLinkedWithTasksView(APIView):
    """GET /data/entities/<id>/entities-linked/with-tasks: the assets cast in the entity."""

    def get(self, request: Request, entity_id: str) -> Response:
        entity = load_entity(entity_id)
        check_entity_access(request.user, entity)
        linked = Entity.objects.filter(links_in__entity_in=entity).order_by("name")
        return Response(entities_with_tasks(entities=linked, person=request.user))


class DeleteEntitiesView(APIView):
    """POST /actions/projects/<p>/delete-entities [ids]: managers; answers the ids handled."""

    def post(self, request: Request, project_id: str) -> Response:
        project = load_project(project_id)
        check_manager_project_access(request.user, project.pk)
        entity_ids = inputs.id_array(request.data)
        done = services.entities_delete(actor=request.user, project=project, entity_ids=entity_ids)
        return Response(done)

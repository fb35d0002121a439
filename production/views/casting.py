"""Casting routes: what shots, episodes and assets cast, the links themselves, and asset
instances placed in scenes, shots and assets."""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.conf import settings
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kitsu_site.api.errors import Forbidden, WrongParameter
from kitsu_site.api.inputs import body_dict
from kitsu_site.api.listing import parse_int
from kitsu_site.api.renderers import rendered_json
from kitsu_site.api.viewsets import ZouModelViewSet, require_admin
from kitsu_site.api.wire import WireFormat
from people.models import Person
from production.models import AssetInstance, Entity, EntityLink, EntityType
from production.permissions import (
    check_manager_project_access,
    check_not_vendor,
    check_not_vendor_or_client,
    check_project_access,
)
from production.selectors import casting as selectors
from production.serializers import ENTITY_WIRE
from production.serializers.casting import (
    ASSET_INSTANCE_WIRE,
    AssetInstanceSerializer,
    EntityLinkSerializer,
    asset_casting_input,
    lax_cast_items,
    strict_cast_items,
)
from production.services import casting as services
from production.views.common import found, get_entity, path_id

ENTITY_LINK_WIRE: WireFormat = EntityLinkSerializer.wire


# -- lookups and rules --------------------------------------------------------------------------


def entity_in_project(entity: Entity, project_id: uuid.UUID) -> Entity:
    if entity.project_id != project_id:
        raise Forbidden()
    return entity


def casting_entity(raw_id: str, project_id: uuid.UUID) -> Entity:
    """The entity of the project whose casting is written, with its type: a casting write
    reads nothing else of it (not its project, a wide row)."""
    entity = found(Entity.objects.select_related("entity_type"), path_id(raw_id))
    return entity_in_project(entity, project_id)


def instance_groups(queryset, key: str) -> dict[str, list[dict[str, Any]]]:
    return selectors.group_instances(ASSET_INSTANCE_WIRE.rows(queryset), key)


def team_entity(person: Person, raw_id: str, kind: str) -> Entity:
    """The entity, for the writes its whole project team may make."""
    entity = get_entity(raw_id, kind=kind)
    check_project_access(person, entity.project_id)
    return entity


class OneEntityView(APIView):
    """Routes about one entity of `kind`, named by the path's `lookup`. GET answers
    `answer(entity)` to those `check_read` lets in (the team, vendors excepted, by default)."""

    kind = "asset"
    lookup = "asset_id"

    def check_read(self, person: Person, project_id: Any) -> None:
        check_not_vendor(person, project_id)

    def get(self, request: Request, **kwargs: str) -> Response:
        entity = get_entity(kwargs[self.lookup], kind=self.kind)
        self.check_read(request.user, entity.project_id)
        return Response(self.answer(entity))

    def answer(self, entity: Entity) -> Any:
        raise NotImplementedError


class TeamReadView(OneEntityView):
    """The whole team reads these, vendors included."""

    def check_read(self, person: Person, project_id: Any) -> None:
        check_project_access(person, project_id)


# -- generic resources ---------------------------------------------------------------------------


class EntityLinkViewSet(ZouModelViewSet):
    """`/data/entity-links`: admin only, as every generic resource by default."""

    queryset = EntityLink.objects.all()
    serializer_class = EntityLinkSerializer


class AssetInstanceViewSet(ZouModelViewSet):
    """`/data/asset-instances`: one instance is readable by its project's team (not vendors)
    and editable by its studio members; listing, creating and deleting are for admins."""

    queryset = AssetInstance.objects.select_related("asset")
    serializer_class = AssetInstanceSerializer

    def check_read(self, request: Request, instance: AssetInstance | None = None) -> None:
        if instance is None:
            require_admin(request)
        else:
            check_not_vendor(request.user, instance.asset.project_id)

    def check_update(self, request: Request, instance: AssetInstance, data: dict) -> None:
        check_not_vendor_or_client(request.user, instance.asset.project_id)


# -- casting -------------------------------------------------------------------------------------


class EntityCastingView(APIView):
    """`/data/projects/<project_id>/entities/<entity_id>/casting`."""

    def get(self, request: Request, project_id: str, entity_id: str) -> Response:
        entity = entity_in_project(get_entity(entity_id), path_id(project_id))
        check_not_vendor(request.user, entity.project_id)
        return Response(selectors.casting_for_entity(entity_id=entity.id))

    def put(self, request: Request, project_id: str, entity_id: str) -> Response:
        entity = casting_entity(entity_id, path_id(project_id))
        check_manager_project_access(request.user, entity.project_id)
        items = lax_cast_items(request.data)
        services.casting_replace(entity=entity, items=items, user_id=request.user.pk)
        return Response(request.data)


class EntitiesCastingView(APIView):
    """`PUT /data/projects/<project_id>/entities/casting`: several castings at once."""

    def put(self, request: Request, project_id: str) -> Response:
        project_uuid = path_id(project_id)
        check_manager_project_access(request.user, project_uuid)
        data = body_dict(request)
        castings = []
        for entity_id, casting in data.items():
            castings.append((casting_entity(entity_id, project_uuid), lax_cast_items(casting)))
        for entity, items in castings:
            services.casting_replace(entity=entity, items=items, user_id=request.user.pk)
        return Response(data)


class EntitiesAssetCastingView(APIView):
    """`PUT /data/projects/<project_id>/entities/casting/assets/<asset_id>`: cast one asset in
    several entities without touching the rest of their casting."""

    def put(self, request: Request, project_id: str, asset_id: str) -> Response:
        values = asset_casting_input(request.data)
        project_uuid = path_id(project_id)
        check_manager_project_access(request.user, project_uuid)
        asset = get_entity(asset_id, kind="asset")
        if not services.castable_assets([asset.id], project_id=project_uuid):
            raise Forbidden()
        entities = [
            entity_in_project(get_entity(entity_id), project_uuid)
            for entity_id in dict.fromkeys(values["entity_ids"])
        ]
        services.casting_add_asset(
            entities=entities,
            asset_id=asset.id,
            nb_occurences=values["nb_occurences"],
            label=values["label"],
            user_id=request.user.pk,
        )
        return Response(
            {
                str(entity.id): selectors.casting_for_entity(entity_id=entity.id)
                for entity in entities
            }
        )


class AssetCastingView(OneEntityView):
    """`/data/assets/<asset_id>/casting`: what an asset casts (a set and its props)."""

    def answer(self, entity: Entity) -> Any:
        return selectors.casting_for_entity(entity_id=entity.id)

    def put(self, request: Request, asset_id: str) -> Response:
        asset = get_entity(asset_id, kind=self.kind)
        check_manager_project_access(request.user, asset.project_id)
        items = strict_cast_items(request.data)
        services.casting_replace(entity=asset, items=items, user_id=request.user.pk)
        return Response(
            [
                {"asset_id": str(item.asset_id), "nb_occurences": item.nb_occurences}
                | {"label": item.label}
                for item in items
            ]
        )


class AssetCastInView(OneEntityView):
    def answer(self, entity: Entity) -> Any:
        return selectors.cast_in(asset_id=entity.id)


class AssetAssetsView(OneEntityView):
    """`GET /data/assets/<asset_id>/assets`: the assets an asset casts, in full."""

    def answer(self, entity: Entity) -> Any:
        assets = Entity.objects.filter(links_in__entity_in=entity).order_by("name", "id")
        return ENTITY_WIRE.rows(assets)


class SequenceCastingView(APIView):
    def get(self, request: Request, project_id: str, sequence_id: str) -> Response:
        project_uuid = path_id(project_id)
        sequence = get_entity(sequence_id, kind="Sequence")
        check_not_vendor(request.user, project_uuid)
        return Response(
            selectors.casting_for_sequence(project_id=project_uuid, sequence_id=sequence.id)
        )


class SequencesAllCastingView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project_uuid = path_id(project_id)
        check_not_vendor(request.user, project_uuid)
        return Response(
            rendered_json(lambda: selectors.casting_for_all_sequences(project_id=project_uuid))
        )


class EpisodeSequencesAllCastingView(APIView):
    def get(self, request: Request, project_id: str, episode_id: str) -> Response:
        project_uuid = path_id(project_id)
        check_not_vendor(request.user, project_uuid)
        episode_uuid = path_id(episode_id)
        return Response(
            rendered_json(
                lambda: selectors.casting_for_all_sequences(
                    project_id=project_uuid, episode_id=episode_uuid
                )
            )
        )


class EpisodesCastingView(APIView):
    def get(self, request: Request, project_id: str) -> Response:
        project_uuid = path_id(project_id)
        check_not_vendor(request.user, project_uuid)
        return Response(selectors.casting_for_episodes(project_id=project_uuid))


class AssetTypeCastingView(APIView):
    def get(self, request: Request, project_id: str, asset_type_id: str) -> Response:
        project_uuid = path_id(project_id)
        asset_type = found(EntityType.objects.all(), path_id(asset_type_id))
        check_not_vendor(request.user, project_uuid)
        return Response(
            selectors.casting_for_asset_type(project_id=project_uuid, asset_type_id=asset_type.id)
        )


# -- project links -------------------------------------------------------------------------------


class ProjectEntityLinksView(APIView):
    """`GET /data/projects/<project_id>/entity-links`, paginated when a page is asked for."""

    def get(self, request: Request, project_id: str) -> Response:
        project_uuid = path_id(project_id)
        check_manager_project_access(request.user, project_uuid)
        page = parse_int(request.query_params, "page", -1)
        limit = parse_int(request.query_params, "limit", 0) or settings.NB_RECORDS_PER_PAGE
        if limit < 0:
            raise WrongParameter("limit must be a positive integer.")
        if page < 0:
            return Response(selectors.project_entity_link_rows(project_id=project_uuid))
        links = selectors.project_entity_links(project_id=project_uuid)
        total = links.count()
        offset = (page - 1) * limit
        rows = (
            ENTITY_LINK_WIRE.rows(links[offset : offset + limit])
            if page >= 1 and offset < total
            else []
        )
        return Response(
            {
                "data": rows,
                "total": total,
                "nb_pages": math.ceil(total / limit),
                "limit": limit,
                "offset": offset,
                "page": page,
            }
        )


class ProjectEntityLinkView(APIView):
    def delete(self, request: Request, project_id: str, entity_link_id: str) -> Response:
        project_uuid = path_id(project_id)
        check_manager_project_access(request.user, project_uuid)
        links = EntityLink.objects.select_related(
            "entity_in__entity_type", "entity_in__project"
        ).filter(entity_in__project_id=project_uuid)
        link = found(links, path_id(entity_link_id))
        body = ENTITY_LINK_WIRE.instance(link)
        services.entity_link_delete(link=link, user_id=request.user.pk)
        return Response(body)


# -- asset instances -----------------------------------------------------------------------------


def posted_id(data: dict[str, Any], key: str) -> uuid.UUID:
    value = data.get(key)
    if value is None:
        raise WrongParameter(f"{key} is required.")
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise WrongParameter("Malformed ID.") from None


class ShotAssetInstancesView(OneEntityView):
    """`/data/shots/<shot_id>/asset-instances`: instances appearing in a shot, by asset."""

    kind, lookup = "Shot", "shot_id"

    def answer(self, entity: Entity) -> Any:
        instances = AssetInstance.objects.filter(shots=entity).order_by("asset__name", "number")
        return instance_groups(instances, "asset_id")

    def post(self, request: Request, shot_id: str) -> Response:
        shot = team_entity(request.user, shot_id, self.kind)
        instance_id = posted_id(body_dict(request), "asset_instance_id")
        instance = found(AssetInstance.objects.all(), instance_id)
        shot = services.asset_instance_add_to_shot(
            shot=shot, instance=instance, user_id=request.user.pk
        )
        # The reference answers with the raw entity, typed "Entity".
        return Response(
            {**ENTITY_WIRE.instance(shot), "type": "Entity"}, status=status.HTTP_201_CREATED
        )


class ShotAssetInstanceView(APIView):
    def delete(self, request: Request, shot_id: str, asset_instance_id: str) -> Response:
        shot = team_entity(request.user, shot_id, "Shot")
        services.asset_instance_remove_from_shot(
            shot=shot, instance_id=path_id(asset_instance_id), user_id=request.user.pk
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class SceneAssetInstancesView(OneEntityView):
    """`/data/scenes/<scene_id>/asset-instances`: instances placed in a scene, by asset."""

    kind, lookup = "Scene", "scene_id"

    def answer(self, entity: Entity) -> Any:
        return instance_groups(selectors.instances_in_scene(scene_id=entity.id), "asset_id")

    def post(self, request: Request, scene_id: str) -> Response:
        scene = team_entity(request.user, scene_id, self.kind)
        data = body_dict(request)
        asset = get_asset_from_body(data, "asset_id")
        instance = services.asset_instance_create_in_scene(
            scene=scene,
            asset=asset,
            description=data.get("description"),
            user_id=request.user.pk,
        )
        return Response(ASSET_INSTANCE_WIRE.instance(instance), status=status.HTTP_201_CREATED)


class SceneCameraInstancesView(OneEntityView):
    kind, lookup = "Scene", "scene_id"

    def answer(self, entity: Entity) -> Any:
        instances = selectors.instances_in_scene(scene_id=entity.id, camera=True)
        return instance_groups(instances, "asset_id")


def get_asset_from_body(data: dict[str, Any], key: str) -> Entity:
    return found(Entity.objects.assets(), posted_id(data, key))


class AssetAssetInstancesView(TeamReadView):
    """`/data/assets/<asset_id>/asset-asset-instances`: instances placed inside an asset."""

    def answer(self, entity: Entity) -> Any:
        instances = AssetInstance.objects.filter(target_asset=entity).order_by(
            "asset__name", "number"
        )
        return instance_groups(instances, "asset_id")

    def post(self, request: Request, asset_id: str) -> Response:
        target = team_entity(request.user, asset_id, self.kind)
        data = body_dict(request)
        asset = get_asset_from_body(data, "asset_to_instantiate_id")
        instance = services.asset_instance_create_in_asset(
            target=target,
            asset=asset,
            description=data.get("description"),
            user_id=request.user.pk,
        )
        return Response(ASSET_INSTANCE_WIRE.instance(instance), status=status.HTTP_201_CREATED)


class AssetSceneAssetInstancesView(TeamReadView):
    """The instances of an asset placed in scenes, keyed by scene."""

    def answer(self, entity: Entity) -> Any:
        instances = AssetInstance.objects.filter(asset=entity, scene__isnull=False).order_by(
            "number"
        )
        return instance_groups(instances, "scene_id")


class AssetShotAssetInstancesView(TeamReadView):
    """The instances of an asset appearing in shots, keyed by shot."""

    def answer(self, entity: Entity) -> Any:
        through = Entity.instance_casting.through
        pairs = list(
            through.objects.filter(assetinstance__asset=entity)
            .order_by("entity__name", "assetinstance__number")
            .values_list("entity_id", "assetinstance_id")
        )
        rows = {
            row["id"]: row
            for row in ASSET_INSTANCE_WIRE.rows(
                AssetInstance.objects.filter(pk__in={pk for _, pk in pairs})
            )
        }
        grouped: dict[str, list[dict[str, Any]]] = {}
        for shot_id, instance_id in pairs:
            grouped.setdefault(str(shot_id), []).append(rows[str(instance_id)])
        return grouped

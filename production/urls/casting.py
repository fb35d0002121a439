"""casting routes."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import casting as views

router = ZouRouter()
router.register("data/entity-links", views.EntityLinkViewSet, basename="entity-link")
router.register("data/asset-instances", views.AssetInstanceViewSet, basename="asset-instance")

PROJECT = "data/projects/<project_id>"


urlpatterns: list = [
    route(f"{PROJECT}/entities/casting", views.EntitiesCastingView),
    route(
        f"{PROJECT}/entities/casting/assets/<asset_id>",
        views.EntitiesAssetCastingView,
    ),
    route(f"{PROJECT}/entities/<entity_id>/casting", views.EntityCastingView),
    route(f"{PROJECT}/sequences/all/casting", views.SequencesAllCastingView),
    route(f"{PROJECT}/sequences/<sequence_id>/casting", views.SequenceCastingView),
    route(
        f"{PROJECT}/episodes/<episode_id>/sequences/all/casting",
        views.EpisodeSequencesAllCastingView,
    ),
    route(f"{PROJECT}/episodes/casting", views.EpisodesCastingView),
    route(
        f"{PROJECT}/asset-types/<asset_type_id>/casting",
        views.AssetTypeCastingView,
    ),
    route(f"{PROJECT}/entity-links", views.ProjectEntityLinksView),
    route(
        f"{PROJECT}/entity-links/<entity_link_id>",
        views.ProjectEntityLinkView,
    ),
    route("data/assets/<asset_id>/casting", views.AssetCastingView),
    route("data/assets/<asset_id>/cast-in", views.AssetCastInView),
    route("data/assets/<asset_id>/assets", views.AssetAssetsView),
    route(
        "data/assets/<asset_id>/asset-asset-instances",
        views.AssetAssetInstancesView,
    ),
    route(
        "data/assets/<asset_id>/scene-asset-instances",
        views.AssetSceneAssetInstancesView,
    ),
    route(
        "data/assets/<asset_id>/shot-asset-instances",
        views.AssetShotAssetInstancesView,
    ),
    route("data/shots/<shot_id>/asset-instances", views.ShotAssetInstancesView),
    route(
        "data/shots/<shot_id>/asset-instances/<asset_instance_id>",
        views.ShotAssetInstanceView,
    ),
    route("data/scenes/<scene_id>/asset-instances", views.SceneAssetInstancesView),
    route("data/scenes/<scene_id>/camera-instances", views.SceneCameraInstancesView),
    *router.urls,
]

"""casting routes."""

import re

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from production.views import casting as views

router = ZouRouter()
router.register("data/entity-links", views.EntityLinkViewSet, basename="entity-link")
router.register("data/asset-instances", views.AssetInstanceViewSet, basename="asset-instance")

PROJECT = "data/projects/<str:project_id>"


def path(pattern: str, view):
    """A reference path, with or without a trailing slash; `<str:name>` is one segment."""
    regex = re.sub(r"<str:(\w+)>", r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view)


urlpatterns: list = [
    path(f"{PROJECT}/entities/casting", views.EntitiesCastingView.as_view()),
    path(
        f"{PROJECT}/entities/casting/assets/<str:asset_id>",
        views.EntitiesAssetCastingView.as_view(),
    ),
    path(f"{PROJECT}/entities/<str:entity_id>/casting", views.EntityCastingView.as_view()),
    path(f"{PROJECT}/sequences/all/casting", views.SequencesAllCastingView.as_view()),
    path(f"{PROJECT}/sequences/<str:sequence_id>/casting", views.SequenceCastingView.as_view()),
    path(
        f"{PROJECT}/episodes/<str:episode_id>/sequences/all/casting",
        views.EpisodeSequencesAllCastingView.as_view(),
    ),
    path(f"{PROJECT}/episodes/casting", views.EpisodesCastingView.as_view()),
    path(
        f"{PROJECT}/asset-types/<str:asset_type_id>/casting",
        views.AssetTypeCastingView.as_view(),
    ),
    path(f"{PROJECT}/entity-links", views.ProjectEntityLinksView.as_view()),
    path(
        f"{PROJECT}/entity-links/<str:entity_link_id>",
        views.ProjectEntityLinkView.as_view(),
    ),
    path("data/assets/<str:asset_id>/casting", views.AssetCastingView.as_view()),
    path("data/assets/<str:asset_id>/cast-in", views.AssetCastInView.as_view()),
    path("data/assets/<str:asset_id>/assets", views.AssetAssetsView.as_view()),
    path(
        "data/assets/<str:asset_id>/asset-asset-instances",
        views.AssetAssetInstancesView.as_view(),
    ),
    path(
        "data/assets/<str:asset_id>/scene-asset-instances",
        views.AssetSceneAssetInstancesView.as_view(),
    ),
    path(
        "data/assets/<str:asset_id>/shot-asset-instances",
        views.AssetShotAssetInstancesView.as_view(),
    ),
    path("data/shots/<str:shot_id>/asset-instances", views.ShotAssetInstancesView.as_view()),
    path(
        "data/shots/<str:shot_id>/asset-instances/<str:asset_instance_id>",
        views.ShotAssetInstanceView.as_view(),
    ),
    path("data/scenes/<str:scene_id>/asset-instances", views.SceneAssetInstancesView.as_view()),
    path("data/scenes/<str:scene_id>/camera-instances", views.SceneCameraInstancesView.as_view()),
    *router.urls,
]

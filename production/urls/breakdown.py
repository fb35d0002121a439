"""Asset, concept and generic entity routes."""

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from production.views import breakdown as views

ID = "[^/]+"


def route(pattern: str, view):
    """A reference path, answered with or without a trailing slash."""
    return re_path(rf"^{pattern}/?$", view)


router = ZouRouter()
router.register("data/entities", views.EntityViewSet, basename="entity")

urlpatterns = [
    # assets
    route("data/assets", views.AssetListView.as_view()),
    route("data/assets/all", views.AssetListView.as_view()),
    route("data/assets/with-tasks", views.AssetsWithTasksView.as_view()),
    route(f"data/assets/(?P<asset_id>{ID})", views.AssetView.as_view()),
    route(
        f"data/assets/(?P<entity_id>{ID})/task-types",
        views.EntityTaskTypesView.as_view(kind="asset"),
    ),
    route(f"data/assets/(?P<entity_id>{ID})/tasks", views.EntityTasksView.as_view(kind="asset")),
    route(f"data/projects/(?P<project_id>{ID})/assets", views.ProjectAssetsView.as_view()),
    route(
        f"data/projects/(?P<project_id>{ID})/asset-types/(?P<asset_type_id>{ID})/assets",
        views.ProjectAssetsView.as_view(),
    ),
    route(
        f"data/projects/(?P<project_id>{ID})/asset-types/(?P<asset_type_id>{ID})/assets/new",
        views.AssetCreateView.as_view(),
    ),
    route("actions/assets/share", views.ShareAssetsView.as_view()),
    route(
        f"actions/projects/(?P<project_id>{ID})/assets/share",
        views.ProjectShareAssetsView.as_view(),
    ),
    route(
        f"actions/projects/(?P<project_id>{ID})/asset-types/(?P<asset_type_id>{ID})/assets/share",
        views.ProjectShareAssetsView.as_view(),
    ),
    route(
        f"data/projects/(?P<project_id>{ID})/assets/shared-used",
        views.SharedAssetsUsedView.as_view(),
    ),
    route(
        f"data/projects/(?P<project_id>{ID})/episodes/(?P<episode_id>{ID})/assets/shared-used",
        views.SharedAssetsUsedView.as_view(),
    ),
    # concepts
    route("data/concepts", views.ConceptListView.as_view()),
    route("data/concepts/with-tasks", views.ConceptsWithTasksView.as_view()),
    route(f"data/concepts/(?P<concept_id>{ID})", views.ConceptView.as_view()),
    route(
        f"data/concepts/(?P<entity_id>{ID})/task-types",
        views.EntityTaskTypesView.as_view(kind="concept"),
    ),
    route(
        f"data/concepts/(?P<entity_id>{ID})/tasks", views.EntityTasksView.as_view(kind="concept")
    ),
    route(f"data/projects/(?P<project_id>{ID})/concepts", views.ProjectConceptsView.as_view()),
    route(
        f"data/projects/(?P<project_id>{ID})/concept-folders",
        views.ProjectConceptFoldersView.as_view(),
    ),
    route(f"data/concept-folders/(?P<concept_folder_id>{ID})", views.ConceptFolderView.as_view()),
    route(f"actions/projects/(?P<project_id>{ID})/move-concepts", views.MoveConceptsView.as_view()),
    # entities
    route(f"data/entities/(?P<entity_id>{ID})/tasks", views.EntityTasksCreateView.as_view()),
    route(
        f"data/entities/(?P<entity_id>{ID})/entities-linked/with-tasks",
        views.EntitiesLinkedWithTasksView.as_view(),
    ),
    route(
        f"actions/projects/(?P<project_id>{ID})/delete-entities",
        views.DeleteEntitiesView.as_view(),
    ),
    *router.urls,
]

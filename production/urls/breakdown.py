"""Asset, concept and generic entity routes."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import breakdown as views
from production.views import previews_of

router = ZouRouter()
router.register("data/entities", views.EntityViewSet, basename="entity")

urlpatterns = [
    # assets
    route("data/assets", views.AssetListView),
    route("data/assets/all", views.AssetListView),
    route("data/assets/with-tasks", views.AssetsWithTasksView),
    route("data/assets/<asset_id>", views.AssetView),
    route(
        "data/assets/<entity_id>/task-types",
        views.EntityTaskTypesView,
        kind="asset",
    ),
    route("data/assets/<entity_id>/tasks", views.EntityTasksView, kind="asset"),
    route("data/projects/<project_id>/assets", views.ProjectAssetsView),
    route(
        "data/projects/<project_id>/asset-types/<asset_type_id>/assets",
        views.ProjectAssetsView,
    ),
    route(
        "data/projects/<project_id>/asset-types/<asset_type_id>/assets/new",
        views.AssetCreateView,
    ),
    route("actions/assets/share", views.ShareAssetsView),
    route(
        "actions/projects/<project_id>/assets/share",
        views.ProjectShareAssetsView,
    ),
    route(
        "actions/projects/<project_id>/asset-types/<asset_type_id>/assets/share",
        views.ProjectShareAssetsView,
    ),
    route(
        "data/projects/<project_id>/assets/shared-used",
        views.SharedAssetsUsedView,
    ),
    route(
        "data/projects/<project_id>/episodes/<episode_id>/assets/shared-used",
        views.SharedAssetsUsedView,
    ),
    # concepts
    route("data/concepts", views.ConceptListView),
    route("data/concepts/with-tasks", views.ConceptsWithTasksView),
    route("data/concepts/<concept_id>", views.ConceptView),
    route(
        "data/concepts/<entity_id>/task-types",
        views.EntityTaskTypesView,
        kind="concept",
    ),
    route("data/concepts/<entity_id>/tasks", views.EntityTasksView, kind="concept"),
    route("data/projects/<project_id>/concepts", views.ProjectConceptsView),
    route(
        "data/projects/<project_id>/concept-folders",
        views.ProjectConceptFoldersView,
    ),
    route("data/concept-folders/<concept_folder_id>", views.ConceptFolderView),
    route("actions/projects/<project_id>/move-concepts", views.MoveConceptsView),
    route(
        "data/concepts/<entity_id>/preview-files",
        previews_of.PreviewsByTaskTypeView,
        kind="Concept",
    ),
    # entities
    route("data/entities/<entity_id>/tasks", views.EntityTasksCreateView),
    route("data/entities/<entity_id>/preview-files", previews_of.EntityPreviewFilesView),
    route("data/entities/<entity_id>/news", previews_of.EntityNewsView),
    route("data/entities/<entity_id>/time-spents", previews_of.EntityTimeSpentsView),
    route("data/tasks/<task_id>/previews", previews_of.TaskPreviewsView),
    route(
        "data/entities/<entity_id>/entities-linked/with-tasks",
        views.EntitiesLinkedWithTasksView,
    ),
    route(
        "actions/projects/<project_id>/delete-entities",
        views.DeleteEntitiesView,
    ),
    *router.urls,
]

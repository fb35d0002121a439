"""Routes of the studio-wide production settings and of a project's pipeline order."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import config as views

router = ZouRouter()
router.register("data/task-types", views.TaskTypeViewSet, basename="task-type")
router.register("data/task-status", views.TaskStatusViewSet, basename="task-status")
router.register("data/entity-types", views.EntityTypeViewSet, basename="entity-type")
router.register("data/project-status", views.ProjectStatusViewSet, basename="project-status")
router.register(
    "data/status-automations", views.StatusAutomationViewSet, basename="status-automation"
)
router.register("data/custom-actions", views.CustomActionViewSet, basename="custom-action")
router.register(
    "data/preview-background-files",
    views.PreviewBackgroundFileViewSet,
    basename="preview-background-file",
)

PROJECT = "<project_id>"

urlpatterns = [
    route("data/asset-types", views.AssetTypesView),
    route("data/asset-types/<asset_type_id>", views.AssetTypeView),
    route("data/task-type-links", views.ProjectTaskTypeLinksView),
    route("data/task-status-links", views.ProjectTaskStatusLinksView),
    route("actions/task-types/reorder", views.TaskTypesReorderView),
    route(
        f"actions/projects/{PROJECT}/task-type-links/reorder", views.ProjectTaskTypeLinksReorderView
    ),
    route(
        f"actions/projects/{PROJECT}/task-status-links/reorder",
        views.ProjectTaskStatusLinksReorderView,
    ),
    route(f"data/projects/{PROJECT}/task-types", views.ProjectTaskTypesView),
    route(f"data/projects/{PROJECT}/asset-types", views.ProjectAssetTypesView),
    *router.urls,
]

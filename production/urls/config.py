"""Routes of the studio-wide production settings and of a project's pipeline order."""

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
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

PROJECT = r"(?P<project_id>[^/]+)"

urlpatterns = [
    re_path(r"^data/asset-types/?$", views.AssetTypesView.as_view()),
    re_path(r"^data/asset-types/(?P<asset_type_id>[^/]+)/?$", views.AssetTypeView.as_view()),
    re_path(r"^data/task-type-links/?$", views.ProjectTaskTypeLinksView.as_view()),
    re_path(r"^data/task-status-links/?$", views.ProjectTaskStatusLinksView.as_view()),
    re_path(r"^actions/task-types/reorder/?$", views.TaskTypesReorderView.as_view()),
    re_path(
        rf"^actions/projects/{PROJECT}/task-type-links/reorder/?$",
        views.ProjectTaskTypeLinksReorderView.as_view(),
    ),
    re_path(
        rf"^actions/projects/{PROJECT}/task-status-links/reorder/?$",
        views.ProjectTaskStatusLinksReorderView.as_view(),
    ),
    re_path(rf"^data/projects/{PROJECT}/task-types/?$", views.ProjectTaskTypesView.as_view()),
    re_path(rf"^data/projects/{PROJECT}/asset-types/?$", views.ProjectAssetTypesView.as_view()),
    *router.urls,
]

"""Preview files: the generic resource, annotations, positions and frame extraction."""

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import preview_actions as views

router = ZouRouter()
router.register("data/preview-files", views.PreviewFileViewSet, basename="preview-file")

ACTIONS = r"actions/preview-files/(?P<preview_file_id>[^/]+)"

urlpatterns = [
    route(rf"{ACTIONS}/update-annotations", views.UpdateAnnotationsView),
    route(rf"{ACTIONS}/update-position", views.UpdatePositionView),
    route(rf"{ACTIONS}/extract-frame", views.ExtractFrameView),
    route(rf"{ACTIONS}/extract-tile", views.ExtractTileView),
    route(rf"{ACTIONS}/extract-annotated-frame", views.ExtractAnnotatedFrameView),
    route(rf"{ACTIONS}/extract-annotated-frames", views.ExtractAnnotatedFramesView),
    route(rf"{ACTIONS}/extract-annotated-frames-pdf", views.ExtractAnnotatedFramesPdfView),
    *router.urls,
]

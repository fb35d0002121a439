"""previews routes: main previews, project thumbnails, working files."""

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import previews as views

router = ZouRouter()
router.register("data/working-files", views.WorkingFileViewSet, basename="working-file")


urlpatterns = [
    route(
        r"actions/preview-files/(?P<preview_file_id>[^/]+)/set-main-preview",
        views.SetMainPreviewView,
    ),
    re_path(
        r"^pictures/thumbnails/projects/(?P<instance_id>[^/.]+)(?:\.png)?/?$",
        views.ProjectThumbnailView.as_view(),
    ),
    route(r"data/working-files/(?P<working_file_id>[^/]+)/file", views.WorkingFileFileView),
    *router.urls,
]

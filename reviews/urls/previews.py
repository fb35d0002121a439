"""previews routes: main previews, project thumbnails."""

from django.urls import re_path

from kitsu_site.api.routers import route
from reviews.views import previews as views

urlpatterns = [
    route(
        r"actions/preview-files/(?P<preview_file_id>[^/]+)/set-main-preview",
        views.SetMainPreviewView,
    ),
    re_path(
        r"^pictures/thumbnails/projects/(?P<instance_id>[^/.]+)(?:\.png)?/?$",
        views.ProjectThumbnailView.as_view(),
    ),
]

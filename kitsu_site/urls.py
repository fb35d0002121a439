"""Every API route is served both at the root and under /api/ (deployments use /api)."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerView

from kitsu_site.api import index, static_files

api_patterns = [
    path("", index.IndexView.as_view()),
    path("status", index.StatusView.as_view()),
    path("status.txt", index.TextStatusView.as_view()),
    path("status/influx", index.InfluxStatusView.as_view()),
    path("status/resources", index.ResourcesStatusView.as_view()),
    path("status/test-event", index.TestEventView.as_view()),
    path("config", index.ConfigView.as_view()),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("openapi-raw.json", SpectacularJSONAPIView.as_view()),
    re_path(r"^apidocs(/|/index\.html)?$", SpectacularSwaggerView.as_view(url_name="openapi")),
    path("docs/<path:filename>", static_files.swagger_ui_file),
    path("oauth2-redirect.html", static_files.oauth2_redirect),
    # Literal paths (`data/projects/news`, `data/persons/task-dates`) must come before the
    # `data/<model>/<id>` routes of the apps they would otherwise look like ids to.
    path("", include("reviews.urls")),
    path("", include("production.urls")),
    path("", include("people.urls")),
    path("", include("imports.urls")),
    path("", include("kitsu_site.webhooks.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("static/<path:filename>", static_files.static_file),
    path("api", index.IndexView.as_view()),  # clients probe the host they were given, unslashed
    path("api/", include(api_patterns)),
    path("", include(api_patterns)),
]

handler400 = "kitsu_site.api.fallbacks.bad_request"
handler404 = "kitsu_site.api.fallbacks.not_found"
handler500 = "kitsu_site.api.fallbacks.server_error"

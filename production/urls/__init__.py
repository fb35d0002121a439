"""Production routes, one module per area."""

from production.urls import breakdown, casting, config, projects, temporal

urlpatterns = [
    *config.urlpatterns,
    *projects.urlpatterns,
    *breakdown.urlpatterns,
    *casting.urlpatterns,
    *temporal.urlpatterns,
]

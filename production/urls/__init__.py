"""Production routes, one module per area."""

from production.urls import (
    breakdown,
    casting,
    config,
    planning,
    projects,
    quotas,
    tasks,
    temporal,
    user,
)

urlpatterns = [
    *config.urlpatterns,
    *projects.urlpatterns,
    *quotas.urlpatterns,
    *tasks.urlpatterns,
    *user.urlpatterns,
    *breakdown.urlpatterns,
    *casting.urlpatterns,
    *temporal.urlpatterns,
    *planning.urlpatterns,
]

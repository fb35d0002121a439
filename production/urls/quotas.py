"""quotas routes: the quota tables of a project and the shots a person delivered."""

from kitsu_site.api.routers import route
from production.views import quotas as views

SHOTS = "data/persons/<person_id>/quota-shots"

urlpatterns = [
    route(f"{SHOTS}/day/<year>/<month>/<day>", views.PersonDayQuotaShotsView),
    route(f"{SHOTS}/week/<year>/<week>", views.PersonWeekQuotaShotsView),
    route(f"{SHOTS}/month/<year>/<month>", views.PersonMonthQuotaShotsView),
    route("data/projects/<project_id>/quotas/persons/<person_id>", views.ProjectPersonQuotasView),
    route("data/projects/<project_id>/quotas/<task_type_id>", views.ProjectQuotasView),
]

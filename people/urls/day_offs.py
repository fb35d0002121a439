"""Day off routes: the `/data/day-offs` resource, per person, per period and per project."""

from kitsu_site.api.routers import ZouRouter
from people import views_day_offs as views
from people.urls.time_tables import route

router = ZouRouter()
router.register("data/day-offs", views.DayOffViewSet, basename="day-off")

PERSON = "data/persons/<person_id>/day-offs"

urlpatterns = [
    route("data/persons/day-offs/<year>", views.DayOffsOfPeriodView),
    route("data/persons/day-offs/<year>/<month>", views.DayOffsOfPeriodView),
    route(PERSON, views.PersonDayOffsView),
    route(f"{PERSON}/week/<year>/<week>", views.PersonPeriodDayOffsView, period="week"),
    route(f"{PERSON}/month/<year>/<month>", views.PersonPeriodDayOffsView, period="month"),
    route(f"{PERSON}/year/<year>", views.PersonPeriodDayOffsView, period="year"),
    route(f"{PERSON}/<date>", views.PersonDayOffOnDateView),
    route("data/projects/<project_id>/day-offs", views.ProjectDayOffsView),
    *router.urls,
]

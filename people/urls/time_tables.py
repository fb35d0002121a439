"""Time tables for everyone, and one person's time spents per day and period."""

from kitsu_site.api.routers import route
from people import views_time_spents as views

TABLES = "data/persons/time-spents"
PERSON = "data/persons/<person_id>/time-spents"

urlpatterns = [
    route(f"{TABLES}/year-table", views.TimeTableView, unit="year"),
    route(f"{TABLES}/month-table/<year>", views.TimeTableView, unit="month"),
    route(f"{TABLES}/week-table/<year>", views.TimeTableView, unit="week"),
    route(f"{TABLES}/day-table/<year>/<month>", views.TimeTableView, unit="day"),
    route(PERSON, views.PersonTimeSpentsView),
    route(f"{PERSON}/year/<year>", views.PersonPeriodTimeSpentsView, period="year"),
    route(f"{PERSON}/month/all/<year>/<month>", views.PersonMonthAllTimeSpentsView),
    route(f"{PERSON}/month/<year>/<month>", views.PersonPeriodTimeSpentsView, period="month"),
    route(f"{PERSON}/week/<year>/<week>", views.PersonPeriodTimeSpentsView, period="week"),
    route(f"{PERSON}/day/<year>/<month>/<day>", views.PersonPeriodTimeSpentsView, period="day"),
    route(f"{PERSON}/<date>", views.PersonTimeSpentsView),
]

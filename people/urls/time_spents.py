"""Time spent routes: a task's per person and day, the `/data/time-spents` resource and a
project's."""

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from people import views_time_spents as views
from people.urls.time_tables import route

TASK = r"actions/tasks/(?P<task_id>[^/]+)/time-spents"
PERSON_DAY = rf"{TASK}/(?P<date>[^/]+)/persons/(?P<person_id>[^/]+)"
PROJECT = "data/projects/<project_id>"

router = ZouRouter()
router.register("data/time-spents", views.TimeSpentViewSet, basename="time-spent")

urlpatterns = [
    re_path(rf"^{TASK}/?$", views.TaskTimeSpentsView.as_view()),
    re_path(rf"^{TASK}/(?P<date>[^/]+)/?$", views.TaskTimeSpentsView.as_view()),
    re_path(rf"^{PERSON_DAY}/?$", views.SetTimeSpentView.as_view()),
    re_path(rf"^{PERSON_DAY}/add/?$", views.AddTimeSpentView.as_view()),
    route(f"{PROJECT}/time-spents", views.ProjectTimeSpentsView),
    route(f"{PROJECT}/task-types/<task_type_id>/time-spents", views.ProjectTaskTypeTimeSpentsView),
    *router.urls,
]

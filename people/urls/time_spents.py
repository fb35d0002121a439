"""Time spent routes."""

from django.urls import re_path

from people import views_time_spents as views

TASK = r"actions/tasks/(?P<task_id>[^/]+)/time-spents"
PERSON_DAY = rf"{TASK}/(?P<date>[^/]+)/persons/(?P<person_id>[^/]+)"

urlpatterns = [
    re_path(rf"^{TASK}/?$", views.TaskTimeSpentsView.as_view()),
    re_path(rf"^{TASK}/(?P<date>[^/]+)/?$", views.TaskTimeSpentsView.as_view()),
    re_path(rf"^{PERSON_DAY}/?$", views.SetTimeSpentView.as_view()),
    re_path(rf"^{PERSON_DAY}/add/?$", views.AddTimeSpentView.as_view()),
]

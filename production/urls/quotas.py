"""quotas routes: the quota tables of a project and the shots a person delivered."""

import re

from django.urls import re_path

from production.views import quotas as views


def route(pattern: str, view):
    """`<name>` segments capture one path segment; a trailing slash is optional."""
    regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view())


SHOTS = "data/persons/<person_id>/quota-shots"

urlpatterns = [
    route(f"{SHOTS}/day/<year>/<month>/<day>", views.PersonDayQuotaShotsView),
    route(f"{SHOTS}/week/<year>/<week>", views.PersonWeekQuotaShotsView),
    route(f"{SHOTS}/month/<year>/<month>", views.PersonMonthQuotaShotsView),
    route("data/projects/<project_id>/quotas/persons/<person_id>", views.ProjectPersonQuotasView),
    route("data/projects/<project_id>/quotas/<task_type_id>", views.ProjectQuotasView),
]

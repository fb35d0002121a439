"""Task routes: the `/data/tasks` resource, bulk creation and deletion, assignment, open tasks
and the per-person lists."""

from django.urls import re_path

from kitsu_site.api.routers import ZouRouter
from production.views import tasks as views

ID = "[^/]+"
PROJECT_TYPE = f"actions/projects/(?P<project_id>{ID})/task-types/(?P<task_type_id>{ID})"


def route(pattern: str, view):
    """A reference path, answered with or without a trailing slash."""
    return re_path(rf"^{pattern}/?$", view)


router = ZouRouter()
router.register("data/tasks", views.TaskViewSet, basename="task")

urlpatterns = [
    route("data/tasks/open-tasks", views.OpenTasksView.as_view()),
    route("data/tasks/open-tasks/stats", views.OpenTasksStatsView.as_view()),
    route("data/tasks/open-tasks/burndown", views.OpenTasksBurndownView.as_view()),
    route(f"data/tasks/(?P<task_id>{ID})/full", views.TaskFullView.as_view()),
    route(f"data/projects/(?P<project_id>{ID})/tasks", views.ProjectTasksView.as_view()),
    route(
        f"data/entities/(?P<entity_id>{ID})/task-types/(?P<task_type_id>{ID})/tasks",
        views.EntityTaskTypeTasksView.as_view(),
    ),
    *(
        route(f"{PROJECT_TYPE}/{kind}/create-tasks", views.CreateTasksView.as_view(kind=kind))
        for kind in ("assets", "shots", "edits", "concepts")
    ),
    route(
        f"{PROJECT_TYPE}/create-tasks/(?P<entity_type>{ID})",
        views.CreateEntityTasksView.as_view(),
    ),
    route(f"{PROJECT_TYPE}/delete-tasks", views.DeleteTaskTypeTasksView.as_view()),
    route(f"actions/projects/(?P<project_id>{ID})/delete-tasks", views.DeleteTasksView.as_view()),
    route("actions/tasks/clear-assignation", views.ClearAssignationView.as_view()),
    route("actions/tasks/set-priority", views.SetPriorityView.as_view()),
    route("actions/tasks/set-main-preview", views.TasksMainPreviewView.as_view()),
    route(f"actions/tasks/(?P<task_id>{ID})/assign", views.TaskAssignView.as_view()),
    route(f"actions/tasks/(?P<task_id>{ID})/set-main-preview", views.TaskMainPreviewView.as_view()),
    route(f"actions/persons/(?P<person_id>{ID})/assign", views.PersonAssignView.as_view()),
    route("data/persons/task-dates", views.PersonsTaskDatesView.as_view()),
    route(f"data/persons/(?P<person_id>{ID})/tasks", views.PersonTasksView.as_view()),
    route(
        f"data/persons/(?P<person_id>{ID})/done-tasks",
        views.PersonTasksView.as_view(done=True),
    ),
    route(
        f"data/persons/(?P<person_id>{ID})/related-tasks/(?P<task_type_id>{ID})",
        views.PersonRelatedTasksView.as_view(),
    ),
    *router.urls,
]

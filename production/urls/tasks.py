"""Task routes: the `/data/tasks` resource, bulk creation and deletion, assignment, open tasks
and the per-person lists."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import tasks as views

ID = "[^/]+"
PROJECT_TYPE = f"actions/projects/(?P<project_id>{ID})/task-types/(?P<task_type_id>{ID})"


router = ZouRouter()
router.register("data/tasks", views.TaskViewSet, basename="task")

urlpatterns = [
    route("data/tasks/open-tasks", views.OpenTasksView),
    route("data/tasks/open-tasks/stats", views.OpenTasksStatsView),
    route("data/tasks/open-tasks/burndown", views.OpenTasksBurndownView),
    route(f"data/tasks/(?P<task_id>{ID})/full", views.TaskFullView),
    route(f"data/projects/(?P<project_id>{ID})/tasks", views.ProjectTasksView),
    route(
        f"data/entities/(?P<entity_id>{ID})/task-types/(?P<task_type_id>{ID})/tasks",
        views.EntityTaskTypeTasksView,
    ),
    *(
        route(f"{PROJECT_TYPE}/{kind}/create-tasks", views.CreateTasksView, kind=kind)
        for kind in ("assets", "shots", "edits", "concepts")
    ),
    route(
        f"{PROJECT_TYPE}/create-tasks/(?P<entity_type>{ID})",
        views.CreateEntityTasksView,
    ),
    route(f"{PROJECT_TYPE}/delete-tasks", views.DeleteTaskTypeTasksView),
    route(f"actions/projects/(?P<project_id>{ID})/delete-tasks", views.DeleteTasksView),
    route("actions/tasks/clear-assignation", views.ClearAssignationView),
    route("actions/tasks/set-priority", views.SetPriorityView),
    route("actions/tasks/set-main-preview", views.TasksMainPreviewView),
    route(f"actions/tasks/(?P<task_id>{ID})/assign", views.TaskAssignView),
    route(f"actions/tasks/(?P<task_id>{ID})/set-main-preview", views.TaskMainPreviewView),
    route(f"actions/persons/(?P<person_id>{ID})/assign", views.PersonAssignView),
    route("data/persons/task-dates", views.PersonsTaskDatesView),
    route(f"data/persons/(?P<person_id>{ID})/tasks", views.PersonTasksView),
    route(
        f"data/persons/(?P<person_id>{ID})/done-tasks",
        views.PersonTasksView,
        done=True,
    ),
    route(
        f"data/persons/(?P<person_id>{ID})/related-tasks/(?P<task_type_id>{ID})",
        views.PersonRelatedTasksView,
    ),
    *router.urls,
]

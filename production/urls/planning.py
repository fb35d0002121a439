"""Planning routes: milestones and a project's budgets."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import planning as views

router = ZouRouter()
router.register("data/milestones", views.MilestoneViewSet, basename="milestone")

PROJECT = "data/projects/<project_id>"

urlpatterns = [
    route(f"{PROJECT}/milestones", views.ProjectMilestonesView),
    route(f"{PROJECT}/budgets", views.ProjectBudgetsView),
    route(f"{PROJECT}/budgets/<budget_id>", views.ProjectBudgetView),
    *router.urls,
]

"""Planning routes: schedule items, milestones, production schedule versions, a project's
budgets with their entries and costs."""

from kitsu_site.api.routers import ZouRouter, route
from production.views import budgets, schedules
from production.views import planning as views

router = ZouRouter()
router.register("data/milestones", views.MilestoneViewSet, basename="milestone")
router.register("data/schedule-items", schedules.ScheduleItemViewSet, basename="schedule-item")
router.register(
    "data/production-schedule-versions",
    schedules.ProductionScheduleVersionViewSet,
    basename="production-schedule-version",
)
router.register(
    "data/production-schedule-version-task-links",
    schedules.ProductionScheduleVersionTaskLinkViewSet,
    basename="production-schedule-version-task-link",
)
router.register("data/budgets", budgets.BudgetViewSet, basename="budget")
router.register("data/budget-entries", budgets.BudgetEntryViewSet, basename="budget-entry")

PROJECT = "data/projects/<project_id>"
SCHEDULE = f"{PROJECT}/schedule-items"
BUDGET = f"{PROJECT}/budgets/<budget_id>"
VERSION = "production-schedule-versions/<production_schedule_version_id>"

urlpatterns = [
    route(f"{PROJECT}/milestones", views.ProjectMilestonesView),
    route(SCHEDULE, schedules.ProjectScheduleItemsView),
    route(f"{SCHEDULE}/task-types", schedules.ProjectTaskTypeScheduleItemsView),
    *(
        route(
            f"{SCHEDULE}/<task_type_id>/{kind}", schedules.ProjectObjectScheduleItemsView, kind=kind
        )
        for kind in schedules.OBJECT_KINDS
    ),
    route(f"{PROJECT}/budgets", views.ProjectBudgetsView),
    # Before the budget route, whose id would take `time-spents`.
    route(f"{PROJECT}/budgets/time-spents", budgets.ProjectMonthTimeSpentsView),
    route(BUDGET, views.ProjectBudgetView),
    route(f"{BUDGET}/entries", budgets.BudgetEntriesView),
    route(f"{BUDGET}/entries/<entry_id>", budgets.BudgetEntryView),
    route(f"data/{VERSION}/task-links", schedules.VersionTaskLinksView),
    route(
        f"actions/{VERSION}/set-task-links-from-production",
        schedules.VersionLinksFromProductionView,
    ),
    route(
        f"actions/{VERSION}/set-task-links-from-production-schedule-version",
        schedules.VersionLinksFromVersionView,
    ),
    route(f"actions/{VERSION}/apply-to-production", schedules.VersionApplyView),
    *router.urls,
]

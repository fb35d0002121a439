"""user routes: what the logged-in person works on, their notifications, subscriptions, saved
filters, time and day offs."""

from kitsu_site.api.routers import route
from production.views import user as views

USER = "data/user"
ACTIONS = "actions/user"
SEQUENCE_TYPE = "sequences/<sequence_id>/task-types/<task_type_id>"

urlpatterns = [
    route(f"{USER}/tasks", views.TodosView),
    route(f"{USER}/done-tasks", views.DoneTasksView),
    route(f"{USER}/tasks-to-check", views.TasksToCheckView),
    route(f"{USER}/tasks-to-check/filter-values", views.TasksToCheckFilterValuesView),
    route(f"{USER}/context", views.ContextView),
    route(f"{USER}/projects/open", views.OpenProjectsView),
    route(f"{USER}/projects/<project_id>/asset-types", views.ProjectAssetTypesView),
    route(
        f"{USER}/projects/<project_id>/asset-types/<asset_type_id>/assets",
        views.AssetTypeAssetsView,
    ),
    route(f"{USER}/projects/<project_id>/episodes", views.ProjectEpisodesView),
    route(f"{USER}/projects/<project_id>/sequences", views.ProjectSequencesView),
    *(
        route(f"{USER}/{kind}/<entity_id>/tasks", views.EntityTasksView)
        for kind in ("assets", "shots", "scenes", "sequences")
    ),
    *(
        route(f"{USER}/{kind}/<entity_id>/task-types", views.EntityTaskTypesView)
        for kind in ("assets", "shots", "scenes", "sequences")
    ),
    route(f"{USER}/sequences/<sequence_id>/shots", views.SequenceChildrenView),
    route(f"{USER}/sequences/<sequence_id>/scenes", views.SequenceScenesView),
    route(f"{USER}/notifications", views.NotificationsView),
    route(f"{USER}/notifications/<notification_id>", views.NotificationView),
    route(f"{ACTIONS}/notifications/mark-all-as-read", views.MarkAllNotificationsReadView),
    route(f"{ACTIONS}/tasks/subscribe", views.TasksSubscribeView),
    route(f"{ACTIONS}/tasks/unsubscribe", views.TasksUnsubscribeView),
    route(f"{ACTIONS}/tasks/<task_id>/subscribe", views.TaskSubscribeView),
    route(f"{ACTIONS}/tasks/<task_id>/unsubscribe", views.TaskUnsubscribeView),
    route(f"{USER}/tasks/<task_id>/subscribed", views.TaskSubscribedView),
    route(f"{ACTIONS}/{SEQUENCE_TYPE}/subscribe", views.SequenceSubscribeView),
    route(f"{ACTIONS}/{SEQUENCE_TYPE}/unsubscribe", views.SequenceUnsubscribeView),
    route(f"{USER}/{SEQUENCE_TYPE}/subscribed", views.SequenceSubscribedView),
    route(
        f"{USER}/entities/<sequence_id>/task-types/<task_type_id>/subscribed",
        views.SequenceSubscribedView,
    ),
    route(f"{USER}/filters", views.FiltersView),
    route(f"{USER}/filters/<filter_id>", views.FilterView),
    route(f"{USER}/filter-groups", views.FilterGroupsView),
    route(f"{USER}/filter-groups/<filter_group_id>", views.FilterGroupView),
    route(f"{USER}/day-offs/<date>", views.DayOffView),
    route(f"{USER}/time-spents", views.TimeSpentsView),
    route(f"{USER}/time-spents/<date>", views.DateTimeSpentsView),
    route(f"{USER}/tasks/<task_id>/time-spents/<date>", views.TaskTimeSpentView),
    route(f"{USER}/desktop-login-logs", views.DesktopLoginLogsView),
    route(f"{ACTIONS}/clear-avatar", views.ClearAvatarView),
]

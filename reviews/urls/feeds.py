"""Feed routes: the event log, news, notifications, subscriptions, saved searches, plugins and
search."""

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import feeds as views

router = ZouRouter()
router.register("data/events", views.EventViewSet, basename="api-event")
router.register("data/news", views.NewsViewSet, basename="news")
router.register("data/notifications", views.NotificationViewSet, basename="notification")
router.register("data/subscriptions", views.SubscriptionViewSet, basename="subscription")
router.register("data/plugins", views.PluginViewSet, basename="plugin")
router.register("data/search-filters", views.SearchFilterViewSet, basename="search-filter")
router.register(
    "data/search-filter-groups", views.SearchFilterGroupViewSet, basename="search-filter-group"
)


PROJECT = "data/projects/<project_id>"

urlpatterns = [
    route("data/events/last", views.LastEventsView),
    route("data/events/names", views.EventNamesView),
    route("data/events/login-logs/last", views.LastLoginLogsView),
    route("data/projects/news", views.ProjectsNewsView),
    route(f"{PROJECT}/news", views.ProjectNewsView),
    route(f"{PROJECT}/news/<news_id>", views.ProjectSingleNewsView),
    route(f"{PROJECT}/notifications", views.ProjectNotificationsView),
    route(f"{PROJECT}/subscriptions", views.ProjectSubscriptionsView),
    route(f"{PROJECT}/preview-files", views.ProjectPreviewFilesView),
    route("data/search", views.SearchView),
    *router.urls,
]

"""temporal routes: episodes, sequences, shots, scenes and edits."""

from kitsu_site.api.routers import route
from kitsu_site.api.wire import WireFormat
from production.serializers.temporal import (
    PLAIN_ENTITY_WIRE,
    PROJECT_NAMED_WIRE,
    SEQUENCE_NAMED_WIRE,
)
from production.views import previews_of
from production.views import stats as stats_views
from production.views import temporal as views

ID = r"(?P<entity_id>[^/]+)"
PROJECT = r"data/projects/(?P<project_id>[^/]+)"


def entity_lists(plural: str, kind: str, wire: WireFormat, *, all_route: bool) -> list:
    routes = [
        route(rf"data/{plural}/with-tasks", views.WithTasksView, kind=kind),
        route(rf"data/{plural}", views.EntityListView, kind=kind, wire=wire),
        route(rf"{PROJECT}/{plural}", views.ProjectEntitiesView, kind=kind),
    ]
    if all_route:
        routes.insert(0, route(rf"data/{plural}/all", views.EntityListView, kind=kind, wire=wire))
    return routes


urlpatterns = [
    *entity_lists("episodes", "Episode", PLAIN_ENTITY_WIRE, all_route=False),
    *entity_lists("sequences", "Sequence", PLAIN_ENTITY_WIRE, all_route=False),
    *entity_lists("shots", "Shot", SEQUENCE_NAMED_WIRE, all_route=True),
    *entity_lists("edits", "Edit", PROJECT_NAMED_WIRE, all_route=True),
    route(r"data/scenes/all", views.EntityListView, kind="Scene", wire=SEQUENCE_NAMED_WIRE),
    route(r"data/scenes/with-tasks", views.WithTasksView, kind="Scene"),
    route(rf"{PROJECT}/scenes", views.ProjectEntitiesView, kind="Scene"),
    # Episodes
    route(rf"data/episodes/{ID}", views.EntityDetailView, kind="Episode"),
    route(rf"data/episodes/{ID}/sequences", views.ChildrenView, kind="Episode"),
    route(
        rf"data/episodes/{ID}/shots",
        views.ChildrenView,
        kind="Episode",
        child_kind="Shot",
        depth=2,
    ),
    route(rf"data/episodes/{ID}/edits", views.ChildrenView, kind="Episode", child_kind="Edit"),
    route(rf"data/episodes/{ID}/task-types", views.TaskTypesView, kind="Episode", depth=2),
    route(rf"data/episodes/{ID}/tasks", views.TasksView, kind="Episode", depth=2),
    route(
        rf"data/episodes/{ID}/shot-tasks",
        views.TasksView,
        kind="Episode",
        depth=2,
        child_kind="Shot",
    ),
    route(rf"data/episodes/{ID}/asset-tasks", views.AssetTasksOfEpisodeView),
    route(
        rf"data/episodes/{ID}/edit-tasks",
        views.TasksView,
        kind="Episode",
        depth=1,
        child_kind="Edit",
    ),
    # Sequences
    route(rf"data/sequences/{ID}", views.EntityDetailView, kind="Sequence"),
    route(
        rf"data/sequences/{ID}/shots",
        views.ChildrenView,
        kind="Sequence",
        child_kind="Shot",
        wire=SEQUENCE_NAMED_WIRE,
    ),
    route(rf"data/sequences/{ID}/scenes", views.ChildrenView, kind="Sequence", child_kind="Scene"),
    route(rf"data/sequences/{ID}/task-types", views.TaskTypesView, kind="Sequence", depth=1),
    route(rf"data/sequences/{ID}/tasks", views.TasksView, kind="Sequence", depth=1),
    route(
        rf"data/sequences/{ID}/shot-tasks",
        views.TasksView,
        kind="Sequence",
        depth=1,
        child_kind="Shot",
    ),
    # Shots
    route(rf"data/shots/{ID}", views.ShotDetailView, kind="Shot"),
    route(rf"data/shots/{ID}/task-types", views.TaskTypesView, kind="Shot"),
    route(rf"data/shots/{ID}/tasks", views.TasksView, kind="Shot"),
    route(rf"data/shots/{ID}/versions", views.VersionsView, kind="Shot"),
    route(rf"data/shots/{ID}/asset-types", views.ShotAssetTypesView),
    route(rf"data/shots/{ID}/assets", views.ShotAssetsView),
    route(rf"data/shots/{ID}/preview-files", previews_of.PreviewsByTaskTypeView, kind="Shot"),
    # Scenes
    route(rf"data/scenes/{ID}", views.EntityDetailView, kind="Scene"),
    route(rf"data/scenes/{ID}/task-types", views.TaskTypesView, kind="Scene"),
    route(rf"data/scenes/{ID}/tasks", views.TasksView, kind="Scene"),
    route(rf"data/scenes/{ID}/shots", views.SceneShotsView),
    route(rf"data/scenes/{ID}/shots/(?P<shot_id>[^/]+)", views.SceneShotView),
    # Edits
    route(rf"data/edits/{ID}", views.WithTasksDetailView, kind="Edit"),
    route(rf"data/edits/{ID}/task-types", views.TaskTypesView, kind="Edit"),
    route(rf"data/edits/{ID}/tasks", views.TasksView, kind="Edit"),
    route(rf"data/edits/{ID}/versions", views.VersionsView, kind="Edit"),
    route(rf"data/edits/{ID}/preview-files", previews_of.PreviewsByTaskTypeView, kind="Edit"),
]

# Episode statistics (stats area): before any `episodes/<id>` route that could capture them.
urlpatterns = [
    route(rf"{PROJECT}/episodes/stats", stats_views.EpisodeStatsView),
    route(rf"{PROJECT}/episodes/retake-stats", stats_views.EpisodeRetakeStatsView),
    *urlpatterns,
]

"""playlists routes: `/data/playlists`, project and episode playlists, adding entities, entity
previews, builds and downloads."""

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import playlists as views

router = ZouRouter()
router.register("data/playlists", views.PlaylistViewSet, basename="playlist")

PROJECT = r"data/projects/(?P<project_id>[^/]+)"
PLAYLIST = r"data/playlists/(?P<playlist_id>[^/]+)"
JOB = rf"{PLAYLIST}/jobs/(?P<build_job_id>[^/]+)"

urlpatterns = [
    route(
        r"data/playlists/entities/(?P<entity_id>[^/]+)/preview-files",
        views.EntityPreviewFilesView,
    ),
    route(rf"{PROJECT}/playlists", views.ProjectPlaylistsView),
    route(rf"{PROJECT}/playlists/all", views.ProjectAllPlaylistsView),
    route(rf"{PROJECT}/playlists/temp", views.TempPlaylistView),
    route(rf"{PROJECT}/playlists/(?P<playlist_id>[^/]+)", views.ProjectPlaylistView),
    route(rf"{PROJECT}/episodes/(?P<episode_id>[^/]+)/playlists", views.EpisodePlaylistsView),
    route(rf"{PROJECT}/build-jobs", views.ProjectBuildJobsView),
    route(r"actions/playlists/(?P<playlist_id>[^/]+)/add-entity", views.AddEntityView),
    route(r"actions/playlists/(?P<playlist_id>[^/]+)/add-entities", views.AddEntitiesView),
    route(rf"{PLAYLIST}/notify-clients", views.NotifyClientsView),
    route(rf"{PLAYLIST}/build/mp4", views.BuildMovieView),
    route(rf"{PLAYLIST}/download/zip", views.PlaylistZipView),
    route(JOB, views.BuildJobView),
    route(rf"{JOB}/build/mp4", views.BuildJobDownloadView),
    *router.urls,
]

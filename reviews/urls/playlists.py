"""playlists routes: `/data/playlists`, project playlists, adding entities, entity previews."""

from kitsu_site.api.routers import ZouRouter, route
from reviews.views import playlists as views

router = ZouRouter()
router.register("data/playlists", views.PlaylistViewSet, basename="playlist")


urlpatterns = [
    route(
        r"data/playlists/entities/(?P<entity_id>[^/]+)/preview-files",
        views.EntityPreviewFilesView,
    ),
    route(r"data/projects/(?P<project_id>[^/]+)/playlists", views.ProjectPlaylistsView),
    route(r"actions/playlists/(?P<playlist_id>[^/]+)/add-entity", views.AddEntityView),
    *router.urls,
]

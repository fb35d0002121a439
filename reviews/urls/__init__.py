"""Review routes, one module per area."""

from reviews.urls import (
    comments,
    feeds,
    files,
    playlists,
    preview_actions,
    preview_media,
    previews,
    shares,
    stats,
)

urlpatterns = [
    *comments.urlpatterns,
    *feeds.urlpatterns,
    *preview_media.urlpatterns,
    *preview_actions.urlpatterns,
    *playlists.urlpatterns,
    *shares.urlpatterns,
    *files.urlpatterns,
    *previews.urlpatterns,
    *stats.urlpatterns,
]

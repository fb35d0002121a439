"""Review routes, one module per area."""

from reviews.urls import comments, feeds, playlists, previews, stats

urlpatterns = [
    *comments.urlpatterns,
    *feeds.urlpatterns,
    *playlists.urlpatterns,
    *previews.urlpatterns,
    *stats.urlpatterns,
]

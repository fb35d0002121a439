"""Review routes, one module per area."""

from reviews.urls import comments, feeds, playlists, previews

urlpatterns = [
    *comments.urlpatterns,
    *feeds.urlpatterns,
    *playlists.urlpatterns,
    *previews.urlpatterns,
]

"""Review routes, one module per area."""

from reviews.urls import comments, feeds

urlpatterns = [
    *comments.urlpatterns,
    *feeds.urlpatterns,
]

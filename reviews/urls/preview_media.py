"""Preview media: uploads, processing and the /pictures and /movies serving routes."""

urlpatterns: list = []

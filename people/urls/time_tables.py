"""time_tables routes."""

urlpatterns: list = []

"""breakdown routes."""

urlpatterns: list = []

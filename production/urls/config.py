"""config routes."""

urlpatterns: list = []

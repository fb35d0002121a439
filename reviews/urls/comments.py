"""comments routes."""

urlpatterns: list = []

"""Time spent routes."""

urlpatterns: list = []

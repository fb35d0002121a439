"""user routes."""

urlpatterns: list = []

"""equipment routes."""

urlpatterns: list = []

"""feeds routes."""

urlpatterns: list = []

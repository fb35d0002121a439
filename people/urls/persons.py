"""persons routes."""

urlpatterns: list = []

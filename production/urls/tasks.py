"""tasks routes."""

urlpatterns: list = []

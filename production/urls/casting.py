"""casting routes."""

urlpatterns: list = []

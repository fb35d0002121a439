"""quotas routes."""

urlpatterns: list = []

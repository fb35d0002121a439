"""projects routes."""

urlpatterns: list = []

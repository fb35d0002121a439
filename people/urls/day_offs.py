"""day_offs routes."""

urlpatterns: list = []

"""Instance sync (/import/kitsu) and ShotGrid migration (/import/shotgun)."""

urlpatterns: list = []

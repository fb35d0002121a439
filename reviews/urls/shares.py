"""Playlist share links and guest access under /shared."""

urlpatterns: list = []

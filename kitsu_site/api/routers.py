"""The router for `/data/<model>` resources: reference paths, with or without a trailing slash."""

from rest_framework.routers import SimpleRouter


class ZouRouter(SimpleRouter):
    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"

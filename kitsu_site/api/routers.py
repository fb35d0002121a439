"""The router for `/data/<model>` resources: reference paths, with or without a trailing slash."""

import re

from django.urls import re_path
from rest_framework.routers import SimpleRouter

# `<name>` in a reference path, but not a regex group already written as `(?P<name>...)`.
PATH_PARAMETER = re.compile(r"(?<!\?P)<(\w+)>")


def route(pattern: str, view, **initkwargs):
    """A reference path answered with or without a trailing slash; each `<name>` captures one
    path segment. `initkwargs` set the view's class attributes for this route."""
    regex = PATH_PARAMETER.sub(r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view(**initkwargs))


class ZouRouter(SimpleRouter):
    def __init__(self) -> None:
        super().__init__()
        self.trailing_slash = "/?"

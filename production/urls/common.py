"""The one way production routes are declared."""

import re

from django.urls import re_path


def route(pattern: str, view, **initkwargs):
    """A reference path answered with or without a trailing slash; each `<name>` captures one
    path segment. `initkwargs` set the view's class attributes for this route."""
    regex = re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", pattern)
    return re_path(rf"^{regex}/?$", view.as_view(**initkwargs))

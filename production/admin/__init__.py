"""The production console pages, one module per area."""

from production.admin import breakdown, config, projects  # noqa: F401

"""The production console pages, one module per area."""

from production.admin import breakdown, config, planning, projects, tasks  # noqa: F401

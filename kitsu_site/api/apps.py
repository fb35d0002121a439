from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The shared API machinery: wire format, list semantics, errors and the event log."""

    name = "kitsu_site.api"
    label = "api"

    def ready(self) -> None:
        from kitsu_site.api import lookups  # noqa: F401  (registers the ilike lookup)

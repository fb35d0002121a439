from django.apps import AppConfig


class StreamConfig(AppConfig):
    """The event stream: its `run_stream` command lives here."""

    name = "kitsu_site.stream"
    label = "stream"

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"

    def ready(self) -> None:
        from people import schema  # noqa: F401  (registers the JWT scheme with the schema)

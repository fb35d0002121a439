"""What the import machinery keeps: the rows a ShotGrid (or CSV) import could not take."""

from django.db import models

from kitsu_site.api.models import BaseModel


class ImportSource(models.TextChoices):
    CSV = "csv"
    SHOTGUN = "shotgun"


class DataImportError(BaseModel):
    """An event a migration script could not replay, kept for the operator to look at."""

    event_data = models.JSONField()
    source = models.CharField(max_length=20, choices=ImportSource.choices)

    class Meta:
        db_table = "data_import_error"

    def __str__(self) -> str:
        return f"{self.source} import error {self.id}"

"""Time: minutes logged on tasks, days off."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from kitsu_site.api.models import BaseModel
from people.models.accounts import Person


class TimeSpent(BaseModel):
    """Minutes a person logged on a task for one day."""

    duration = models.FloatField()
    date = models.DateField()
    task = models.ForeignKey(
        "production.Task", on_delete=models.CASCADE, related_name="time_spents"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_spents")

    class Meta:
        db_table = "time_spent"
        constraints = [
            models.UniqueConstraint(fields=["person", "task", "date"], name="time_spent_uc"),
            models.CheckConstraint(condition=Q(duration__gt=0), name="time_spent_positive"),
        ]
        indexes = [models.Index(fields=["date", "person"], name="time_spent_date_person")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.date} {self.duration}"


class DayOff(BaseModel):
    """Days a person is away (holidays, sick days), from `date` to `end_date` included."""

    date = models.DateField()
    end_date = models.DateField()
    description = models.TextField(null=True, blank=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="day_offs")

    class Meta:
        db_table = "day_off"
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="day_off_uc"),
            models.CheckConstraint(condition=Q(date__lte=F("end_date")), name="day_off_range"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} off {self.date}..{self.end_date}"

"""What a studio pays per department, position and seniority."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models.accounts import Department, Position, Seniority


class SalaryScale(BaseModel):
    """The daily salary of a position and seniority in a department (budgets start from it)."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="salary_scales"
    )
    position = models.CharField(
        max_length=20, choices=Position.choices, default=Position.ARTIST, null=True, blank=True
    )
    seniority = models.CharField(
        max_length=20, choices=Seniority.choices, default=Seniority.MID, null=True, blank=True
    )
    salary = models.IntegerField(default=0)

    class Meta:
        db_table = "salary_scale"
        # Listing fills in the missing rows; the constraint keeps two listings from doubling them.
        constraints = [
            models.UniqueConstraint(
                fields=["department", "position", "seniority"],
                name="salary_scale_unique_department_position_seniority",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.position} {self.seniority}"

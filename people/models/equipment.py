"""What the studio's people work with: software licences and hardware, per department."""

from __future__ import annotations

from django.db import models

from kitsu_site.api.models import BaseModel
from people.models.accounts import Department


class Software(BaseModel):
    """A program the studio uses (Blender, Maya...), with its file extensions and cost."""

    name = models.CharField(max_length=40, unique=True)
    short_name = models.CharField(max_length=20)
    archived = models.BooleanField(default=False)
    version = models.CharField(max_length=20, null=True, blank=True)
    file_extension = models.CharField(max_length=20)
    secondary_extensions = models.JSONField(default=list, blank=True, null=True)
    monthly_cost = models.IntegerField(default=0, null=True, blank=True)
    inventory_amount = models.IntegerField(default=0, null=True, blank=True)
    departments = models.ManyToManyField(
        Department, through="SoftwareDepartmentLink", related_name="software", blank=True
    )

    class Meta:
        db_table = "software"
        verbose_name_plural = "software"

    def __str__(self) -> str:
        return self.name


class HardwareItem(BaseModel):
    """A kind of equipment (workstation, tablet...), with its cost and how many the studio has."""

    name = models.CharField(max_length=40, unique=True)
    short_name = models.CharField(max_length=20)
    archived = models.BooleanField(default=False)
    monthly_cost = models.IntegerField(default=0, null=True, blank=True)
    inventory_amount = models.IntegerField(default=0, null=True, blank=True)
    departments = models.ManyToManyField(
        Department, through="HardwareItemDepartmentLink", related_name="hardware_items", blank=True
    )

    class Meta:
        db_table = "hardware_item"

    def __str__(self) -> str:
        return self.name


class SoftwareDepartmentLink(BaseModel):
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="software_links"
    )
    software = models.ForeignKey(
        Software, on_delete=models.CASCADE, related_name="department_links"
    )

    class Meta:
        db_table = "software_department_link"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "software"], name="software_department_link_uc"
            )
        ]

    def __str__(self) -> str:
        return f"{self.software} for {self.department}"


class HardwareItemDepartmentLink(BaseModel):
    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="hardware_item_links"
    )
    hardware_item = models.ForeignKey(
        HardwareItem, on_delete=models.CASCADE, related_name="department_links"
    )

    class Meta:
        db_table = "hardware_item_department_link"
        constraints = [
            models.UniqueConstraint(
                fields=["department", "hardware_item"], name="hardware_item_department_link_uc"
            )
        ]

    def __str__(self) -> str:
        return f"{self.hardware_item} for {self.department}"
